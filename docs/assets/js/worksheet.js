/* Worksheet: answers per prompt, substep and step, exported as a strategy document. */
(() => {
  const P = Playbook, K = "worksheet";
  P.mount("[data-worksheet]", root => {
    const id = root.dataset.worksheet, fields = [...root.querySelectorAll("[data-field]")], l = P.load(K, id);
    let S;
    const set = v => { S = v && v.answers ? v : { answers: {} }; fields.forEach(f => f.value = S.answers[f.dataset.field] || ""); },
      json = () => P.download(id + ".json", "application/json", P.envelope(K, id, 1, S)),
      save = () => P.save(K, id, S) || P.warn(root, "unavailable", json);
    // Answers to removed questions are kept and reported.
    set(l.value);
    const lost = Object.keys(S.answers).filter(k => !fields.some(f => f.dataset.field == k)).length;
    if (lost) P.notice(root, P.t(K + ".orphans", { n: lost }));
    P.warn(root, l.status, json);
    root.addEventListener("input", e => { const k = e.target.dataset.field; if (k) { S.answers[k] = e.target.value; save(); } });
    P.act(root, {
      json, print,
      // A section per step, answers under their questions.
      md: () => P.download(id + ".md", "text/markdown", "# " + P.t(K + ".doc_title") + "\n" + [...root.querySelectorAll("[data-step]")].map(s => `\n## ${s.dataset.title}\n\n` +
        (fields.filter(f => s.contains(f) && f.value.trim()).map(f => `### ${f.labels[0].textContent}\n\n${f.value.trim()}\n\n`).join("") || P.t(K + ".empty") + "\n")).join("")),
      import: d => { if (!d.answers) return false; set(d); save(); P.notice(root, P.t(K + ".imported")); },
      reset: () => { if (confirm(P.t("common.confirm_reset"))) { P.remove(K, id); set(); } }
    }, K, id);
  });
})();
