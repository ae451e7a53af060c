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
