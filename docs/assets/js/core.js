/* Shared widget machinery: guarded storage, mounting under instant navigation, strings, files. */
(() => {
  // Keys carry a namespace and a format version, so old or foreign data is never misread.
  const FORMAT = 1, EXPORT = "social-media-playbook", memory = {}, mounts = [], doc = document;
  let listeners = [], strings;
  const key = (kind, id) => `smp:v${FORMAT}:${kind}:${id}`,
    parse = text => { try { return { ok: true, value: JSON.parse(text) }; } catch (e) { return { ok: false }; } },
    // Any localStorage access can throw (blocked cookies, sandboxes): null means "not usable".
    storage = () => { try { const s = localStorage; s.setItem("smp:probe", 1); s.removeItem("smp:probe"); return s; } catch (e) { return null; } },
    t = (name, vars) => {
      if (!strings) { const n = doc.getElementById("smp-strings"), p = n ? parse(n.textContent) : {}; strings = p.value || {}; }
      return (strings[name] ?? name).replace(/\{(\w+)\}/g, (m, v) => vars && vars[v] !== undefined ? vars[v] : m);
    },
    // Text only ever goes in through textContent.
    h = (tag, attrs, kids) => {
      const el = doc.createElement(tag);
      for (const [n, v] of Object.entries(attrs || {})) {
        if (v == null || v === false) continue;
        if (n == "text") el.textContent = v;
        else if (n.startsWith("on")) el.addEventListener(n.slice(2), v);
        else el.setAttribute(n, v === true ? "" : v);
      }
      for (const c of kids || []) if (c) el.append(c);
      return el;
    },
    notice = (root, message, actions) => {
      let area = root.querySelector("[data-smp-notice]");
      if (!area) root.prepend(area = h("div", { class: "smp-notice", role: "status", "data-smp-notice": true }));
      area.textContent = message;
      for (const a of actions || []) area.append(" ", h("button", { type: "button", class: "md-button", onclick: a.run, text: a.label }));
      area.hidden = !message;
      return area;
    },
    readFile = (file, done) => {
      if (!file) return done(new Error("no file chosen"));
      const r = new FileReader();
      r.onload = () => done(null, String(r.result));
      r.onerror = () => done(r.error || new Error("the file could not be read"));
      r.readAsText(file);
    },
    unwrap = (text, kind, id) => {
      const p = parse(text), v = p.value, no = error => ({ ok: false, error: t(error, { id: v && v.kind + " " + v.id }) });
      if (!p.ok) return no("import.not_json");
      if (!v || v.format !== EXPORT || !v.data || typeof v.data != "object") return no("import.not_export");
      if (typeof v.format_version != "number" || v.format_version > FORMAT) return no("import.newer");
      return v.kind !== kind || v.id !== id ? no("import.other") : { ok: true, value: v };
    },
    // Each element is initialised once, however often the page signals a load.
    run = () => mounts.forEach(m => doc.querySelectorAll(m.s).forEach(el => {
      if (el.smpMounted) return;
      el.smpMounted = true;
      try { m.init(el); } catch (e) { console.error("playbook widget failed", e); }
    }));

  // One window listener serves every widget; those removed by instant navigation are dropped.
  addEventListener("storage", ev => {
    listeners = listeners.filter(l => l.el.isConnected);
    for (const l of listeners) if (ev.key === l.key) { const p = ev.newValue === null ? { ok: true, value: null } : parse(ev.newValue); if (p.ok) l.fn(p.value); }
  });

  window.Playbook = {
    parse, t, h, notice, readFile, unwrap,
    /** {value, status}: status is ok, empty, unavailable or corrupt. */
    load(kind, id) {
      const k = key(kind, id), s = storage();
      if (!s) return { value: memory[k] ?? null, status: "unavailable" };
      let raw;
      try { raw = s.getItem(k); } catch (e) { return { value: null, status: "unavailable" }; }
      if (raw === null) return { value: null, status: "empty" };
      const p = parse(raw);
      if (p.ok && p.value && typeof p.value == "object") return { value: p.value, status: "ok" };
      // Unreadable text is set aside under a side key, never destroyed.
      try { s.setItem(k + ":corrupt", raw); s.removeItem(k); } catch (e) { /* reported as corrupt below */ }
      return { value: null, status: "corrupt" };
    },
    /** Saves; false (value kept in memory) when storage is blocked or full. */
    save(kind, id, value) {
      const k = key(kind, id), s = storage();
      memory[k] = value;
      try { return !!s && (s.setItem(k, JSON.stringify(value)), true); } catch (e) { return false; }
    },
    remove(kind, id) {
      const k = key(kind, id), s = storage();
      delete memory[k];
      try { s && s.removeItem(k); } catch (e) { /* already reported as unavailable */ }
    },
    /** fn(value) when another tab changes this key. */
    watch: (kind, id, el, fn) => listeners.push({ key: key(kind, id), el, fn }),
    download(name, type, text) {
      const url = URL.createObjectURL(new Blob([text], { type })), a = h("a", { href: url, download: name });
      doc.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    /** RFC 4180 CSV. */
    csv: rows => rows.map(r => r.map(c => (c = String(c ?? ""), /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n") + "\r\n",
    // Every export shares one envelope (data/schema/export.schema.json), so imports can refuse the wrong file.
    envelope: (kind, id, version, data) => JSON.stringify({ format: EXPORT, format_version: FORMAT, kind, id, content_version: version, exported_at: new Date().toISOString(), data }, null, 2),
    /** [data-act=x] buttons call handlers.x(button); a file chosen in [data-import] goes to handlers.import(data), which returns false to refuse it. */
    act(root, handlers, kind, id) {
      root.addEventListener("click", e => { const b = e.target.closest("[data-act]"), f = b && handlers[b.dataset.act]; if (f) f(b); });
      root.addEventListener("change", e => {
        const input = e.target;
        if (input.matches("[data-import]")) readFile(input.files[0], (err, text) => {
          const u = err ? { error: err.message } : unwrap(text, kind, id);
          input.value = "";
          if (!u.ok || handlers.import(u.value.data) === false) notice(root, t("common.import_failed", { reason: u.error || t("import.not_export") }));
        });
      });
    },
    /** Explain a storage status other than ok; when blocked, offer the widget's export. */
    warn(root, status, exporter) {
      if (status == "unavailable") notice(root, t("storage.unavailable"), [{ label: t("storage.export"), run: exporter }]);
      if (status == "corrupt") notice(root, t("storage.corrupt"));
    },
    /** init(el) for every element matching s, now and after each instant navigation. */
    mount(s, init) { mounts.push({ s, init }); run(); }
  };
  if (window.document$) document$.subscribe(run);
  else doc.addEventListener("DOMContentLoaded", run);
})();
