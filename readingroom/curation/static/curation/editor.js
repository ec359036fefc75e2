// The back office's progressive enhancements; every form works without them.
(function () {
  "use strict";

  // Suggestions for names: fill the input's <datalist> from /editor/autocomplete/<kind>.
  let timer = null;
  document.addEventListener("input", function (event) {
    const input = event.target;
    const kind = input.dataset && input.dataset.autocomplete;
    if (!kind || input.value.trim().length < 2) return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch("/editor/autocomplete/" + kind + "?q=" + encodeURIComponent(input.value.trim()), {
        credentials: "same-origin",
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          const list = document.getElementById(input.getAttribute("list"));
          if (!list) return;
          list.replaceChildren.apply(list, data.results.map(function (item) {
            const option = document.createElement("option");
            option.value = item.name;
            return option;
          }));
        });
    }, 150);
  });

  // "Add a row" for formsets: copy the last row with the next index, emptied.
  document.querySelectorAll("fieldset.formset").forEach(function (fieldset) {
    const prefix = fieldset.dataset.prefix;
    const total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    const button = fieldset.querySelector(".add-row");
    const body = fieldset.querySelector("tbody");
    if (!total || !button || !body || !body.lastElementChild) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const row = body.lastElementChild.cloneNode(true);
      const pattern = new RegExp(prefix.replace(/[-]/g, "\\-") + "-\\d+-", "g");
      row.querySelectorAll("input, select, textarea, label").forEach(function (element) {
        ["name", "id", "for"].forEach(function (attribute) {
          const value = element.getAttribute(attribute);
          if (value) element.setAttribute(attribute, value.replace(pattern, prefix + "-" + index + "-"));
        });
        if (element.tagName === "LABEL") {
          // "Person 3: role" becomes "Person 4: role" (the row's number, from 1).
          element.textContent = element.textContent.replace(/\d+(?=:)/, String(index + 1));
        } else if (element.type === "checkbox") element.checked = false;
        else if (element.tagName === "SELECT") element.selectedIndex = 0;
        else element.value = "";
      });
      row.querySelectorAll(".field-errors").forEach(function (errors) { errors.remove(); });
      body.appendChild(row);
      total.value = index + 1;
    });
  });

  // Drag and drop scans onto a rendition's drop zone.
  document.querySelectorAll(".dropzone").forEach(function (zone) {
    const input = zone.querySelector("input[type=file]");
    if (!input) return;
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      input.files = event.dataTransfer.files;
      const kind = zone.closest(".rendition-form").querySelector("select[name$='-kind']");
      if (kind && !kind.value) kind.value = "scan";
    });
  });
})();
