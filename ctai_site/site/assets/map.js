/* The map of places (ctai-site): one marker per place, and filters that act on the map and on the
 * list of places below it. The page works without this script: the list by commune is always there.
 * Markers show on a plain background; the background map comes from a tile server (another host,
 * named in the note above the button), asked only once the reader presses « Afficher le fond de
 * carte » (#ctai-map-tiles), then for the rest of the visit (sessionStorage). Without tiles
 * (offline), the markers stay on the plain background.
 * Data comes from <script type="application/json" id="ctai-map-data"> (written by maps.py).
 * Plain ES5 on purpose: it runs on old phones without a build step. */
(function () {
  "use strict";

  function byId(id) {
    return document.getElementById(id);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  var TILES_KEY = "ctai-map-tiles"; // sessionStorage: the reader asked for the background map

  function tilesWanted() {
    try {
      return window.sessionStorage.getItem(TILES_KEY) === "yes";
    } catch (error) {
      return false; // storage blocked: ask again on each page
    }
  }

  function rememberTiles() {
    try {
      window.sessionStorage.setItem(TILES_KEY, "yes");
    } catch (error) {
      /* storage blocked: the map still shows its background on this page */
    }
  }

  function contains(list, value) {
    return !value || (list || []).indexOf(value) !== -1;
  }

  function popupContent(place, data) {
    var box = element("div", "ctai-popup");
    box.dir = data.dir;
    box.lang = data.lang;
    var title = element("p", "ctai-popup__title");
    var strong = element("strong", "", place.title);
    if (place.titleLang && place.titleLang !== data.lang) {
      strong.lang = place.titleLang;
      strong.dir = "auto";
    }
    title.appendChild(strong);
    box.appendChild(title);
    var where = element("p", "ctai-popup__where");
    var name = element("bdi", "", place.name);
    where.appendChild(name);
    if (place.address && place.address !== place.name) {
      where.appendChild(document.createElement("br"));
      where.appendChild(element("bdi", "", place.address));
    }
    box.appendChild(where);
    if (place.approximate) {
      box.appendChild(element("p", "ctai-popup__approx", data.strings.approximate));
    }
    var link = element("a", "ctai-popup__link", data.strings.see);
    link.href = place.url;
    var more = element("p");
    more.appendChild(link);
    box.appendChild(more);
    return box;
  }

  /* Places that share a position (e.g. several actions in one building, or a town centre used as
   * an approximate position) fan out around it, so that each marker can be seen and clicked. */
  function fanOut(index, count) {
    if (count < 2) return [0, 0];
    var radius = 14 + 4 * count;
    var angle = (2 * Math.PI * index) / count - Math.PI / 2;
    return [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))];
  }

  function markerIcon(place, data, offset) {
    var classes = "ctai-marker ctai-marker--" + place.theme;
    if (place.approximate) classes += " ctai-marker--approx";
    return L.divIcon({
      className: classes,
      html: data.icons[place.theme] || "",
      iconSize: [32, 32],
      iconAnchor: [16 - offset[0], 16 - offset[1]],
      popupAnchor: [offset[0], offset[1] - 16],
    });
  }

  function init() {
    var container = byId("ctai-map");
    var source = byId("ctai-map-data");
    if (!container || !source || container.getAttribute("data-ready")) return;
    if (typeof window.L === "undefined") return; // Leaflet did not load: the list stays
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    container.setAttribute("data-ready", "true");
    container.hidden = false;
    var filters = byId("ctai-map-filters");
    if (filters) filters.hidden = false;

    var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(container, {
      scrollWheelZoom: false, // scrolling the page must not get caught by the map
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
    });
    var offline = byId("ctai-map-offline");
    var consent = byId("ctai-map-consent");
    var tilesButton = byId("ctai-map-tiles");
    function showTiles() {
      if (consent) consent.hidden = true;
      L.tileLayer(data.tiles.url, { maxZoom: data.tiles.maxZoom, attribution: data.tiles.attribution })
        .on("tileerror", function () {
          if (offline) offline.hidden = false;
          container.classList.add("ctai-map--offline");
        })
        .addTo(map);
    }
    map.setMaxZoom(data.tiles.maxZoom);

    var groups = {};
    var order = [];
    data.places.forEach(function (place) {
      var key = place.lat + "," + place.lng;
      if (!groups[key]) {
        groups[key] = [];
        order.push(key);
      }
      groups[key].push(place);
    });

    // The view first: a circle can only be added to a map that has one.
    var bounds = L.latLngBounds([]);
    data.places.forEach(function (place) {
      var point = L.latLng(place.lat, place.lng);
      bounds.extend(place.approximate ? point.toBounds(2 * data.approximateRadius) : point);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.setView([46.6, 2.4], 5); // France
    }

    var entries = []; // {place, marker}
    var areas = [];
    var layers = L.featureGroup().addTo(map);
    order.forEach(function (key) {
      var group = groups[key];
      var first = group[0];
      var area = null;
      if (group.some(function (p) { return p.approximate; })) {
        area = L.circle([first.lat, first.lng], {
          radius: data.approximateRadius,
          className: "ctai-approx-area",
          interactive: false,
        });
        area.places = [];
        areas.push(area);
        layers.addLayer(area);
      }
      group.forEach(function (place, index) {
        var label = place.title + (place.approximate ? " (" + data.strings.approximate + ")" : "");
        var marker = L.marker([place.lat, place.lng], {
          icon: markerIcon(place, data, fanOut(index, group.length)),
          title: label,
          alt: label,
          riseOnHover: true,
        });
        marker.bindPopup(popupContent(place, data));
        marker.on("add", function () {
          var node = marker.getElement();
          if (!node) return;
          node.setAttribute("data-place", place.id);
          node.setAttribute("aria-label", label);
        });
        layers.addLayer(marker);
        if (area && place.approximate) area.places.push(place.id);
        entries.push({ place: place, marker: marker });
      });
    });

    var themeSelect = byId("ctai-filter-theme");
    var publicSelect = byId("ctai-filter-public");
    var count = byId("ctai-map-count");
    var none = byId("ctai-map-none");
    var items = Array.prototype.slice.call(document.querySelectorAll("#ctai-places-list .ctai-map-place"));

    function apply() {
      var theme = themeSelect ? themeSelect.value : "";
      var audience = publicSelect ? publicSelect.value : "";
      var visible = {};
      entries.forEach(function (entry) {
        var shown = contains(entry.place.themes, theme) && contains(entry.place.publics, audience);
        visible[entry.place.id] = shown;
        if (shown && !layers.hasLayer(entry.marker)) layers.addLayer(entry.marker);
        if (!shown && layers.hasLayer(entry.marker)) layers.removeLayer(entry.marker);
      });
      areas.forEach(function (area) {
        var shown = area.places.some(function (id) { return visible[id]; });
        if (shown && !layers.hasLayer(area)) layers.addLayer(area);
        if (!shown && layers.hasLayer(area)) layers.removeLayer(area);
      });
      var shownItems = 0;
      items.forEach(function (item) {
        var themes = (item.getAttribute("data-themes") || "").split(" ");
        var publics = (item.getAttribute("data-publics") || "").split(" ");
        var shown = contains(themes, theme) && contains(publics, audience);
        item.hidden = !shown;
        if (shown) shownItems += 1;
      });
      Array.prototype.forEach.call(
        document.querySelectorAll("#ctai-places-list .ctai-map-commune-places"),
        function (list) {
          var empty = !list.querySelector(".ctai-map-place:not([hidden])");
          list.hidden = empty;
          var heading = list.previousElementSibling;
          if (heading && heading.classList.contains("ctai-map-commune")) heading.hidden = empty;
        }
      );
      if (count) count.textContent = data.strings.count.replace("{n}", String(shownItems));
      if (none) none.hidden = shownItems !== 0;
    }
    if (themeSelect) themeSelect.addEventListener("change", apply);
    if (publicSelect) publicSelect.addEventListener("change", apply);

    if (tilesWanted()) {
      showTiles();
    } else if (consent && tilesButton) {
      consent.hidden = false;
      tilesButton.addEventListener("click", function () {
        rememberTiles();
        showTiles();
        container.focus();
      });
    }

    // A link such as map/#place-<id> (from an action page) opens that place's popup.
    var wanted = window.location.hash.replace(/^#place-/, "");
    entries.forEach(function (entry) {
      if (wanted && entry.place.id === wanted) {
        map.setView(entry.marker.getLatLng(), Math.max(map.getZoom(), 14));
        entry.marker.openPopup();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  // Material for MkDocs' instant navigation swaps pages without reloading scripts.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
