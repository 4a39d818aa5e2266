/* The simulation page's map (templates/simulations/simulate.html).
 *
 * Draws the network with Cytoscape.js at the positions the server computed (as on the map
 * page) and colours organisations by their chance of adopting (results mode) or, in training
 * mode, replays one run step by step from the trace embedded in the page (Previous / Next).
 * window.nlcSimulation exposes the state for the browser tests.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("sim-config").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var state = { cy: null, step: 0, ready: false };

  function mix(a, b, t) {
    var pa = [1, 3, 5].map(function (i) { return parseInt(a.substr(i, 2), 16); });
    var pb = [1, 3, 5].map(function (i) { return parseInt(b.substr(i, 2), 16); });
    return "rgb(" + pa.map(function (v, i) { return Math.round(v + (pb[i] - v) * t); }).join(",") + ")";
  }

  function probabilityColour(p) {
    if (p === undefined || p === null) { return "#e8ecf1"; }
    return p < 0.5 ? mix("#e8ecf1", "#f6c343", p * 2) : mix("#f6c343", "#d1495b", (p - 0.5) * 2);
  }

  function elements() {
    var seeds = {};
    config.seeds.forEach(function (id) { seeds[id] = true; });
    var out = config.elements.nodes.map(function (n) {
      return {
        group: "nodes",
        data: { id: n.id, name: n.label, label: n.label, kind: n.kind, seed: seeds[n.id] ? 1 : 0, colour: "#e8ecf1" },
        position: { x: n.x, y: n.y }
      };
    });
    config.elements.ties.forEach(function (t, i) {
      out.push({ group: "edges", data: { id: "t" + i, source: t.source, target: t.target, directed: t.directed } });
    });
    if (config.proposedTie) {
      out.push({ group: "edges", classes: "proposed",
        data: { id: "proposed", source: config.proposedTie[0], target: config.proposedTie[1], directed: 0 } });
    }
    return out;
  }

  function draw() {
    state.cy = cytoscape({
      container: $("sim-map"),
      elements: elements(),
      layout: { name: "preset", fit: true, padding: 30 },
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", "border-color": "#5f6b7a", "border-width": 1,
          label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
          "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 0,
          width: 22, height: 22 } },
        { selector: "node[seed = 1]", style: { "border-width": 4, "border-color": "#1b2430" } },
        { selector: "edge", style: { width: 1.2, "line-color": "#b8c0cc", "curve-style": "bezier",
          "target-arrow-color": "#b8c0cc" } },
        { selector: "edge[directed = 1]", style: { "target-arrow-shape": "triangle", "arrow-scale": 0.7 } },
        { selector: "edge.proposed", style: { "line-color": "#1a7f37", "line-style": "dashed", width: 3 } }
      ]
    });
  }

  // ---- results: colour by adoption probability -------------------------------------------

  function colourBy(name) {
    var probability = config.probability[name] || {};
    state.cy.batch(function () {
      state.cy.nodes().forEach(function (node) {
        var p = probability[node.id()];
        node.data("colour", probabilityColour(p));
        // Each organisation named with its chance of adopting, so the map reads without hovering.
        node.data("label", node.data("name") + (p === undefined || p === null ? "" : " · " + Math.round(p * 100) + "%"));
      });
    });
    state.shown = name;
  }

  // ---- training: one run step by step -----------------------------------------------------

  function showStep(step) {
    var steps = config.trace.steps;
    state.step = Math.max(0, Math.min(step, steps.length - 1));
    var entry = steps[state.step];
    var fresh = {};
    var adopted = {};
    entry["new"].forEach(function (id) { fresh[id] = true; });
    entry.adopters.forEach(function (id) { adopted[id] = true; });
    state.cy.batch(function () {
      state.cy.nodes().forEach(function (node) {
        var id = node.id();
        node.data("colour", fresh[id] ? "#f6a623" : (adopted[id] ? "#d1495b" : "#e8ecf1"));
      });
    });
    $("step-status").textContent = "Step " + entry.step + " of " + (steps.length - 1) + ": " +
      entry["new"].length + " new, " + entry.adopters.length + " of " + config.trace.n + " adopted";
    var names = entry.new_names || [];
    $("step-names").textContent = names.length ?
      (entry.step === 0 ? "Seeds: " : "Adopting at this step: ") + names.join(", ") : "No one new at this step.";
    $("step-prev").disabled = state.step === 0;
    $("step-next").disabled = state.step === steps.length - 1;
  }

  function adopters() {
    return state.cy.nodes().filter(function (node) { return node.data("colour") !== "#e8ecf1"; })
      .map(function (node) { return node.id(); });
  }

  draw();
  if (config.mode === "training" && config.trace) {
    $("step-prev").addEventListener("click", function () { showStep(state.step - 1); });
    $("step-next").addEventListener("click", function () { showStep(state.step + 1); });
    showStep(0);
  } else if (config.probability) {
    colourBy("as is");
    var select = $("colour-scenario");
    if (select) { select.addEventListener("change", function () { colourBy(select.value); }); }
  }
  state.ready = true;

  window.nlcSimulation = {
    get cy() { return state.cy; },
    get step() { return state.step; },
    get ready() { return state.ready; },
    adopters: adopters,
    showStep: showStep
  };
})();
