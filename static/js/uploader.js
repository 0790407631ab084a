/*
 * ZI Portal uploader: multi-file drag-and-drop + file picker, one XMLHttpRequest and one
 * Bootstrap progress bar per file. No dependencies; htmx is used when present.
 *
 * Markup (templates/files/_uploader.html renders it):
 *   <div data-uploader data-url="/upload/url/" data-field="file"
 *        data-refresh="evidence-list"            optional: id of an element with hx-get
 *        data-limits='{"pdf": 26214400, ...}'    optional: max bytes per extension
 *        data-messages='{...}'                   optional: translated texts (see TEXTS)
 *        data-extra="requirement">               optional: ids of controls sent along
 *   </div>
 *
 * Each file is POSTed alone as multipart field `data-field` with the CSRF token from
 * <meta name="csrf-token">. A 2xx answer dispatches `uploader:done` on the zone
 * (bubbles; detail = the parsed JSON answer) and reloads the `data-refresh` element
 * once the batch has finished. A 4xx/5xx answer shows `error.message` of the JSON body
 * ({"error": {"message": ...}}) under the file and dispatches `uploader:error`
 * (detail = {file, status, message}).
 */
(function () {
  "use strict";

  if (window.ZIUploader) {
    return;
  }

  var TEXTS = {
    done: "Selesai",
    failed: "Gagal",
    cancel: "Batal",
    cancelled: "Dibatalkan",
    waiting: "Menunggu…",
    uploading: "Mengunggah",
    network: "Koneksi terputus sebelum unggahan selesai. Coba lagi.",
    forbidden: "Anda tidak berwenang mengunggah di sini, atau sesi telah berakhir. Muat ulang halaman.",
    tooLargeServer: "Berkas terlalu besar untuk diterima server.",
    generic: "Unggahan gagal (kode %s). Coba lagi.",
    tooLarge: "Berkas terlalu besar (%s); batasnya %s.",
    empty: "Berkas kosong (0 bita) tidak dapat diunggah."
  };
  var MAX_PARALLEL = 3;

  function format(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/%s/g, function () { return String(args.shift()); });
  }

  function formatSize(bytes) {
    var units = ["bita", "KB", "MB", "GB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    var digits = unit === 0 ? 0 : 1;
    return new Intl.NumberFormat(document.documentElement.lang || "id", {
      maximumFractionDigits: digits
    }).format(value) + "\u00a0" + units[unit];
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function parseJSON(text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  }

  function Uploader(zone) {
    this.zone = zone;
    this.url = zone.getAttribute("data-url");
    this.field = zone.getAttribute("data-field") || "file";
    this.refreshId = zone.getAttribute("data-refresh");
    this.limits = parseJSON(zone.getAttribute("data-limits") || "") || {};
    this.texts = Object.assign({}, TEXTS, parseJSON(zone.getAttribute("data-messages") || "") || {});
    this.queue = [];
    this.active = 0;
    this.succeeded = 0;
    this.setUp();
  }

  Uploader.prototype.setUp = function () {
    var self = this;
    var zone = this.zone;

    // The zone behaves as a button: focusable, Enter/Space open the picker.
    if (!zone.hasAttribute("role")) zone.setAttribute("role", "button");
    if (!zone.hasAttribute("tabindex")) zone.setAttribute("tabindex", "0");

    this.input = zone.querySelector("input[type=file]");
    if (!this.input) {
      this.input = document.createElement("input");
      this.input.type = "file";
      this.input.multiple = true;
      this.input.className = "d-none";
      this.input.tabIndex = -1;
      this.input.setAttribute("aria-hidden", "true");
      zone.appendChild(this.input);
    }
    // The list lives outside the zone so clicking a progress bar does not open the picker.
    var listId = zone.getAttribute("data-list");
    this.list = listId ? document.getElementById(listId) : null;
    if (!this.list) {
      this.list = document.createElement("ul");
      this.list.className = "list-unstyled mt-2 mb-0 zi-uploader-list";
      this.list.setAttribute("aria-live", "polite");
      zone.insertAdjacentElement("afterend", this.list);
    }

    zone.addEventListener("click", function (event) {
      if (event.target !== self.input) self.input.click();
    });
    zone.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        self.input.click();
      }
    });
    this.input.addEventListener("click", function (event) { event.stopPropagation(); });
    this.input.addEventListener("change", function () {
      self.addFiles(self.input.files);
      self.input.value = "";  // choosing the same file again fires change again
    });

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
        zone.classList.add("zi-uploader-over", "border-primary", "bg-primary-subtle");
      });
    });
    ["dragleave", "dragend"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        if (!zone.contains(event.relatedTarget)) {
          zone.classList.remove("zi-uploader-over", "border-primary", "bg-primary-subtle");
        }
      });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("zi-uploader-over", "border-primary", "bg-primary-subtle");
      if (event.dataTransfer && event.dataTransfer.files) self.addFiles(event.dataTransfer.files);
    });
  };

  Uploader.prototype.addFiles = function (files) {
    for (var i = 0; i < files.length; i += 1) {
      var item = this.renderItem(files[i]);
      var refusal = this.precheck(files[i]);
      if (refusal) {
        this.fail(item, files[i], 0, refusal);
        continue;
      }
      this.queue.push({ file: files[i], item: item });
    }
    this.pump();
  };

  // Only what the browser can tell cheaply, to spare a long upload that would be refused;
  // the server decides everything else (type by content, names, viruses).
  Uploader.prototype.precheck = function (file) {
    if (file.size === 0) return this.texts.empty;
    var limit = this.limits[extensionOf(file.name)];
    if (limit && file.size > limit) {
      return format(this.texts.tooLarge, formatSize(file.size), formatSize(limit));
    }
    return null;
  };

  Uploader.prototype.renderItem = function (file) {
    var li = document.createElement("li");
    li.className = "zi-upload-item border rounded p-2 mb-2";

    var head = document.createElement("div");
    head.className = "d-flex align-items-center gap-2 small mb-1";
    var name = document.createElement("span");
    name.className = "text-truncate fw-semibold flex-grow-1";
    name.textContent = file.name;
    name.title = file.name;
    var size = document.createElement("span");
    size.className = "text-muted text-nowrap";
    size.textContent = formatSize(file.size);
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "btn btn-sm btn-link p-0 zi-upload-cancel";
    cancel.textContent = this.texts.cancel;
    head.appendChild(name);
    head.appendChild(size);
    head.appendChild(cancel);

    var progress = document.createElement("div");
    progress.className = "progress";
    progress.setAttribute("role", "progressbar");
    progress.setAttribute("aria-label", this.texts.uploading + " " + file.name);
    progress.setAttribute("aria-valuemin", "0");
    progress.setAttribute("aria-valuemax", "100");
    progress.setAttribute("aria-valuenow", "0");
    var bar = document.createElement("div");
    bar.className = "progress-bar progress-bar-striped progress-bar-animated";
    bar.style.width = "0%";
    progress.appendChild(bar);

    var status = document.createElement("div");
    status.className = "small mt-1 text-muted zi-upload-status";
    status.textContent = this.texts.waiting;

    li.appendChild(head);
    li.appendChild(progress);
    li.appendChild(status);
    this.list.appendChild(li);
    var self = this;
    var item = { li: li, progress: progress, bar: bar, status: status, cancel: cancel, xhr: null };
    cancel.addEventListener("click", function () {
      if (item.xhr) {
        item.xhr.abort();  // reported by the request's abort event
      } else {
        self.fail(item, file, 0, self.texts.cancelled);
      }
    });
    return item;
  };

  Uploader.prototype.setProgress = function (item, percent) {
    item.bar.style.width = percent + "%";
    item.progress.setAttribute("aria-valuenow", String(percent));
  };

  Uploader.prototype.pump = function () {
    while (this.active < MAX_PARALLEL && this.queue.length) {
      var next = this.queue.shift();
      if (next.item.cancelled) continue;
      this.active += 1;
      this.send(next.file, next.item);
    }
    if (this.active === 0 && this.queue.length === 0 && this.succeeded) {
      this.succeeded = 0;
      this.refresh();
    }
  };

  Uploader.prototype.send = function (file, item) {
    var self = this;
    var xhr = new XMLHttpRequest();
    item.xhr = xhr;
    var data = new FormData();
    data.append(this.field, file, file.name);
    // data-extra: ids of form controls (comma-separated) whose name=value go along,
    // e.g. the checklist document an upload is meant for.
    (this.zone.getAttribute("data-extra") || "").split(",").forEach(function (id) {
      var control = id.trim() && document.getElementById(id.trim());
      if (control && control.name && control.value) data.append(control.name, control.value);
    });

    xhr.open("POST", this.url);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.setRequestHeader("Accept", "application/json");
    item.status.textContent = this.texts.uploading + "…";

    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        self.setProgress(item, Math.min(99, Math.round((event.loaded / event.total) * 100)));
      }
    });
    xhr.addEventListener("load", function () {
      var body = parseJSON(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        self.succeed(item, body);
      } else {
        self.fail(item, file, xhr.status, self.messageFor(xhr.status, body));
      }
      self.finished();
    });
    xhr.addEventListener("error", function () {
      self.fail(item, file, 0, self.texts.network);
      self.finished();
    });
    xhr.addEventListener("abort", function () {
      self.fail(item, file, 0, self.texts.cancelled);
      self.finished();
    });
    xhr.send(data);
  };

  Uploader.prototype.messageFor = function (status, body) {
    if (body && body.error && body.error.message) return body.error.message;
    if (status === 413) return this.texts.tooLargeServer;
    if (status === 401 || status === 403) return this.texts.forbidden;
    return format(this.texts.generic, status);
  };

  Uploader.prototype.finished = function () {
    this.active -= 1;
    this.pump();
  };

  Uploader.prototype.succeed = function (item, body) {
    this.succeeded += 1;
    this.setProgress(item, 100);
    item.bar.classList.remove("progress-bar-striped", "progress-bar-animated");
    item.bar.classList.add("bg-success");
    item.status.className = "small mt-1 text-success zi-upload-status";
    item.status.textContent = this.texts.done;
    item.cancel.remove();
    item.li.setAttribute("data-upload-state", "done");
    this.zone.dispatchEvent(new CustomEvent("uploader:done", { bubbles: true, detail: body }));
  };

  Uploader.prototype.fail = function (item, file, status, message) {
    item.cancelled = true;
    item.bar.classList.remove("progress-bar-striped", "progress-bar-animated");
    item.bar.classList.add("bg-danger");
    item.bar.style.width = "100%";
    item.status.className = "small mt-1 text-danger zi-upload-status";
    item.status.setAttribute("role", "alert");
    item.status.textContent = this.texts.failed + ": " + message;
    item.cancel.remove();
    item.li.setAttribute("data-upload-state", "error");
    this.zone.dispatchEvent(new CustomEvent("uploader:error", {
      bubbles: true,
      detail: { file: file, status: status, message: message }
    }));
  };

  Uploader.prototype.refresh = function () {
    if (!this.refreshId) return;
    var target = document.getElementById(this.refreshId);
    if (!target || !window.htmx) return;
    var url = target.getAttribute("hx-get") || target.getAttribute("data-hx-get");
    if (url) window.htmx.ajax("GET", url, { source: target });
  };

  function initAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var zones = scope.querySelectorAll("[data-uploader]");
    if (scope.matches && scope.matches("[data-uploader]")) zones = [scope].concat(Array.from(zones));
    Array.prototype.forEach.call(zones, function (zone) {
      if (!zone.ziUploader) zone.ziUploader = new Uploader(zone);
    });
  }

  window.ZIUploader = { init: initAll, formatSize: formatSize };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
  // Zones that arrive in htmx swaps come alive too.
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
})();
