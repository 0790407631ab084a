/* ZI Portal: the assessment page (assessment/detail.html). A file of its own because the
 * Content-Security-Policy allows no inline script.
 * 1. Refusals (400, 403) and conflicts (409) carry the message to show next to the
 *    question: htmx swaps them in instead of dropping them.
 * 2. Evidence previews (<details class="zi-preview"> with [data-src] frames and images)
 *    load only when opened. */
(function () {
  "use strict";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if ([400, 403, 409].includes(event.detail.xhr.status)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.classList || !details.classList.contains("zi-preview") || !details.open) return;
    details.querySelectorAll("[data-src]").forEach(function (el) {
      if (!el.getAttribute("src")) el.setAttribute("src", el.dataset.src);
    });
  }, true);
})();
