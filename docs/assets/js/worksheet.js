/* Worksheet: an answer per prompt, substep and step, saved locally and exported as the strategy document. */
(() => {
  const P = Playbook, K = "worksheet";
  P.mount("[data-worksheet]", root => {
    const id = root.dataset.worksheet, fields = [...root.querySelectorAll("[data-field]")];
    let S;
    const set = v => { S = v && v.answers && typeof v.answers == "object" ? v : { answers: {} }; fields.forEach(f => f.value = S.answers[f.dataset.field] || ""); };
    const json = () => P.download(id + ".json", "application/json", P.envelope(K, id, 1, S));
    const save = () => P.save(K, id, S) || P.warn(root, "unavailable", json);
    // Answers to questions no longer on the page stay saved and exported; the user is told.
    const l = P.load(K, id);
    set(l.value);
    const lost = Object.keys(S.answers).filter(k => !fields.some(f => f.dataset.field == k)).length;
    if (lost) P.notice(root, P.t("worksheet.orphans", { n: lost }));
    P.warn(root, l.status, json);
    P.watch(K, id, root, set);
    root.addEventListener("input", e => { const k = e.target.dataset.field; if (k) { S.answers[k] = e.target.value; save(); } });
    P.act(root, {
      json, print: () => print(),
      // The document: every step as a section, each answered field under its question.
      md: () => P.download(id + ".md", "text/markdown", "# " + P.t("worksheet.doc_title") + "\n" + [...root.querySelectorAll("[data-step]")].map(s =>
        `\n## ${s.dataset.title}\n\n` + ([...s.querySelectorAll("[data-field]")].filter(f => f.value.trim()).map(f => `### ${f.labels[0].textContent}\n\n${f.value.trim()}\n\n`).join("") || P.t("worksheet.empty") + "\n")).join("")),
      import: d => { if (!d.answers) return false; set(d); save(); P.notice(root, P.t("worksheet.imported")); },
      reset: () => { if (confirm(P.t("common.confirm_reset"))) { P.remove(K, id); set(); } }
    }, K, id);
  });
})();
