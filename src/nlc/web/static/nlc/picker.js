/* Search-as-you-type for long pickers (record a tie, add a member, give a role, add a person).
 *
 * A <select data-search="/search/organisations/?network=3"> gets a search box before it.
 * Typing two characters or more asks that address for matches (JSON from
 * nlc/web/registry/search.py, which applies the site's access rules) and lists only them in
 * the select, the current choice kept; clearing the box brings every option back. Without
 * JavaScript the select works as it is. No inline script: the site has a CSP.
 */
(function () {
  "use strict";

  var WAIT_MS = 200;

  function option(value, label, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    o.selected = !!selected;
    return o;
  }

  function enhance(select) {
    if (select.disabled || select.getAttribute("data-search-ready")) { return; }
    select.setAttribute("data-search-ready", "1");
    var all = Array.prototype.map.call(select.options, function (o) {
      return { value: o.value, label: o.textContent };
    });
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = "Type to search…";
    box.autocomplete = "off";
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("aria-label", "Search " + ((select.labels && select.labels[0] && select.labels[0].textContent) || "the list"));
    var status = document.createElement("span");
    status.className = "picker-status muted small";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    var timer = null;
    var asked = 0;

    function show(items, more) {
      var current = select.value;
      var keep = all.filter(function (o) { return o.value === "" || o.value === current; });
      select.innerHTML = "";
      keep.forEach(function (o) { select.appendChild(option(o.value, o.label, o.value === current)); });
      items.forEach(function (item) {
        if (String(item.id) !== current) { select.appendChild(option(item.id, item.label, false)); }
      });
      status.textContent = items.length ? (items.length + (more ? "+" : "") + " found") : "none found";
    }

    function restore() {
      var current = select.value;
      select.innerHTML = "";
      all.forEach(function (o) { select.appendChild(option(o.value, o.label, o.value === current)); });
      status.textContent = "";
    }

    function ask(q) {
      var mine = ++asked;
      var url = select.getAttribute("data-search");
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) { if (mine === asked) { show(data.results, data.more); } })
        .catch(function () { if (mine === asked) { status.textContent = "search failed; pick from the list"; restore(); } });
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      var q = box.value.trim();
      if (q.length < 2) { asked++; restore(); return; }
      timer = window.setTimeout(function () { ask(q); }, WAIT_MS);
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); select.focus(); }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-search]"), enhance);
})();
