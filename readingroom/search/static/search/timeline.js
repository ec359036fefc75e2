// The year (or month) histogram as a timeline: drag across it to search a range of
// years. Each bar stays a link to its own year, for a click, the keyboard and readers
// without JavaScript; the range is a URL like any search (from=…&to=…), so the back
// button returns to the search before it.
(function () {
  document.querySelectorAll("ol[data-range-url]").forEach(function (histogram) {
    var start = null, end = null, dragged = false;
    var bars = Array.prototype.slice.call(histogram.querySelectorAll("li[data-period]"));
    if (bars.length < 2) return;
    histogram.classList.add("range-ready");
    // A bar is a link, which a browser would otherwise start dragging (and cancel ours).
    histogram.querySelectorAll("a").forEach(function (link) { link.draggable = false; });
    histogram.addEventListener("dragstart", function (event) { event.preventDefault(); });
    var note = histogram.parentNode.querySelector("[data-shown-with-script]");
    if (note) note.hidden = false;

    function barAt(event) {
      var element = document.elementFromPoint(event.clientX, event.clientY);
      var bar = element && element.closest ? element.closest("li[data-period]") : null;
      return bar && histogram.contains(bar) ? bar : null;
    }
    function mark() {
      var a = bars.indexOf(start), b = bars.indexOf(end);
      var low = Math.min(a, b), high = Math.max(a, b);
      bars.forEach(function (bar, i) { bar.classList.toggle("in-range", i >= low && i <= high); });
    }
    histogram.addEventListener("pointerdown", function (event) {
      var bar = barAt(event);
      if (!bar || event.button !== 0) return;
      start = end = bar;
      dragged = false;
      histogram.setAttribute("data-dragging", "");
    });
    document.addEventListener("pointermove", function (event) {
      if (!start) return;
      var bar = barAt(event);
      if (bar && bar !== end) {
        end = bar;
        dragged = end !== start;
        mark();
      }
    });
    function finish(event) {
      if (!start) return;
      histogram.removeAttribute("data-dragging");
      var first = start, last = end;
      start = end = null;
      if (!dragged || event.type === "pointercancel") {
        bars.forEach(function (bar) { bar.classList.remove("in-range"); });
        return;
      }
      var a = first.getAttribute("data-period"), b = last.getAttribute("data-period");
      var from = a < b ? a : b, to = a < b ? b : a;
      var url = histogram.getAttribute("data-range-url");
      url += (url.slice(-1) === "?" ? "" : "&") + "from=" + encodeURIComponent(from) +
        "&to=" + encodeURIComponent(to);
      window.location.assign(url.replace("?&", "?"));
    }
    // On the document, not the histogram: a drag may end beside it. (No pointer capture:
    // it would send a plain click to the histogram instead of the bar's link.)
    document.addEventListener("pointerup", finish);
    document.addEventListener("pointercancel", finish);
    // A drag that ends on a bar must not also follow that bar's link.
    histogram.addEventListener("click", function (event) {
      if (dragged) {
        event.preventDefault();
        dragged = false;
      }
    }, true);
  });
})();
