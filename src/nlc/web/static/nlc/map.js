/* The interactive network map (templates/maps/map.html).
 *
 * Fetches the map document (nlc/web/maps/data.py) and draws it with Cytoscape.js using the
 * positions the server computed ("preset" layout), so the browser never runs a force
 * layout. Filters (tie type, organisation kind, dates) hide elements in place; "Measure
 * these ties" asks the server to recompute the measures for the chosen ties.
 * Large maps: textures while panning, edges hidden while moving, labels only when zoomed.
 * Colour by network (the legend names each network; organisations in several networks wear
 * a ring), and a geographic layout from the organisations' eastings and northings (British
 * National Grid), plotted on those coordinates and scaled to the map's box: no tiles.
 * "Practices" shows where one practice travelled: its source organisations and adopters
 * ringed, and an overlay of dated arrows from each source to each adopter.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("map-config").textContent);
  var TIE_STYLES = {
    advice: { colour: "#1f6feb", line: "solid" },
    collaboration: { colour: "#1a7f37", line: "solid" },
    knowledge_exchange: { colour: "#8250df", line: "dashed" },
    resource: { colour: "#bc4c00", line: "dotted" },
    referral: { colour: "#cf222e", line: "dashed" },
    co_participation: { colour: "#6e7781", line: "dotted" }
  };
  var KIND_COLOURS = {
    school: "#2f6fb3",
    local_authority: "#7b52c7",
    health: "#d1495b",
    social_care: "#f08a24",
    police: "#1b998b",
    voluntary: "#4caf50",
    library: "#8d6e63",
    business: "#c0a000",
    further_higher: "#e377c2",
    other: "#8a8f98"
  };
  var PALETTE = ["#2f6fb3", "#f08a24", "#4caf50", "#d1495b", "#7b52c7", "#8d6e63", "#e377c2",
    "#1b998b", "#c0a000", "#17becf", "#6b8e23", "#b5651d", "#5f6b7a", "#ff6f61"];
  var MISSING = "#c3c8cf";
  var TRAVEL = { source: "#1a7f37", adopter: "#d97706" }; // a practice's sources, adopters and arrows
  var BIG = 3000; // ties above which cheaper edge drawing is used

  var state = { data: null, cy: null, view: "organisations", kindsSeen: {}, layout: "network" };
  var $ = function (id) { return document.getElementById(id); };
  // The controls act at once; Enter in a field must not submit the form.
  $("map-controls").addEventListener("submit", function (event) { event.preventDefault(); });

  function setStatus(text) { $("map-status").textContent = text; }

  function checkedValues(name) {
    var out = {};
    document.querySelectorAll("input[name='" + name + "']").forEach(function (box) {
      if (box.checked) { out[box.value] = true; }
    });
    return out;
  }

  function labelOf(list, value) {
    for (var i = 0; i < list.length; i++) { if (list[i].value === value) { return list[i].label; } }
    return value === null || value === undefined || value === "" ? "(none)" : String(value);
  }

  function fmt(value, digits) {
    if (value === null || value === undefined) { return "–"; }
    return Number(value).toFixed(digits);
  }

  // ---- loading -------------------------------------------------------------------------

  function query(withFilters) {
    var params = new URLSearchParams();
    var base = config.dataUrl;
    if (base.indexOf("?") >= 0) {
      new URLSearchParams(base.split("?")[1]).forEach(function (v, k) { params.set(k, v); });
      base = base.split("?")[0];
    }
    params.set("view", state.view);
    if (withFilters) {
      var types = Object.keys(checkedValues("tie-type"));
      if (types.length && types.length < Object.keys(TIE_STYLES).length) { params.set("types", types.join(",")); }
      if ($("date-from").value) { params.set("since", $("date-from").value); }
      if ($("date-to").value) { params.set("until", $("date-to").value); }
    }
    return base + "?" + params.toString();
  }

  function load(withFilters) {
    setStatus("Loading the map…");
    return fetch(query(withFilters), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(body.detail || ("The server answered " + response.status)); }
          return body;
        });
      })
      .then(function (data) { draw(data); })
      .catch(function (error) { setStatus("The map could not be loaded: " + error.message); });
  }

  // ---- drawing -------------------------------------------------------------------------

  function elementsOf(data) {
    var elements = [];
    var organisations = {};
    data.nodes.forEach(function (node) {
      organisations[node.id] = node;
      var d = Object.assign({ size: 30, colour: MISSING }, node);
      d.kind = d.kind || "other";
      elements.push({
        group: "nodes", data: d, position: { x: node.x, y: node.y },
        classes: "organisation" + (node.member ? "" : " outside") +
          (node.networks && node.networks.length > 1 ? " several" : "")
      });
    });
    var people = data.people;
    var many = people && people.pk.length > 1500;
    if (people) {
      for (var i = 0; i < people.pk.length; i++) {
        var pk = people.pk[i], home = organisations["o" + people.organisation[i]] || {};
        elements.push({
          group: "nodes",
          data: {
            id: "p" + pk, pk: pk, type: "person", label: people.label[i], size: 7, colour: MISSING,
            organisation: "o" + people.organisation[i], organisationName: home.label,
            kind: home.kind || "other", phase: home.phase, local_authority: home.local_authority,
            community: home.community, pupil: !!people.pupil[i], named: !!people.named[i],
            roles: people.roles[pk] || []
          },
          position: { x: people.x[i], y: people.y[i] },
          classes: "person" + (people.pupil[i] ? " pupil" : "") + (many ? " many" : "")
        });
        if (organisations["o" + people.organisation[i]]) {
          elements.push({
            group: "edges",
            data: { id: "a" + pk, source: "p" + pk, target: "o" + people.organisation[i], type: "affiliation", weight: 1 },
            classes: "affiliation"
          });
        }
      }
    }
    var t = data.ties, big = t.id.length > BIG;
    for (var j = 0; j < t.id.length; j++) {
      var personal = t.source[j].charAt(0) === "p";
      elements.push({
        group: "edges",
        data: {
          id: "t" + t.id[j], source: t.source[j], target: t.target[j], type: t.type[j],
          directed: !!t.directed[j], date: t.date[j], weight: t.weight[j]
        },
        classes: "tie " + (personal ? (big ? "light" : "personal") : "organisational") + (t.directed[j] ? " directed" : "")
      });
    }
    return elements;
  }

  function styles() {
    var list = [
      { selector: "node", style: {
        "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
        "label": "data(label)", "font-size": 12, "min-zoomed-font-size": 9,
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": "160px",
        "text-outline-color": "#fff", "text-outline-width": 2, "color": "#1d2733",
        "border-width": 1, "border-color": "#ffffff"
      } },
      { selector: "node.outside", style: { "border-width": 2, "border-style": "dashed", "border-color": "#5f6b7a" } },
      { selector: "node.several", style: { "border-width": 5, "border-style": "double", "border-color": "#1d2733" } },
      { selector: "node.network-label", style: {
        "width": 1, "height": 1, "background-opacity": 0, "border-width": 0, "font-size": "data(fontSize)",
        "font-weight": "bold", "text-valign": "center", "text-wrap": "wrap", "text-max-width": "data(textWidth)", "color": "data(colour)",
        "text-outline-width": 3, "min-zoomed-font-size": 0, "events": "no", "z-index": 20
      } },
      { selector: "node.person", style: { "font-size": 6, "border-width": 0.5, "text-margin-y": 1 } },
      { selector: "node.pupil", style: { "shape": "diamond" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111", "border-style": "solid", "z-index": 10 } },
      { selector: "edge", style: {
        "width": "mapData(weight, 1, 6, 1.2, 4)", "opacity": 0.75, "curve-style": "bezier",
        "line-color": "#999", "target-arrow-color": "#999", "arrow-scale": 0.9
      } },
      { selector: "edge.personal", style: { "width": 0.8, "opacity": 0.55, "curve-style": "straight", "arrow-scale": 0.5 } },
      { selector: "edge.light", style: { "width": 0.6, "opacity": 0.4, "curve-style": "haystack", "haystack-radius": 0 } },
      { selector: "edge.directed", style: { "target-arrow-shape": "triangle" } },
      { selector: "edge.light.directed", style: { "target-arrow-shape": "none" } },
      { selector: "edge.affiliation", style: {
        "width": 0.6, "line-color": "#c8ced6", "opacity": 0.6, "curve-style": "haystack", "haystack-radius": 0
      } },
      { selector: "edge:selected", style: { "width": 3, "opacity": 1 } },
      { selector: ".practice-faded", style: { "opacity": 0.25 } },
      { selector: "node.practice-source", style: { "border-width": 6, "border-style": "solid", "border-color": TRAVEL.source, "opacity": 1 } },
      { selector: "node.practice-adopter", style: { "border-width": 6, "border-style": "solid", "border-color": TRAVEL.adopter, "opacity": 1 } },
      { selector: "edge.travel", style: {
        "width": 3.5, "opacity": 1, "line-color": TRAVEL.adopter, "line-style": "solid", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": TRAVEL.adopter, "arrow-scale": 1.4,
        "label": "data(date)", "font-size": 10, "text-rotation": "autorotate", "color": "#7a3e00",
        "text-background-color": "#ffffff", "text-background-opacity": 0.85, "z-index": 30
      } },
      { selector: ".hidden", style: { "display": "none" } }
    ];
    Object.keys(TIE_STYLES).forEach(function (type) {
      var s = TIE_STYLES[type];
      list.splice(list.length - 1, 0, { selector: "edge[type = '" + type + "']", style: {
        "line-color": s.colour, "target-arrow-color": s.colour, "line-style": s.line
      } });
    });
    // Many ties: plain lines (dashes are slow to draw) and people without borders.
    list.splice(list.length - 1, 0,
      { selector: "edge.light", style: { "line-style": "solid" } },
      { selector: "node.person.many", style: { "border-width": 0 } });
    return list;
  }

  function draw(data) {
    state.data = data;
    if (state.cy) { state.cy.destroy(); }
    var elements = elementsOf(data);
    var nodeData = elements.filter(function (e) { return e.group === "nodes"; }).map(function (e) { return e.data; });
    var colours = coloursFor($("colour-by").value, nodeData);
    var sizes = sizesFor($("size-by").value, nodeData);
    nodeData.forEach(function (d) { d.colour = colourOf(colours, d, $("colour-by").value); d.size = sizes(d); });
    var big = data.ties.id.length > BIG || data.counts.people + data.counts.organisations > 1500;
    state.cy = cytoscape({
      container: $("map"),
      elements: elements,
      layout: { name: "preset", fit: true, padding: 30 },
      style: styles(),
      textureOnViewport: true,
      hideEdgesOnViewport: big,
      motionBlur: false,
      pixelRatio: big ? 1 : "auto",
      minZoom: 0.01,
      maxZoom: 8,
      boxSelectionEnabled: false,
      selectionType: "single"
    });
    state.cy.on("tap", "node.organisation, node.person", function (event) { showDetails(event.target); });
    state.cy.nodes().forEach(function (n) { n.scratch("home", Object.assign({}, n.position())); });

    buildKindOptions(data);
    buildNames(data);
    setDateBounds(data);
    legend(colours);
    applyFilters();
    buildPractices(data);
    if (state.layout === "geographic") { setLayout("geographic"); } else { state.cy.fit(undefined, 30); }
    var c = data.counts;
    setStatus(c.organisations + " organisations" + (data.view === "people" ? ", " + c.people + " people" : "") +
      ", " + c.ties + " ties" + (data.filters.types || data.filters.since || data.filters.until ? " (measured for the chosen ties)" : ""));
    window.nlcMap = { cy: state.cy, data: data, ready: true, visibleTies: visibleTieCount, layout: function () { return state.layout; },
      practice: function () { return $("practice").value; } };
    document.body.setAttribute("data-map-ready", String(Date.now()));
  }

  // ---- colour, size, legend -------------------------------------------------------------

  function networkColours() {
    var colours = {};
    (state.data.networks || []).forEach(function (n, i) { colours[n.id] = PALETTE[i % PALETTE.length]; });
    return colours;
  }

  function coloursFor(attribute, nodeData) {
    if (attribute === "kind") { return KIND_COLOURS; }
    if (attribute === "network") { return networkColours(); }
    var values = {}, colours = {};
    nodeData.forEach(function (d) {
      var v = d[attribute];
      if (v !== null && v !== undefined && v !== "") { values[v] = true; }
    });
    Object.keys(values).sort(function (a, b) {
      return isNaN(a) || isNaN(b) ? a.localeCompare(b) : Number(a) - Number(b);
    }).forEach(function (v, i) { colours[v] = PALETTE[i % PALETTE.length]; });
    return colours;
  }

  function colourOf(colours, d, attribute) {
    var v = d[attribute];
    return (v === null || v === undefined || v === "") ? MISSING : (colours[v] || MISSING);
  }

  function sizesFor(measure, nodeData) {
    var values = [];
    nodeData.forEach(function (d) {
      var v = d[measure];
      if (measure && d.type === "organisation" && v !== null && v !== undefined) { values.push(v); }
    });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    var small = 16, large = 64;
    return function (d) {
      if (d.type === "person") { return 7; }
      var v = d[measure];
      if (!measure) { return 30; }
      if (v === null || v === undefined) { return small; }
      return hi > lo ? small + (large - small) * Math.sqrt((v - lo) / (hi - lo)) : (small + large) / 2;
    };
  }

  // The map's organisations and people (not the networks' name labels).
  function mapNodes() { return state.cy.nodes(".organisation, .person"); }

  function nodeData() { return mapNodes().map(function (n) { return n.data(); }); }

  function recolour() {
    var attribute = $("colour-by").value, colours = coloursFor(attribute, nodeData());
    state.cy.batch(function () {
      mapNodes().forEach(function (n) {
        var colour = colourOf(colours, n.data(), attribute);
        if (n.data("colour") !== colour) { n.data("colour", colour); }
      });
    });
    legend(colours);
  }

  function resize() {
    var organisations = state.cy.nodes(".organisation");
    var sizes = sizesFor($("size-by").value, organisations.map(function (n) { return n.data(); }));
    state.cy.batch(function () {
      organisations.forEach(function (n) { n.data("size", sizes(n.data())); });
    });
  }

  function legend(colours) {
    var data = state.data, attribute = $("colour-by").value;
    var box = $("legend");
    box.innerHTML = "";
    var title = document.createElement("strong");
    title.textContent = $("colour-by").selectedOptions[0].textContent;
    box.appendChild(title);
    var list = document.createElement("ul");
    var present = {};
    data.nodes.forEach(function (n) { present[n[attribute]] = true; });
    var choices = attribute === "kind" ? data.kinds : attribute === "phase" ? data.phases : null;
    if (attribute === "network") {
      choices = (data.networks || []).map(function (n) { return { value: String(n.id), label: n.name }; });
    }
    var keys = Object.keys(colours).filter(function (v) { return present[v]; });
    if (attribute === "network") {
      keys = (data.networks || []).map(function (n) { return String(n.id); }).filter(function (v) { return present[v]; });
    }
    keys.slice(0, attribute === "network" ? 40 : 14).forEach(function (v) {
      var item = document.createElement("li");
      item.setAttribute("data-value", v);
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colours[v];
      item.appendChild(swatch);
      var label = choices ? labelOf(choices, v) : (attribute === "community" ? "Community " + (Number(v) + 1) : v);
      item.appendChild(document.createTextNode(label));
      list.appendChild(item);
    });
    var several = data.nodes.filter(function (n) { return n.networks && n.networks.length > 1; }).length;
    if (several) {
      var ring = document.createElement("li");
      ring.id = "legend-several";
      var mark = document.createElement("span");
      mark.className = "swatch ring";
      ring.appendChild(mark);
      ring.appendChild(document.createTextNode("Ringed: in several networks (" + several + ")"));
      list.appendChild(ring);
    }
    box.appendChild(list);
    if (state.cy) { addNetworkLabels(); }
  }

  // ---- networks' labels and the geographic layout ----------------------------------------

  // One label per network, above its organisations (several networks only), its type
  // sized to the map so that it reads when the whole map is in view.
  function addNetworkLabels() {
    var cy = state.cy, networks = state.data.networks || [];
    cy.remove(cy.nodes(".network-label"));
    if (networks.length < 2) { return; }
    var colour = networkColours(), box = cy.nodes(".organisation").boundingBox();
    var fontSize = Math.max(14, Math.max(box.w, box.h) / 55);
    var spans = {};
    cy.nodes(".organisation").forEach(function (n) {
      (n.data("networks") || []).forEach(function (id) {
        var p = n.position(), s = spans[id] || (spans[id] = { x: 0, top: p.y, left: p.x, right: p.x, n: 0 });
        s.x += p.x; s.top = Math.min(s.top, p.y); s.n += 1;
        s.left = Math.min(s.left, p.x); s.right = Math.max(s.right, p.x);
      });
    });
    networks.forEach(function (network) {
      var s = spans[network.id];
      if (!s) { return; }
      cy.add({
        group: "nodes", classes: "network-label",
        data: { id: "n" + network.id, label: network.name, colour: colour[network.id] || "#1d2733",
          network: network.id, fontSize: fontSize, textWidth: Math.max(s.right - s.left, 8 * fontSize) + "px" },
        position: { x: (s.left + s.right) / 2, y: s.top - 2 * fontSize }, selectable: false, grabbable: false
      });
    });
  }

  // Organisations on their grid references, scaled to the map's box (north up); those
  // without one in a row below; people keep their place around their organisation.
  function placeGeographically() {
    var cy = state.cy, box = $("map");
    var located = cy.nodes(".organisation").filter(function (n) {
      return n.data("easting") !== null && n.data("easting") !== undefined;
    });
    if (!located.length) { return 0; }
    var e = located.map(function (n) { return n.data("easting"); });
    var north = located.map(function (n) { return n.data("northing"); });
    var minE = Math.min.apply(null, e), maxE = Math.max.apply(null, e);
    var minN = Math.min.apply(null, north), maxN = Math.max.apply(null, north);
    var width = Math.max(box.clientWidth - 60, 200), height = Math.max(box.clientHeight - 60, 200);
    var scale = Math.min(width / Math.max(maxE - minE, 1), height / Math.max(maxN - minN, 1));
    var moved = {}, unplaced = 0;
    cy.batch(function () {
      cy.nodes(".organisation").forEach(function (n) {
        var d = n.data(), p;
        if (d.easting !== null && d.easting !== undefined) {
          p = { x: (d.easting - minE) * scale, y: (maxN - d.northing) * scale };
        } else {
          p = { x: (unplaced % 20) * 40, y: (maxN - minN) * scale + 80 + Math.floor(unplaced / 20) * 40 };
          unplaced += 1;
        }
        moved[n.id()] = { from: n.scratch("home"), to: p };
        n.position(p);
      });
      cy.nodes(".person").forEach(function (n) {
        var home = moved[n.data("organisation")], own = n.scratch("home");
        if (!home) { return; }
        n.position({ x: home.to.x + (own.x - home.from.x) * 0.3, y: home.to.y + (own.y - home.from.y) * 0.3 });
      });
    });
    return unplaced;
  }

  function setLayout(layout) {
    var cy = state.cy;
    state.layout = layout;
    if (!cy) { return; }
    var note = $("layout-note");
    note.textContent = "";
    if (layout === "geographic") {
      var placed = cy.nodes(".organisation").filter(function (n) { return n.data("easting") !== null && n.data("easting") !== undefined; }).length;
      if (!placed) {
        note.textContent = "No organisation on this map has a grid reference (easting and northing): import them to place organisations.";
      } else {
        var unplaced = placeGeographically();
        if (unplaced) { note.textContent = unplaced + " organisation" + (unplaced === 1 ? " has" : "s have") + " no grid reference: shown in a row below."; }
      }
    } else {
      cy.batch(function () { mapNodes().forEach(function (n) { n.position(Object.assign({}, n.scratch("home"))); }); });
    }
    addNetworkLabels();
    cy.stop(true);  // a search's zoom still under way would undo the fit
    cy.fit(undefined, 30);
    document.body.setAttribute("data-map-layout", layout);
  }

  // ---- filters --------------------------------------------------------------------------

  function buildKindOptions(data) {
    var box = $("kind-options");
    var present = {};
    data.nodes.forEach(function (n) { present[n.kind || "other"] = true; });
    data.kinds.forEach(function (kind) {
      if (!present[kind.value] || state.kindsSeen[kind.value]) { return; }
      state.kindsSeen[kind.value] = true;
      var label = document.createElement("label");
      label.className = "inline";
      var input = document.createElement("input");
      input.type = "checkbox"; input.name = "kind"; input.value = kind.value; input.checked = true;
      input.addEventListener("change", applyFilters);
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = KIND_COLOURS[kind.value] || MISSING;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(kind.label));
      box.appendChild(label);
    });
  }

  function setDateBounds(data) {
    var dates = data.ties.date.slice().sort();
    if (!dates.length) { return; }
    ["date-from", "date-to"].forEach(function (id) {
      $(id).min = dates[0];
      $(id).max = dates[dates.length - 1];
    });
  }

  function applyFilters() {
    var cy = state.cy;
    if (!cy) { return; }
    var types = checkedValues("tie-type"), kinds = checkedValues("kind");
    var from = $("date-from").value, to = $("date-to").value;
    // Only elements whose state changes are touched: restyling is what costs.
    var hide = [], show = [], hiddenNode = {};
    mapNodes().forEach(function (n) {
      var h = !kinds[n.data("kind")];
      hiddenNode[n.id()] = h;
      if (h !== n.hasClass("hidden")) { (h ? hide : show).push(n); }
    });
    cy.edges().forEach(function (e) {
      var d = e.data();
      var h = hiddenNode[d.source] || hiddenNode[d.target];
      if (!h && d.type !== "affiliation" && d.type !== "travel") {
        h = !types[d.type] || (from && d.date < from) || (to && d.date > to);
      }
      h = !!h;
      if (h !== e.hasClass("hidden")) { (h ? hide : show).push(e); }
    });
    cy.batch(function () {
      cy.collection(hide).addClass("hidden");
      cy.collection(show).removeClass("hidden");
    });
    $("visible-nodes").textContent = mapNodes().not(".hidden").length;
    $("visible-edges").textContent = visibleTieCount();
  }

  function visibleTieCount() { return state.cy.edges(".tie").not(".hidden").length; }

  // ---- practices: where each travelled ----------------------------------------------------

  function buildPractices(data) {
    var select = $("practice"), chosen = select.value, practices = data.practices || [];
    while (select.options.length > 1) { select.remove(1); }
    practices.forEach(function (practice) {
      var option = document.createElement("option");
      option.value = practice.name;
      option.textContent = practice.name + " (" + practice.adopters.length + " adopter" + (practice.adopters.length === 1 ? ")" : "s)");
      select.appendChild(option);
    });
    select.value = practices.some(function (p) { return p.name === chosen; }) ? chosen : "";
    $("practice-note").textContent = practices.length ? "" : "No practice recorded as taken up here yet.";
    showPractice();
  }

  function showPractice() {
    var cy = state.cy, name = $("practice").value, list = $("practice-travel");
    if (!cy) { return; }
    list.innerHTML = "";
    var practice = null;
    (state.data.practices || []).forEach(function (p) { if (p.name === name) { practice = p; } });
    cy.batch(function () {
      cy.remove(cy.edges(".travel"));
      cy.elements().removeClass("practice-source practice-adopter practice-faded");
      if (!practice) { return; }
      mapNodes().addClass("practice-faded");
      cy.edges().addClass("practice-faded");
      practice.sources.forEach(function (id) { cy.getElementById(id).removeClass("practice-faded").addClass("practice-source"); });
      practice.adopters.forEach(function (id) { cy.getElementById(id).removeClass("practice-faded").addClass("practice-adopter"); });
      practice.travel.forEach(function (t, i) {
        cy.add({ group: "edges", classes: "travel",
          data: { id: "travel" + i, source: t.source, target: t.target, type: "travel", date: t.date, activity: t.activity, weight: 1 } });
      });
    });
    if (practice) {
      var names = {};
      state.data.nodes.forEach(function (n) { names[n.id] = n.label; });
      practice.travel.forEach(function (t) {
        var item = document.createElement("li");
        item.textContent = names[t.source] + " → " + names[t.target] + ", " + t.date;
        list.appendChild(item);
      });
      var key = document.createElement("li");
      [["source", "Source"], ["adopter", "Adopter"]].forEach(function (pair) {
        var swatch = document.createElement("span");
        swatch.className = "swatch " + pair[0];
        key.appendChild(swatch);
        key.appendChild(document.createTextNode(pair[1] + " "));
      });
      list.appendChild(key);
    }
    document.body.setAttribute("data-practice", practice ? practice.name : "");
  }

  // ---- search and details ---------------------------------------------------------------

  function buildNames(data) {
    var list = $("map-names");
    list.innerHTML = "";
    var seen = {};
    var fragment = document.createDocumentFragment();
    var labels = data.nodes.map(function (n) { return n.label; });
    if (data.people) { labels = labels.concat(data.people.label); }
    labels.forEach(function (label) {
      if (seen[label]) { return; }
      seen[label] = true;
      var option = document.createElement("option");
      option.value = label;
      fragment.appendChild(option);
    });
    list.appendChild(fragment);
  }

  function search() {
    var cy = state.cy, wanted = $("map-search").value.trim().toLowerCase();
    $("search-message").textContent = "";
    if (!cy || !wanted) { return; }
    var exact = null, partial = null;
    mapNodes().forEach(function (n) {
      var label = String(n.data("label")).toLowerCase();
      if (!exact && label === wanted) { exact = n; }
      if (!partial && label.indexOf(wanted) >= 0) { partial = n; }
    });
    var node = exact || partial;
    if (!node) { $("search-message").textContent = "Nothing on this map matches."; return; }
    if (node.hasClass("hidden")) { $("search-message").textContent = "Found, but hidden by the filters."; }
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), node.data("type") === "person" ? 2.5 : 1.2) },
      { duration: 350 });
    showDetails(node);
  }

  function showDetails(node) {
    var d = node.data(), data = state.data;
    $("node-details").hidden = false;
    $("details-name").textContent = d.label;
    var body = $("details-measures").querySelector("tbody");
    body.innerHTML = "";
    var extra = $("details-extra");
    extra.textContent = "";
    function row(label, value) {
      var tr = document.createElement("tr");
      var th = document.createElement("th"); th.textContent = label;
      var td = document.createElement("td"); td.textContent = value;
      tr.appendChild(th); tr.appendChild(td); body.appendChild(tr);
    }
    var url = null;
    if (d.type === "organisation") {
      $("details-kind").textContent = labelOf(data.kinds, d.kind) +
        (d.phase ? " · " + labelOf(data.phases, d.phase) : "") + (d.member ? " · member" : " · not a member");
      row("Degree (in / out)", d.degree === undefined ? "–" : d.degree + " (" + d.in_degree + " / " + d.out_degree + ")");
      row("Betweenness", fmt(d.betweenness, 2));
      row("Total brokerage", d.brokerage === undefined ? "–" : fmt(d.brokerage, 0));
      row("Constraint", fmt(d.constraint, 3));
      row("Effective size", fmt(d.effective_size, 2));
      row("Community", d.community === null || d.community === undefined ? "–" : String(d.community + 1));
      var names = {};
      (data.networks || []).forEach(function (n) { names[n.id] = n.name; });
      var of = (d.networks || []).map(function (id) { return names[id]; });
      extra.textContent = of.length ? (of.length > 1 ? "In " + of.length + " networks: " : "Network: ") + of.join(", ") : "";
      url = data.urls.organisation;
    } else {
      $("details-kind").textContent = (d.pupil ? "Pupil" : "Person") + " · " + (d.organisationName || "");
      extra.textContent = d.roles && d.roles.length ? "Roles: " + d.roles.join(", ") : "No role in this network.";
      url = data.urls.person;
    }
    var ties = node.connectedEdges(".tie");
    row("Ties on the map", String(ties.not(".hidden").length) + " of " + ties.length);
    var link = $("details-link");
    if (url) { link.href = url.replace("{id}", d.pk); link.hidden = false; } else { link.hidden = true; }
  }

  // ---- wiring ---------------------------------------------------------------------------

  document.querySelectorAll("[data-tie-type]").forEach(function (swatch) {
    var s = TIE_STYLES[swatch.getAttribute("data-tie-type")];
    if (s) { swatch.style.borderTop = "3px " + s.line + " " + s.colour; }
  });

  document.querySelectorAll("input[name='view']").forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.checked) { state.view = radio.value; load(false); }
    });
  });
  document.querySelectorAll("input[name='tie-type']").forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  $("date-from").addEventListener("change", applyFilters);
  $("date-to").addEventListener("change", applyFilters);
  $("size-by").addEventListener("change", resize);
  $("practice").addEventListener("change", showPractice);
  $("colour-by").addEventListener("change", recolour);
  document.querySelectorAll("input[name='layout']").forEach(function (radio) {
    radio.addEventListener("change", function () { if (radio.checked) { setLayout(radio.value); } });
  });
  $("recompute").addEventListener("click", function () { load(true); });
  $("map-search-go").addEventListener("click", search);
  $("map-search").addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); search(); }
  });
  $("map-search").addEventListener("input", function (event) {
    // A name picked from the suggestions arrives without typing: search at once.
    if (!event.inputType || event.inputType === "insertReplacementText") { search(); }
  });
  $("details-close").addEventListener("click", function () {
    $("node-details").hidden = true;
    if (state.cy) { state.cy.elements().unselect(); }
  });
  load(false);
})();
