/* Strategy worksheets. */
(() => {
  const P = Playbook, K = "worksheet", T = (k, v) => P.t(K + "." + k, v);
  P.mount("[data-worksheet]", root => {
    let S;
    const id = root.dataset.worksheet, fields = [...root.querySelectorAll("[data-field]")],
      set = v => { S = v?.answers instanceof Object ? v : { answers: {} }; fields.forEach(f => f.value = S.answers[f.dataset.field] || ""); },
      json = () => P.json(id, K, id, 1, S),
      // Other tabs' answers show here too, so neither tab overwrites the other.
      save = P.store(root, K, id, set, json, set),
      // Answers to removed questions are kept.
      lost = Object.keys(S.answers).filter(k => !fields.some(f => f.dataset.field == k)).length;
    if (lost) P.notice(root, T("orphans", { n: lost }));
    root.addEventListener("input", e => { const k = e.target.dataset.field; if (k) { S.answers[k] = e.target.value; save(S); } });
    P.act(root, {
      json,
      // An answer's own "#" lines must not become headings of the document.
      md: () => P.file(id + ".md", `# ${T("doc_title")}\n` + [...root.querySelectorAll("[data-step]")].map(s => `\n## ${s.dataset.title}\n\n` +
        (fields.filter(f => s.contains(f) && f.value.trim()).map(f => `### ${f.labels[0].textContent}\n\n${f.value.trim().replace(/^#/gm, "\\#")}\n\n`).join("") || T("empty") + "\n")).join("")),
      import: (d, no) => d.answers instanceof Object ? () => (set(d), save(S), T("imported")) : no("not_export"),
      reset: () => { P.remove(K, id); set(); }
    }, K, id);
  });
})();
