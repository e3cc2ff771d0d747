/*
 * assetmap: the map below a page's lists (assetmap/render/templates/_map.html.j2).
 *
 * Nothing of the map loads until the reader presses "Show map", or chose, on this device
 * only, to always see it: then this script fetches the map library (Leaflet, which the build
 * copies from node_modules/ into vendor/leaflet/), the markers in the page's language
 * (assets/map.json) and the tiles. The page's lists say everything the map says.
 *
 * Text from the inventory only ever goes in as text (textContent); the icons are the
 * Material Design icons the build inlines from mkdocs-material.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "assetmap-map";
  var SIZE = 28; // a marker's width and height, in CSS pixels (24 at least: WCAG 2.5.8)
  var GAP = 31; // markers closer than this are spread apart, so that each can be seen and hit
  var siteRoot = new URL("../", document.currentScript.src); // javascripts/map.js -> site root
  var library = null; // Leaflet, once per page
  var markerFiles = {}; // URL -> the markers, once per page

  function storage() {
    try {
      var store = window.localStorage;
      store.getItem(STORAGE_KEY);
      return store;
    } catch (error) { // storage blocked: the choice is not remembered
      return null;
    }
  }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
      element.onload = resolve;
      element.onerror = function () {
        reject(new Error("could not load " + (attributes.src || attributes.href)));
      };
      document.head.appendChild(element);
    });
  }

  function stylesheet(path) {
    return load("link", {rel: "stylesheet", href: new URL(path, siteRoot).href});
  }

  function loadLibrary() {
    if (!library) {
      library = Promise.all([
        stylesheet("vendor/leaflet/leaflet.css"), // map.css overrides it by specificity
        load("script", {src: new URL("vendor/leaflet/leaflet.js", siteRoot).href})
      ]).then(function () { return window.L; });
      library.catch(function () { library = null; }); // try again on the next press
    }
    return library;
  }

  function loadMarkers(url) {
    if (!markerFiles[url]) {
      markerFiles[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
      markerFiles[url].catch(function () { delete markerFiles[url]; });
    }
    return markerFiles[url];
  }

  // --- pieces of the map ----------------------------------------------------------------

  /* A page's filter: "" for every entry, else one or more "kind:id" separated by spaces
     ("category:food neighbourhood:north-end"), all of which an entry matches. */
  function matches(filter, asset) {
    return filter.split(" ").every(function (term) {
      if (!term) { return true; }
      var split = term.indexOf(":");
      var kind = term.slice(0, split);
      var id = term.slice(split + 1);
      var ids = kind === "category" ? asset.categories
        : kind === "neighbourhood" ? asset.neighbourhoods : [];
      return ids.indexOf(id) !== -1;
    });
  }

  /* Text from the JSON ({text, lang?, dir?}) as an element, marked with its language when it
     is not the page's. */
  function textElement(tag, text) {
    var element = document.createElement(tag);
    element.textContent = text.text;
    if (text.lang) { element.lang = text.lang; }
    if (text.dir) { element.dir = text.dir; }
    return element;
  }

  function icon(markup) {
    var template = document.createElement("template");
    template.innerHTML = markup; // the build's own SVG (assetmap/render/icons.py), never inventory text
    return template.content.firstElementChild || document.createTextNode("");
  }

  /* "{name} ({category})", translated, with the two parts filled in as elements. */
  function fill(pattern, parts) {
    var span = document.createElement("span");
    pattern.split(/(\{name\}|\{category\})/).forEach(function (piece) {
      var part = parts[piece.slice(1, -1)];
      span.appendChild(piece.charAt(0) === "{" && part ? part : document.createTextNode(piece));
    });
    return span;
  }

  function popup(asset, category, labels, root, marker) {
    var box = document.createElement("div");
    box.className = "am-map__popup";
    box.dir = document.documentElement.dir || "ltr";
    var name = document.createElement("p");
    name.className = "am-map__popup-name";
    var link = textElement("a", asset.name);
    link.setAttribute("href", root + asset.url);
    name.appendChild(link);
    var kind = document.createElement("p");
    kind.className = "am-map__popup-category";
    kind.appendChild(icon(category.icon));
    kind.appendChild(textElement("span", category.label));
    var close = document.createElement("button");
    close.type = "button";
    close.className = "am-map__close";
    close.setAttribute("aria-label", labels.close);
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { marker.closePopup(); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.stopPropagation();
        marker.closePopup();
      }
    });
    box.appendChild(name);
    box.appendChild(close);
    box.appendChild(kind);
    return box;
  }

  function addMarker(L, map, asset, data, root) {
    var category = data.categories[asset.category];
    var pin = document.createElement("span");
    pin.className = "am-map__pin";
    pin.appendChild(icon(category.icon));
    var label = fill(data.labels.marker, {
      name: textElement("span", asset.name),
      category: textElement("span", category.label)
    });
    label.className = "am-visually-hidden"; // the marker's name (assetmap.css)
    pin.appendChild(label);
    var marker = L.marker([asset.lat, asset.lon], {
      icon: L.divIcon({html: pin, className: "am-map__marker", iconSize: [SIZE, SIZE],
                       iconAnchor: [SIZE / 2, SIZE / 2], popupAnchor: [0, -SIZE / 2]}),
      title: asset.name.text,
      keyboard: true,
      riseOnHover: true
    });
    marker.bindPopup(function () { return popup(asset, category, data.labels, root, marker); },
                     {closeButton: false, autoPanPadding: [24, 24], maxWidth: 280});
    marker.addTo(map);
    var element = marker.getElement();
    element.setAttribute("data-asset", asset.id);
    element.addEventListener("keydown", function (event) {
      if (event.key === " ") { // a button opens with Space as well as Enter (Leaflet's)
        event.preventDefault();
        marker.openPopup();
      } else if (event.key === "Escape" && marker.isPopupOpen()) {
        marker.closePopup();
      }
    });
    marker.on("popupopen", function (event) {
      var link = event.popup.getElement().querySelector("a");
      if (link) { link.focus({preventScroll: true}); }
    });
    marker.on("popupclose", function (event) {
      var focused = document.activeElement;
      var box = event.popup.getElement();
      if (!focused || focused === document.body || (box && box.contains(focused))) {
        element.focus({preventScroll: true});
      }
    });
    return marker;
  }

  /* Markers at the same place, or too close at this zoom to be told apart, are moved apart
     on a small spiral around their place, so that each can be seen, hovered and tapped. */
  function spread(map, markers) {
    var taken = {};
    function cell(x, y) { return Math.floor(x / GAP) + "," + Math.floor(y / GAP); }
    function free(point) {
      for (var i = -1; i <= 1; i++) {
        for (var j = -1; j <= 1; j++) {
          var near = taken[cell(point.x + i * GAP, point.y + j * GAP)] || [];
          for (var k = 0; k < near.length; k++) {
            if (Math.abs(near[k].x - point.x) < GAP && Math.abs(near[k].y - point.y) < GAP) {
              return false;
            }
          }
        }
      }
      return true;
    }
    markers.forEach(function (marker) {
      var origin = map.latLngToLayerPoint(marker.getLatLng());
      var point = {x: origin.x, y: origin.y};
      for (var step = 1; !free(point) && step < 2000; step++) {
        var radius = GAP * 0.6 * Math.sqrt(step);
        var angle = step * 2.39996; // the golden angle: the spiral fills evenly
        point = {x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle)};
      }
      var key = cell(point.x, point.y);
      (taken[key] = taken[key] || []).push(point);
      var element = marker.getElement();
      element.style.marginLeft = Math.round(point.x - origin.x - SIZE / 2) + "px";
      element.style.marginTop = Math.round(point.y - origin.y - SIZE / 2) + "px";
    });
  }

  function legend(assets, data) {
    var box = document.createElement("div");
    box.className = "am-map__key";
    var heading = document.createElement("h3");
    heading.textContent = data.labels.key;
    var list = document.createElement("ul");
    Object.keys(data.categories).forEach(function (id) {
      if (!assets.some(function (asset) { return asset.category === id; })) { return; }
      var item = document.createElement("li");
      item.appendChild(icon(data.categories[id].icon));
      item.appendChild(textElement("span", data.categories[id].label));
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
    return box;
  }

  function draw(L, data, section, canvas, failed) {
    var assets = data.assets.filter(function (asset) {
      return matches(section.dataset.filter, asset);
    });
    var map = L.map(canvas, {zoomControl: false, scrollWheelZoom: false, maxZoom: 19});
    L.control.zoom({zoomInTitle: data.labels.zoom_in, zoomOutTitle: data.labels.zoom_out})
      .addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
    map.fitBounds(L.latLngBounds(assets.map(function (a) { return [a.lat, a.lon]; })),
                  {padding: [56, 56], maxZoom: 17});
    var tiles = L.tileLayer(section.dataset.tiles, {
      attribution: section.dataset.attribution, // from mkdocs.yml, as the tile server asks
      maxZoom: 19
    });
    var errors = 0;
    tiles.on("tileerror", function () { if (errors++ === 0) { failed(); } });
    tiles.addTo(map);
    var markers = assets.map(function (asset) {
      return addMarker(L, map, asset, data, section.dataset.root);
    });
    spread(map, markers);
    map.on("zoomend", function () { spread(map, markers); });
    return map;
  }

  // --- one map section ------------------------------------------------------------------

  function setup(section) {
    var controls = section.querySelector(".am-map__controls");
    if (!controls) { return; } // nothing on this page has a place on the map
    var toggle = controls.querySelector(".am-map__toggle");
    var remember = controls.querySelector("input[type=checkbox]");
    var view = section.querySelector(".am-map__view");
    var canvas = section.querySelector(".am-map__canvas");
    var status = section.querySelector(".am-map__status");
    var showLabel = toggle.textContent;
    var store = storage();
    var map = null;
    var key = null;
    var shown = false;

    function failed() {
      status.textContent = status.getAttribute("data-error");
    }

    function show() {
      shown = true;
      view.hidden = false;
      toggle.textContent = toggle.getAttribute("data-hide");
      toggle.setAttribute("aria-expanded", "true");
      status.textContent = "";
      var markers = new URL(section.dataset.root + "assets/map.json", document.baseURI).href;
      Promise.all([loadLibrary(), loadMarkers(markers)]).then(function (loaded) {
        if (!shown || map) { return; }
        map = draw(loaded[0], loaded[1], section, canvas, failed);
        key = legend(loaded[1].assets.filter(function (asset) {
          return matches(section.dataset.filter, asset);
        }), loaded[1]);
        view.appendChild(key);
      }).catch(failed);
    }

    function hide() {
      shown = false;
      if (map) { map.remove(); map = null; }
      if (key) { key.remove(); key = null; }
      view.hidden = true;
      toggle.textContent = showLabel;
      toggle.setAttribute("aria-expanded", "false");
      status.textContent = "";
    }

    toggle.addEventListener("click", function () { if (shown) { hide(); } else { show(); } });
    if (store) {
      remember.checked = store.getItem(STORAGE_KEY) === "always";
      remember.addEventListener("change", function () {
        if (remember.checked) { store.setItem(STORAGE_KEY, "always"); }
        else { store.removeItem(STORAGE_KEY); }
      });
    } else {
      remember.parentNode.hidden = true;
    }
    stylesheet("stylesheets/map.css").catch(function () {}).then(function () {
      controls.hidden = false;
      if (remember.checked) { show(); }
    });
  }

  document.querySelectorAll(".am-map").forEach(setup);
}());
