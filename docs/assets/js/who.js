// Who answered (docs/team.md): the assessment page's optional respondent and team, loaded when
// the reader opens their section. They are saved under smp:v1:who:<assessment id>, where the
// assessment's export (assessment.js) reads them.
(() => {
  "use strict";

  const KIND = "who";
  const FIELDS = ["respondent", "team"];

  /** One line of at most 120 characters, as the export allows ("" when nothing is left). */
  const oneLine = (value) =>
    [...String(value).replace(/[\0-\x1f\x7f-\x9f]+/g, " ").trim()].slice(0, 120).join("");

  /** The fields filled in, each one clean line: what is saved and exported. */
  const filledIn = (values) =>
    Object.fromEntries(
      FIELDS.map((name) => [name, oneLine(values?.[name] ?? "")]).filter(([, value]) => value),
    );

  /** The who fields in section, for the assessment its root form holds. */
  function mount(section) {
    const Playbook = window.Playbook;
    const form = section.closest("[data-assessment]");
    const model = Playbook.parse(form?.dataset.model);
    if (!model) return;
    const fields = FIELDS.map((name) => [name, section.querySelector(`[data-who=${name}]`)]);
    const show = (saved) => {
      const who = filledIn(saved);
      for (const [name, field] of fields) if (field) field.value = who[name] ?? "";
    };
    // When storage fails, the notice offers the assessment's export, which carries these too.
    const exporter = () => form.querySelector("[data-act=json]").click();
    const save = Playbook.store(section, KIND, model.id, show, exporter, show);
    section.addEventListener("input", ({ target }) => {
      if (!FIELDS.includes(target.dataset.who)) return;
      save(filledIn(Object.fromEntries(fields.map(([name, field]) => [name, field.value]))));
    });
  }

  window.Playbook?.mount("[data-more=who]", mount);
})();
