/* Planner: the user's working day split evenly into the blocks; each block's tasks share its time in priority order (as macros/worktools.py). */
(() => {
  const P = Playbook, K = "planner", pad = n => String(n).padStart(2, "0"), hm = m => pad(m / 60 | 0) + ":" + pad(m % 60),
    mins = s => { const [h, m] = s.split(":"); return h * 60 + +m; },
    // iCalendar text escaping, and folding at 75 octets (a continuation line starts with a space).
    esc = s => s.replace(/[\\;,]/g, "\\$&").replace(/\n/g, "\\n"),
    fold = l => { let o = "", n = 0; for (const c of l) { const b = new Blob([c]).size; if (n + b > 75) { o += "\r\n "; n = 1; } o += c; n += b; } return o; };
  P.mount("[data-planner]", root => {
    const id = root.dataset.planner, [a, b] = root.querySelectorAll("[data-hour]"), rows = [...root.querySelectorAll("[data-task]")],
      sel = r => r.querySelector("select"), blocks = [...sel(rows[0]).options].map(o => o.value);
    let S, plan = [];
    // Lay out the day; rows stay in priority order within each block.
    const draw = () => {
      const s = mins(a.value), len = (mins(b.value) - s) / blocks.length;
      if (!(len > 0)) return P.notice(root, P.t("planner.bad_hours"));
      P.notice(root, "");
      plan = [];
      blocks.forEach((blk, i) => {
        const mine = rows.filter(r => sel(r).value == blk);
        mine.forEach((r, j) => {
          const t = [j, j + 1].map(k => s + i * len + k * len / mine.length | 0);
          r.querySelector("[data-time]").textContent = t.map(hm).join("–");
          r.parentNode.append(r);
          plan.push([r, t]);
        });
      });
    };
    const set = v => {
      S = v || {};
      a.value = S.start || a.defaultValue;
      b.value = S.end || b.defaultValue;
      // A saved block that no longer exists falls back to the default one.
      rows.forEach(r => { sel(r).value = (S.blocks || {})[r.dataset.task]; if (sel(r).selectedIndex < 0) sel(r).value = sel(r).querySelector("[selected]").value; });
      draw();
    };
    const ics = () => {
      const d = new Date(), day = "" + d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()), at = t => day + "T" + hm(t).replace(":", "") + "00",
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Social Media Strategy Playbook//Planner//EN", "CALSCALE:GREGORIAN"];
      plan.forEach(([r, t]) => lines.push("BEGIN:VEVENT", `UID:${id}-${r.dataset.task}@${location.hostname || "playbook"}`, "DTSTAMP:" + d.toISOString().replace(/[-:]|\.\d+/g, ""),
        "DTSTART:" + at(t[0]), "DTEND:" + at(t[1]), "RRULE:FREQ=DAILY", "SUMMARY:" + esc(r.dataset.title), "DESCRIPTION:" + esc(r.dataset.summary), "URL:" + r.querySelector("a").href, "END:VEVENT"));
      P.download(id + ".ics", "text/calendar", lines.concat("END:VCALENDAR").map(fold).join("\r\n") + "\r\n");
    };
    const l = P.load(K, id);
    set(l.value);
    P.warn(root, l.status, ics);
    P.watch(K, id, root, set);
    // Any change of hours or block is saved and redrawn.
    root.addEventListener("input", () => {
      S = { start: a.value, end: b.value, blocks: Object.fromEntries(rows.map(r => [r.dataset.task, sel(r).value])) };
      draw();
      P.save(K, id, S) || P.warn(root, "unavailable", ics);
    });
    P.act(root, { ics, print: () => print(), reset: () => { P.remove(K, id); set(); } });
  });
})();
