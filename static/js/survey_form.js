// The public survey form (/s/<token>/): the proof-of-work widget and the suggestion counter.
// Loaded after static/vendor/altcha/altcha.min.js, which defines <altcha-widget> without
// bundled workers (strict CSP: no blob: workers, no inline styles). The PBKDF2 worker is
// our own static file, registered here before the widget starts.
(function () {
  "use strict";
  var widget = document.querySelector("altcha-widget[data-worker]");
  if (widget && window.$altcha) {
    var workerUrl = widget.getAttribute("data-worker");
    window.$altcha.algorithms.set("PBKDF2/SHA-256", function () {
      return new Worker(workerUrl);
    });
    // The widget mounts a moment after it is defined; its verify() exists from then on.
    var tries = 0;
    var start = function () {
      if (typeof widget.verify === "function") {
        widget.verify();
      } else if (tries++ < 200) {
        setTimeout(start, 50);
      }
    };
    start();
  }
  var area = document.querySelector("textarea[data-counter]");
  var counter = area && document.getElementById(area.getAttribute("data-counter"));
  if (area && counter) {
    var update = function () {
      counter.textContent = area.value.length + " / " + area.getAttribute("maxlength");
    };
    area.addEventListener("input", update);
    update();
  }
})();
