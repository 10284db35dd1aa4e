/* Resource map: clustered markers from the records API (GeoJSON), popups with the row's main
   fields, and a filter that narrows the list of places to the map area or to "near me". */
(function () {
  "use strict";

  var holder = document.querySelector("[data-map]");
  var configNode = document.getElementById("map-config");
  if (!holder || !configNode || !window.L || !window.fetch) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var text = config.text;
  var statusNode = document.querySelector("[data-map-status]");
  var tools = document.querySelector("[data-map-tools]");
  var areaButton = document.querySelector("[data-map-area]");
  var nearButton = document.querySelector("[data-map-near]");
  var listRows = document.querySelector("[data-list-rows]");
  var listStatus = document.querySelector("[data-list-status]");
  var listPager = document.querySelector("[data-list-pager]");
  var areaLink = document.querySelector("[data-area-link]");
  var original = {
    rows: Array.prototype.slice.call(listRows.childNodes),
    status: listStatus.textContent
  };
  var features = [];
  var shown = 100;
  var ticket = 0;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function say(message) {
    statusNode.textContent = message;
  }

  function present(value) {
    return value !== null && value !== undefined && value !== "";
  }

  holder.classList.add("map-live");
  var map = L.map(holder, { keyboard: true, zoomControl: false, maxZoom: 18 }).setView([36.2, 138.2], 5);
  L.control.zoom({ zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut }).addTo(map);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
  } else {
    holder.classList.add("map-blank");
  }
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(cluster);

  function popup(properties) {
    var box = document.createElement("div");
    box.className = "popup";
    box.lang = "ja";
    config.main.forEach(function (label, i) {
      var value = properties[label];
      if (!present(value)) return;
      var line = document.createElement(i === 0 ? "strong" : "p");
      line.textContent = String(value);
      box.appendChild(line);
    });
    return box;
  }

  function marker(feature) {
    var position = feature.geometry.coordinates;
    var name = feature.properties[config.main[0]];
    var title = present(name) ? String(name) : text.marker;
    var item = L.marker([position[1], position[0]], { title: title, alt: title, keyboard: true });
    item.bindPopup(function () { return popup(feature.properties); });
    return item;
  }

  // The list below the map, for rows from the records API (keyed by label) or from features.
  function renderList(rows) {
    var fragment = document.createDocumentFragment();
    rows.forEach(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (value) {
        var td = document.createElement("td");
        td.textContent = present(value) ? String(value) : "";
        tr.appendChild(td);
      });
      fragment.appendChild(tr);
    });
    listRows.replaceChildren(fragment);
    listPager.hidden = true;
  }

  function restoreList() {
    areaLink.hidden = true;
    listRows.replaceChildren.apply(listRows, original.rows);
    listStatus.textContent = original.status;
    listPager.hidden = false;
  }

  function announce(count) {
    var message = count ? format(text.inArea, { count: count, shown: Math.min(count, shown) })
      : text.noneInArea;
    listStatus.textContent = message;
    say(message);
  }

  function fromApi(bounds, mine) {
    var params = new URLSearchParams();
    if (config.fieldsParam) params.append("fields", config.fieldsParam);
    params.append(config.latitude + "__gte", bounds.getSouth().toFixed(6));
    params.append(config.latitude + "__lte", bounds.getNorth().toFixed(6));
    params.append(config.longitude + "__gte", bounds.getWest().toFixed(6));
    params.append(config.longitude + "__lte", bounds.getEast().toFixed(6));
    params.append("limit", String(shown));
    return fetch(config.records + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (body) {
        if (mine !== ticket) return;
        renderList(body.records.map(function (record) {
          return config.fields.map(function (label) { return record[label]; });
        }));
        announce(body.total);
        linkToPreview(bounds);
      });
  }

  // The same rows in the table preview, as the preview's own filters (fc/fo/fv).
  function linkToPreview(bounds) {
    var params = new URLSearchParams();
    [[config.latitude, "gte", bounds.getSouth()], [config.latitude, "lte", bounds.getNorth()],
     [config.longitude, "gte", bounds.getWest()], [config.longitude, "lte", bounds.getEast()]]
      .forEach(function (f) {
        params.append("fc", f[0]);
        params.append("fo", f[1]);
        params.append("fv", f[2].toFixed(6));
      });
    areaLink.querySelector("a").href = config.preview + "?" + params.toString();
    areaLink.hidden = false;
  }

  // A location held in one cell ("34.34,134.05") cannot be compared in SQL: use the features.
  function fromFeatures(bounds) {
    var inside = features.filter(function (f) {
      var c = f.geometry.coordinates;
      return bounds.contains([c[1], c[0]]);
    });
    renderList(inside.slice(0, shown).map(function (f) {
      var c = f.geometry.coordinates;
      var cells = config.main.map(function (label) { return f.properties[label]; });
      return cells.concat(config.locationCount === 2 ? [c[1], c[0]] : [c[1] + "," + c[0]]);
    }));
    announce(inside.length);
    return Promise.resolve();
  }

  function filterToArea() {
    var mine = ++ticket;
    var bounds = map.getBounds();
    var work = config.latitude ? fromApi(bounds, mine) : fromFeatures(bounds);
    return work.catch(function () { say(text.failed); });
  }

  function setAreaMode(on) {
    areaButton.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) {
      filterToArea();
    } else {
      ticket++;
      restoreList();
      say(format(text.placed, { count: features.length }));
    }
  }

  areaButton.addEventListener("click", function () {
    setAreaMode(areaButton.getAttribute("aria-pressed") !== "true");
  });

  map.on("moveend", function () {
    if (areaButton.getAttribute("aria-pressed") === "true") filterToArea();
  });

  var you = null;
  nearButton.addEventListener("click", function () {
    if (!navigator.geolocation) {
      say(text.noLocation);
      return;
    }
    navigator.geolocation.getCurrentPosition(function (position) {
      var here = [position.coords.latitude, position.coords.longitude];
      if (you) map.removeLayer(you);
      you = L.circleMarker(here, { radius: 8, color: "#b3261e", weight: 3 })
        .bindTooltip(text.you).addTo(map);
      areaButton.setAttribute("aria-pressed", "true");
      map.setView(here, 15);  // moveend fills the list with the places in view
      say(text.located);
    }, function () {
      say(text.noLocation);
    }, { timeout: 10000, maximumAge: 60000 });
  });

  say(text.loading);
  fetch(config.geojson, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(function (collection) {
      features = collection.features.filter(function (f) {
        return f.geometry && f.geometry.type === "Point";
      });
      cluster.addLayers(features.map(marker));
      if (features.length) {
        map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 16 });
      }
      tools.hidden = false;
      holder.setAttribute("data-map-ready", String(features.length));
      say(format(text.placed, { count: features.length }));
    })
    .catch(function () {
      say(text.failed);
    });
})();
