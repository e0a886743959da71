/* Planner: day_plan of macros/worktools.py. */
(() => {
  const P = Playbook, K = "planner", hm = m => new Date(m * 6e4).toISOString().slice(11, 16),
    mins = s => { const [h, m] = s.split(":"); return h * 60 + +m; },
    // RFC 5545: escaped, folded at 75 octets.
    esc = s => s.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n"),
    fold = l => { let o = "", n = 0; for (const c of l) { const b = new Blob([c]).size; if ((n += b) > 75) o += "\r\n ", n = 1 + b; o += c; } return o; };
  P.mount("[data-planner]", root => {
    let plan;
    const id = root.dataset.planner, [a, b] = root.querySelectorAll("[data-hour]"), rows = [...root.querySelectorAll("[data-task]")],
      sel = r => r.querySelector("select"), blocks = [...sel(rows[0]).options].map(o => o.value),
      // [row, [start, end]] per task; false if one gets under a minute. An end before the start is after midnight.
      make = () => {
        const s = mins(a.value), e = mins(b.value), len = (e - s + (e > s ? 0 : 1440)) / blocks.length,
          p = blocks.flatMap((blk, i) => rows.filter(r => sel(r).value == blk).map((r, j, mine) => [r, [j, j + 1].map(k => s + i * len + k * len / mine.length + .5 | 0)]));
        return p.every(([, t]) => t[1] > t[0]) && p;
      },
      // Impossible hours keep the last plan. Moving rows drops focus, so it is given back.
      draw = () => {
        const p = make(), f = document.activeElement;
        P.notice(root, p ? "" : P.t(K + ".bad_hours"));
        if (p) plan = p.map(([r, t]) => (r.querySelector("[data-time]").textContent = t.map(hm).join("–"), r.parentNode.append(r), [r, t]));
        f?.focus();
        return p;
      },
      // Saved hours without a plan and removed blocks fall back to the defaults.
      set = S => {
        S ||= {};
        a.value = S.start || a.defaultValue;
        b.value = S.end || b.defaultValue;
        rows.forEach(r => { const s = sel(r); s.value = S.blocks?.[r.dataset.task]; if (s.selectedIndex < 0) s.value = s.querySelector("[selected]").value; });
        if (!make()) a.value = a.defaultValue, b.value = b.defaultValue;
        draw();
      },
      // Stable UIDs and a rising SEQUENCE: a re-import updates.
      ics = () => {
        const d = new Date(), day = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()), at = t => new Date(day + t * 6e4).toISOString().slice(0, 16).replace(/[-:]/g, "") + "00";
        P.file(id + ".ics", ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Social Media Playbook//Planner//EN",
          ...plan.flatMap(([r, t]) => ["BEGIN:VEVENT", `UID:${id}-${r.dataset.task}@${location.hostname || "playbook"}`, "SEQUENCE:" + Math.floor(d / 1e3), "DTSTAMP:" + d.toISOString().replace(/[-:]|\.\d+/g, ""),
            "DTSTART:" + at(t[0]), "DTEND:" + at(t[1]), "RRULE:FREQ=DAILY", "SUMMARY:" + esc(r.dataset.title), "DESCRIPTION:" + esc(r.dataset.summary), "URL:" + r.querySelector("a").href, "END:VEVENT"]),
          "END:VCALENDAR", ""].map(fold).join("\r\n"));
      },
      // Other tabs' choices show here too.
      save = P.store(root, K, id, set, ics, set);
    // Only hours that make a plan are saved. draw() clears notices, so first.
    root.addEventListener("input", () => draw() && save({ start: a.value, end: b.value, blocks: Object.fromEntries(rows.map(r => [r.dataset.task, sel(r).value])) }));
    P.act(root, { ics, reset: () => { P.remove(K, id); set(); } });
  });
})();
