/* ZI Portal: the assessment page (assessment/detail.html). A file of its own because the
 * Content-Security-Policy allows no inline script.
 * 1. Refusals (400, 403) and conflicts (409) carry the message to show next to the
 *    question: htmx swaps them in instead of dropping them.
 * 2. Evidence previews (<details class="zi-preview"> with [data-src] frames and images)
 *    load only when opened.
 * 3. "Gunakan saran" of a "menurut data portal" hint ([data-hint-use] = the question's
 *    code, [data-hint-value] = the suggestion as JSON): sets the question's input to the
 *    suggestion and fires its change event, so the answer is saved by the question's own
 *    autosave exactly as if the assessor had picked it (version check and conflicts
 *    included). Nothing is set or saved without that click. */
(function () {
  "use strict";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if ([400, 403, 409].includes(event.detail.xhr.status)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-hint-use]") : null;
    if (!button) return;
    var form = document.getElementById("q-" + button.dataset.hintUse);
    if (!form) return;
    var value = JSON.parse(button.dataset.hintValue);
    var changed = null;
    if (value !== null && typeof value === "object") {
      Object.keys(value).forEach(function (name) {
        var input = form.querySelector('[name="count-' + CSS.escape(name) + '"]');
        if (input) {
          input.value = value[name];
          changed = input;
        }
      });
    } else if (value !== null) {
      var text = String(value);
      var radio = form.querySelector('input[type="radio"][name="value"][value="' + CSS.escape(text) + '"]');
      if (radio) {
        radio.checked = true;
        changed = radio;
      } else {
        var field = form.querySelector('input[name="value"]:not([type="radio"])');
        if (field) {
          field.value = text;
          changed = field;
        }
      }
    }
    if (!changed) return;
    changed.dispatchEvent(new Event("change", { bubbles: true }));
    changed.focus();
  });
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.classList || !details.classList.contains("zi-preview") || !details.open) return;
    details.querySelectorAll("[data-src]").forEach(function (el) {
      if (!el.getAttribute("src")) el.setAttribute("src", el.dataset.src);
    });
  }, true);
})();
