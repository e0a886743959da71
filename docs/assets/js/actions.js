/* Action plan: one list, fed from every page. */
(() => {
  const P = Playbook, K = "actions", ID = "plan", T = (k, v) => P.t(K + "." + k, v),
    get = v => v?.items ? v : { items: [] };
  /** Adds {text, href, source}; false if already there. */
  P.addAction = a => {
    const v = get(P.load(K, ID).value);
    if (v.items.some(i => i.source == a.source)) return false;
    v.items.push({ id: Math.random().toString(36).slice(2), ...a, href: a.href || "", owner: "", due: "", status: "todo" });
    P.save(K, ID, v);
    return true;
  };
  // Add buttons need this script.
  P.mount("[data-act=add]", b => b.hidden = false);
  P.mount("[data-action-plan]", root => {
    const tpl = root.querySelector("template").content.firstElementChild,
      // Rows clone the template; text via textContent.
      set = v => {
        S = get(v);
        root.querySelector("tbody").replaceChildren(...S.items.map(x => {
          const row = tpl.cloneNode(true), a = row.querySelector("a");
          a.textContent = x.text;
          if (x.href) a.href = x.href;
          row.querySelectorAll("[data-f]").forEach(f => f.value = x[f.dataset.f] || "");
          row.dataset.id = x.id;
          return row;
        }));
        root.querySelector("[data-empty]").hidden = S.items.length;
      },
      find = el => S.items.find(x => x.id == el.closest("tr").dataset.id),
      rows = () => S.items.map(x => [x.text, x.href && new URL(x.href, location).href, x.owner, x.due, T("status_" + x.status)]),
      csv = () => P.file("action-plan.csv", [T("columns").split("|"), ...rows()]);
    let S;
    const save = P.store(root, K, ID, set, csv, set);
    root.addEventListener("input", e => { find(e.target)[e.target.dataset.f] = e.target.value; save(S); });
    P.act(root, {
      csv,
      md: () => P.file("action-plan.md", `# ${T("title")}\n\n` + rows().map(([x, href, ...more], i) =>
        `- [${S.items[i].status == "done" ? "x" : " "}] ${href ? `[${x}](${href})` : x} (${["owner", "due", "status"].map((k, j) => more[j] && T(k) + ": " + more[j]).filter(Boolean).join("; ")})\n`).join("")),
      remove: b => { S.items.splice(S.items.indexOf(find(b)), 1); save(S); set(S); }
    });
  });
})();
