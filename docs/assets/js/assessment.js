// Self-assessments: scoring (docs/scoring.md), saved answers, snapshots, exports and share links.
(() => {
  "use strict";

  const KIND = "assessment";
  const SHARE_PREFIX = "#answers=";
  // #answers=<content version>,<question id>:<value>,...
  const SHARE_LINK = /^#answers=(\d+)((?:,[a-z0-9-]+:\w+)+)$/;

  // Step for step as playbook/tools/scoring.py, so floats agree; half up despite binary noise.
  const roundHalfUp = (value) => Math.floor(value + 0.5 + 1e-9);

  const isOnScale = (model, value) =>
    value === "na" ? Boolean(model.na) : model.levels.some((level) => level.value === value);

  /** The stage a score falls in (the top stage includes 100), or undefined. */
  const stageFor = (model, score) =>
    score === null
      ? undefined
      : model.stages.find(
          (stage) =>
            stage.min <= score && (score < stage.max || (score === 100 && stage.max === 100)),
        );

  /** One dimension's score from 0 to 100 (null when nothing is answered on the scale). */
  function scoreDim(model, dim, answers) {
    const lowest = model.levels[0].value;
    const span = model.levels.at(-1).value - lowest;
    const given = dim.questions
      .map((qid) => answers[qid])
      .filter((value) => isOnScale(model, value));
    const values = given.filter((value) => value !== "na");
    const points = values.reduce((sum, value) => sum + (value - lowest), 0);
    const score = values.length ? (points * 100) / (values.length * span) : null;
    return {
      id: dim.id,
      score,
      rounded: score === null ? null : roundHalfUp(score),
      answered: given.length,
      total: dim.questions.length,
    };
  }

  /** The scores of docs/scoring.md: per dim, overall, the stage and the two weakest. */
  function score(model, answers) {
    const dims = model.dimensions.map((dim) =>
      scoreDim(model, dim, answers),
    );
    const scored = dims.filter((dim) => dim.score !== null);
    const sum = (field, list) => list.reduce((total, dim) => total + dim[field], 0);
    const overall = scored.length ? roundHalfUp(sum("score", scored) / scored.length) : null;
    // A stable sort: ties keep the page's order.
    const weakest = [...scored].sort((a, b) => a.score - b.score).slice(0, 2);
    return {
      score: overall,
      stage: stageFor(model, overall)?.id ?? null,
      answered: sum("answered", dims),
      total: sum("total", dims),
      dimensions: dims,
      weakest: weakest.map((dim) => dim.id),
    };
  }

  /**
   * Saved or imported {answers, notes} reduced to the questions the page has: gone counts
   * answers to removed questions, badAnswer names the first answer off the scale.
   */
  function keepKnown(model, saved) {
    const known = new Set(model.dimensions.flatMap((dim) => dim.questions));
    const kept = { answers: {}, notes: {}, gone: 0, badAnswer: null };
    const gone = new Set();
    for (const field of ["answers", "notes"]) {
      const entries = saved?.[field] instanceof Object ? Object.entries(saved[field]) : [];
      for (const [qid, value] of entries) {
        const usable =
          field === "notes" ? value && typeof value === "string" : isOnScale(model, value);
        if (!known.has(qid)) gone.add(qid);
        else if (usable) kept[field][qid] = value;
        else if (field === "answers") kept.badAnswer ||= qid;
      }
    }
    kept.gone = gone.size;
    return kept;
  }

  /**
   * A share link's answers for this page: null without a link; {refusal} for a link that cannot
   * be read or was made for a newer version; else {answers, gone, outdatedVersion}.
   */
  function decodeShareLink(hash, model) {
    if (typeof hash !== "string" || !hash.startsWith(SHARE_PREFIX)) return null;
    const match = SHARE_LINK.exec(hash);
    const version = match ? Number(match[1]) : 0;
    if (!match || version < 1) return { refusal: "share_bad" };
    // A newer link may mean other things by the same ids: this page cannot read it.
    if (version > model.version) return { refusal: "share_newer", version };
    const pairs = match[2].split(",").slice(1).map((pair) => pair.split(":"));
    const answers = Object.fromEntries(
      pairs.map(([qid, value]) => [qid, value === "na" ? value : Number(value)]),
    );
    const kept = keepKnown(model, { answers });
    if (kept.badAnswer) return { refusal: "share_bad" };
    const outdatedVersion = version < model.version ? version : null;
    return { answers: kept.answers, gone: kept.gone, outdatedVersion };
  }

  window.PlaybookAssessment = { score, decodeShareLink };

  /** The assessment form under root: answers, notes, results, snapshots, exports. */
  function mount(root) {
    const model = Playbook.parse(root.dataset.model);
    if (!model) return;
    const id = model.id;
    const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
    const noScore = text("no_score");
    // Parts of the form by their data-a role, and rows by attribute value (ids may start
    // with a digit, so they never go into a CSS selector).
    const part = Object.fromEntries(
      [...root.querySelectorAll("[data-a]")].map((el) => [el.dataset.a, el]),
    );
    const byAttr = (attribute) =>
      new Map(
        [...root.querySelectorAll(`[${attribute}]`)].map((el) => [el.getAttribute(attribute), el]),
      );
    const dimRows = byAttr("data-dim-row");
    const advice = byAttr("data-rec");
    const snapMenu = part.snaps;
    const results = part.res;
    let state;
    let shared = null;

    const say = (message) => Playbook.notice(part.msg, message);

    /** The saved value (today's format: version, answers, notes, snapshots) as page state. */
    function restore(saved) {
      const snapshots = [].concat(saved?.snapshots ?? []).filter((s) => typeof s?.at === "string");
      state = {
        ...keepKnown(model, saved),
        snapshots: snapshots.map((s) => ({ at: s.at, answers: keepKnown(model, s).answers })),
        outdated: Boolean(saved) && saved.version !== model.version,
      };
    }

    const toJson = () =>
      Playbook.json(`${id}-assessment`, KIND, id, model.version, {
        answers: state.answers,
        notes: state.notes,
      });

    const follow = (saved) => {
      restore(saved);
      redraw();
    };

    const saveValue = Playbook.store(part.store, KIND, id, restore, toJson, follow);
    const save = () =>
      saveValue({
        version: model.version,
        answers: state.answers,
        notes: state.notes,
        snapshots: state.snapshots,
      });

    function keepNote(field) {
      if (field.value) state.notes[field.dataset.note] = field.value;
      else delete state.notes[field.dataset.note];
    }

    function showAdvice(result) {
      for (const item of advice.values()) item.hidden = true;
      // The advice is in the page already; the weakest dim's comes first.
      for (const weak of result.weakest) {
        const dim = result.dimensions.find((d) => d.id === weak);
        const item = advice.get(`${weak}:${stageFor(model, dim.rounded).id}`);
        item.hidden = false;
        part.recs.append(item);
      }
      part.norecs.hidden = result.weakest.length > 0;
    }

    function drawRadar(result) {
      const polygon = part.poly;
      if (!polygon) return;
      const axes = [...root.querySelectorAll("[data-axis]")];
      const points = axes.map((axis, index) => {
        const share = result.dimensions[index].score / 100;
        return ["x2", "y2"].map((end) => axis.getAttribute(end) * share || 0);
      });
      polygon.setAttribute("points", points.join(" "));
    }

    /** Redraws the results only: what an answer changes. */
    function render() {
      const result = score(model, shared || state.answers);
      const stage = stageFor(model, result.score);
      results.dataset.score = result.score ?? "";
      results.dataset.stage = result.stage ?? "";
      part.progress.textContent = text("progress", result);
      part.score.textContent = result.score ?? noScore;
      part.stage.textContent = stage?.title ?? noScore;
      part.desc.textContent = stage ? stage.description : text("start");
      for (const dim of result.dimensions) {
        const cells = dimRows.get(dim.id).cells;
        cells[1].textContent = dim.rounded ?? noScore;
        cells[2].textContent = text("progress", dim);
      }
      drawRadar(result);
      showAdvice(result);
      compare();
    }

    /** Per dim and overall: rounded scores of answers, for the comparison table. */
    const column = (answers) => {
      const result = score(model, answers);
      return result.dimensions.map((dim) => dim.rounded).concat(result.score);
    };

    function compare() {
      const snap = state.snapshots[snapMenu.value];
      const then = column(snap?.answers || {});
      const now = column(state.answers);
      part.cmp.hidden = !snap;
      root.querySelector("[data-act=unsnap]").disabled = !snap;
      root.querySelectorAll("[data-a=cmp] tbody tr").forEach(({ cells }, index) => {
        const [before, after] = [then[index], now[index]];
        cells[1].textContent = before ?? noScore;
        cells[2].textContent = after ?? noScore;
        const change = after - before;
        cells[3].textContent =
          before === null || after === null ? "" : `${change > 0 ? "+" : ""}${change}`;
      });
    }

    // Print shows only notes with text.
    const markFilled = (note) =>
      note.parentNode.toggleAttribute("data-filled", Boolean(note.value));

    /** Redraws the whole form from state, in one pass (namedItem is slow on big forms). */
    function redraw() {
      const chosen = snapMenu.value;
      for (const radio of root.querySelectorAll("[type=radio]")) {
        radio.checked = radio.value === String(state.answers[radio.name]);
      }
      for (const note of root.querySelectorAll("[data-note]")) {
        note.value = state.notes[note.dataset.note] || "";
        markFilled(note);
        if (note.value) note.parentNode.open = true;
      }
      snapMenu.length = 1;
      state.snapshots.forEach((snap, index) => {
        const label = text("snapshot_label", {
          date: new Date(snap.at).toLocaleString(),
          score: score(model, snap.answers).score ?? noScore,
        });
        snapMenu.add(new Option(label, index));
      });
      snapMenu.value = chosen < state.snapshots.length ? chosen : "";
      render();
    }

    const saveAll = () => {
      save();
      redraw();
    };

    /** Leaves a shared view, replacing the reader's answers with the shared ones when asked. */
    function endShare(load) {
      if (load) state.answers = shared;
      shared = null;
      Playbook.notice(part.shared, "");
      history.replaceState(history.state, "", location.pathname + location.search);
      saveAll();
    }

    // Answers to questions gone from the content are dropped and counted; older versions re-saved.
    if (state.gone) Playbook.notice(part.news, text("migrated", { count: state.gone }));
    if (state.gone || state.outdated) save();

    // A share link shows its answers without saving them, until the reader asks.
    const link = decodeShareLink(location.hash, model);
    if (link?.refusal) {
      say(text(link.refusal, { version: link.version, current: model.version }));
    } else if (link) {
      shared = link.answers;
      const notes = [text("shared", { count: Object.keys(shared).length })];
      if (link.outdatedVersion) {
        notes.push(text("share_outdated", { version: link.outdatedVersion }));
      }
      if (link.gone) notes.push(text("migrated", { count: link.gone }));
      Playbook.notice(part.shared, notes.join(" "), [
        [text("share_load"), () => endShare(true)],
        [text("share_keep"), () => endShare(false)],
      ]);
    }

    redraw();
    root.querySelectorAll("[data-js]").forEach((el) => (el.hidden = false));

    root.addEventListener("change", ({ target }) => {
      if (target.type === "radio") {
        state.answers[target.name] = target.value === "na" ? "na" : Number(target.value);
        if (shared) return endShare(false);
        save();
        render();
      } else if (target === snapMenu) {
        compare();
      }
    });
    root.addEventListener("input", ({ target }) => {
      if (!target.dataset.note) return;
      keepNote(target);
      markFilled(target);
      save();
    });
    root.addEventListener("submit", (event) => event.preventDefault());

    /** Rows of the CSV export: each question with its answer and note, then scores. */
    function csvRows() {
      const result = score(model, state.answers);
      const rows = [text("csv_header").split("|")];
      model.dimensions.forEach((dim, index) => {
        for (const qid of dim.questions) {
          const fieldset = document.getElementById(`q-${qid}`);
          rows.push([
            dim.title,
            qid,
            fieldset.querySelector("legend").textContent,
            state.answers[qid],
            fieldset.querySelector(":checked + span")?.textContent,
            state.notes[qid],
          ]);
        }
        rows.push([dim.title, "", text("score"), result.dimensions[index].rounded]);
      });
      rows.push([
        text("overall_row"),
        "",
        text("score"),
        result.score,
        stageFor(model, result.score)?.title,
      ]);
      return rows;
    }

    function shareLink() {
      const pairs = Object.entries(state.answers).map(([qid, value]) => `,${qid}:${value}`);
      const link = `${location.href.split("#")[0]}${SHARE_PREFIX}${model.version}${pairs.join("")}`;
      const field = part.link;
      field.value = link;
      part.linkrow.hidden = false;
      field.select();
      // Copying is a bonus: the link is selected for the reader anyway.
      navigator.clipboard?.writeText(link).catch(() => {});
      say(text("share_made"));
    }

    // All or nothing: one answer off the scale refuses the file.
    function checkImport(data, refuse) {
      const kept = keepKnown(model, data);
      if (kept.badAnswer) return refuse("bad_answer", { id: kept.badAnswer });
      return () => {
        Object.assign(state, kept);
        // Ends a shared view too: its buttons would act on answers no longer shown.
        endShare(false);
        const count = Object.keys(kept.answers).length;
        const message = text("imported", { count });
        return kept.gone ? `${message} ${text("import_gone", { n: kept.gone })}` : message;
      };
    }

    Playbook.act(
      root,
      {
        json: toJson,
        csv: () => Playbook.file(`${id}-assessment.csv`, csvRows()),
        open: () => part.file.click(),
        add(button) {
          const item = button.closest("li");
          const action = {
            text: item.dataset.text,
            href: item.querySelector("a").href,
            source: item.dataset.source,
          };
          const { saved } = Playbook.trackSaves(() => Playbook.addAction(action));
          button.textContent = text("added");
          if (!saved) say(Playbook.t("storage.unavailable"));
        },
        share: shareLink,
        reset() {
          Object.assign(state, { answers: {}, notes: {} });
          saveAll();
        },
        snap() {
          state.snapshots.push({ at: new Date().toISOString(), answers: { ...state.answers } });
          const { saved } = Playbook.trackSaves(saveAll);
          say(saved ? text("snapshot_saved") : Playbook.t("storage.unavailable"));
        },
        unsnap() {
          state.snapshots.splice(snapMenu.value, 1);
          snapMenu.value = "";
          saveAll();
        },
        import: checkImport,
      },
      KIND,
      id,
      part.msg,
    );
  }

  window.Playbook?.mount("[data-assessment]", mount);
})();
