/* Page behaviour that would otherwise be inline: the Content-Security-Policy allows scripts from this
   origin only, so no onclick= and no hx-on in templates. Behaviour is declared with data- attributes:
     data-confirm="Question?"   on a submit button or link: asks before going on
     data-reset-on-success      on an htmx form: cleared after a successful request
     data-menu-toggle           the phone header's menu button: opens the account links and the cohort menu
     data-focus-on-load         a message that takes the focus when the page opens (tabindex="-1") */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest && event.target.closest("[data-confirm]");
    if (trigger && !window.confirm(trigger.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.hasAttribute && form.hasAttribute("data-reset-on-success") && event.detail.successful) {
      form.reset();
    }
  });

  // The phone menu: one button opens the account links and the cohort navigation.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-menu-toggle]");
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

  // After a refused submit, take the reader to the summary of what to fix; after a save that needs a second
  // look (personal data in a prompt), to the warning, whose link leads on to the highlighted part.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary") || document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
  });
})();
