/* ZI Portal: the few behaviours every page shares. No inline handlers, so a strict
 * Content-Security-Policy can forbid them later.
 *
 * 1. Confirmation before an irreversible step: put data-confirm="what will happen" on a
 *    <form> (or on the submit button that needs it). Submitting opens one dialog that says
 *    it; "Batal" keeps everything as it was, the confirm button submits. Optional:
 *    data-confirm-title, data-confirm-button (label of the confirm button),
 *    data-confirm-variant (Bootstrap colour of that button, default "danger").
 * 2. Length counters: inputs and textareas with data-maxlength show "12 / 300" below them,
 *    turn red past the limit and never cut what was typed or pasted (the server refuses
 *    text over the limit with a message; the browser's maxlength would cut silently).
 * 3. data-autosubmit on a <select>: submit its form when the choice changes.
 * 4. data-print on a button: print the page.
 * 5. data-choice-filter on a search input: filter a long list of checkboxes (below).
 * 6. Wide tables: every table in <main> sits in a .table-responsive box, so on a phone it
 *    scrolls inside that box and the page itself never scrolls sideways. A box that does
 *    scroll becomes a focusable, labelled region (keyboard users scroll it with the arrow
 *    keys; WCAG 2.1.1); one that fits stays out of the tab order.
 * 7. .table-stack on a table: on a phone its rows become cards (static/css/portal.css); each
 *    cell gets data-label = its column's header, and the table keeps explicit table roles
 *    (a CSS display change would otherwise hide them from screen readers).
 * 8. Sizes computed on the server without style="" (the Content-Security-Policy forbids
 *    inline styles; setting them from this file is allowed): data-width="42.5" on a
 *    progress bar sets its width in percent, data-indent="2" indents a tree row by
 *    (2 + 1) rem.
 */
(function () {
  "use strict";

  var dialog, dialogText, dialogTitle, dialogOk, pending;

  function ensureDialog() {
    if (dialog) return dialog;
    var el = document.getElementById("confirm-dialog");
    if (!el || !window.bootstrap) return null;
    dialog = new window.bootstrap.Modal(el);
    dialogText = el.querySelector("[data-confirm-text]");
    dialogTitle = el.querySelector("[data-confirm-title]");
    dialogOk = el.querySelector("[data-confirm-ok]");
    dialogOk.addEventListener("click", function () {
      var job = pending;
      pending = null;
      dialog.hide();
      if (!job) return;
      job.form.dataset.confirmed = "1";
      if (job.submitter && job.form.requestSubmit) {
        job.form.requestSubmit(job.submitter);
      } else if (job.form.requestSubmit) {
        job.form.requestSubmit();
      } else {
        job.form.submit();
      }
    });
    el.addEventListener("hidden.bs.modal", function () {
      pending = null;
    });
    return dialog;
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      if (form.dataset.confirmed === "1") {
        delete form.dataset.confirmed;
        return;
      }
      var submitter = event.submitter || null;
      var source = submitter && submitter.dataset.confirm ? submitter : form;
      var text = source.dataset.confirm;
      if (!text) return;
      var modal = ensureDialog();
      if (!modal) {
        if (!window.confirm(text)) event.preventDefault();
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      pending = { form: form, submitter: submitter };
      dialogText.textContent = text;
      dialogTitle.textContent = source.dataset.confirmTitle || dialogTitle.dataset.default;
      dialogOk.textContent = source.dataset.confirmButton || dialogOk.dataset.default;
      dialogOk.className = "btn btn-" + (source.dataset.confirmVariant || "danger");
      modal.show();
    },
    true
  );

  function counterFor(field) {
    var id = field.id ? field.id + "_counter" : "";
    var counter = id ? document.getElementById(id) : null;
    if (counter) return counter;
    counter = document.createElement("div");
    counter.className = "form-text text-end length-counter";
    counter.setAttribute("aria-live", "polite");
    if (id) counter.id = id;
    field.insertAdjacentElement("afterend", counter);
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (id && described.indexOf(id) < 0) {
      described.push(id);
      field.setAttribute("aria-describedby", described.join(" "));
    }
    return counter;
  }

  function updateCounter(field) {
    var limit = parseInt(field.dataset.maxlength, 10);
    if (!limit) return;
    var used = field.value.length;
    var counter = counterFor(field);
    counter.textContent = used + " / " + limit;
    var over = used > limit;
    counter.classList.toggle("text-danger", over);
    counter.classList.toggle("fw-semibold", over);
    if (over) {
      counter.textContent += " · " + (counter.dataset.overText || "melebihi batas " + limit + " karakter");
    }
  }

  function initCounters(root) {
    (root || document).querySelectorAll("[data-maxlength]").forEach(updateCounter);
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field && field.dataset && field.dataset.maxlength) updateCounter(field);
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.dataset && "autosubmit" in field.dataset && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });

  document.addEventListener("DOMContentLoaded", function () {
    initCounters(document);
  });
  // Fragments swapped in by htmx get their counters too.
  document.addEventListener("htmx:afterSettle", function (event) {
    initCounters(event.target);
  });
  // 5. Wide tables scroll inside their own box.
  function regionLabel(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    // The nearest heading before the table, else the page's own heading.
    var node = box;
    while (node && node !== document.body) {
      var prev = node.previousElementSibling;
      while (prev) {
        var heading = /^H[1-6]$/.test(prev.tagName) ? prev : prev.querySelector && prev.querySelector("h1,h2,h3,h4,h5,h6");
        if (heading && heading.textContent.trim()) return heading.textContent.trim();
        prev = prev.previousElementSibling;
      }
      node = node.parentElement;
    }
    var h1 = document.querySelector("main h1");
    return h1 ? h1.textContent.trim() : document.title;
  }

  function markScrollRegions() {
    document.querySelectorAll("main .table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("data-scroll-region")) {
        box.setAttribute("data-scroll-region", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", regionLabel(box));
          box.setAttribute("data-scroll-label", "");
        }
      } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
        box.removeAttribute("data-scroll-region");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        if (box.hasAttribute("data-scroll-label")) {
          box.removeAttribute("aria-label");
          box.removeAttribute("data-scroll-label");
        }
      }
    });
  }

  function stackTable(table) {
    var headers = Array.prototype.map.call(
      table.querySelectorAll(":scope > thead > tr:first-child > th"),
      function (th) {
        // Only the visible name: a header that is there for screen readers only (e.g. over
        // a column of buttons) labels nothing on the card.
        var copy = th.cloneNode(true);
        copy.querySelectorAll(".visually-hidden").forEach(function (el) { el.remove(); });
        return copy.textContent.trim();
      }
    );
    table.setAttribute("role", "table");
    table.querySelectorAll(":scope > thead, :scope > tbody").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    table.querySelectorAll(":scope > thead > tr, :scope > tbody > tr").forEach(function (tr) {
      tr.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(tr.children, function (cell) {
        var inHead = tr.parentElement.tagName === "THEAD";
        if (cell.tagName === "TH") {
          cell.setAttribute("role", inHead ? "columnheader" : "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        if (!inHead && !cell.hasAttribute("data-label") && headers[column]) {
          cell.setAttribute("data-label", headers[column]);
        }
        column += parseInt(cell.getAttribute("colspan") || "1", 10);
      });
    });
  }

  function fitTables(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("table.table-stack").forEach(stackTable);
    if (scope.matches && scope.matches("table.table-stack")) stackTable(scope);
    var tables = Array.prototype.slice.call(scope.querySelectorAll("table"));
    if (scope.tagName === "TABLE") tables.push(scope);
    tables.forEach(function (table) {
      if (!table.closest("main")) return;
      var parent = table.parentElement;
      if (!parent || parent.classList.contains("table-responsive")) return;
      // A table nested in another table's cell scrolls with its outer table.
      if (parent.closest("td, th")) return;
      var box = document.createElement("div");
      box.className = "table-responsive";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollRegions();
  }

  document.addEventListener("DOMContentLoaded", function () {
    fitTables(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    fitTables(event.target);
  });
  var resizeTimer;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollRegions, 150);
  });
})();

/* 8. data-width and data-indent (see the header). */
(function () {
  "use strict";
  function applySizes(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var nodes = Array.prototype.slice.call(scope.querySelectorAll("[data-width], [data-indent]"));
    if (scope.matches && scope.matches("[data-width], [data-indent]")) nodes.push(scope);
    nodes.forEach(function (el) {
      var width = parseFloat(el.dataset.width);
      if (!isNaN(width)) el.style.width = Math.max(0, Math.min(100, width)) + "%";
      var indent = parseInt(el.dataset.indent, 10);
      if (!isNaN(indent)) el.style.paddingLeft = Math.max(0, indent) + 1 + "rem";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { applySizes(document); });
  } else {
    applySizes(document);
  }
  // Every element htmx swaps in (outerHTML swaps included).
  document.addEventListener("htmx:load", function (event) {
    applySizes(event.target);
  });
})();

/* 5. Filter of a long list of checkboxes: <input data-choice-filter="#box"> hides the
 *    [data-choice] rows of #box whose text does not contain what was typed (ticked rows
 *    stay visible, so nothing chosen disappears from sight). */
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field || !field.dataset || !field.dataset.choiceFilter) return;
    var box = document.querySelector(field.dataset.choiceFilter);
    if (!box) return;
    var query = field.value.trim().toLowerCase();
    box.querySelectorAll("[data-choice]").forEach(function (row) {
      var input = row.querySelector("input");
      var match = !query || row.textContent.toLowerCase().indexOf(query) >= 0;
      row.hidden = !(match || (input && input.checked));
    });
  });
})();
