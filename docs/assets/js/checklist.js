// Checklists: ticks, notes, owners and due dates, saved per unit so every page showing one agrees.
(() => {
  "use strict";

  const KIND = "checklist";
  const HISTORY_KEPT = 60;
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
  const all = (root, selector) => [...root.querySelectorAll(selector)];

  /** The period `back` periods ago (YYYY-MM-DD): the day or the week's Monday; "" for none. */
  function periodOf(rhythm, back) {
    if (rhythm === "none") return "";
    const day = new Date();
    const mondayOffset = (day.getDay() + 6) % 7;
    day.setDate(day.getDate() - (rhythm === "weekly" ? mondayOffset + 7 * back : back));
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

  function mount(root) {
    const id = root.dataset.checklist;
    const fileName = id.replace("/", "-");
    const rhythm = root.dataset.recurrence;
    const units = all(root, "[data-unit]");
    const items = all(root, "[data-item]");
    const progress = root.querySelector("[data-checklist-progress]");
    const panel = root.querySelector("[data-history]");
    const byUnit = {};
    const saveUnit = {};

    const unitOf = (el) => el.closest("[data-unit]").dataset.unit;
    const checkbox = (item) => item.querySelector("input");
    const itemText = (item) => item.querySelector("label").textContent;
    const stateOf = (item) => byUnit[unitOf(item)].items[item.dataset.item] || {};
    const toJson = () => Playbook.json(fileName, KIND, id, 1, { units: byUnit });

    /** Starts a new period where one has begun: ticks clear, details stay. */
    function rollOver() {
      for (const unit of units) {
        const state = byUnit[unitOf(unit)];
        const current = periodOf(unit.dataset.recurrence, 0);
        if (!current || state.period === current) continue;
        state.period = current;
        for (const item of Object.values(state.items)) delete item.done;
      }
    }

    /** Items done `back` periods ago, over every unit. */
    const doneIn = (back) =>
      units.reduce((sum, unit) => {
        const counts = byUnit[unitOf(unit)].history;
        return sum + (counts?.[periodOf(rhythm, back)] || 0);
      }, 0);

    function drawHistory(total) {
      // The current period counts once it is complete.
      let streak = 0;
      let back = doneIn(0) < total ? 1 : 0;
      while (back < 999 && doneIn(back++) >= total) streak++;
      panel.firstElementChild.textContent = text(`streak_${rhythm}`, { n: streak });
      all(panel, "li").forEach((entry, index) => {
        const period = periodOf(rhythm, index);
        entry.textContent = text("period", { period, done: doneIn(index), total });
      });
    }

    function render() {
      rollOver();
      for (const item of items) {
        const state = stateOf(item);
        checkbox(item).checked = Boolean(state.done);
        for (const field of all(item, "[data-f]")) field.value = state[field.dataset.f] || "";
        item
          .querySelector("details")
          .toggleAttribute("data-filled", Boolean(state.note || state.owner || state.due));
      }
      const total = items.length;
      const done = items.filter((item) => checkbox(item).checked).length;
      progress.dataset.done = progress.firstElementChild.value = done;
      progress.lastElementChild.textContent = text("done", { done, total });
      if (panel) drawHistory(total);
    }

    /** Writes an input's value (a tick, or a detail) into the unit's state. */
    function recordField(input) {
      const item = input.closest("[data-item]");
      const field = input.dataset.f;
      const states = byUnit[unitOf(item)].items;
      const state = (states[item.dataset.item] ||= {});
      state[field || "done"] = field ? input.value : input.checked;
    }

    /** This period's count of done items in the unit (items still listed), the last 60 kept. */
    function countDone(unitKey) {
      const state = byUnit[unitKey];
      if (!state.period) return;
      const counts = (state.history ||= {});
      counts[state.period] = items.filter(
        (item) => unitOf(item) === unitKey && state.items[item.dataset.item]?.done,
      ).length;
      for (const old of Object.keys(counts).sort().slice(0, -HISTORY_KEPT)) delete counts[old];
    }

    const rows = () =>
      items.map((item) => {
        const state = stateOf(item);
        const section = item.parentNode.dataset.title;
        const done = state.done ? "x" : "";
        return [
          section,
          item.dataset.item,
          itemText(item),
          done,
          state.owner,
          state.due,
          state.note,
        ];
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

    function planOpen() {
      const addAll = () =>
        items.filter(
          (item) =>
            !checkbox(item).checked &&
            Playbook.addAction({
              text: itemText(item),
              href: `${location.pathname}#${checkbox(item).id}`,
              source: `${KIND}:${item.dataset.item}`,
              owner: stateOf(item).owner,
              due: stateOf(item).due,
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
    const listed = new Set(items.map((item) => item.dataset.item));
    for (const unit of units) {
      const key = unitOf(unit);
      const apply = (saved) => (byUnit[key] = cleanUnit(saved));
      const follow = (saved) => render(apply(saved));
      saveUnit[key] = Playbook.store(root, KIND, key, apply, toJson, follow);
      orphans += Object.keys(byUnit[key].items).filter((itemId) => !listed.has(itemId)).length;
    }
    if (orphans) Playbook.notice(root, text("orphans", { n: orphans }));
    render();

    // A page left open into a new period starts it too.
    const newPeriod = () =>
      units.some((unit) => {
        const current = periodOf(unit.dataset.recurrence, 0);
        return current && current !== byUnit[unitOf(unit)].period;
      });
    const timer = setInterval(() => {
      if (!root.isConnected) clearInterval(timer);
      else if (newPeriod()) render();
    }, 60000);

    root.addEventListener("input", ({ target }) => {
      const item = target.closest("[data-item]");
      if (!item) return;
      rollOver();
      const key = unitOf(item);
      recordField(target);
      // Ticks also feed this period's history.
      countDone(key);
      saveUnit[key](byUnit[key]);
      render();
    });

    Playbook.act(
      root,
      {
        json: toJson,
        csv: () => Playbook.file(`${fileName}.csv`, [text("columns").split("|"), ...rows()]),
        md: () => Playbook.file(`${fileName}.md`, markdown()),
        plan: planOpen,
        import: (data) => () => {
          for (const unit of units) {
            const key = unitOf(unit);
            if (data.units[key]) saveUnit[key]((byUnit[key] = cleanUnit(data.units[key])));
          }
          render();
          return text("imported");
        },
        // The history stays.
        reset() {
          for (const unit of units) {
            const key = unitOf(unit);
            const { history: counts, period } = byUnit[key];
            saveUnit[key]((byUnit[key] = cleanUnit({ history: counts, period })));
          }
          render();
        },
      },
      KIND,
      id,
    );
  }

  Playbook.mount("[data-checklist]", mount);
})();
