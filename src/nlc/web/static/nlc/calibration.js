// "Use this p" on the simulation page: put the fitted p into the form (cascade model).
(function () {
  "use strict";
  var button = document.getElementById("use-calibrated-p");
  if (!button) return;
  button.addEventListener("click", function () {
    var model = document.getElementById("id_model");
    var p = document.getElementById("id_p");
    if (model) {
      model.value = "cascade";
      model.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (p) {
      p.value = button.dataset.p;
      p.dispatchEvent(new Event("input", { bubbles: true }));
      p.focus();
    }
  });
})();
