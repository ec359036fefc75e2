// Reading lists, kept in this browser (localStorage): "Add to reading list" on a
// document's page, "Reading list (3)" in the menu, and on /list?ids=… the list itself,
// whose address is what a reader bookmarks or shares. Without JavaScript a list's
// address still shows it, downloads it and makes its course pack.
(function () {
  var KEY = "readingroom.reading-list";
  var MOST = 500; // as the server reads at most (archive/reading_lists.py)
  var ID = /^\d{1,18}$/;

  function read() {
    try {
      var ids = JSON.parse(localStorage.getItem(KEY) || "[]");
      if (!Array.isArray(ids)) return [];
      return ids.map(String).filter(function (id) { return ID.test(id); }).slice(0, MOST);
    } catch (error) {
      return []; // storage refused (private mode) or spoilt: an empty list
    }
  }

  function write(ids) {
    try {
      localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MOST)));
    } catch (error) { /* storage refused: the page's own list still works */ }
    update();
  }

  function address(ids) {
    return "/list" + (ids.length ? "?ids=" + ids.join(",") : "");
  }

  function update() {
    var ids = read();
    document.querySelectorAll("[data-reading-list-link]").forEach(function (link) {
      link.href = address(ids);
      link.textContent = "Reading list" + (ids.length ? " (" + ids.length + ")" : "");
    });
    document.querySelectorAll("[data-reading-list-toggle]").forEach(function (holder) {
      var button = holder.querySelector("button");
      if (!button) return;
      var listed = ids.indexOf(holder.getAttribute("data-reading-list-toggle")) !== -1;
      button.textContent = listed ? "Remove from reading list" : "Add to reading list";
      button.setAttribute("aria-pressed", listed ? "true" : "false");
    });
  }

  // A document's page: one button that adds it to the list or takes it off.
  document.querySelectorAll("[data-reading-list-toggle]").forEach(function (holder) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "reading-list-button";
    button.addEventListener("click", function () {
      var id = holder.getAttribute("data-reading-list-toggle");
      var ids = read();
      var at = ids.indexOf(id);
      if (at === -1) ids.push(id); else ids.splice(at, 1);
      write(ids);
    });
    holder.appendChild(button);
    holder.hidden = false;
  });

  // The list's page: this browser's list can be changed here; a list someone shared
  // can be made this browser's.
  var page = document.querySelector("[data-reading-list]");
  if (page) {
    var shown = page.getAttribute("data-reading-list").split(",").filter(Boolean);
    var mine = read();
    if (!shown.length && mine.length && !location.search) {
      location.replace(address(mine)); // "/list" from a bookmark: show this browser's list
      return;
    }
    var actions = page.querySelector("[data-reading-list-actions]");
    if (shown.join(",") === mine.join(",")) {
      page.querySelectorAll("li[data-record-id]").forEach(function (item) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "reading-list-remove";
        remove.textContent = "Remove from reading list";
        remove.addEventListener("click", function () {
          var ids = read().filter(function (id) { return id !== item.getAttribute("data-record-id"); });
          write(ids);
          location.replace(address(ids)); // the page and its downloads follow the list
        });
        item.appendChild(remove);
      });
    } else if (actions && shown.length) {
      var keep = document.createElement("button");
      keep.type = "button";
      keep.textContent = "Make this my reading list";
      keep.addEventListener("click", function () {
        write(shown);
        actions.hidden = true;
      });
      actions.appendChild(document.createTextNode(
        mine.length ? "This is not the list kept in this browser (" + mine.length + " documents). " : ""));
      actions.appendChild(keep);
      actions.hidden = false;
    }
  }

  update();
  window.addEventListener("storage", update); // changed in another tab
})();
