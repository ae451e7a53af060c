/* Drag a member onto another team's card (or onto "not in a team") to move them. Optional: every
   member also has a "move to" select with a button, which is what this script fills in and submits. */
(function () {
  "use strict";

  function zone(element) {
    return element && element.closest ? element.closest("[data-drop-team]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-membership]");
    if (!item) return;
    event.dataTransfer.setData("text/plain", item.getAttribute("data-membership"));
    event.dataTransfer.effectAllowed = "move";
    item.classList.add("dragging");
  });

  document.addEventListener("dragend", function (event) {
    var item = event.target.closest && event.target.closest("[data-membership]");
    if (item) item.classList.remove("dragging");
    document.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
  });

  document.addEventListener("dragover", function (event) {
    var target = zone(event.target);
    if (!target) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    target.classList.add("drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var target = zone(event.target);
    if (target && !target.contains(event.relatedTarget)) target.classList.remove("drop-target");
  });

  document.addEventListener("drop", function (event) {
    var target = zone(event.target);
    if (!target) return;
    event.preventDefault();
    target.classList.remove("drop-target");
    var id = event.dataTransfer.getData("text/plain");
    var form = document.querySelector('form[data-move-for="' + id + '"]');
    if (!form) return;
    var select = form.querySelector("select[name=to_team]");
    var value = target.getAttribute("data-drop-team");
    select.value = value;
    if (select.value !== value) return; // dropped where the person already is
    if (form.requestSubmit) form.requestSubmit(); else htmx.trigger(form, "submit");
  });
})();

// Finding a person or a team on a long board: the cards that do not match fold away (the board is not paged,
// so moves by drag and drop keep working across all teams).
(function () {
  "use strict";
  function apply() {
    var input = document.getElementById("board-search");
    if (!input) return;
    var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll("#formation-board .team-card").forEach(function (card) {
      var text = card.textContent.toLowerCase();
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      card.hidden = !match;
      if (match) shown += 1;
    });
    var count = document.getElementById("board-search-count");
    if (count) count.textContent = words.length ? count.getAttribute("data-template").replace("{n}", shown) : "";
  }
  document.addEventListener("input", function (event) {
    if (event.target.id === "board-search") apply();
  });
  document.addEventListener("htmx:afterSettle", apply);
})();
