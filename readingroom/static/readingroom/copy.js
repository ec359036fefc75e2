// A "Copy citation" button: an extra for readers with JavaScript; the citation is plain text without it.
(function () {
  var citation = document.getElementById("citation-text");
  if (!citation || !navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy-button";
  button.textContent = "Copy citation";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(citation.textContent.trim()).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy citation"; }, 2000);
    });
  });
  citation.insertAdjacentElement("afterend", button);
})();
