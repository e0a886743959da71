// Self-assessments: scoring (docs/scoring.md), saved answers, snapshots, exports and share links.
(() => {
  "use strict";

  const KIND = "assessment";
  // Share links (docs/export-format.md): #s=<link format>.<content version>.<layout><answers>.
  // <layout> is a hash of the question ids and the scale, so a link never lands on other
  // questions; <answers> packs one symbol per question into base64url digits.
  const SHARE_FORMAT = 1;
  const COMPACT_PREFIX = "#s=";
  const COMPACT_LINK = /^#s=(\d+)\.(\d+)\.([\w-]{4})([\w-]*)$/;
  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // The earlier form, still read: #answers=<content version>,<question id>:<value>,...
  const LEGACY_PREFIX = "#answers=";
  const LEGACY_LINK = /^#answers=(\d+)((?:,[a-z0-9-]+:\w+)+)$/;

  // The scoring method lives in scoring.js, shared with the home page's progress row.
  const { score, isOnScale, stageFor } = window.PlaybookScoring;

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

  const questionsOf = (model) => model.dimensions.flatMap((dim) => dim.questions);
  // Enough bits per question for "unanswered", each level of the scale and "na".
  const symbolBits = (model) => Math.ceil(Math.log2(model.levels.length + 2));

  /** Numbers of `bits` bits each, packed high bits first into base64url digits. */
  function packBits(numbers, bits) {
    let buffer = 0;
    let held = 0;
    let digits = "";
    for (const number of numbers) {
      buffer = (buffer << bits) | number;
      held += bits;
      for (; held >= 6; held -= 6) digits += DIGITS[(buffer >> (held - 6)) & 63];
      buffer &= (1 << held) - 1;
    }
    return held ? digits + DIGITS[(buffer << (6 - held)) & 63] : digits;
  }

  /** `count` numbers of `bits` bits from base64url digits; null unless they fit exactly. */
  function unpackBits(digits, count, bits) {
    if (digits.length !== Math.ceil((count * bits) / 6)) return null;
    const numbers = [];
    let buffer = 0;
    let held = 0;
    for (const digit of digits) {
      buffer = (buffer << 6) | DIGITS.indexOf(digit);
      held += 6;
      for (; held >= bits && numbers.length < count; held -= bits) {
        numbers.push((buffer >> (held - bits)) & ((1 << bits) - 1));
      }
      buffer &= (1 << held) - 1;
    }
    // The padding after the last question must be zero, so each link has one spelling.
    return buffer === 0 ? numbers : null;
  }

  /** Four base64url digits of a 24-bit FNV-1a hash of the question ids and the scale. */
  function layoutOf(model) {
    const values = model.levels.map((level) => level.value);
    const layout = `${questionsOf(model).join(",")}|${values.join(",")}`;
    let hash = 0x811c9dc5;
    for (const char of layout) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
    return packBits([hash & 0xffffff], 24);
  }

  /** The fragment of a share link for these answers (questions the model lacks are left out). */
  function encodeShareLink(model, answers) {
    const values = model.levels.map((level) => level.value);
    const symbols = questionsOf(model).map((qid) =>
      answers[qid] === "na" ? values.length + 1 : values.indexOf(answers[qid]) + 1,
    );
    const packed = packBits(symbols, symbolBits(model));
    return `${COMPACT_PREFIX}${SHARE_FORMAT}.${model.version}.${layoutOf(model)}${packed}`;
  }

  /** A compact link's answers, or the refusal that explains why it cannot be shown. */
  function decodeCompact(hash, model) {
    const match = COMPACT_LINK.exec(hash);
    const version = match ? Number(match[2]) : 0;
    if (!match || Number(match[1]) !== SHARE_FORMAT || version < 1) return { refusal: "share_bad" };
    if (version > model.version) return { refusal: "share_newer", version };
    // Other questions or another scale: the symbols would land on the wrong questions.
    if (match[3] !== layoutOf(model)) return { refusal: "share_changed", version };
    const questions = questionsOf(model);
    const symbols = unpackBits(match[4], questions.length, symbolBits(model)) || [];
    const values = model.levels.map((level) => level.value);
    const answers = {};
    symbols.forEach((symbol, index) => {
      const value = symbol > values.length ? "na" : values[symbol - 1];
      if (symbol && (value !== "na" || model.na)) answers[questions[index]] = value;
    });
    const valid = symbols.every((symbol) => symbol <= values.length + (model.na ? 1 : 0));
    if (!valid || !Object.keys(answers).length) return { refusal: "share_bad" };
    return { answers, gone: 0, outdatedVersion: null };
  }

  /** An earlier link (#answers=...): answers by question id, migrated as saved answers are. */
  function decodeLegacy(hash, model) {
    const match = LEGACY_LINK.exec(hash);
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

  /**
   * A share link's answers for this page: null without a link; {refusal} for a link that cannot
   * be shown; else {answers, gone, outdatedVersion}.
   */
  function decodeShareLink(hash, model) {
    if (typeof hash !== "string") return null;
    if (hash.startsWith(COMPACT_PREFIX)) return decodeCompact(hash, model);
    return hash.startsWith(LEGACY_PREFIX) ? decodeLegacy(hash, model) : null;
  }

  window.PlaybookAssessment = { score, decodeShareLink, encodeShareLink };

  /** The assessment form under root: answers, notes, results, snapshots, exports, shared views. */
  function mount(root) {
    const model = Playbook.parse(root.dataset.model);
    if (!model) return;
    const id = model.id;
    const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
    const noScore = text("no_score");
    // Parts of the form by their data-a role, and rows by attribute value.
    const part = Object.fromEntries(Playbook.byAttribute(root, "data-a"));
    const dimRows = Playbook.byAttribute(root, "data-dim-row");
    const advice = Playbook.byAttribute(root, "data-rec");
    const snapMenu = part.snaps;
    const results = part.res;
    let state;
    // A shared view: the link's answers, shown read-only in the form until the reader ends it.
    let shared = null;
    let comparingMine = false;

    const say = (area, message) => Playbook.notice(part[area], message);

    /** The saved value (today's format: version, answers, notes, snapshots) as page state. */
    function restore(saved) {
      const snapshots = [].concat(saved?.snapshots ?? []).filter((s) => typeof s?.at === "string");
      state = {
        ...keepKnown(model, saved),
        snapshots: snapshots.map((s) => ({ at: s.at, answers: keepKnown(model, s).answers })),
        outdated: Boolean(saved) && saved.version !== model.version,
      };
    }

    // Who answered (who.js) and the target (progress.js) are saved under keys of their own.
    const toJson = () => {
      const target = Playbook.load("target", id).value || undefined;
      const who = Playbook.load("who", id).value;
      const data = { answers: state.answers, notes: state.notes, target };
      Playbook.json(`${id}-assessment`, KIND, id, model.version, data, who);
    };

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
      const planned = Playbook.planSources();
      for (const item of advice.values()) item.hidden = true;
      // The advice is in the page already; the weakest dim's comes first.
      for (const weak of result.weakest) {
        const dim = result.dimensions.find((d) => d.id === weak);
        const item = advice.get(`${weak}:${stageFor(model, dim.rounded).id}`);
        item.hidden = false;
        const added = planned.has(item.dataset.source);
        item.querySelector("[data-act=add]").textContent = text(added ? "added" : "add_action");
        part.recs.append(item);
      }
      part.norecs.hidden = result.weakest.length > 0;
    }

    /** Draws a radar polygon for a result; a polygon without one is hidden. */
    function drawPolygon(polygon, result) {
      if (!polygon) return;
      // An SVG element has no hidden property: the attribute is what the CSS hides.
      polygon.toggleAttribute("hidden", !result);
      if (!result) return;
      const axes = [...root.querySelectorAll("[data-axis]")];
      const points = axes.map((axis, index) => {
        const share = result.dimensions[index].score / 100;
        return ["x2", "y2"].map((end) => axis.getAttribute(end) * share || 0);
      });
      polygon.setAttribute("points", points.join(" "));
    }

    /** Redraws the results and the sticky bar: what an answer changes. */
    function render() {
      const result = score(model, shared || state.answers);
      const stage = stageFor(model, result.score);
      results.dataset.score = result.score ?? "";
      results.dataset.stage = result.stage ?? "";
      part.progress.textContent = text("progress", result);
      part.barscore.textContent = stage ? text("bar_score", { ...result, stage: stage.title }) : "";
      part.score.textContent = result.score ?? noScore;
      part.stage.textContent = stage?.title ?? noScore;
      // Until every question is answered, the result may still move.
      const partial = result.answered > 0 && result.answered < result.total;
      part.prov.textContent = partial ? text("provisional", result) : "";
      part.desc.textContent = stage ? stage.description : text("start");
      for (const dim of result.dimensions) {
        const cells = dimRows.get(dim.id).cells;
        cells[1].textContent = dim.rounded ?? noScore;
        cells[2].textContent = text("progress", dim);
      }
      drawPolygon(part.poly, result);
      showAdvice(result);
      compare();
    }

    /** Per dim and overall: rounded scores of answers, for the comparison table. */
    const column = (answers) => {
      const result = score(model, answers);
      return result.dimensions.map((dim) => dim.rounded).concat(result.score);
    };

    /** The comparison table and radar overlay: a snapshot against now, or mine against shared. */
    function compare() {
      const snap = state.snapshots[snapMenu.value];
      const before = shared ? comparingMine && state.answers : snap?.answers;
      const then = column(before || {});
      const now = column(shared || state.answers);
      part.cmp.hidden = !before;
      part.cmpcap.textContent = text(shared ? "compare_mine_caption" : "compare_caption");
      part.then.textContent = text(shared ? "mine" : "then");
      part.now.textContent = text(shared ? "theirs" : "now");
      drawPolygon(part.overlay, before && score(model, before));
      root.querySelector("[data-act=unsnap]").disabled = !snap || Boolean(shared);
      root.querySelectorAll("[data-a=cmp] tbody tr").forEach(({ cells }, index) => {
        const [earlier, later] = [then[index], now[index]];
        cells[1].textContent = earlier ?? noScore;
        cells[2].textContent = later ?? noScore;
        const change = later - earlier;
        cells[3].textContent =
          earlier === null || later === null ? "" : `${change > 0 ? "+" : ""}${change}`;
      });
    }

    // Print shows only notes with text.
    const markFilled = (note) =>
      note.parentNode.toggleAttribute("data-filled", Boolean(note.value));

    /** Redraws the whole form from state, in one pass (namedItem is slow on big forms). */
    function redraw() {
      const chosen = snapMenu.value;
      const shown = shared || state.answers;
      for (const radio of root.querySelectorAll("[type=radio]")) {
        radio.checked = radio.value === String(shown[radio.name]);
      }
      // A shared view is read-only, and its notes (never shared) are empty.
      for (const question of root.querySelectorAll("fieldset[data-question]")) {
        question.disabled = Boolean(shared);
      }
      for (const control of root.querySelectorAll("[data-own]")) control.disabled = Boolean(shared);
      root.toggleAttribute("data-shared", Boolean(shared));
      for (const note of root.querySelectorAll("[data-note]")) {
        note.value = (!shared && state.notes[note.dataset.note]) || "";
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
      comparingMine = false;
      say("shared", text(load ? "share_loaded" : "share_closed"));
      history.replaceState(history.state, "", location.pathname + location.search);
      saveAll();
    }

    function loadShared() {
      const own = Object.keys(state.answers).length;
      if (!own || confirm(text("confirm_load", { count: own }))) endShare(true);
    }

    function compareShared() {
      comparingMine = !comparingMine;
      compare();
      if (comparingMine) part.cmp.scrollIntoView({ block: "center" });
    }

    /** Shows a link's answers in the form, read-only, with the banner at the top. */
    function openShare(link) {
      shared = link.answers;
      const notes = [text("shared", { count: Object.keys(shared).length })];
      if (link.outdatedVersion) {
        notes.push(text("share_outdated", { version: link.outdatedVersion }));
      }
      if (link.gone) notes.push(text("migrated", { count: link.gone }));
      Playbook.notice(part.shared, notes.join(" "), [
        [text("share_load"), loadShared],
        [text("share_compare"), compareShared],
        [text("share_close"), () => endShare(false)],
      ]);
    }

    // Answers to questions gone from the content are dropped and counted; older versions re-saved.
    if (state.gone) say("news", text("migrated", { count: state.gone }));
    if (state.gone || state.outdated) save();

    // A share link shows its answers without saving them, until the reader asks.
    const link = decodeShareLink(location.hash, model);
    if (link?.refusal) {
      say("shared", text(link.refusal, { version: link.version, current: model.version }));
    } else if (link) {
      openShare(link);
    }

    redraw();
    root.querySelectorAll("[data-js]").forEach((el) => (el.hidden = false));

    // In a shared view, in-page links move focus without replacing the link in the address bar.
    // The skip links always do: a new hash makes instant navigation reload the page, losing focus.
    document.addEventListener(
      "click",
      (event) => {
        const links = shared ? "a[href*='#']" : "[data-skip]";
        const anchor = root.isConnected && event.target.closest?.(links);
        // Material makes in-page links absolute: a link to this page has its path.
        const here = anchor && anchor.pathname === location.pathname && anchor.hash.length > 1;
        const target = here && document.getElementById(decodeURIComponent(anchor.hash.slice(1)));
        if (!target) return;
        event.preventDefault();
        event.stopPropagation();
        target.tabIndex = -1;
        target.focus();
      },
      true,
    );

    root.addEventListener("change", ({ target }) => {
      if (target.type === "radio" && !shared) {
        state.answers[target.name] = target.value === "na" ? "na" : Number(target.value);
        save();
        render();
      } else if (target === snapMenu) {
        compare();
      }
    });
    root.addEventListener("input", ({ target }) => {
      if (!target.dataset.note || shared) return;
      keepNote(target);
      markFilled(target);
      save();
    });
    root.addEventListener("submit", (event) => event.preventDefault());

    function shareLink() {
      if (!Object.keys(state.answers).length) return say("msg", text("share_empty"));
      const link = location.href.split("#")[0] + encodeShareLink(model, state.answers);
      const field = part.link;
      field.value = link;
      part.linkrow.hidden = false;
      field.select();
      // Copying is a bonus: the link is selected for the reader anyway.
      navigator.clipboard?.writeText(link).catch(() => {});
      say("msg", text("share_made"));
    }

    // All or nothing: one answer off the scale refuses the file.
    function checkImport(data, refuse) {
      const kept = keepKnown(model, data);
      if (kept.badAnswer) return refuse("bad_answer", { id: kept.badAnswer });
      return () => {
        Object.assign(state, kept);
        // A file's target comes with its answers; a file without one keeps the page's.
        if (data.target) Playbook.save("target", id, data.target);
        saveAll();
        const count = Object.keys(kept.answers).length;
        const message = text("imported", { count });
        return kept.gone ? `${message} ${text("import_gone", { n: kept.gone })}` : message;
      };
    }

    Playbook.act(
      root,
      {
        json: toJson,
        // The CSV export's script (csv.js) loads the first time it is asked for.
        csv(button) {
          const write = () =>
            Playbook.file(`${id}-assessment.csv`, window.PlaybookCsv(model, state, text));
          if (window.PlaybookCsv) return write();
          document.addEventListener("smp:csv", write, { once: true });
          Playbook.more(button);
        },
        add(button) {
          const item = button.closest("li");
          const action = {
            text: item.dataset.text,
            href: item.querySelector("a").href,
            source: item.dataset.source,
          };
          const { saved } = Playbook.trackSaves(() => Playbook.addAction(action));
          button.textContent = text("added");
          say("recmsg", saved ? "" : Playbook.t("storage.unavailable"));
        },
        share: shareLink,
        reset() {
          Object.assign(state, { answers: {}, notes: {} });
          saveAll();
        },
        snap() {
          state.snapshots.push({ at: new Date().toISOString(), answers: { ...state.answers } });
          const { saved } = Playbook.trackSaves(saveAll);
          say("snapmsg", saved ? text("snapshot_saved") : Playbook.t("storage.unavailable"));
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
