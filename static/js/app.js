// Site-wide behaviour, loaded on every page (no inline scripts: the Content-Security-Policy forbids them).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The phone menu: one button opens the account links and the cohort navigation.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (!toggle) return;
    var header = toggle.closest(".site-header");
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  });

  // Keep the keyboard focus on the control that was used when htmx replaces the part of the page around it
  // (htmx restores the focus by id; a button a phone did not focus is focused first).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail.requestConfig || {};
    var trigger = config.triggeringEvent;
    var submitter = trigger && trigger.submitter;
    if (submitter && submitter.id && document.activeElement !== submitter) {
      submitter.focus({ preventScroll: true });
    }
  });
  var lastFocused = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    lastFocused = active && active.id ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!lastFocused) return;
    var active = document.activeElement;
    if (!active || active === document.body) {
      var again = document.getElementById(lastFocused);
      if (again) again.focus({ preventScroll: true });
    }
    lastFocused = null;
  });

  // A form (or one of its buttons) that asks before it changes something: data-confirm="…".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) || (form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();

// After a refused submit, take the reader to the summary of what to fix.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
