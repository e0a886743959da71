// Workflow planner: the day_plan of playbook/tools/worktools.py, redone as hours or blocks change.
(() => {
  "use strict";

  const KIND = "planner";
  const encoder = new TextEncoder();
  const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);

  /** "HH:MM" for minutes after midnight (wrapping past midnight). */
  const clockTime = (minutes) => new Date(minutes * 60000).toISOString().slice(11, 16);

  /** Minutes after midnight of an "HH:MM" time. */
  function minutesOf(time) {
    const [hours, minutes] = time.split(":");
    return hours * 60 + Number(minutes);
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

  function mount(root) {
    const id = root.dataset.planner;
    const [startAt, endAt] = root.querySelectorAll("[data-hour]");
    const rows = [...root.querySelectorAll("[data-task]")];
    const blockMenu = (row) => row.querySelector("select");
    const blocks = [...blockMenu(rows[0]).options].map((option) => option.value);
    let plan;

    /**
     * [row, [start, end]] per task, in block order; false when a task would get under a minute.
     * An end before the start is a day that ends after midnight.
     */
    function makePlan() {
      const start = minutesOf(startAt.value);
      const end = minutesOf(endAt.value);
      const blockTime = (end - start + (end > start ? 0 : 24 * 60)) / blocks.length;
      const slots = blocks.flatMap((block, blockIndex) => {
        const tasks = rows.filter((row) => blockMenu(row).value === block);
        const blockStart = start + blockIndex * blockTime;
        // Rounded to the minute, half up, in the same float steps as the Python plan.
        const at = (index) => Math.floor(blockStart + (index * blockTime) / tasks.length + 0.5);
        return tasks.map((row, index) => [row, [at(index), at(index + 1)]]);
      });
      return slots.every(([, [from, to]]) => to > from) && slots;
    }

    /** Shows the plan, or keeps the last one and says why; true when the hours make a plan. */
    function draw() {
      const slots = makePlan();
      const focused = document.activeElement;
      Playbook.notice(root, slots ? "" : text("bad_hours"));
      if (slots) {
        for (const [row, times] of slots) {
          row.querySelector("[data-time]").textContent = times.map(clockTime).join("–");
          row.parentNode.append(row);
        }
        plan = slots;
      }
      // Moving rows drops focus, so it is given back.
      focused?.focus();
      return Boolean(slots);
    }

    /** Shows saved hours and blocks; removed blocks and hours without a plan fall back. */
    function show(saved) {
      saved ||= {};
      startAt.value = saved.start || startAt.defaultValue;
      endAt.value = saved.end || endAt.defaultValue;
      for (const row of rows) {
        const menu = blockMenu(row);
        menu.value = saved.blocks?.[row.dataset.task];
        if (menu.selectedIndex < 0) menu.value = menu.querySelector("[selected]").value;
      }
      if (!makePlan()) {
        startAt.value = startAt.defaultValue;
        endAt.value = endAt.defaultValue;
      }
      draw();
    }

    /** One VEVENT per task, today, repeating daily. */
    function eventLines([row, [from, to]], now, today) {
      const at = (minutes) => icsStamp(new Date(today + minutes * 60000)).replace("Z", "");
      return [
        "BEGIN:VEVENT",
        // A stable UID and a rising SEQUENCE: importing again updates the events.
        `UID:${id}-${row.dataset.task}@${location.hostname || "playbook"}`,
        `SEQUENCE:${Math.floor(now / 1000)}`,
        `DTSTAMP:${icsStamp(now)}`,
        `DTSTART:${at(from)}`,
        `DTEND:${at(to)}`,
        "RRULE:FREQ=DAILY",
        `SUMMARY:${icsText(row.dataset.title)}`,
        `DESCRIPTION:${icsText(row.dataset.summary)}`,
        `URL:${row.querySelector("a").href}`,
        "END:VEVENT",
      ];
    }

    function toCalendar() {
      const now = new Date();
      // Floating local times on today's date.
      const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
      const lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Social Media Playbook//Planner//EN",
        ...plan.flatMap((slot) => eventLines(slot, now, today)),
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
      const chosen = rows.map((row) => [row.dataset.task, blockMenu(row).value]);
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
