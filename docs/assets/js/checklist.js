/* Checklists: saved per unit, so all pages agree. */
(() => {
  const P = Playbook, K = "checklist", T = (k, v) => P.t(K + "." + k, v), all = (r, s) => [...r.querySelectorAll(s)],
    // The local day, or the week's Monday.
    period = (rec, back) => {
      const d = new Date();
      d.setDate(d.getDate() - (rec == "weekly" ? (d.getDay() + 6) % 7 + 7 * back : back));
      return rec == "none" ? "" : new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 10);
    };
  // Closed details print empty.
  addEventListener("beforeprint", () => all(document, "[data-filled]").forEach(d => d.open = true));

  P.mount("[data-checklist]", root => {
    const id = root.dataset.checklist, file = id.replace("/", "-"), units = all(root, "[data-unit]"), items = all(root, "[data-item]"), S = {}, save = {},
      prog = root.querySelector("[data-checklist-progress]"), hist = root.querySelector("[data-history]"), rec = root.dataset.recurrence,
      key = el => el.closest("[data-unit]").dataset.unit, box = li => li.querySelector("input"), text = li => li.querySelector("label").textContent,
      val = li => S[key(li)].items[li.dataset.item] || {},
      // Known fields only, and item entries that are plain objects (a list would save as []): odd data never blocks a tick.
      set = (k, v) => S[k] = { period: v?.period, history: v?.history, items: Object.fromEntries(Object.entries(v?.items ?? {}).filter(e => e[1]?.constructor == Object)) },
      json = () => P.json(file, K, id, 1, { units: S }),
      // A new period clears ticks only.
      roll = () => units.forEach(u => {
        const r = S[key(u)], p = period(u.dataset.recurrence, 0);
        if (p && r.period != p) { r.period = p; for (const i of Object.values(r.items)) delete i.done; }
      }),
      sum = i => units.reduce((n, u) => n + (S[key(u)].history?.[period(rec, i)] || 0), 0),
      render = () => {
        roll();
        items.forEach(li => {
          const v = val(li);
          box(li).checked = !!v.done;
          all(li, "[data-f]").forEach(f => f.value = v[f.dataset.f] || "");
          li.querySelector("details").toggleAttribute("data-filled", !!(v.note || v.owner || v.due));
        });
        const total = items.length, done = items.filter(li => box(li).checked).length;
        prog.dataset.done = prog.firstElementChild.value = done;
        prog.lastElementChild.textContent = T("done", { done, total });
        if (!hist) return;
        // Today counts once complete.
        let n = 0, i = sum(0) < total ? 1 : 0;
        while (i < 999 && sum(i++) >= total) n++;
        hist.firstElementChild.textContent = T("streak_" + rec, { n });
        all(hist, "li").forEach((li, i) => li.textContent = T("period", { period: period(rec, i), done: sum(i), total }));
      },
      rows = () => items.map(li => { const v = val(li); return [li.parentNode.dataset.title, li.dataset.item, text(li), v.done ? "x" : "", v.owner, v.due, v.note]; });

    // Entries of removed items are kept.
    let lost = 0;
    units.forEach(u => {
      const k = key(u);
      save[k] = P.store(root, K, k, v => set(k, v), json, v => { set(k, v); render(); });
      lost += Object.keys(S[k].items).filter(i => !items.some(li => li.dataset.item == i)).length;
    });
    if (lost) P.notice(root, T("orphans", { n: lost }));
    render();

    // A page left open into a new period starts it too.
    const tick = setInterval(() => root.isConnected ? units.some(u => { const p = period(u.dataset.recurrence, 0); return p && p != S[key(u)].period; }) && render() : clearInterval(tick), 6e4);

    // Ticks also feed this period's history (items still in the list only).
    root.addEventListener("input", e => {
      const li = e.target.closest("[data-item]"), f = e.target.dataset.f;
      if (!li) return;
      roll();
      const k = key(li), r = S[k], p = r.period, h = p && (r.history ||= {});
      (r.items[li.dataset.item] ||= {})[f || "done"] = f ? e.target.value : e.target.checked;
      if (p) h[p] = items.filter(i => key(i) == k && r.items[i.dataset.item]?.done).length, Object.keys(h).sort().slice(0, -60).forEach(q => delete h[q]);
      save[k](r);
      render();
    });
    P.act(root, {
      json,
      csv: () => P.file(file + ".csv", [T("columns").split("|"), ...rows()]),
      md: () => {
        let s = "# " + root.dataset.title + "\n", sec;
        for (let [t, , x, done, ...more] of rows()) {
          if (t != sec) s += `\n## ${sec = t}\n\n`;
          more = ["owner", "due", "note"].map((k, i) => more[i] && T(k) + ": " + more[i]).filter(Boolean).join("; ");
          // Note lines stay inside their item.
          s += `- [${done || " "}] ${x}${more && ` (${more})`}\n`.replace(/\n(?!$)/g, "\n  ");
        }
        P.file(file + ".md", s);
      },
      plan: () => {
        const n = items.filter(li => !box(li).checked && P.addAction({ text: text(li), href: location.pathname + "#" + box(li).id, source: K + ":" + li.dataset.item, owner: val(li).owner, due: val(li).due })).length;
        P.notice(root, P.t("actions.added", { n }), [[P.t("actions.open"), () => location.href = root.dataset.plan]]);
      },
      import: (d, no) => d.units instanceof Object ? () => {
        units.forEach(u => { const k = key(u); if (d.units[k]) save[k](set(k, d.units[k])); });
        render();
        return T("imported");
      } : no("not_export"),
      // The history stays.
      reset: () => { units.forEach(u => { const k = key(u); save[k](set(k, { history: S[k].history, period: S[k].period })); }); render(); }
    }, K, id);
  });
})();
