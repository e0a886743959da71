/* Shared widget machinery. */
(() => {
  let listeners = [], strings;
  // Versioned keys: old data is never misread.
  const FORMAT = 1, EXPORT = "social-media-playbook", memory = {}, mounts = [],
    key = (kind, id) => `smp:v${FORMAT}:${kind}:${id}`,
    parse = text => { try { return JSON.parse(text); } catch { /* not JSON */ } },
    // A count of 1 takes the key's _one form, where there is one.
    t = (name, vars) => {
      strings ||= parse(document.getElementById("smp-strings")?.textContent) || {};
      return ((vars?.n ?? vars?.count) === 1 && strings[name + "_one"] || (strings[name] ?? name)).replace(/\{(\w+)\}/g, (m, v) => vars?.[v] ?? m);
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

  // Widgets gone with instant navigation stop listening. Read afresh: this tab may have written after the event's value.
  const follow = key => {
    listeners = listeners.filter(([, el]) => el.isConnected);
    for (const [k, , fn] of listeners) if (!key || key == k) {
      let v;
      try { v = parse(localStorage.getItem(k)); } catch { /* blocked since */ }
      if (v !== undefined) fn(v);
    }
  };
  addEventListener("storage", e => e.key && follow(e.key));
  // Back from the back-forward cache, a page has missed other tabs' writes.
  addEventListener("pageshow", e => e.persisted && follow());

  const P = window.Playbook = {
    parse, t, notice,
    /** {value, status}; status names trouble: corrupt (set aside) or unavailable (memory). */
    load(kind, id) {
      const k = key(kind, id);
      let s, raw, status;
      try { s = localStorage; raw = s.getItem(k); } catch { return { value: memory[k], status: "unavailable" }; }
      // Full storage still reads: show what it holds, but warn.
      try { s.setItem("smp:probe", 1); s.removeItem("smp:probe"); } catch { status = "unavailable"; }
      const v = parse(raw);
      if (raw === null || v instanceof Object) return { value: v, status };
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
      // CSV for spreadsheets: a UTF-8 BOM, and a ' before what would run as a formula.
      if (Array.isArray(body)) body = "\ufeff" + body.map(r => r.map(c => `"${String(c ?? "").replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""')}"`).join(",") + "\r\n").join("");
      const url = URL.createObjectURL(new Blob([body]));
      h("a", { href: url, download: name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 1e3);
    },
    // One envelope (export.schema.json) lets imports refuse wrong files.
    json: (name, kind, id, version, data) => P.file(name + ".json", JSON.stringify({ format: EXPORT, format_version: FORMAT, kind, id, content_version: version, exported_at: new Date().toISOString(), data }, null, 2)),
    /** [data-act=x] runs on.x(button); on.import(data, no) refuses with no(reason key) or returns apply() => notice. */
    act(root, on, kind, id, area = root) {
      on = { print, ...on };
      root.addEventListener("click", e => {
        const b = e.target.closest("[data-act]"), f = b && on[b.dataset.act];
        if (f && (!b.dataset.confirm || confirm(b.dataset.confirm))) f(b);
      });
      root.addEventListener("change", ({ target: input }) => {
        const file = input.matches("[data-import]") && input.files[0], no = (why, vars) => notice(area, t("common.import_failed", { reason: t("import." + why, vars) }));
        if (!file) return;
        input.value = "";
        file.text().then(text => {
          const v = parse(text),
            why = v === undefined ? "not_json" : v?.format != EXPORT || !(v.data instanceof Object) || !Number.isInteger(v.format_version) ? "not_export"
              : v.format_version > FORMAT ? "newer" : v.kind != kind || v.id != id ? "other" : "";
          if (why) return no(why, { id: v?.kind + " " + v?.id });
          // The widget checks the data first; only then may it replace what was typed, and only with a yes.
          const apply = on.import(v.data, no);
          if (apply && (!input.dataset.confirm || confirm(input.dataset.confirm))) notice(area, apply());
        }, () => no("unreadable"));
      });
    },
    /** init(el) once per element, also after instant navigation. */
    mount(s, init) { mounts.push([s, init]); run(); }
  };
  window.document$?.subscribe(run);
})();
