/* The wave's response map (templates/surveys/wave.html): fetches the wave's response counts
 * per organisation (views.wave_map, small groups already suppressed for those who do not run
 * the survey) and draws each organisation at its easting and northing (British National
 * Grid, scaled to the box; no tiles), its size by the people invited and its colour by the
 * share who answered, in the bands of the coverage panel (80% and 65%). Organisations with no
 * place are listed under the map. While the wave is open it is drawn again every minute.
 * No inline script or style: CSP. */
(function () {
  "use strict";

  var figure = document.getElementById("response-map");
  if (!figure || !window.fetch) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 640, HEIGHT = 420, PAD = 24;

  function band(org) {
    if (org.suppressed || org.response_rate === null) { return "rate-hidden"; }
    if (org.response_rate >= 0.8) { return "rate-good"; }
    if (org.response_rate >= 0.65) { return "rate-caution"; }
    if (org.response_rate > 0) { return "rate-low"; }
    return "rate-none";
  }

  function describe(org) {
    if (org.suppressed) { return org.name + ": fewer invited than the minimum group, not shown"; }
    var answered = org.partial + org.complete;
    return org.name + ": " + answered + " of " + org.invited + " answered (" +
      Math.round(org.response_rate * 100) + "%), " + org.complete + " complete";
  }

  function node(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  function scale(placed) {
    var xs = placed.map(function (o) { return o.easting; });
    var ys = placed.map(function (o) { return o.northing; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var span = Math.max(x1 - x0, y1 - y0, 1);
    var k = Math.min(WIDTH - 2 * PAD, HEIGHT - 2 * PAD) / span;
    var dx = (WIDTH - (x1 - x0) * k) / 2, dy = (HEIGHT - (y1 - y0) * k) / 2;
    return function (o) { return [dx + (o.easting - x0) * k, HEIGHT - dy - (o.northing - y0) * k]; };
  }

  function draw(data) {
    var svg = figure.querySelector("svg");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var placed = data.organisations.filter(function (o) { return o.easting !== null && o.northing !== null; });
    var unplaced = data.organisations.filter(function (o) { return placed.indexOf(o) < 0; });
    if (placed.length) {
      var at = scale(placed);
      placed.forEach(function (o) {
        var xy = at(o);
        var r = o.invited === null ? 6 : 4 + 3 * Math.sqrt(o.invited);
        var circle = node("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1),
          "class": band(o), "data-organisation": o.organisation });
        var title = node("title", {});
        title.textContent = describe(o);
        circle.appendChild(title);
        svg.appendChild(circle);
      });
    } else {
      var text = node("text", { x: WIDTH / 2, y: HEIGHT / 2, "text-anchor": "middle" });
      text.textContent = data.organisations.length ? "No organisation invited has a place recorded." : "Nobody is invited yet.";
      svg.appendChild(text);
    }
    var list = document.getElementById("response-map-unplaced");
    list.textContent = "";
    unplaced.forEach(function (o) {
      var item = document.createElement("li");
      item.setAttribute("data-organisation", o.organisation);
      var swatch = document.createElement("span");
      swatch.className = "swatch " + band(o);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(describe(o)));
      list.appendChild(item);
    });
    document.getElementById("response-map-unplaced-heading").hidden = !unplaced.length;
    figure.setAttribute("data-drawn", String(data.organisations.length));
  }

  function load() {
    fetch(figure.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(draw)
      .catch(function () { figure.setAttribute("data-drawn", "error"); });
  }

  load();
  if (figure.getAttribute("data-live") === "true") { window.setInterval(load, 60000); }
})();
