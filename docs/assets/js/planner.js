/* Planner: day_plan of macros/worktools.py. */
(() => {
  const P = Playbook, K = "planner", hm = m => new Date(m * 6e4).toISOString().slice(11, 16),
    mins = s => { const [h, m] = s.split(":"); return h * 60 + +m; },
    // RFC 5545: escaped, folded at 75 octets.
    esc = s => s.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n"),
    fold = l => { let o = "", n = 0; for (const c of l) { const b = new Blob([c]).size; if ((n += b) > 75) o += "\r\n ", n = 1 + b; o += c; } return o; };
  P.mount("[data-planner]", root => {
    const id = root.dataset.planner, [a, b] = root.querySelectorAll("[data-hour]"), rows = [...root.querySelectorAll("[data-task]")],
      sel = r => r.querySelector("select"), blocks = [...sel(rows[0]).options].map(o => o.value);
    let plan;
    // Impossible hours keep the last plan.
    const draw = () => {
        const s = mins(a.value), len = (mins(b.value) - s) / blocks.length;
        P.notice(root, len > 0 ? "" : P.t(K + ".bad_hours"));
        if (len > 0) plan = blocks.flatMap((blk, i) => rows.filter(r => sel(r).value == blk).map((r, j, mine) => {
          const t = [j, j + 1].map(k => s + i * len + k * len / mine.length + .5 | 0);
          r.querySelector("[data-time]").textContent = t.map(hm).join("–");
          r.parentNode.append(r);
          return [r, t];
        }));
      },
      // A removed block falls back to the default.
      set = S => {
        S ||= {};
        a.value = S.start || a.defaultValue;
        b.value = S.end || b.defaultValue;
        rows.forEach(r => { const s = sel(r); s.value = S.blocks?.[r.dataset.task]; if (s.selectedIndex < 0) s.value = s.querySelector("[selected]").value; });
        draw();
      },
      // Stable UIDs: a re-import updates.
      ics = () => {
        const d = new Date(), day = new Date(d - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 10), at = t => (day + "T" + hm(t) + "00").replace(/[-:]/g, "");
        P.file(id + ".ics", ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Social Media Playbook//Planner//EN",
          ...plan.flatMap(([r, t]) => ["BEGIN:VEVENT", `UID:${id}-${r.dataset.task}@${location.hostname || "playbook"}`, "DTSTAMP:" + d.toISOString().replace(/[-:]|\.\d+/g, ""),
            "DTSTART:" + at(t[0]), "DTEND:" + at(t[1]), "RRULE:FREQ=DAILY", "SUMMARY:" + esc(r.dataset.title), "DESCRIPTION:" + esc(r.dataset.summary), "URL:" + r.querySelector("a").href, "END:VEVENT"]),
          "END:VCALENDAR", ""].map(fold).join("\r\n"));
      },
      save = P.store(root, K, id, set, ics);
    // draw() clears notices, so first.
    root.addEventListener("input", () => {
      draw();
      save({ start: a.value, end: b.value, blocks: Object.fromEntries(rows.map(r => [r.dataset.task, sel(r).value])) });
    });
    P.act(root, { ics, reset: () => { P.remove(K, id); set(); } });
  });
})();
