// Progress of a background import: poll its status every second until it has finished,
// then reload the page so that it shows the outcome (counts or every error).
(function () {
  "use strict";
  const box = document.getElementById("import-job");
  if (!box) return;
  const url = box.dataset.statusUrl;
  const bar = document.getElementById("import-progress");
  const percent = document.getElementById("import-percent");
  const status = document.getElementById("import-status");
  const summary = document.getElementById("import-summary");
  let finishedOnLoad = null;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (!state) return setTimeout(poll, 3000);
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        percent.textContent = state.percent + "%";
        status.textContent = state.status_label;
        summary.textContent = state.summary;
        if (finishedOnLoad === null) finishedOnLoad = state.finished;
        if (state.finished) {
          if (!finishedOnLoad) window.location.reload();
          return;
        }
        setTimeout(poll, 1000);
      })
      .catch(() => setTimeout(poll, 3000));
  }
  poll();
})();
