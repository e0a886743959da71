/* Checklists: ticks, notes, owners and due dates, saved per unit (an element's items or a checklist's own) so every page agrees. */
(() => {
  const P = Playbook, K = "checklist", all = (r, s) => [...r.querySelectorAll(s)];
  // A period is a local day, or the Monday of a week; back counts periods into the past.
  const period = (rec, back) => {
    const d = new Date();
    d.setDate(d.getDate() - (rec == "weekly" ? (d.getDay() + 6) % 7 + 7 * back : back));
    return rec == "none" ? "" : new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 10);
  };
  // Closed notes would print empty, so open the filled ones.
  addEventListener("beforeprint", () => all(document, "details[data-filled]").forEach(d => d.open = true));

  P.mount("[data-checklist]", root => {
    const id = root.dataset.checklist, units = all(root, "[data-unit]"), items = all(root, "[data-item]"), S = {},
      prog = root.querySelector("[data-checklist-progress]"), hist = root.querySelector("[data-history]"),
      unit = el => el.closest("[data-unit]"), rec = el => S[unit(el).dataset.unit],
      val = li => rec(li).items[li.dataset.item] || {}, box = li => li.querySelector("[data-item-check]");
    const set = (u, v) => S[u] = v && v.items && typeof v.items == "object" ? v : { items: {} };
    const json = () => P.download(id.replace("/", "-") + ".json", "application/json", P.envelope(K, id, 1, { units: S }));
    const store = u => P.save(K, u.dataset.unit, S[u.dataset.unit]) || P.warn(root, "unavailable", json);
    // A new period clears a recurring unit's ticks; notes, owners, dates and history stay.
    const roll = () => units.forEach(u => {
      const r = S[u.dataset.unit], p = period(u.dataset.recurrence, 0);
      if (p && r.period != p) { r.period = p; Object.values(r.items).forEach(i => delete i.done); }
    });
    // Show the state: inputs, progress, and for recurring checklists the last periods and the streak.
    const render = () => {
      roll();
      items.forEach(li => {
        const v = val(li);
        box(li).checked = !!v.done;
        all(li, "[data-f]").forEach(f => f.value = v[f.dataset.f] || "");
        li.querySelector("details").toggleAttribute("data-filled", !!(v.note || v.owner || v.due));
      });
      const total = items.length, done = items.filter(li => box(li).checked).length;
      prog.dataset.done = prog.firstElementChild.value = done;
      prog.dataset.total = total;
      prog.lastElementChild.textContent = P.t("checklist.done", { done, total });
      if (!hist) return;
      const r = root.dataset.recurrence, sum = i => units.reduce((n, u) => n + ((S[u.dataset.unit].history || {})[period(r, i)] || 0), 0);
      let n = 0;
      for (let i = 0; i < 999 && (sum(i) >= total ? ++n : !i); i++);
      hist.firstElementChild.textContent = P.t("checklist.streak_" + r, { n });
      hist.lastElementChild.replaceChildren(...[0, 1, 2, 3, 4, 5, 6].map(i => P.h("li", { text: P.t("checklist.period", { period: period(r, i), done: sum(i), total }) })));
    };
    // Load every unit; saved entries for items that no longer exist are kept and reported.
    units.forEach(u => { const l = P.load(K, u.dataset.unit); set(u.dataset.unit, l.value); P.warn(root, l.status, json); P.watch(K, u.dataset.unit, root, v => { set(u.dataset.unit, v); render(); }); });
    const lost = units.reduce((n, u) => n + Object.keys(S[u.dataset.unit].items).filter(k => !u.querySelector(`[data-item="${CSS.escape(k)}"]`)).length, 0);
    if (lost) P.notice(root, P.t("checklist.orphans", { n: lost }));
    render();
    // A tick or a field updates its item, the unit's count for this period, and saves the unit.
    root.addEventListener("input", e => {
      const li = e.target.closest("[data-item]"), f = e.target.dataset.f;
      if (!li) return;
      roll();
      const u = unit(li), r = rec(li), v = r.items[li.dataset.item] ||= {};
      v[f || "done"] = f ? e.target.value : e.target.checked;
      if (r.period) (r.history ||= {})[r.period] = all(u, "[data-item]").filter(i => val(i).done).length;
      store(u);
      render();
    });
    // Rows for the exports: section, id, text, done, owner, due date, note.
    const rows = () => items.map(li => { const v = val(li); return [unit(li).dataset.title, li.dataset.item, li.querySelector("label").textContent, v.done ? "x" : "", v.owner, v.due, v.note]; });
    const plan = lis => {
      const n = lis.filter(li => P.addAction({ text: li.querySelector("label").textContent, href: location.pathname + "#" + box(li).id, source: K + ":" + li.dataset.item })).length;
      P.notice(root, P.t("actions.added", { n }), [{ label: P.t("actions.open"), run: () => location.href = root.dataset.plan }]);
    };
    P.act(root, {
      json, print: () => print(),
      plan: b => plan([b.closest("[data-item]")]),
      planAll: () => plan(items.filter(li => !box(li).checked)),
      csv: () => P.download(id.replace("/", "-") + ".csv", "text/csv", P.csv([P.t("checklist.columns").split("|"), ...rows()])),
      md: () => {
        let s = "# " + root.dataset.title + "\n", sec;
        rows().forEach(([t, , text, done, ...more]) => {
          if (t != sec) s += `\n## ${sec = t}\n\n`;
          more = ["owner", "due", "note"].map((k, i) => more[i] && P.t("checklist." + k) + ": " + more[i]).filter(Boolean);
          s += `- [${done || " "}] ${text}${more.length ? " (" + more.join("; ") + ")" : ""}\n`;
        });
        P.download(id.replace("/", "-") + ".md", "text/markdown", s);
      },
      import: d => { if (!d.units) return false; units.forEach(u => { if (d.units[u.dataset.unit]) { set(u.dataset.unit, d.units[u.dataset.unit]); store(u); } }); render(); P.notice(root, P.t("checklist.imported")); },
      reset: () => { if (confirm(P.t("common.confirm_reset"))) { units.forEach(u => { P.remove(K, u.dataset.unit); set(u.dataset.unit); }); render(); } }
    }, K, id);
  });
})();
