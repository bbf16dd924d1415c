/* Station finder enhancements: the browser's location and a Leaflet map. The page works without
   this file: the list and the nearest search are rendered on the server. */
(function () {
  "use strict";
  var form = document.getElementById("finder-form");
  var locate = document.getElementById("locate");
  var status = document.getElementById("locate-status");
  var lat = document.getElementById("id_lat");
  var lng = document.getElementById("id_lng");

  if (form && locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = locate.getAttribute("data-wait") || "…";
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lng.value = position.coords.longitude.toFixed(6);
        var region = document.getElementById("id_region");
        if (region) { region.value = ""; }
        form.submit();
      }, function (error) {
        locate.disabled = false;
        status.textContent = error.message || "";
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }

  var toggle = document.getElementById("map-toggle");
  var mapBox = document.getElementById("station-map");
  var items = document.querySelectorAll(".station-item");
  if (!toggle || !mapBox || !items.length) { return; }
  toggle.hidden = false;
  var map = null;

  function loadLeaflet(done) {
    if (window.L) { done(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = mapBox.getAttribute("data-leaflet-css");
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = mapBox.getAttribute("data-leaflet-js");
    script.onload = done;
    document.head.appendChild(script);
  }

  function draw() {
    var L = window.L;
    L.Icon.Default.imagePath = mapBox.getAttribute("data-leaflet-css").replace(/leaflet\.css$/, "images/");
    map = L.map(mapBox, { scrollWheelZoom: false });
    L.tileLayer(mapBox.getAttribute("data-tile-url"), { subdomains: "1234", maxZoom: 18 }).addTo(map);
    var bounds = [];
    items.forEach(function (item, index) {
      var point = [parseFloat(item.getAttribute("data-lat")), parseFloat(item.getAttribute("data-lng"))];
      var link = document.createElement("a");
      link.href = item.getAttribute("data-url");
      link.textContent = item.getAttribute("data-name");
      L.marker(point, { title: item.getAttribute("data-name") }).addTo(map).bindPopup(link);
      if (index < 5) { bounds.push(point); }  // frame the nearest few; the rest are a pan away
    });
    var originLat = mapBox.getAttribute("data-origin-lat");
    if (originLat) {
      var origin = [parseFloat(originLat), parseFloat(mapBox.getAttribute("data-origin-lng"))];
      L.circleMarker(origin, { radius: 8, color: "#0b57d0" }).addTo(map).bindTooltip(mapBox.getAttribute("data-here"));
      bounds.push(origin);
    }
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }

  toggle.addEventListener("click", function () {
    var show = mapBox.hidden;
    mapBox.hidden = !show;
    toggle.setAttribute("aria-expanded", show ? "true" : "false");
    if (show && !map) { loadLeaflet(draw); } else if (show) { map.invalidateSize(); }
  });
})();
