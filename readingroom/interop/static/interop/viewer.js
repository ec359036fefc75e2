/*
 * Deep-zoom viewers for a document's scans (interop/_viewer.html).
 *
 * Each [data-iiif-viewer] element names a JSON script holding the info.json URLs of the
 * pages (IIIF Image API 3). When OpenSeadragon is there, the viewer is shown and the
 * plain list of page images beside it hidden; without JavaScript, or if the library or
 * the first page fails to load, the list stays: every scan remains reachable.
 */
(function () {
  "use strict";

  function fallbackFor(element) {
    return element.parentElement.querySelector("[data-iiif-fallback]");
  }

  function start(element) {
    var sources = JSON.parse(document.getElementById(element.dataset.tileSources).textContent);
    var fallback = fallbackFor(element);
    var several = sources.length > 1;
    element.hidden = false;
    var viewer = window.OpenSeadragon({
      element: element,
      prefixUrl: element.dataset.prefixUrl,
      tileSources: sources,
      sequenceMode: several,
      showReferenceStrip: several,
      showNavigator: true,
      crossOriginPolicy: "Anonymous",
      // Keep the page scrollable with the wheel; zoom with the buttons, keys or pinch.
      gestureSettingsMouse: { scrollToZoom: false, clickToZoom: true },
    });
    viewer.addHandler("open", function () {
      if (fallback) fallback.hidden = true;
    });
    viewer.addHandler("open-failed", function () {
      element.hidden = true;
      if (fallback) fallback.hidden = false;
    });
  }

  // OpenSeadragon injects a <style> element (one focus rule, now in viewer.css) unless
  // one marked like this is there. The Content Security Policy allows no inline style
  // but an empty one (its hash is in settings.py), so an empty one is put there first.
  function markMobileCss() {
    if (document.querySelector("style[data-openseadragon-mobile-css]")) return;
    var marker = document.createElement("style");
    marker.setAttribute("data-openseadragon-mobile-css", "true");
    document.head.appendChild(marker);
  }

  function startAll() {
    if (typeof window.OpenSeadragon !== "function") return;
    markMobileCss();
    document.querySelectorAll("[data-iiif-viewer]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
