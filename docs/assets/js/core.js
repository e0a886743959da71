/* Shared widget machinery: guarded storage, mounting, strings, notices, files and buttons. */
(() => {
  // Keys carry a format version, so old or foreign data is never misread.
  let listeners = [], strings;
  const FORMAT = 1, EXPORT = "social-media-playbook", memory = {}, mounts = [], doc = document,
    TYPES = { json: "application/json", csv: "text/csv", md: "text/markdown", ics: "text/calendar" },
    key = (kind, id) => `smp:v${FORMAT}:${kind}:${id}`,
    // undefined when the text is not JSON.
    parse = text => { try { return JSON.parse(text); } catch (e) { /* undefined */ } },
    t = (name, vars) => {
      strings ||= parse(doc.getElementById("smp-strings")?.textContent) || {};
      return (strings[name] ?? name).replace(/\{(\w+)\}/g, (m, v) => vars?.[v] ?? m);
    },
    // Text only ever goes in through textContent.
    h = (tag, attrs) => {
      const el = doc.createElement(tag);
      for (const [n, v] of Object.entries(attrs)) n == "text" ? el.textContent = v : el.setAttribute(n, v);
      return el;
    },
    // actions: [label, run] pairs, shown as buttons.
    notice = (root, message, actions = []) => {
      let area = root.querySelector("[data-smp-notice]");
      if (!area) root.prepend(area = h("div", { class: "smp-notice", role: "status", "data-smp-notice": "" }));
      area.textContent = message;
      for (const [label, run] of actions) {
        const b = h("button", { type: "button", class: "md-button", text: label });
        b.onclick = run;
        area.append(" ", b);
      }
      area.hidden = !message;
    },
    // Each element is initialised once, however often the page signals a load.
    run = () => mounts.forEach(([s, init]) => doc.querySelectorAll(s).forEach(el => {
      if (el.smpMounted) return;
      el.smpMounted = true;
      try { init(el); } catch (e) { console.error("playbook widget failed", e); }
    }));

  // One listener serves every widget; those gone with instant navigation are dropped.
  addEventListener("storage", e => {
    listeners = listeners.filter(l => l.el.isConnected);
    const v = parse(e.newValue);
    if (v !== undefined) for (const l of listeners) if (e.key === l.key) l.fn(v);
  });

  const P = window.Playbook = {
    parse, t, h, notice,
    /** {value, status}: status is ok, empty, unavailable or corrupt. */
    load(kind, id) {
      const k = key(kind, id);
      let s, raw;
      // A failed probe means storage is blocked or full: use this visit's memory.
      try { s = localStorage; s.setItem("smp:probe", 1); s.removeItem("smp:probe"); raw = s.getItem(k); } catch (e) { return { value: memory[k] ?? null, status: "unavailable" }; }
      if (raw === null) return { value: null, status: "empty" };
      const v = parse(raw);
      if (v instanceof Object) return { value: v, status: "ok" };
      // Unreadable text is set aside, never destroyed.
      try { s.setItem(k + ":corrupt", raw); s.removeItem(k); } catch (e) { /* still corrupt */ }
      return { value: null, status: "corrupt" };
    },
    /** False (value kept in memory) when storage is blocked or full. */
    save(kind, id, value) {
      const k = key(kind, id);
      memory[k] = value;
      try { localStorage.setItem(k, JSON.stringify(value)); return true; } catch (e) { return false; }
    },
    remove(kind, id) {
      const k = key(kind, id);
      delete memory[k];
      try { localStorage.removeItem(k); } catch (e) { /* reported on load */ }
    },
    /** fn(value) when another tab changes this key. */
    watch: (kind, id, el, fn) => listeners.push({ key: key(kind, id), el, fn }),
    /** Loads into set(value), reports trouble, and returns save(value), which reports it too. */
    store(root, kind, id, set, exporter) {
      const l = P.load(kind, id);
      set(l.value);
      P.warn(root, l.status, exporter);
      return v => P.save(kind, id, v) || P.warn(root, "unavailable", exporter);
    },
    /** Offers the export when storage is unavailable or was corrupt. */
    warn(root, status, exporter) {
      if (status == "unavailable" || status == "corrupt") notice(root, t("storage." + status), [[t("storage.export"), exporter]]);
    },
    /** Downloads text, or rows as RFC 4180 CSV; the type follows the extension. */
    file(name, body) {
      if (Array.isArray(body)) body = body.map(r => r.map(c => (c = String(c ?? ""), /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n") + "\r\n";
      const url = URL.createObjectURL(new Blob([body], { type: TYPES[name.split(".").pop()] }));
      h("a", { href: url, download: name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 1e3);
    },
    // One envelope for every export (data/schema/export.schema.json), so imports can refuse the wrong file.
    json: (name, kind, id, version, data) => P.file(name + ".json", JSON.stringify({ format: EXPORT, format_version: FORMAT, kind, id, content_version: version, exported_at: new Date().toISOString(), data }, null, 2)),
    /** [data-act=x] runs on.x(button), after its data-confirm question; a [data-import] file goes to on.import(data), which returns the notice, or nothing to refuse. */
    act(root, on, kind, id, area = root) {
      on = { print: () => print(), ...on };
      root.addEventListener("click", e => {
        const b = e.target.closest("[data-act]"), f = b && on[b.dataset.act];
        if (f && (!b.dataset.confirm || confirm(b.dataset.confirm))) f(b);
      });
      root.addEventListener("change", ({ target: input }) => {
        const file = input.matches("[data-import]") && input.files[0], refuse = why => notice(area, t("common.import_failed", { reason: why }));
        if (!file) return;
        input.value = "";
        file.text().then(text => {
          const v = parse(text),
            why = v === undefined ? "not_json" : v?.format !== EXPORT || !(v.data instanceof Object) ? "not_export"
              : typeof v.format_version != "number" || v.format_version > FORMAT ? "newer" : v.kind !== kind || v.id !== id ? "other" : "",
            done = !why && on.import(v.data);
          done ? notice(area, done) : refuse(t("import." + (why || "not_export"), { id: v?.kind + " " + v?.id }));
        }, () => refuse(t("import.unreadable")));
      });
    },
    /** init(el) for every element matching s, now and after each instant navigation. */
    mount(s, init) { mounts.push([s, init]); run(); }
  };
  if (window.document$) document$.subscribe(run);
  else doc.addEventListener("DOMContentLoaded", run);
})();
