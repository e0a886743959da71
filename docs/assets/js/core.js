/* Shared widget machinery: guarded storage, mounting under instant navigation, strings, files. */
(function () {
  "use strict";
  // Keys carry a namespace and a format version so that old or foreign data is never misread.
  var NS = "smp", FORMAT = 1;
  var memory = {};
  var listeners = [];

  function key(kind, id) { return NS + ":v" + FORMAT + ":" + kind + ":" + id; }

  // Any access to localStorage can throw (blocked cookies, sandboxed frames); null means "not usable".
  function storage() {
    try {
      var s = window.localStorage, probe = NS + ":probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) { return null; }
  }

  function parse(text) {
    try { return { ok: true, value: JSON.parse(text) }; } catch (e) { return { ok: false, error: e.message }; }
  }

  /** Read a saved value: {value, status} where status is "ok", "empty", "unavailable" or "corrupt". */
  function load(kind, id) {
    var k = key(kind, id), s = storage(), raw = null;
    if (!s) return { value: memory[k] === undefined ? null : memory[k], status: "unavailable" };
    try { raw = s.getItem(k); } catch (e) { return { value: null, status: "unavailable" }; }
    if (raw === null) return { value: null, status: "empty" };
    var p = parse(raw);
    if (p.ok && p.value && typeof p.value === "object") return { value: p.value, status: "ok" };
    // Keep the unreadable text under a side key instead of destroying it.
    try { s.setItem(k + ":corrupt", raw); s.removeItem(k); } catch (e) { /* nothing more we can do */ }
    return { value: null, status: "corrupt" };
  }

  /** Save a value; returns false (and keeps it in memory) when storage is blocked or full. */
  function save(kind, id, value) {
    var k = key(kind, id), s = storage();
    memory[k] = value;
    if (!s) return false;
    try { s.setItem(k, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  function remove(kind, id) {
    var k = key(kind, id), s = storage();
    delete memory[k];
    if (s) { try { s.removeItem(k); } catch (e) { /* already reported as unavailable */ } }
  }

  /** Call fn(value) when another tab changes this key; one window listener serves all widgets. */
  function watch(kind, id, el, fn) {
    listeners.push({ key: key(kind, id), el: el, fn: fn });
  }
  window.addEventListener("storage", function (event) {
    // Drop listeners of widgets that instant navigation has removed from the page.
    listeners = listeners.filter(function (l) { return l.el.isConnected; });
    listeners.forEach(function (l) {
      if (event.key !== l.key) return;
      var p = event.newValue === null ? { ok: true, value: null } : parse(event.newValue);
      if (p.ok) l.fn(p.value);
    });
  });

  var strings = null;
  /** A UI string from data/strings, with {name} placeholders filled from vars. */
  function t(name, vars) {
    if (strings === null) {
      var node = document.getElementById("smp-strings");
      var p = node ? parse(node.textContent) : { ok: false };
      strings = p.ok && p.value ? p.value : {};
    }
    var text = strings[name] === undefined ? name : strings[name];
    return text.replace(/\{(\w+)\}/g, function (m, v) { return vars && vars[v] !== undefined ? String(vars[v]) : m; });
  }

  /** Build an element; text always goes in through textContent. */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var v = attrs[name];
      if (v === null || v === undefined || v === false) return;
      if (name === "text") el.textContent = v;
      else if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), v);
      else el.setAttribute(name, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { if (c) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return el;
  }

  /** The JSON a template put in <script type="application/json"> inside root, or null. */
  function data(root, selector) {
    var node = root.querySelector(selector || "script[type='application/json']");
    var p = node ? parse(node.textContent) : { ok: false };
    return p.ok ? p.value : null;
  }

  /** Offer text as a file download; nothing leaves the browser. */
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = h("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /** Read a user-chosen file as text; calls back with (error, text). */
  function readFile(file, done) {
    if (!file) return done(new Error("no file chosen"));
    var reader = new FileReader();
    reader.onload = function () { done(null, String(reader.result)); };
    reader.onerror = function () { done(reader.error || new Error("the file could not be read")); };
    reader.readAsText(file);
  }

  /** Show a message in a widget's notice area (role=status, so screen readers hear it). */
  function notice(root, message, actions) {
    var area = root.querySelector("[data-smp-notice]");
    if (!area) {
      area = h("div", { class: "smp-notice", role: "status", "data-smp-notice": true });
      root.insertBefore(area, root.firstChild);
    }
    area.textContent = message;
    (actions || []).forEach(function (a) {
      area.appendChild(document.createTextNode(" "));
      area.appendChild(h("button", { type: "button", class: "md-button", onclick: a.run, text: a.label }));
    });
    area.hidden = !message;
    return area;
  }

  /** Rows of cells as CSV text (RFC 4180 quoting). */
  function csv(rows) {
    return rows.map(function (row) {
      return row.map(function (c) {
        c = c === null || c === undefined ? "" : String(c);
        return /[",\r\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c;
      }).join(",");
    }).join("\r\n") + "\r\n";
  }

  // Every export shares one envelope (data/schema/export.schema.json) so imports can refuse the wrong file.
  var EXPORT = "social-media-playbook";
  function envelope(kind, id, version, body) {
    return JSON.stringify({ format: EXPORT, format_version: FORMAT, kind: kind, id: id, content_version: version, exported_at: new Date().toISOString(), data: body }, null, 2);
  }

  /** Check imported text: {ok, value} with the envelope, or {ok: false, error} saying what is wrong. */
  function unwrap(text, kind, id) {
    var p = parse(text), v = p.value;
    if (!p.ok) return { ok: false, error: t("import.not_json") };
    if (!v || v.format !== EXPORT || typeof v.data !== "object" || v.data === null) return { ok: false, error: t("import.not_export") };
    if (typeof v.format_version !== "number" || v.format_version > FORMAT) return { ok: false, error: t("import.newer") };
    if (v.kind !== kind || v.id !== id) return { ok: false, error: t("import.other", { id: v.kind + " " + v.id }) };
    return { ok: true, value: v };
  }

  /** [data-act=name] buttons call handlers[name](button); a file chosen in [data-import] that is an export of kind/id goes to handlers.import(data), which returns false to refuse it. */
  function act(root, handlers, kind, id) {
    root.addEventListener("click", function (e) {
      var b = e.target.closest("[data-act]"), f = b && handlers[b.getAttribute("data-act")];
      if (f) f(b);
    });
    root.addEventListener("change", function (e) {
      var input = e.target;
      if (input.matches("[data-import]")) readFile(input.files[0], function (err, text) {
        var u = err ? { error: err.message } : unwrap(text, kind, id);
        input.value = "";
        // A handler returns false when the data inside a valid envelope has the wrong shape.
        if (!u.ok || handlers.import(u.value.data) === false) notice(root, t("common.import_failed", { reason: u.error || t("import.not_export") }));
      });
    });
  }

  /** Explain a storage status other than "ok"; when blocked, offer the widget's export. */
  function warn(root, status, exporter) {
    if (status === "unavailable") notice(root, t("storage.unavailable"), [{ label: t("storage.export"), run: exporter }]);
    if (status === "corrupt") notice(root, t("storage.corrupt"));
  }

  var mounts = [];
  /** Register init(el) for every element matching selector, now and after each instant navigation. */
  function mount(selector, init) {
    mounts.push({ selector: selector, init: init });
    run();
  }
  // Each element is initialised once, however often the page signals a load.
  function run() {
    mounts.forEach(function (m) {
      document.querySelectorAll(m.selector).forEach(function (el) {
        if (el.smpMounted) return;
        el.smpMounted = true;
        try { m.init(el); } catch (e) { if (window.console) console.error("playbook widget failed", e); }
      });
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
  else document.addEventListener("DOMContentLoaded", run);

  window.Playbook = {
    key: key, load: load, save: save, remove: remove, watch: watch, parse: parse,
    t: t, h: h, data: data, download: download, readFile: readFile, notice: notice, mount: mount,
    csv: csv, envelope: envelope, unwrap: unwrap, act: act, warn: warn
  };
})();
