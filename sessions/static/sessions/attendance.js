// The attendance sheet on a phone: find a person by name, department or team, and show only those
// not yet recorded. A row just marked stays in view (with the focus on its button) until the filter changes.
(function () {
  "use strict";
  function apply() {
    var search = document.querySelector("[data-attendance-search]");
    var unrecorded = document.querySelector("[data-attendance-unrecorded]");
    if (!search || !unrecorded) return;
    var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll(".attendance-person").forEach(function (row) {
      var text = (row.getAttribute("data-search") || "").toLowerCase();
      var matches = words.every(function (w) { return text.indexOf(w) !== -1; });
      if (unrecorded.checked && row.getAttribute("data-recorded") === "yes" && !row.hasAttribute("data-keep")) {
        matches = false;
      }
      row.hidden = !matches;
      if (matches) shown += 1;
    });
    var none = document.getElementById("attendance-no-match");
    if (none) none.hidden = shown !== 0;
  }
  function fresh() {
    document.querySelectorAll(".attendance-person[data-keep]").forEach(function (row) {
      row.removeAttribute("data-keep");
    });
    apply();
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-attendance-search]")) fresh();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-attendance-unrecorded]")) fresh();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail.target;
    if (row && row.classList && row.classList.contains("attendance-person")) {
      row.setAttribute("data-keep", "");
    }
  });
  document.addEventListener("htmx:afterSettle", apply);
  document.addEventListener("DOMContentLoaded", apply);
})();
