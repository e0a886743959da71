// Checklists: ticks, notes, owners and due dates, saved per unit so every page showing one agrees.
(() => {
  "use strict";

  const KIND = "checklist";
  const HISTORY_KEPT = 60;
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
  const all = (root, selector) => [...root.querySelectorAll(selector)];

  /** The period `back` periods ago as YYYY-MM-DD: the local day, or the week's Monday; "" for none. */
  function periodOf(recurrence, back) {
    if (recurrence === "none") return "";
    const day = new Date();
    const mondayOffset = (day.getDay() + 6) % 7;
    day.setDate(day.getDate() - (recurrence === "weekly" ? mondayOffset + 7 * back : back));
    // The local date, not the UTC one.
    return new Date(day - day.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  /** A saved unit with known fields only, and item states that are plain objects. */
  function cleanUnit(saved) {
    // An odd entry (a list would save as []) must never block a tick.
    const items = Object.entries(saved?.items ?? {}).filter(
      ([, state]) => state?.constructor === Object,
    );
    return { period: saved?.period, history: saved?.history, items: Object.fromEntries(items) };
  }

  // Closed details would print empty.
  addEventListener("beforeprint", () => {
    for (const details of all(document, "[data-filled]")) details.open = true;
  });

  function mountChecklist(root) {
    const id = root.dataset.checklist;
    const fileName = id.replace("/", "-");
    const recurrence = root.dataset.recurrence;
    const units = all(root, "[data-unit]");
    const items = all(root, "[data-item]");
    const progress = root.querySelector("[data-checklist-progress]");
    const historyPanel = root.querySelector("[data-history]");
    const unitState = {};
    const saveUnit = {};

    const unitOf = (el) => el.closest("[data-unit]").dataset.unit;
    const checkbox = (item) => item.querySelector("input");
    const itemText = (item) => item.querySelector("label").textContent;
    const itemState = (item) => unitState[unitOf(item)].items[item.dataset.item] || {};
    const exportJson = () => Playbook.json(fileName, KIND, id, 1, { units: unitState });

    /** Starts a new period where one has begun: ticks clear, details stay. */
    function rollOver() {
      for (const unit of units) {
        const state = unitState[unitOf(unit)];
        const current = periodOf(unit.dataset.recurrence, 0);
        if (!current || state.period === current) continue;
        state.period = current;
        for (const item of Object.values(state.items)) delete item.done;
      }
    }

    /** Items done `back` periods ago, over every unit. */
    const doneIn = (back) =>
      units.reduce((sum, unit) => {
        const counts = unitState[unitOf(unit)].history;
        return sum + (counts?.[periodOf(recurrence, back)] || 0);
      }, 0);

    function renderHistory(total) {
      // The current period counts once it is complete.
      let streak = 0;
      let back = doneIn(0) < total ? 1 : 0;
      while (back < 999 && doneIn(back++) >= total) streak++;
      historyPanel.firstElementChild.textContent = text(`streak_${recurrence}`, { n: streak });
      all(historyPanel, "li").forEach((entry, index) => {
        const period = periodOf(recurrence, index);
        entry.textContent = text("period", { period, done: doneIn(index), total });
      });
    }

    function render() {
      rollOver();
      for (const item of items) {
        const state = itemState(item);
        checkbox(item).checked = Boolean(state.done);
        for (const field of all(item, "[data-f]")) field.value = state[field.dataset.f] || "";
        const filled = Boolean(state.note || state.owner || state.due);
        item.querySelector("details").toggleAttribute("data-filled", filled);
      }
      const total = items.length;
      const done = items.filter((item) => checkbox(item).checked).length;
      progress.dataset.done = progress.firstElementChild.value = done;
      progress.lastElementChild.textContent = text("done", { done, total });
      if (historyPanel) renderHistory(total);
    }

    /** Writes an input's value (a tick, or a detail) into the unit's state. */
    function recordField(input) {
      const item = input.closest("[data-item]");
      const field = input.dataset.f;
      const states = unitState[unitOf(item)].items;
      const state = (states[item.dataset.item] ||= {});
      state[field || "done"] = field ? input.value : input.checked;
    }

    /** This period's count of done items in the unit (items still listed), the last 60 kept. */
    function recordHistory(unitKey) {
      const state = unitState[unitKey];
      if (!state.period) return;
      const counts = (state.history ||= {});
      counts[state.period] = items.filter(
        (item) => unitOf(item) === unitKey && state.items[item.dataset.item]?.done,
      ).length;
      for (const old of Object.keys(counts).sort().slice(0, -HISTORY_KEPT)) delete counts[old];
    }

    const rows = () =>
      items.map((item) => {
        const state = itemState(item);
        const section = item.parentNode.dataset.title;
        const done = state.done ? "x" : "";
        return [section, item.dataset.item, itemText(item), done, state.owner, state.due, state.note];
      });

    function markdown() {
      let output = `# ${root.dataset.title}\n`;
      let section;
      for (const [title, , label, done, ...details] of rows()) {
        if (title !== section) output += `\n## ${(section = title)}\n\n`;
        const named = ["owner", "due", "note"]
          .map((field, index) => details[index] && `${text(field)}: ${details[index]}`)
          .filter(Boolean)
          .join("; ");
        const line = `- [${done || " "}] ${label}${named && ` (${named})`}\n`;
        // A note's further lines stay inside their item.
        output += line.replace(/\n(?!$)/g, "\n  ");
      }
      return output;
    }

    function addUncheckedToPlan() {
      const addAll = () =>
        items.filter(
          (item) =>
            !checkbox(item).checked &&
            Playbook.addAction({
              text: itemText(item),
              href: `${location.pathname}#${checkbox(item).id}`,
              source: `${KIND}:${item.dataset.item}`,
              owner: itemState(item).owner,
              due: itemState(item).due,
            }),
        ).length;
      const { saved, result: added } = Playbook.trackSaves(addAll);
      const message = Playbook.t("actions.added", { n: added });
      // Never only "added" when storage refused it: the plan lives in this tab until it closes.
      const warning = saved ? "" : ` ${Playbook.t("storage.unavailable")}`;
      Playbook.notice(root, message + warning, [
        [Playbook.t("actions.open"), () => (location.href = root.dataset.plan)],
      ]);
    }

    // Entries of items no longer listed are kept, and counted.
    let orphans = 0;
    for (const unit of units) {
      const key = unitOf(unit);
      const apply = (saved) => (unitState[key] = cleanUnit(saved));
      const follow = (saved) => render(apply(saved));
      saveUnit[key] = Playbook.store(root, KIND, key, apply, exportJson, follow);
      const listed = (itemId) => items.some((item) => item.dataset.item === itemId);
      orphans += Object.keys(unitState[key].items).filter((itemId) => !listed(itemId)).length;
    }
    if (orphans) Playbook.notice(root, text("orphans", { n: orphans }));
    render();

    // A page left open into a new period starts it too.
    const periodStarted = () =>
      units.some((unit) => {
        const current = periodOf(unit.dataset.recurrence, 0);
        return current && current !== unitState[unitOf(unit)].period;
      });
    const timer = setInterval(() => {
      if (!root.isConnected) clearInterval(timer);
      else if (periodStarted()) render();
    }, 60000);

    root.addEventListener("input", ({ target }) => {
      const item = target.closest("[data-item]");
      if (!item) return;
      rollOver();
      const key = unitOf(item);
      recordField(target);
      // Ticks also feed this period's history.
      recordHistory(key);
      saveUnit[key](unitState[key]);
      render();
    });

    Playbook.act(
      root,
      {
        json: exportJson,
        csv: () => Playbook.file(`${fileName}.csv`, [text("columns").split("|"), ...rows()]),
        md: () => Playbook.file(`${fileName}.md`, markdown()),
        plan: addUncheckedToPlan,
        import: (data) => () => {
          for (const unit of units) {
            const key = unitOf(unit);
            if (data.units[key]) saveUnit[key]((unitState[key] = cleanUnit(data.units[key])));
          }
          render();
          return text("imported");
        },
        // The history stays.
        reset() {
          for (const unit of units) {
            const key = unitOf(unit);
            const { history: counts, period } = unitState[key];
            saveUnit[key]((unitState[key] = cleanUnit({ history: counts, period })));
          }
          render();
        },
      },
      KIND,
      id,
    );
  }

  Playbook.mount("[data-checklist]", mountChecklist);
})();
