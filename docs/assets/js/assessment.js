/* Self-assessment pages: docs/scoring.md, docs/export-format.md. */
(() => {
  "use strict";
  const P = window.Playbook, KIND = "assessment", keys = Object.keys;

  // Half up; the margin absorbs float noise.
  const round = (x) => Math.floor(x + 0.5 + 1e-9);

  // Scale values count; "na" only if offered.
  const valid = (d, v) => v === "na" ? !!d.na : typeof v == "number" && d.levels.some((l) => l.value === v);

  // A band ending at 100 includes 100.
  const stageOf = (d, s) => s === null ? null : d.stages.find((g) => g.min <= s && (s < g.max || s === 100 && g.max === 100)) || null;

  // Same steps as macros/scoring.py, so the same floats.
  function score(d, answers) {
    const lo = d.levels[0].value, span = d.levels[d.levels.length - 1].value - lo;
    let sum = 0, n = 0, answered = 0, total = 0;
    const dims = d.dimensions.map((dim) => {
      let acc = 0, k = 0, a = 0;
      for (const q of dim.questions) {
        const v = answers[q];
        if (!valid(d, v)) continue;
        a++;
        if (v !== "na") { acc += v - lo; k++; }
      }
      const s = k ? acc * 100 / (k * span) : null;
      if (k) { sum += s; n++; }
      answered += a;
      total += dim.questions.length;
      return { id: dim.id, score: s, rounded: k ? round(s) : null, answered: a, total: dim.questions.length };
    });
    const overall = n ? round(sum / n) : null, g = stageOf(d, overall);
    // Stable sort: ties keep page order.
    const weak = dims.filter((x) => x.score !== null).sort((x, y) => x.score - y.score);
    return { score: overall, stage: g && g.id, answered, total, dimensions: dims, weakest: weak.slice(0, 2).map((x) => x.id) };
  }
  window.PlaybookAssessment = { score };

  P.mount("[data-assessment]", (root) => {
    const d = P.parse(root.dataset.model).value, t = P.t, T = (k, v) => t("assessment." + k, v), h = P.h, q1 = (s) => root.querySelector(s), qa = (s) => root.querySelectorAll(s);
    if (!d) return;
    const id = d.id, known = {}, none = T("no_score"), $ = (n) => q1(`[data-a=${n}]`), res = q1("[data-assessment-result]"), sel = $("snaps");
    const ids = d.dimensions.map((x) => x.id), rows = ids.map((x) => q1(`[data-dim-row=${x}]`).cells);
    const ends = [...qa("[data-axis]")].map((l) => [l.getAttribute("x2"), l.getAttribute("y2")]);
    let st, shared, warned;
    d.dimensions.forEach((x) => x.questions.forEach((q) => { known[q] = 1; }));

    // Drop unknown questions and bad values.
    function clean(v) {
      const o = { answers: {}, notes: {} }, gone = {};
      for (const f in o) {
        const src = v instanceof Object && v[f] instanceof Object ? v[f] : {};
        for (const q of keys(src)) {
          const x = src[q];
          if (known[q] !== 1) gone[q] = 1;
          else if (f == "notes" ? x && typeof x == "string" : valid(d, x)) o[f][q] = x;
        }
      }
      o.gone = keys(gone).length;
      return o;
    }
    const snaps = (v) => [].concat(v?.snapshots ?? []).filter((s) => typeof s?.at == "string").map((s) => ({ at: s.at, answers: clean(s).answers }));
    const migrated = (n) => T(n == 1 ? "migrated_one" : "migrated", { count: n });

    // Storage trouble: notice + export.
    const warn = (m) => { warned = 1; P.notice($("store"), m, [{ label: t("storage.export"), run: acts.json }]); };
    const msg = (m) => P.notice($("msg"), m);
    const save = () => P.save(KIND, id, { version: d.version, answers: st.answers, notes: st.notes, snapshots: st.snaps }) || warned || warn(t("storage.unavailable"));

    // One pass over the inputs; no form re-render (namedItem is slow on big forms).
    function fill() {
      qa("[data-question] input").forEach((i) => { i.checked = i.value == st.answers[i.name]; });
      qa("[data-note]").forEach((n) => {
        n.value = st.notes[n.getAttribute("data-note")] || "";
        if (n.value) n.parentNode.open = true;
      });
    }

    // Per answer only results redraw.
    function render() {
      const r = score(d, shared || st.answers), g = stageOf(d, r.score), p = T("progress", r);
      res.dataset.score = r.score ?? "";
      res.dataset.stage = g?.id ?? "";
      $("progress").textContent = p;
      $("score").textContent = r.score ?? none;
      $("stage").textContent = g?.title ?? none;
      $("desc").textContent = g ? g.description : T("start");
      r.dimensions.forEach((x, i) => {
        rows[i][1].textContent = x.rounded ?? none;
        rows[i][2].textContent = T("progress", x);
      });
      $("poly").setAttribute("points", ends.map((e, i) => e.map((c) => c * r.dimensions[i].score / 100 || 0)).join(" "));
      // Advice is in the page: show the weakest first.
      qa("[data-rec]").forEach((li) => { li.hidden = true; });
      qa("[data-act=add]").forEach((b) => { b.hidden = !P.addAction; });
      for (const w of r.weakest) {
        const li = q1(`[data-rec="${w}:${stageOf(d, r.dimensions[ids.indexOf(w)].rounded).id}"]`);
        li.hidden = false;
        $("recs").append(li);
      }
      $("norecs").hidden = r.weakest.length;
      compare();
    }

    // Snapshot vs now, per dimension.
    function compare() {
      const s = st.snaps[sel.value], [a, b] = [s?.answers || {}, st.answers].map((v) => (v = score(d, v)).dimensions.map((x) => x.rounded).concat(v.score));
      $("cmp").hidden = !s;
      [...$("cmp").rows].slice(1).forEach(({ cells: c }, i) => {
        c[1].textContent = a[i] ?? none;
        c[2].textContent = b[i] ?? none;
        c[3].textContent = a[i] === null || b[i] === null ? "" : (b[i] > a[i] ? "+" : "") + (b[i] - a[i]);
      });
    }
    function fillSnaps(keep) {
      sel.length = 1;
      st.snaps.forEach((s, i) => sel.add(h("option", { value: i, text: T("snapshot_label", { date: new Date(s.at).toLocaleString(), score: score(d, s.answers).score ?? none }) })));
      sel.value = keep < st.snaps.length ? keep : "";
    }
    const redraw = () => { fill(); fillSnaps(sel.value); render(); }, all = () => { save(); redraw(); };

    // Shared answers: saved only on request.
    function unshare(load) {
      if (load) st.answers = shared;
      shared = null;
      P.notice($("shared"), "");
      history.replaceState(history.state, "", location.pathname);
      all();
    }

    const acts = {
      json: () => P.download(id + "-assessment.json", "application/json", P.envelope(KIND, id, d.version, { answers: st.answers, notes: st.notes })),
      csv() {
        const r = score(d, st.answers), out = [T("csv_header").split("|")], lab = (v) => v == "na" ? d.na : d.levels.find((l) => l.value === v)?.label;
        d.dimensions.forEach((x, i) => {
          for (const q of x.questions) out.push([x.title, q, q1(`#q-${q} legend`).textContent, st.answers[q], lab(st.answers[q]), st.notes[q]]);
          out.push([x.title, "", T("score"), r.dimensions[i].rounded]);
        });
        out.push([T("overall_row"), "", T("score"), r.score, stageOf(d, r.score)?.title]);
        P.download(id + "-assessment.csv", "text/csv", P.csv(out));
      },
      open: () => $("file").click(),
      add(b) {
        const li = b.closest("li");
        P.addAction({ text: li.dataset.text, href: li.querySelector("a").href, source: li.dataset.source });
        b.textContent = T("added");
      },
      share() {
        const u = location.href.split("#")[0] + "#answers=" + d.version + keys(st.answers).map((q) => `,${q}:${st.answers[q]}`).join(""), f = $("link");
        f.value = u;
        $("linkrow").hidden = false;
        f.select();
        // Copy is a bonus; the field shows it.
        navigator.clipboard?.writeText(u).catch(() => 0);
        msg(T("share_made"));
      },
      print: () => print(),
      reset() {
        if (confirm(T("confirm_reset"))) all(Object.assign(st, { answers: {}, notes: {} }));
      },
      snap() {
        st.snaps.push({ at: new Date().toISOString(), answers: { ...st.answers } });
        all();
        msg(T("snapshot_saved"));
      },
      unsnap() {
        st.snaps.splice(sel.value || st.snaps.length, 1);
        sel.value = "";
        all();
      }
    };

    // Bad import: say why, change nothing.
    const load = (file) => P.readFile(file, (err, text) => {
      let u = err ? { error: T("read_failed") } : P.unwrap(text, KIND, id);
      $("file").value = "";
      if (u.ok && !(u.value.data.answers instanceof Object)) u = { error: t("import.not_export") };
      if (!u.ok) return msg(t("common.import_failed", { reason: u.error }));
      const c = Object.assign(st, clean(u.value.data));
      shared = null;
      all();
      msg(T("imported", { count: keys(c.answers).length }) + (c.gone ? " " + migrated(c.gone) : ""));
    });

    // Restore; migrate old versions.
    const restore = (v) => (st = { ...clean(v), snaps: snaps(v) }), got = P.load(KIND, id), c = restore(got.value);
    if (/^(unavailable|corrupt)$/.test(got.status)) warn(t("storage." + got.status));
    if (got.value && (c.gone || got.value.version !== d.version)) {
      if (c.gone) P.notice($("news"), migrated(c.gone));
      save();
    }

    // Share link: #answers=<version>,<qid>:<value>,...
    const m = location.hash.match(/^#answers=\d+((,[a-z0-9-]+:\w+)*)$/);
    if (m) {
      const a = {};
      for (const p of m[1].split(",").slice(1)) { const [q, v] = p.split(":"); a[q] = v == "na" ? v : +v; }
      shared = clean({ answers: a }).answers;
      P.notice($("shared"), T("shared", { count: keys(shared).length }), [{ label: T("share_load"), run: () => unshare(1) }, { label: T("share_keep"), run: () => unshare() }]);
    } else if (location.hash.startsWith("#answers=")) msg(T("share_bad"));

    redraw();
    qa("[data-js]").forEach((e) => { e.hidden = false; });

    root.addEventListener("change", ({ target: el }) => {
      if (el.type == "radio") {
        st.answers[el.name] = el.value == "na" ? "na" : +el.value;
        if (shared) return unshare();
        save();
        render();
      } else if (el == sel) compare();
      else if (el.type == "file") load(el.files[0]);
    });
    root.addEventListener("input", ({ target: el }) => {
      const q = el.getAttribute("data-note");
      if (!q) return;
      st.notes[q] = el.value;
      if (!el.value) delete st.notes[q];
      save();
    });
    root.addEventListener("submit", (e) => e.preventDefault());
    root.addEventListener("click", (e) => {
      const b = e.target.closest("[data-act]");
      if (b) acts[b.getAttribute("data-act")](b);
    });
    P.watch(KIND, id, root, (v) => redraw(restore(v)));
    // actions.js may load later.
    if (!P.addAction && document.readyState != "complete") addEventListener("load", render, { once: true });
  });
})();
