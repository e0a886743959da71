// Action plan: one list of actions, fed from every page's checklists, assessments and worksheets.
(() => {
  "use strict";

  const KIND = "actions";
  const PLAN_ID = "plan";
  // The reader's sort order, kept apart from the plan so exports stay as they are.
  const VIEW_KIND = "actions-view";
  const SOURCES = ["checklist", "assessment", "worksheet"];
  const STATUS_ORDER = ["todo", "doing", "done"];
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);

  const cleanPlan = Playbook.cleanPlan;

  /** The link to show for an action: only https:, http:, mailto: or relative ones. */
  const safeHref = (href) => (href && PlaybookChecks.isSafeLink(href) ? href : "");

  /** The kind of tool an action came from ("checklist", ...), or "other". */
  const sourceKind = (action) => {
    const kind = String(action.source ?? "").split(":")[0];
    return SOURCES.includes(kind) ? kind : "other";
  };

  /** Compares two actions by the chosen order; ties keep the order they were added in. */
  const ORDERS = {
    added: () => 0,
    // Dated actions first, earliest first.
    due: (a, b) => (a.due || "9999").localeCompare(b.due || "9999"),
    status: (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
    source: (a, b) => SOURCES.concat("other").indexOf(sourceKind(a)) -
      SOURCES.concat("other").indexOf(sourceKind(b)),
  };

  function mount(root) {
    const rowTemplate = root.querySelector("template").content.firstElementChild;
    const body = root.querySelector("tbody");
    const sortMenu = root.querySelector("[data-sort]");
    const checklistItems = Playbook.parse(root.dataset.checklistItems) || {};
    let plan;

    function rowFor(action) {
      const row = rowTemplate.cloneNode(true);
      const link = row.querySelector("a");
      link.textContent = action.text;
      const href = safeHref(action.href);
      if (href) link.href = href;
      row.querySelector("[data-source]").textContent = text(`source_${sourceKind(action)}`);
      for (const field of row.querySelectorAll("[data-f]")) {
        field.value = action[field.dataset.f] || "";
      }
      row.dataset.id = action.id;
      return row;
    }

    /** The plan's actions in the order chosen. */
    const shownOrder = () => {
      const order = ORDERS[sortMenu.value] || ORDERS.added;
      return plan.items.map((item, index) => [item, index])
        .sort(([a, i], [b, j]) => order(a, b) || i - j)
        .map(([item]) => item);
    };

    /** Shows a plan; the field being edited keeps focus and caret. */
    function show(saved) {
      plan = cleanPlan(saved);
      const focused = document.activeElement;
      const editedId =
        root.contains(focused) && focused.dataset.f && focused.closest("tr").dataset.id;
      const caret = focused.selectionStart;
      body.replaceChildren(...shownOrder().map(rowFor));
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

    // The sort order chosen last time, if it is still one of the menu's.
    const savedView = Playbook.load(VIEW_KIND, PLAN_ID).value;
    if (ORDERS[savedView?.sort]) sortMenu.value = savedView.sort;
    show(plan);
    sortMenu.addEventListener("change", () => {
      Playbook.save(VIEW_KIND, PLAN_ID, { sort: sortMenu.value });
      show(plan);
    });

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

    /** A checklist item's tick follows its action's status, on every page that shows it. */
    function tickChecklist(action, wasDone) {
      const [kind, itemId] = String(action.source).split(/:(.*)/);
      const place = kind === "checklist" && checklistItems[itemId];
      const done = action.status === "done";
      if (place && done !== wasDone) Playbook.tickItem(place[0], itemId, done, place[1]);
    }

    // Fields only: the import input fires input events too, outside any row.
    root.addEventListener("input", ({ target }) => {
      if (!target.dataset.f) return;
      const action = actionOf(target);
      const wasDone = action.status === "done";
      action[target.dataset.f] = target.value;
      save(plan);
      if (target.dataset.f === "status") tickChecklist(action, wasDone);
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
          const index = [...body.rows].indexOf(button.closest("tr"));
          plan.items.splice(plan.items.indexOf(actionOf(button)), 1);
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
