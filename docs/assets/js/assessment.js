/* Self-assessments (docs/scoring.md). */
(() => {
  const P = window.Playbook, KIND = "assessment",
    // Step for step as macros/scoring.py, so floats agree; half up despite noise.
    round = x => Math.floor(x + 0.5 + 1e-9),
    valid = (d, v) => v === "na" ? !!d.na : d.levels.some(l => l.value === v),
    stageOf = (d, s) => s !== null && d.stages.find(g => g.min <= s && (s < g.max || s === 100 && g.max === 100));

  function score(d, answers) {
    const lo = d.levels[0].value, span = d.levels.at(-1).value - lo;
    let sum = 0, n = 0, answered = 0, total = 0;
    const dims = d.dimensions.map(({ id, questions }) => {
      const got = questions.map(q => answers[q]).filter(v => valid(d, v)), vals = got.filter(v => v !== "na"),
        s = vals.length ? vals.reduce((acc, v) => acc + (v - lo), 0) * 100 / (vals.length * span) : null;
      if (s !== null) sum += s, n++;
      answered += got.length;
      total += questions.length;
      return { id, score: s, rounded: s === null ? null : round(s), answered: got.length, total: questions.length };
    }), overall = n ? round(sum / n) : null;
    // Stable sort: ties keep page order.
    return { score: overall, stage: stageOf(d, overall)?.id ?? null, answered, total, dimensions: dims, weakest: dims.filter(x => x.score !== null).sort((x, y) => x.score - y.score).slice(0, 2).map(x => x.id) };
  }
  window.PlaybookAssessment = { score };

  P.mount("[data-assessment]", root => {
    const d = P.parse(root.dataset.model), T = (k, v) => P.t("assessment." + k, v), q1 = s => root.querySelector(s), qa = s => root.querySelectorAll(s);
    if (!d) return;
    const id = d.id, known = new Set(d.dimensions.flatMap(x => x.questions)), none = T("no_score"), $ = n => q1(`[data-a=${n}]`), sel = $("snaps"),
      res = $("res"), rows = d.dimensions.map(x => q1(`[data-dim-row=${x.id}]`).cells);
    let st, shared;

    // Drop and count questions gone from the content; bad names an answer off the scale.
    const clean = v => {
        const o = { answers: {}, notes: {} }, gone = new Set();
        for (const f in o) for (const [q, x] of Object.entries(v?.[f] instanceof Object ? v[f] : {})) {
          if (!known.has(q)) gone.add(q);
          else if (f == "notes" ? x && typeof x == "string" : valid(d, x)) o[f][q] = x;
          else o.bad ||= f == "answers" && q;
        }
        o.gone = gone.size;
        return o;
      },
      restore = v => st = { ...clean(v), snaps: [].concat(v?.snapshots ?? []).filter(s => typeof s?.at == "string").map(s => ({ at: s.at, answers: clean(s).answers })), old: !!v && v.version !== d.version },
      msg = m => P.notice($("msg"), m),
      json = () => P.json(id + "-assessment", KIND, id, d.version, { answers: st.answers, notes: st.notes }),
      put = P.store($("store"), KIND, id, restore, json, v => redraw(restore(v))),
      save = () => put({ version: d.version, answers: st.answers, notes: st.notes, snapshots: st.snaps }),
      // An answer redraws only the results.
      render = () => {
        const r = score(d, shared || st.answers), g = stageOf(d, r.score);
        res.dataset.score = r.score ?? "";
        res.dataset.stage = r.stage ?? "";
        $("progress").textContent = T("progress", r);
        $("score").textContent = r.score ?? none;
        $("stage").textContent = g?.title ?? none;
        $("desc").textContent = g ? g.description : T("start");
        r.dimensions.forEach((x, i) => { rows[i][1].textContent = x.rounded ?? none; rows[i][2].textContent = T("progress", x); });
        $("poly")?.setAttribute("points", [...qa("[data-axis]")].map((l, i) => [l.getAttribute("x2"), l.getAttribute("y2")].map(c => c * r.dimensions[i].score / 100 || 0)).join(" "));
        // Advice is in the page; weakest first.
        qa("[data-rec]").forEach(li => li.hidden = true);
        for (const w of r.weakest) {
          const li = q1(`[data-rec="${w}:${stageOf(d, r.dimensions.find(x => x.id == w).rounded).id}"]`);
          li.hidden = false;
          $("recs").append(li);
        }
        $("norecs").hidden = r.weakest.length;
        compare();
      },
      compare = () => {
        const s = st.snaps[sel.value], [a, b] = [s?.answers || {}, st.answers].map(v => (v = score(d, v)).dimensions.map(x => x.rounded).concat(v.score));
        $("cmp").hidden = q1("[data-act=unsnap]").disabled = !s;
        qa("[data-a=cmp] tbody tr").forEach(({ cells: c }, i) => {
          c[1].textContent = a[i] ?? none;
          c[2].textContent = b[i] ?? none;
          c[3].textContent = a[i] === null || b[i] === null ? "" : (b[i] > a[i] ? "+" : "") + (b[i] - a[i]);
        });
      },
      // One pass; namedItem is slow on big forms.
      redraw = () => {
        const keep = sel.value;
        qa("[type=radio]").forEach(i => i.checked = i.value == st.answers[i.name]);
        qa("[data-note]").forEach(n => { n.value = st.notes[n.dataset.note] || ""; filled(n); if (n.value) n.parentNode.open = true; });
        sel.length = 1;
        st.snaps.forEach((s, i) => sel.add(new Option(T("snapshot_label", { date: new Date(s.at).toLocaleString(), score: score(d, s.answers).score ?? none }), i)));
        sel.value = keep < st.snaps.length ? keep : "";
        render();
      },
      all = () => { save(); redraw(); },
      // Print shows only notes with text.
      filled = n => n.parentNode.toggleAttribute("data-filled", !!n.value),
      // Shared answers are saved only on request.
      unshare = load => {
        if (load) st.answers = shared;
        shared = null;
        P.notice($("shared"), "");
        history.replaceState(history.state, "", location.pathname + location.search);
        all();
      };

    // Migrate older content versions.
    if (st.gone) P.notice($("news"), T("migrated", { count: st.gone }));
    if (st.gone || st.old) save();

    // #answers=<version>,<qid>:<value>,...
    const m = location.hash.match(/^#answers=\d+((,[a-z0-9-]+:\w+)+)$/), c = m && clean({ answers: Object.fromEntries(m[1].split(",").slice(1).map(p => p.split(":")).map(([q, v]) => [q, v == "na" ? v : +v])) });
    if (c && !c.bad) {
      shared = c.answers;
      P.notice($("shared"), T("shared", { count: Object.keys(shared).length }) + (c.gone ? " " + T("migrated", { count: c.gone }) : ""), [[T("share_load"), () => unshare(1)], [T("share_keep"), () => unshare()]]);
    } else if (location.hash.startsWith("#answers=")) msg(T("share_bad"));

    redraw();
    qa("[data-js]").forEach(e => e.hidden = false);

    root.addEventListener("change", ({ target: el }) => {
      if (el.type == "radio") {
        st.answers[el.name] = el.value == "na" ? "na" : +el.value;
        if (shared) return unshare();
        save();
        render();
      } else if (el == sel) compare();
    });
    root.addEventListener("input", ({ target: el }) => {
      const q = el.dataset.note;
      if (!q) return;
      if (el.value) st.notes[q] = el.value;
      else delete st.notes[q];
      filled(el);
      save();
    });
    root.addEventListener("submit", e => e.preventDefault());
    P.act(root, {
      json,
      csv() {
        const r = score(d, st.answers), out = [T("csv_header").split("|")];
        d.dimensions.forEach((x, i) => {
          for (const q of x.questions) out.push([x.title, q, q1(`#q-${q} legend`).textContent, st.answers[q], q1(`#q-${q} :checked + span`)?.textContent, st.notes[q]]);
          out.push([x.title, "", T("score"), r.dimensions[i].rounded]);
        });
        out.push([T("overall_row"), "", T("score"), r.score, stageOf(d, r.score)?.title]);
        P.file(id + "-assessment.csv", out);
      },
      open: () => $("file").click(),
      add(b) {
        const li = b.closest("li");
        P.addAction({ text: li.dataset.text, href: li.querySelector("a").href, source: li.dataset.source });
        b.textContent = T("added");
      },
      share() {
        const u = location.href.split("#")[0] + "#answers=" + d.version + Object.entries(st.answers).map(e => "," + e.join(":")).join(""), f = $("link");
        f.value = u;
        $("linkrow").hidden = false;
        f.select();
        // Copying is a bonus.
        navigator.clipboard?.writeText(u).catch(() => 0);
        msg(T("share_made"));
      },
      reset: () => all(Object.assign(st, { answers: {}, notes: {} })),
      snap() {
        st.snaps.push({ at: new Date().toISOString(), answers: { ...st.answers } });
        all();
        msg(T("snapshot_saved"));
      },
      unsnap() {
        st.snaps.splice(sel.value, 1);
        sel.value = "";
        all();
      },
      // All or nothing: one answer off the scale refuses the file.
      import(v, no) {
        const c = clean(v);
        if (!(v.answers instanceof Object)) return no("not_export");
        if (c.bad) return no("bad_answer", { id: c.bad });
        return () => {
          Object.assign(st, c);
          // Ends a shared view too: its buttons would act on answers no longer shown.
          unshare();
          return T("imported", { count: Object.keys(c.answers).length }) + (c.gone ? " " + T("import_gone", { n: c.gone }) : "");
        };
      }
    }, KIND, id, $("msg"));
  });
})();
