/* The scoresheet: pressing 저장 or 제출 while an autosave is still on its way waits for its answer, so the
   form is sent with the version that autosave produced (never refused as stale by the judge's own save). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-wait-autosave")) return;
    if (!form.classList.contains("htmx-request")) return;
    event.preventDefault();
    var submitter = event.submitter || null;
    var again = function () {
      form.removeEventListener("htmx:afterSettle", again);
      form.removeEventListener("htmx:afterRequest", later);
      if (form.requestSubmit) form.requestSubmit(submitter);
      else form.submit();
    };
    // afterSettle follows a swap (the new version is in the form); a failed request has no swap.
    var later = function (e) { if (!e.detail.successful) window.setTimeout(again, 0); };
    form.addEventListener("htmx:afterSettle", again);
    form.addEventListener("htmx:afterRequest", later);
  });
})();
