// Action plan: one list of actions, fed from every page's checklists and assessments.
(() => {
  "use strict";

  const KIND = "actions";
  const PLAN_ID = "plan";
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
  const newId = () => Math.random().toString(36).slice(2);

  /** Well-formed actions only, from storage or a file; a repeated id gets a new one. */
  function cleanPlan(saved) {
    const seen = new Set();
    const items = [].concat(saved?.items ?? []).filter(
      (item) => typeof item?.text === "string" && item.id,
    );
    for (const item of items) {
      // Rows are found by id, so two must never share one.
      if (seen.has(item.id)) item.id = newId();
      seen.add(item.id);
    }
    return { items };
  }

  /** The link to show for an action: only https:, http:, mailto: or relative ones. */
  const safeHref = (href) => (href && PlaybookChecks.isSafeLink(href) ? href : "");

  /** Adds {text, href, source, owner?, due?}; false when an action from that source is there. */
  Playbook.addAction = (action) => {
    const plan = cleanPlan(Playbook.load(KIND, PLAN_ID).value);
    if (plan.items.some((item) => item.source === action.source)) return false;
    // Left out or undefined (a checklist item without an owner), a field is empty.
    plan.items.push({
      id: newId(),
      ...action,
      href: action.href || "",
      owner: action.owner || "",
      due: action.due || "",
      status: "todo",
    });
    Playbook.save(KIND, PLAN_ID, plan);
    return true;
  };

  // Add buttons need this script, so they are hidden until it runs.
  Playbook.mount("[data-act=add]", (button) => (button.hidden = false));

  function mount(root) {
    const rowTemplate = root.querySelector("template").content.firstElementChild;
    const body = root.querySelector("tbody");
    let plan;

    function rowFor(action) {
      const row = rowTemplate.cloneNode(true);
      const link = row.querySelector("a");
      link.textContent = action.text;
      const href = safeHref(action.href);
      if (href) link.href = href;
      for (const field of row.querySelectorAll("[data-f]")) {
        field.value = action[field.dataset.f] || "";
      }
      row.dataset.id = action.id;
      return row;
    }

    /** Shows a plan; the field being edited keeps focus and caret. */
    function show(saved) {
      plan = cleanPlan(saved);
      const focused = document.activeElement;
      const editedId =
        root.contains(focused) && focused.dataset.f && focused.closest("tr").dataset.id;
      const caret = focused.selectionStart;
      body.replaceChildren(...plan.items.map(rowFor));
      root.querySelector("[data-empty]").hidden = plan.items.length > 0;
      // Compared as values, so no id is ever read as a CSS selector.
      const row = editedId && [...body.rows].find((candidate) => candidate.dataset.id === editedId);
      const field = row && row.querySelector(`[data-f=${focused.dataset.f}]`);
      if (!field) return;
      field.focus();
      if (caret != null) field.selectionStart = field.selectionEnd = caret;
    }

    const actionOf = (el) => plan.items.find((item) => item.id === el.closest("tr").dataset.id);
    const rows = () =>
      plan.items.map((item) => {
        const href = safeHref(item.href);
        const absolute = href && new URL(href, location).href;
        return [item.text, absolute, item.owner, item.due, text(`status_${item.status}`)];
      });
    const toJson = () => Playbook.json("action-plan", KIND, PLAN_ID, 1, plan);
    const save = Playbook.store(root, KIND, PLAN_ID, show, toJson, show);

    function markdown() {
      const lines = rows().map(([label, href, ...details], index) => {
        const done = plan.items[index].status === "done" ? "x" : " ";
        const named = ["owner", "due", "status"]
          .map((field, j) => details[j] && `${text(field)}: ${details[j]}`)
          .filter(Boolean)
          .join("; ");
        return `- [${done}] ${href ? `[${label}](${href})` : label} (${named})\n`;
      });
      return `# ${text("title")}\n\n${lines.join("")}`;
    }

    // Fields only: the import input fires input events too, outside any row.
    root.addEventListener("input", ({ target }) => {
      if (!target.dataset.f) return;
      actionOf(target)[target.dataset.f] = target.value;
      save(plan);
    });

    Playbook.act(
      root,
      {
        json: toJson,
        csv: () => Playbook.file("action-plan.csv", [text("columns").split("|"), ...rows()]),
        md: () => Playbook.file("action-plan.md", markdown()),
        import: (data) => () => {
          show(data);
          save(plan);
          return text("imported");
        },
        // Focus moves to the next row's button, or out of the table.
        remove(button) {
          const index = plan.items.indexOf(actionOf(button));
          plan.items.splice(index, 1);
          save(plan);
          show(plan);
          const next = root.querySelectorAll("[data-act=remove]")[index];
          (next || root.querySelector("[data-act=csv]")).focus();
        },
      },
      KIND,
      PLAN_ID,
    );
  }

  Playbook.mount("[data-action-plan]", mount);
})();
