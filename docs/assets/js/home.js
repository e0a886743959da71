// Home: the "Your progress" row, read from what the other tools saved. It never writes.
(() => {
  "use strict";

  const text = (key, vars) => Playbook.t(`home.${key}`, vars);

  // Only reads: a damaged value stays where it is for the tool that owns it to set aside.
  const read = (kind, id) => Playbook.peek(kind, id);

  /** "Score 64, 16 of 20 answered" for a started assessment; "" when none is answered. */
  function assessmentFigure(model, id) {
    const answers = read("assessment", id)?.answers;
    const scoring = window.PlaybookScoring;
    if (!model || !(answers instanceof Object) || !scoring) return "";
    const result = scoring.score(model, answers);
    if (!result.answered) return "";
    return text(result.score === null ? "answered" : "scored", result);
  }

  /** "3 of 12 done" over a checklist's units; "" when nothing is ticked. */
  function checklistFigure(units) {
    let done = 0;
    let total = 0;
    for (const [unit, itemIds] of Object.entries(units || {})) {
      const saved = read("checklist", unit)?.items;
      total += itemIds.length;
      done += itemIds.filter((itemId) => saved?.[itemId]?.done === true).length;
    }
    return done ? text("done", { done, total }) : "";
  }

  /** "2 open items" in the action plan; "" when every action is done or there is none. */
  function planFigure() {
    const items = [].concat(read("actions", "plan")?.items ?? []);
    const open = items.filter((item) => item instanceof Object && item.status !== "done");
    return open.length ? text("open", { count: open.length }) : "";
  }

  function mount(root) {
    const sources = Playbook.parse(root.dataset.progress) || {};
    let started = 0;
    for (const card of root.querySelectorAll("[data-progress-kind]")) {
      const { progressKind: kind, progressId: id } = card.dataset;
      const figure =
        kind === "assessment"
          ? assessmentFigure(sources.assessments?.[id], id)
          : kind === "checklist"
            ? checklistFigure(sources.checklists?.[id])
            : planFigure();
      card.hidden = !figure;
      card.querySelector("[data-figure]").textContent = figure;
      if (figure) started += 1;
    }
    // A first visit sees the three steps instead.
    root.hidden = !started;
    const steps = document.querySelector("[data-first-visit]");
    if (steps) steps.hidden = started > 0;
  }

  Playbook.mount("[data-progress]", mount);
})();
