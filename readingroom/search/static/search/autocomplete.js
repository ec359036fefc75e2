// Suggests people, places and topics as a reader types in the search box.
// Progressive enhancement: without it the page is a plain form and works the same.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(function () {
      fetch(input.dataset.autocomplete + "?q=" + encodeURIComponent(text))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          list.replaceChildren.apply(list, data.suggestions.map(function (item) {
            var option = document.createElement("option");
            option.value = item.label;
            option.label = item.kind;
            return option;
          }));
        })
        .catch(function () {});
    }, 150);
  });
})();
