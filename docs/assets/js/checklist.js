// Checklists: ticks, notes, owners and due dates, saved per unit so every page showing one agrees.
(() => {
  "use strict";

  const KIND = "checklist";
  const { periodOf, clean: cleanUnit, startPeriod, recordCount, HISTORY_KEPT } = Playbook.units;
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
  const all = (root, selector) => [...root.querySelectorAll(selector)];
  // getDay() order, as iCalendar names the days (data-days lists the working ones).
  const DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
  const HEATMAP_WEEKS = 4;
  const HEATMAP_WEEKLY = 12;

  /** The local date `back` days ago. */
  function dayBack(back) {
    const day = new Date();
    day.setDate(day.getDate() - back);
    return day;
  }

  // Closed details would print empty.
  addEventListener("beforeprint", () => {
    for (const details of all(document, "[data-filled]")) details.open = true;
  });

  function mount(root) {
    const id = root.dataset.checklist;
    const fileName = id.replace("/", "-");
    const rhythm = root.dataset.recurrence;
    const workingDays = (root.dataset.days || DAY_CODES.join()).split(",");
    const heatmap = root.querySelector("[data-heatmap]");
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
      for (const unit of units) startPeriod(byUnit[unitOf(unit)], unit.dataset.recurrence);
    }

    /** Items done `back` periods ago, over every unit. */
    const doneIn = (back) =>
      units.reduce((sum, unit) => {
        const counts = byUnit[unitOf(unit)].history;
        return sum + (counts?.[periodOf(rhythm, back)] || 0);
      }, 0);

    /** Whether the period `back` periods ago counts: a working day, or any week. */
    const counts = (back) =>
      rhythm !== "daily" || workingDays.includes(DAY_CODES[dayBack(back).getDay()]);

    /** The last `count` periods that count, newest first, as periods back from now. */
    function countedPeriods(count) {
      const found = [];
      for (let back = 0; found.length < count && back < 400; back++) {
        if (counts(back)) found.push(back);
      }
      return found;
    }

    /** The heat-map's squares: four weeks of days from a Monday, or twelve weeks. */
    function drawHeatmap(total) {
      const daily = rhythm === "daily";
      const last = daily ? (dayBack(0).getDay() + 6) % 7 + 7 * (HEATMAP_WEEKS - 1) : 11;
      const size = daily ? 7 * HEATMAP_WEEKS : HEATMAP_WEEKLY;
      const squares = [];
      for (let back = last; back > last - size; back--) {
        const square = document.createElement("span");
        const period = back >= 0 && periodOf(rhythm, back);
        if (!period) square.dataset.future = "";
        else if (!counts(back)) {
          square.dataset.off = "";
          square.title = text("day_off", { period });
        } else {
          const done = doneIn(back);
          square.dataset.level = total ? Math.ceil((4 * done) / total) : 0;
          square.title = text("period", { period, done, total });
        }
        squares.push(square);
      }
      heatmap.replaceChildren(...squares);
    }

    function drawHistory(total) {
      const periods = countedPeriods(HISTORY_KEPT * 2);
      // The current period counts once it is complete; days off are skipped.
      let streak = 0;
      let index = counts(0) && doneIn(0) < total ? 1 : 0;
      while (index < periods.length && doneIn(periods[index++]) >= total) streak++;
      panel.querySelector("[data-streak]").textContent = text(`streak_${rhythm}`, { n: streak });
      const rows = all(panel, "tbody tr");
      countedPeriods(rows.length).forEach((back, index) => {
        const [period, done] = rows[index].cells;
        period.textContent = periodOf(rhythm, back);
        done.textContent = text("done_of", { done: doneIn(back), total });
      });
      drawHeatmap(total);
    }

    function render() {
      rollOver();
      const inPlan = Playbook.planSources();
      for (const item of items) {
        item.querySelector("[data-in-plan]").hidden = !inPlan.has(`${KIND}:${item.dataset.item}`);
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
      const listedHere = items.filter((item) => unitOf(item) === unitKey);
      recordCount(byUnit[unitKey], listedHere.map((item) => item.dataset.item));
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
      render();
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
    // The "in your action plan" marks follow the plan, also when another tab changes it.
    Playbook.follow(root, "actions", "plan", () => render());
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
      // Ticks also feed this period's history, and the status of the item's action, if planned.
      countDone(key);
      saveUnit[key](byUnit[key]);
      if (!target.dataset.f) Playbook.syncAction(`${KIND}:${item.dataset.item}`, target.checked);
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
