/* ZI Portal: search-as-you-type pickers (apps/core/pickers.py renders them, issue 12).
 *
 * A field that could offer thousands of units or people is rendered as
 *   <div data-picker data-picker-url="…"> <input role="combobox"> <ul role="listbox">
 *   <input type="hidden" data-picker-value> <div data-picker-status> </div>
 * Typing (at least 2 characters, 250 ms after the last key) asks the URL with ?q=…
 * (plus data-picker-depends: {"param": "id of another field"}) and lists the answer, at
 * most 20 rows; ArrowDown/ArrowUp move through them, Enter or a click chooses one, Escape
 * closes the list. Typing again empties the value until a row is chosen, so what is sent
 * is always a row the server offered. Messages come from the data-text-* attributes
 * (translated in the template). No inline code: the Content-Security-Policy forbids it.
 */
(function () {
  "use strict";
  var DELAY = 250;
  var MIN = 2;

  function say(box, name, values) {
    var message = box.dataset["text" + name] || "";
    Object.keys(values || {}).forEach(function (key) {
      message = message.replace("%(" + key + ")s", values[key]);
    });
    return message;
  }

  function setup(box) {
    if (box.dataset.pickerReady) return;
    box.dataset.pickerReady = "1";
    var input = box.querySelector("[data-picker-input]");
    var hidden = box.querySelector("[data-picker-value]");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[data-picker-status]");
    var depends = box.dataset.pickerDepends ? JSON.parse(box.dataset.pickerDepends) : {};
    var timer = null;
    var controller = null;
    var asked = 0;
    var active = -1;

    function tell(message) {
      status.textContent = message;
    }
    function options() {
      return list.querySelectorAll("[role=option]");
    }
    function show(open) {
      var opening = open && list.hidden;
      list.hidden = !open;
      // On a phone the list may open below the fold (or under the keyboard): bring it up.
      if (opening && list.scrollIntoView) list.scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) {
        active = -1;
        input.removeAttribute("aria-activedescendant");
      }
    }
    function highlight(index) {
      var rows = options();
      if (!rows.length) return;
      show(true);
      active = (index + rows.length) % rows.length;
      rows.forEach(function (row, i) {
        row.classList.toggle("active", i === active);
        row.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", rows[active].id);
      rows[active].scrollIntoView({ block: "nearest" });
    }
    function choose(row) {
      hidden.value = row.dataset.value;
      input.value = row.dataset.label;
      show(false);
      tell(say(box, "Chosen", { label: row.dataset.label }));
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function reset(message) {
      hidden.value = "";
      list.textContent = "";
      show(false);
      tell(message);
    }
    function render(data) {
      var results = data.results || [];
      list.textContent = "";
      results.forEach(function (result, i) {
        var row = document.createElement("li");
        row.id = input.id + "_option" + i;
        row.className = "list-group-item picker-option";
        row.setAttribute("role", "option");
        row.setAttribute("aria-selected", "false");
        row.dataset.value = result.value;
        row.dataset.label = result.label;
        row.textContent = result.label;
        if (result.group) {
          var group = document.createElement("span");
          group.className = "picker-group";
          group.textContent = result.group;
          row.appendChild(group);
        }
        list.appendChild(row);
      });
      show(results.length > 0);
      if (!results.length) {
        tell(say(box, "None"));
      } else {
        tell(say(box, "Count", { n: results.length }) + (data.more ? " " + say(box, "More") : ""));
      }
    }
    function ask() {
      var text = input.value.trim();
      if (text.length < MIN) {
        reset(say(box, "Short"));
        return;
      }
      var url = new URL(box.dataset.pickerUrl, window.location.href);
      url.searchParams.set("q", text);
      Object.keys(depends).forEach(function (param) {
        var other = document.getElementById(depends[param]);
        if (other) url.searchParams.set(param, other.value);
      });
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var mine = ++asked;
      tell(say(box, "Loading"));
      fetch(url.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.json().then(
            function (data) { return { ok: response.ok, data: data }; },
            function () { return { ok: false, data: {} }; }
          );
        })
        .then(function (answer) {
          if (mine !== asked) return;  // a later search is on its way
          if (answer.ok) {
            render(answer.data);
          } else {
            reset(answer.data.error || say(box, "Error"));
          }
        })
        .catch(function (error) {
          if (error.name !== "AbortError" && mine === asked) reset(say(box, "Error"));
        });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var rows = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!rows.length) return;
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden) {
        // Enter chooses; it never submits the form with a half-typed name.
        event.preventDefault();
        if (active >= 0) choose(rows[active]);
        else if (rows.length === 1) choose(rows[0]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        show(false);
      }
    });
    input.addEventListener("blur", function () {
      show(false);
      if (!hidden.value && input.value.trim()) tell(say(box, "Unchosen"));
    });
    // mousedown keeps the focus in the input, so the list is still there for the click.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var row = event.target.closest("[role=option]");
      if (row) choose(row);
    });
    Object.keys(depends).forEach(function (param) {
      var other = document.getElementById(depends[param]);
      if (!other) return;
      other.addEventListener("change", function () {
        input.value = "";
        reset(say(box, "Short"));
      });
    });
  }

  function setupAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("[data-picker]").forEach(setup);
    if (scope.matches && scope.matches("[data-picker]")) setup(scope);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  } else {
    setupAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    setupAll(event.target);
  });
})();
