/* The respondent's page (nlc/web/surveys/respond.py): filter each roster as one types, and
 * save the answers as they change (POST with action=autosave, answered 204). Without
 * JavaScript the page works with its Save and Finish buttons. No inline script: CSP. */
(function () {
  "use strict";

  function filter(box) {
    var list = document.getElementById(box.getAttribute("data-roster"));
    if (!list) { return; }
    var words = box.value.toLowerCase().trim();
    Array.prototype.forEach.call(list.querySelectorAll(".roster-item"), function (item) {
      item.hidden = words !== "" && item.textContent.toLowerCase().indexOf(words) < 0;
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".roster-filter"), function (box) {
    box.addEventListener("input", function () { filter(box); });
  });

  var form = document.getElementById("survey-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector(".autosave-status");
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.set("action", "autosave");
    // Names ticked are kept for the Save button, which shows questions about them.
    Array.prototype.forEach.call(form.querySelectorAll(".roster-item input"), function (input) {
      if (input.checked) { data.delete(input.name); }
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[name$='-other']"), function (input) {
      data.delete(input.name);
    });
    fetch(window.location.pathname, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (status) { status.textContent = response.ok ? "Saved" : "Not saved: press Save"; }
      })
      .catch(function () { if (status) { status.textContent = "Not saved: press Save"; } });
  }

  form.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".roster")) { return; }
    if (event.target.name && /-other$/.test(event.target.name)) { return; }
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  });
}());
