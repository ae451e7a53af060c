/* Page behaviour that would otherwise be inline: the Content-Security-Policy allows scripts from this
   origin only, so no onclick= and no hx-on in templates. Behaviour is declared with data- attributes:
     data-confirm="Question?"   on a submit button or link: asks before going on
     data-reset-on-success      on an htmx form: cleared after a successful request */
(function () {
  "use strict";

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
})();
