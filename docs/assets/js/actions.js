/* Action plan: one list, fed from every page. */
(() => {
  const P = Playbook, K = "actions", ID = "plan", T = (k, v) => P.t(K + "." + k, v),
    // Well-formed actions only, from storage or a file.
    get = v => ({ items: [].concat(v?.items ?? []).filter(i => typeof i?.text == "string" && i.id) });
  /** Adds {text, href, source, owner?, due?}; false if already there. */
  P.addAction = a => {
    const v = get(P.load(K, ID).value);
    if (v.items.some(i => i.source == a.source)) return false;
    // Left out or undefined (a checklist item without an owner), a field is empty, as docs/widgets.md says.
    v.items.push({ id: Math.random().toString(36).slice(2), ...a, href: a.href || "", owner: a.owner || "", due: a.due || "", status: "todo" });
    P.save(K, ID, v);
    return true;
  };
  // Add buttons need this script.
  P.mount("[data-act=add]", b => b.hidden = false);
  P.mount("[data-action-plan]", root => {
    let S;
    const tpl = root.querySelector("template").content.firstElementChild,
      // Rows clone the template; text via textContent. The field being typed in keeps focus and caret.
      set = v => {
        S = get(v);
        const f = document.activeElement, r = f.closest("[data-id]"), k = r && f.dataset.f, c = f.selectionStart;
        root.querySelector("tbody").replaceChildren(...S.items.map(x => {
          const row = tpl.cloneNode(true), a = row.querySelector("a");
          a.textContent = x.text;
          if (x.href) a.href = x.href;
          row.querySelectorAll("[data-f]").forEach(f => f.value = x[f.dataset.f] || "");
          row.dataset.id = x.id;
          return row;
        }));
        root.querySelector("[data-empty]").hidden = S.items.length;
        const g = k && root.querySelector(`[data-id="${r.dataset.id}"] [data-f=${k}]`);
        if (g) { g.focus(); if (c != null) g.selectionStart = g.selectionEnd = c; }
      },
      find = el => S.items.find(x => x.id == el.closest("tr").dataset.id),
      rows = () => S.items.map(x => [x.text, x.href && new URL(x.href, location).href, x.owner, x.due, T("status_" + x.status)]),
      json = () => P.json("action-plan", K, ID, 1, S),
      save = P.store(root, K, ID, set, json, set);
    // Fields only: the import input fires input too, outside any row.
    root.addEventListener("input", ({ target: t }) => { if (t.dataset.f) find(t)[t.dataset.f] = t.value, save(S); });
    P.act(root, {
      json,
      csv: () => P.file("action-plan.csv", [T("columns").split("|"), ...rows()]),
      md: () => P.file("action-plan.md", `# ${T("title")}\n\n` + rows().map(([x, href, ...more], i) =>
        `- [${S.items[i].status == "done" ? "x" : " "}] ${href ? `[${x}](${href})` : x} (${["owner", "due", "status"].map((k, j) => more[j] && T(k) + ": " + more[j]).filter(Boolean).join("; ")})\n`).join("")),
      import: (d, no) => Array.isArray(d.items) ? () => (set(d), save(S), T("imported")) : no("not_export"),
      // Focus moves to the next row's button, or out of the table.
      remove: b => {
        const i = S.items.indexOf(find(b));
        S.items.splice(i, 1);
        save(S);
        set(S);
        (root.querySelectorAll("[data-act=remove]")[i] || root.querySelector("[data-act=csv]")).focus();
      }
    }, K, ID);
  });
})();
