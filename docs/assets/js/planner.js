// Workflow planner: the day_plan of playbook/tools/worktools.py, redone as hours or blocks change.
(() => {
  "use strict";

  const KIND = "planner";
  const encoder = new TextEncoder();
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);

  /** "HH:MM" for minutes after midnight (wrapping past midnight). */
  const clockTime = (minutes) => new Date(minutes * 60000).toISOString().slice(11, 16);

  /** Minutes after midnight of an "HH:MM" time; NaN for an empty time. */
  function minutesOf(time) {
    const [hours, minutes] = time.split(":");
    return time ? hours * 60 + Number(minutes) : NaN;
  }

  /** An RFC 5545 TEXT value: \ ; , and line breaks escaped, other control characters dropped. */
  function icsText(value) {
    return value
      .replace(/[\\;,]/g, "\\$&")
      .replace(/\r\n|\r|\n/g, "\\n")
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "");
  }

  /** A content line folded at 75 octets, as RFC 5545 requires (never inside a character). */
  function foldLine(line) {
    let folded = "";
    let octets = 0;
    for (const character of line) {
      const size = encoder.encode(character).length;
      octets += size;
      if (octets > 75) {
        folded += "\r\n ";
        octets = 1 + size;
      }
      folded += character;
    }
    return folded;
  }

  /** A UTC date-time in the iCalendar basic format, such as 20260501T093000Z. */
  const icsStamp = (date) => date.toISOString().replace(/[-:]|\.\d+/g, "");

  // getDay() order, as iCalendar names the days.
  const DAY_CODES = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

  function mount(root) {
    const id = root.dataset.planner;
    const workingDays = root.dataset.days.split(",");
    const [startAt, endAt] = root.querySelectorAll("[data-hour]");
    const blockRows = [...root.querySelectorAll("[data-block]")];
    const priority = (row) => Number(row.dataset.priority);
    // Priority order, whatever order the page was built in.
    const rows = [...root.querySelectorAll("[data-task]")]
      .sort((a, b) => priority(a) - priority(b));
    const blockMenu = (row) => row.querySelector("select");
    const blocks = blockRows.map((row) => row.dataset.block);
    let plan;

    /**
     * {blocks: [[blockRow, [start, end]]], tasks: [[row, [start, end]]]} in block order, the tasks
     * of no block left out; false when a time is missing or a block or task would get under a
     * minute. An end before the start is a day that ends after midnight.
     */
    function makePlan() {
      const start = minutesOf(startAt.value);
      const end = minutesOf(endAt.value);
      if (!Number.isFinite(start) || !Number.isFinite(end)) return false;
      const blockTime = (end - start + (end > start ? 0 : 24 * 60)) / blocks.length;
      // Rounded to the minute, half up, in the same float steps as the Python plan.
      const round = (minutes) => Math.floor(minutes + 0.5);
      const blockSlots = blockRows.map((row, index) => {
        const from = start + index * blockTime;
        return [row, [round(from), round(from + blockTime)]];
      });
      const taskSlots = blocks.flatMap((block, blockIndex) => {
        const tasks = rows.filter((row) => blockMenu(row).value === block);
        const blockStart = start + blockIndex * blockTime;
        const at = (index) => round(blockStart + (index * blockTime) / tasks.length);
        return tasks.map((row, index) => [row, [at(index), at(index + 1)]]);
      });
      const valid = [...blockSlots, ...taskSlots].every(([, [from, to]]) => to > from);
      return valid && { blocks: blockSlots, tasks: taskSlots };
    }

    /** Shows the plan, or keeps the last one and says why; true when the hours make a plan. */
    function draw() {
      const made = makePlan();
      const focused = document.activeElement;
      Playbook.notice(root, made ? "" : text("bad_hours"));
      if (made) {
        const showTime = (row, times) =>
          (row.querySelector("[data-time]").textContent = times.map(clockTime).join("–"));
        for (const [row, times] of made.blocks) showTime(row, times);
        // Planned tasks in block order, then the others in priority order.
        for (const [row, times] of made.tasks) {
          showTime(row, times);
          row.parentNode.append(row);
        }
        for (const row of rows.filter((row) => !blocks.includes(blockMenu(row).value))) {
          row.querySelector("[data-time]").textContent = text("unplanned");
          row.parentNode.append(row);
        }
        plan = made;
      }
      // Moving rows drops focus, so it is given back.
      focused?.focus();
      return Boolean(made);
    }

    /** Shows saved hours and blocks; removed blocks and hours without a plan fall back. */
    function show(saved) {
      saved ||= {};
      startAt.value = saved.start || startAt.defaultValue;
      endAt.value = saved.end || endAt.defaultValue;
      for (const row of rows) {
        const menu = blockMenu(row);
        menu.value = saved.blocks?.[row.dataset.task] ?? "";
        if (menu.selectedIndex < 0) menu.value = "";
      }
      if (!makePlan()) {
        startAt.value = startAt.defaultValue;
        endAt.value = endAt.defaultValue;
      }
      draw();
    }

    /** The first working day on or after date, as midnight UTC (the calendar's floating day). */
    function firstWorkingDay(date) {
      const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
      while (!workingDays.includes(DAY_CODES[day.getUTCDay()])) {
        day.setUTCDate(day.getUTCDate() + 1);
      }
      return day.getTime();
    }

    /** One VEVENT for a task or a block without tasks, repeating on the working days. */
    function eventLines({ uid, summary, description, url, times: [from, to] }, now, day) {
      const at = (minutes) => icsStamp(new Date(day + minutes * 60000)).replace("Z", "");
      return [
        "BEGIN:VEVENT",
        // A stable UID and a rising SEQUENCE: importing again updates the events.
        `UID:${id}-${uid}@${location.hostname || "playbook"}`,
        `SEQUENCE:${Math.floor(now / 1000)}`,
        `DTSTAMP:${icsStamp(now)}`,
        `DTSTART:${at(from)}`,
        `DTEND:${at(to)}`,
        `RRULE:FREQ=WEEKLY;BYDAY=${workingDays.join(",")}`,
        `SUMMARY:${icsText(summary)}`,
        `DESCRIPTION:${icsText(description)}`,
        `URL:${url}`,
        "END:VEVENT",
      ];
    }

    /** The events of the plan shown: each planned task, and each block that has none. */
    function events() {
      const ranked = rows.map((row) => row.dataset.title).join("; ");
      return plan.blocks.flatMap(([blockRow, times]) => {
        const mine = plan.tasks.filter(([row]) => blockMenu(row).value === blockRow.dataset.block);
        if (mine.length) {
          return mine.map(([row, taskTimes]) => ({
            uid: row.dataset.task,
            summary: row.dataset.title,
            description: row.dataset.summary,
            url: row.querySelector("a").href,
            times: taskTimes,
          }));
        }
        const block = blockRow.dataset.title;
        return [{
          uid: `block-${blockRow.dataset.block}`,
          summary: text("ics_block", { block, framework: root.dataset.title }),
          description: text("ics_block_tasks", { tasks: ranked }),
          url: location.href.split("#")[0],
          times,
        }];
      });
    }

    function toCalendar() {
      const now = new Date();
      const day = firstWorkingDay(now);
      const lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Social Media Playbook//Planner//EN",
        ...events().flatMap((event) => eventLines(event, now, day)),
        "END:VCALENDAR",
        "",
      ];
      Playbook.file(`${id}.ics`, lines.map(foldLine).join("\r\n"));
    }

    // Other tabs' choices show here too.
    const save = Playbook.store(root, KIND, id, show, toCalendar, show);

    // Only hours that make a plan are saved; draw() clears notices, so it runs first.
    root.addEventListener("input", () => {
      if (!draw()) return;
      const chosen = rows
        .filter((row) => blockMenu(row).value)
        .map((row) => [row.dataset.task, blockMenu(row).value]);
      save({ start: startAt.value, end: endAt.value, blocks: Object.fromEntries(chosen) });
    });

    Playbook.act(root, {
      ics: toCalendar,
      reset() {
        Playbook.remove(KIND, id);
        show();
      },
    });
  }

  Playbook.mount("[data-planner]", mount);
})();
