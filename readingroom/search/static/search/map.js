// The map of the places in the results: a circle for each, sized by its documents,
// on a basemap of Natural Earth's countries served by this site (no tile server).
// Choosing a circle filters the search by its place, as its entry in the Place list does.
(function () {
  var area = document.querySelector("[data-results-map]");
  if (!area || !window.L || !window.topojson) return;
  var data = document.getElementById(area.getAttribute("data-results-map"));
  var places = data ? JSON.parse(data.textContent) : [];
  if (!places.length) return;
  area.hidden = false;
  var note = area.parentNode.querySelector("[data-shown-with-script]");
  if (note) note.hidden = false;

  var map = L.map(area, { attributionControl: true, worldCopyJump: true, minZoom: 1, maxZoom: 8 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  var most = Math.max.apply(null, places.map(function (p) { return p.count; }));
  var markers = places.map(function (place) {
    var marker = L.circleMarker([place.lat, place.lon], {
      radius: 4 + 10 * Math.sqrt(place.count / most),
      color: place.selected ? "#8a1c1c" : "#23395b",
      weight: place.selected ? 3 : 1,
      fillColor: place.selected ? "#c0392b" : "#3d6a9e",
      fillOpacity: 0.7,
      className: "map-place"
    });
    var label = place.name + ": " + place.count + " document" + (place.count === 1 ? "" : "s");
    marker.bindTooltip(label);
    marker.on("click", function () { window.location.assign(place.url); });
    marker.on("add", function () {
      var path = marker.getElement();
      if (!path) return;
      path.setAttribute("role", "link");
      path.setAttribute("tabindex", "0");
      path.setAttribute("aria-label", label);
      path.setAttribute("data-place", place.name);
      path.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          window.location.assign(place.url);
        }
      });
    });
    return marker;
  });
  var group = L.featureGroup(markers).addTo(map);
  map.fitBounds(group.getBounds().pad(0.3), { maxZoom: 5 });

  fetch(area.getAttribute("data-basemap"))
    .then(function (response) { return response.json(); })
    .then(function (world) {
      var land = topojson.feature(world, world.objects.countries);
      L.geoJSON(land, {
        interactive: false,
        style: { color: "#9aa8b8", weight: 0.6, fillColor: "#fbfaf5", fillOpacity: 1 }
      }).addTo(map);
      group.bringToFront();
    });
})();
