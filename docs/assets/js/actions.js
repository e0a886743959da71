/* Action plan: one saved list of actions, each with an owner, a due date and a status. */
(() => {
  const P = Playbook, K = "actions", ID = "plan",
    get = () => { const v = P.load(K, ID).value; return v && Array.isArray(v.items) ? v : { items: [] }; };
  /** Add {text, href, source} to the action plan on any page; false when an action from that source is already there. */
  P.addAction = a => {
    const v = get();
    if (a.source && v.items.some(i => i.source == a.source)) return false;
    v.items.push({ id: Date.now().toString(36) + Math.random().toString(36).slice(2, 6), text: a.text, href: a.href || "", source: a.source || "", owner: "", due: "", status: "todo" });
    P.save(K, ID, v);
    return true;
  };
  P.mount("[data-action-plan]", root => {
    const tpl = root.querySelector("template").content.firstElementChild, status = s => ([...tpl.querySelectorAll("option")].find(o => o.value == s) || {}).text || s;
    let S;
    // Rows are clones of the page's row template; text goes in through textContent and value only.
    const set = v => {
      S = v && Array.isArray(v.items) ? v : { items: [] };
      root.querySelector("tbody").replaceChildren(...S.items.map(x => {
        const row = tpl.cloneNode(true), link = row.querySelector("a");
        link.textContent = x.text;
        if (x.href) link.href = x.href;
        row.querySelectorAll("[data-f]").forEach(f => f.value = x[f.dataset.f] || "");
        row.dataset.id = x.id;
        return row;
      }));
      root.querySelector("[data-empty]").hidden = S.items.length > 0;
    };
    const find = el => S.items.find(x => x.id == el.closest("tr").dataset.id), rows = () => S.items.map(x => [x.text, x.href && new URL(x.href, location).href, x.owner, x.due, status(x.status)]);
    const csv = () => P.download("action-plan.csv", "text/csv", P.csv([P.t("actions.columns").split("|"), ...rows()]));
    const save = () => P.save(K, ID, S) || P.warn(root, "unavailable", csv);
    const l = P.load(K, ID);
    set(l.value);
    P.warn(root, l.status, csv);
    P.watch(K, ID, root, set);
    root.addEventListener("input", e => { const f = e.target.dataset.f; if (f) { find(e.target)[f] = e.target.value; save(); } });
    root.querySelector("form").addEventListener("submit", e => { e.preventDefault(); const i = e.target.elements.text; if (i.value.trim()) P.addAction({ text: i.value.trim() }); i.value = ""; set(get()); });
    P.act(root, {
      csv, print: () => print(),
      md: () => P.download("action-plan.md", "text/markdown", "# " + P.t("actions.title") + "\n\n" + rows().map(([text, href, ...more], i) =>
        `- [${S.items[i].status == "done" ? "x" : " "}] ${href ? `[${text}](${href})` : text} (${["owner", "due", "status"].map((k, j) => more[j] && P.t("actions." + k) + ": " + more[j]).filter(Boolean).join("; ")})\n`).join("")),
      remove: b => { S.items.splice(S.items.indexOf(find(b)), 1); save(); set(S); },
      clear: () => { if (confirm(P.t("common.confirm_reset"))) { S.items = []; save(); set(S); } }
    });
  });
})();
