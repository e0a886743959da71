/* Shared widget machinery. */
(() => {
  let listeners = [], strings;
  // Versioned keys: old data is never misread.
  const FORMAT = 1, EXPORT = "social-media-playbook", memory = {}, mounts = [],
    key = (kind, id) => `smp:v${FORMAT}:${kind}:${id}`,
    parse = text => { try { return JSON.parse(text); } catch { /* not JSON */ } },
    t = (name, vars) => {
      strings ||= parse(document.getElementById("smp-strings")?.textContent) || {};
      return (strings[name] ?? name).replace(/\{(\w+)\}/g, (m, v) => vars?.[v] ?? m);
    },
    // Properties only, so text goes in as textContent.
    h = (tag, props) => Object.assign(document.createElement(tag), props),
    notice = (root, message, buttons = []) => {
      const area = root.querySelector("[data-smp-notice]");
      area.textContent = message;
      for (const [textContent, onclick] of buttons) area.append(" ", h("button", { type: "button", className: "md-button", textContent, onclick }));
      area.hidden = !message;
    },
    run = () => mounts.forEach(([s, init]) => document.querySelectorAll(s).forEach(el => {
      if (!el.smpMounted) try { el.smpMounted = 1; init(el); } catch (e) { console.error(e); }
    }));

  // Widgets gone with instant navigation stop listening.
  addEventListener("storage", e => {
    listeners = listeners.filter(([, el]) => el.isConnected);
    const v = parse(e.newValue);
    if (v !== undefined) for (const [k, , fn] of listeners) if (e.key == k) fn(v);
  });

  const P = window.Playbook = {
    parse, t, notice,
    /** {value, status}; status names trouble: corrupt (set aside) or unavailable (memory). */
    load(kind, id) {
      const k = key(kind, id);
      let s, raw;
      try { s = localStorage; s.setItem("smp:probe", 1); s.removeItem("smp:probe"); raw = s.getItem(k); } catch { return { value: memory[k], status: "unavailable" }; }
      const v = parse(raw);
      if (raw === null || v instanceof Object) return { value: v };
      try { s.setItem(k + ":corrupt", raw); s.removeItem(k); } catch { /* reported below */ }
      return { value: null, status: "corrupt" };
    },
    /** False (kept in memory) if storage fails. */
    save(kind, id, value) {
      const k = key(kind, id);
      memory[k] = value;
      try { localStorage.setItem(k, JSON.stringify(value)); return true; } catch { return false; }
    },
    remove(kind, id) {
      const k = key(kind, id);
      delete memory[k];
      try { localStorage.removeItem(k); } catch {}
    },
    /** Loads into set(), returns save(value); changed(value) follows other tabs. */
    store(root, kind, id, set, exporter, changed) {
      const l = P.load(kind, id), warn = status => status && notice(root, t("storage." + status), [[t("storage.export"), exporter]]);
      set(l.value);
      warn(l.status);
      if (changed) listeners.push([key(kind, id), root, changed]);
      return v => P.save(kind, id, v) || warn("unavailable");
    },
    file(name, body) {
      if (Array.isArray(body)) body = body.map(r => r.map(c => `"${String(c ?? "").replace(/"/g, '""')}"`).join(",") + "\r\n").join("");
      const url = URL.createObjectURL(new Blob([body]));
      h("a", { href: url, download: name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 1e3);
    },
    // One envelope (export.schema.json) lets imports refuse wrong files.
    json: (name, kind, id, version, data) => P.file(name + ".json", JSON.stringify({ format: EXPORT, format_version: FORMAT, kind, id, content_version: version, exported_at: new Date().toISOString(), data }, null, 2)),
    /** [data-act=x] runs on.x(button); on.import(data) returns a notice or refuses. */
    act(root, on, kind, id, area = root) {
      on = { print, ...on };
      root.addEventListener("click", e => {
        const b = e.target.closest("[data-act]"), f = b && on[b.dataset.act];
        if (f && (!b.dataset.confirm || confirm(b.dataset.confirm))) f(b);
      });
      root.addEventListener("change", ({ target: input }) => {
        const file = input.matches("[data-import]") && input.files[0], refuse = reason => notice(area, t("common.import_failed", { reason }));
        if (!file) return;
        input.value = "";
        file.text().then(text => {
          const v = parse(text),
            why = v === undefined ? "not_json" : v?.format != EXPORT || !(v.data instanceof Object) ? "not_export"
              : !(v.format_version <= FORMAT) ? "newer" : v.kind != kind || v.id != id ? "other" : "",
            done = !why && on.import(v.data);
          done ? notice(area, done) : refuse(t("import." + (why || "not_export"), { id: v?.kind + " " + v?.id }));
        }, () => refuse(t("import.unreadable")));
      });
    },
    /** init(el) once per element, also after instant navigation. */
    mount(s, init) { mounts.push([s, init]); run(); }
  };
  window.document$?.subscribe(run);
})();
