// Strategy worksheets: a framework's prompts answered in the reader's own words.
(() => {
  "use strict";

  const KIND = "worksheet";
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);

  function mount(root) {
    const id = root.dataset.worksheet;
    const fields = [...root.querySelectorAll("[data-field]")];
    let state;

    /** Shows a saved value ({answers}) in the fields. */
    function show(saved) {
      state = saved?.answers instanceof Object ? saved : { answers: {} };
      for (const field of fields) field.value = state.answers[field.dataset.field] || "";
    }

    const toJson = () => Playbook.json(id, KIND, id, 1, state);
    // Other tabs' answers show here too, so neither tab overwrites the other.
    const save = Playbook.store(root, KIND, id, show, toJson, show);

    // Answers to removed questions are kept, and counted.
    const listed = new Set(fields.map((field) => field.dataset.field));
    const orphans = Object.keys(state.answers).filter((key) => !listed.has(key)).length;
    if (orphans) Playbook.notice(root, text("orphans", { n: orphans }));

    const source = (step) => `${KIND}:${id}/${step.dataset.step}`;
    const stepButtons = [...root.querySelectorAll("[data-step] [data-act=plan]")];

    /** Each step's "add" button, or, once the step is in the plan, a disabled "in your plan". */
    function markPlanned() {
      const planned = Playbook.planSources();
      for (const button of stepButtons) {
        const inPlan = planned.has(source(button.closest("[data-step]")));
        button.hidden = false;
        // aria-disabled, not disabled: the button keeps the focus after it is pressed.
        button.setAttribute("aria-disabled", inPlan);
        button.textContent = text(inPlan ? "in_plan" : "add_step");
      }
    }
    markPlanned();
    Playbook.follow(root, "actions", "plan", markPlanned);

    root.addEventListener("input", ({ target }) => {
      const key = target.dataset.field;
      if (!key) return;
      state.answers[key] = target.value;
      save(state);
    });

    /** One step's answered fields as Markdown sections, or the "empty" line. */
    function stepMarkdown(step) {
      const answered = fields.filter((field) => step.contains(field) && field.value.trim());
      const sections = answered.map((field) => {
        // An answer's own "#" lines must not become headings of the document.
        const answer = field.value.trim().replace(/^#/gm, "\\#");
        return `### ${field.labels[0].textContent}\n\n${answer}\n\n`;
      });
      return `\n## ${step.dataset.title}\n\n${sections.join("") || `${text("empty")}\n`}`;
    }

    function markdown() {
      const steps = [...root.querySelectorAll("[data-step]")];
      return `# ${text("doc_title")}\n${steps.map(stepMarkdown).join("")}`;
    }

    Playbook.act(
      root,
      {
        json: toJson,
        md: () => Playbook.file(`${id}.md`, markdown()),
        plan(button) {
          const step = button.closest("[data-step]");
          const { saved } = Playbook.trackSaves(() =>
            Playbook.addAction({
              text: step.dataset.title,
              href: `${location.pathname}#${step.dataset.step}`,
              source: source(step),
            }),
          );
          markPlanned();
          if (!saved) Playbook.notice(root, Playbook.t("storage.unavailable"));
        },
        import: (data) => () => {
          show(data);
          save(state);
          return text("imported");
        },
        reset() {
          Playbook.remove(KIND, id);
          show();
        },
      },
      KIND,
      id,
    );
  }

  Playbook.mount("[data-worksheet]", mount);
})();
