/* Show that a long request is under way (templates/simulations/simulate.html, ...).
 *
 * A form with data-busy-message="Running {runs} runs…" shows that message, with {name}
 * replaced by the value of the form's field called name, in its [data-busy-status] element
 * (a spinner with role=status) once submitted, and disables its submit buttons so that a
 * second press does not start the work again. The page that comes back replaces it all;
 * returning with the Back button re-enables the form. No inline script: the site has a CSP.
 */
(function () {
  "use strict";

  function message(form) {
    return form.getAttribute("data-busy-message").replace(/\{(\w+)\}/g, function (_, name) {
      var field = form.elements[name];
      return field && field.value ? field.value : "";
    });
  }

  function setBusy(form, busy) {
    var status = form.querySelector("[data-busy-status]");
    if (status) {
      status.textContent = busy ? message(form) : "";
      status.hidden = !busy;
    }
    form.setAttribute("aria-busy", busy ? "true" : "false");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
      b.disabled = busy;
    });
  }

  var forms = document.querySelectorAll("form[data-busy-message]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
      // Disable after the browser has read the submitter, or its value would be lost.
      window.setTimeout(function () { setBusy(form, true); }, 0);
    });
  });
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(forms, function (form) { setBusy(form, false); });
  });
})();
