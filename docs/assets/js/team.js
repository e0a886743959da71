// Team view: members' exports of one assessment, aggregated by docs/scoring.md ("Assessing as a
// team") step for step as playbook/tools/team.py; both pass tests/team_vectors.json. A member's
// scores come from scoring.js (window.PlaybookScoring), the single assessment's own method; files
// are checked by checks.js, whose shapes this module extends with the team export's. Targets and
// the trend (progress.js) load when the reader opens them, and read root.smpHost.
(() => {
  "use strict";

  const KIND = "team";
  // A question is worth talking about when answers span at least this share of the scale.
  const DISAGREEMENT_SHARE = 0.5;
  // Limits checked before a file is read, so a wrong drop cannot stall the page.
  const MAX_FILE_BYTES = 5 * 1024 * 1024;
  const MAX_FILES = 500;
  const ANSWER_KINDS = ["assessment", "team"];

  const { roundHalfUp, isOnScale, stageFor } = window.PlaybookScoring;
  const average = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

  /** The population standard deviation (divide by n): the team is the whole population. */
  function populationSd(values) {
    const mean = average(values);
    return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
  }

  /** The id of the stage whose band holds score, or null. */
  const stageOf = (model, score) => stageFor(model, score)?.id ?? null;

  // Per model, computed once: the question ids it has.
  const questionsOf = new WeakMap();

  /** Answers to the questions the page has, with values on its scale, as a single import keeps. */
  function cleanAnswers(model, answers) {
    if (!questionsOf.has(model)) {
      questionsOf.set(model, new Set(model.dimensions.flatMap((dim) => dim.questions)));
    }
    const questions = questionsOf.get(model);
    const kept = {};
    // typeof, not instanceof: answers may come from another realm (a test's vm, a frame).
    if (!answers || typeof answers !== "object") return kept;
    for (const qid of Object.keys(answers)) {
      if (questions.has(qid) && isOnScale(model, answers[qid])) kept[qid] = answers[qid];
    }
    return kept;
  }

  /** The id of the first agreement band whose max_sd the deviation does not exceed. */
  function agreementOf(model, deviation) {
    if (deviation === null) return null;
    // The last band has no max_sd: it takes every deviation left.
    const fits = (band) => (band.max_sd ?? Infinity) >= deviation;
    return (model.agreement || []).find(fits)?.id ?? null;
  }

  /** Members in order, leaving out a repeat of the same respondent and export time. */
  function uniqueMembers(members) {
    const seen = new Set();
    const kept = [];
    const duplicates = [];
    for (const member of members) {
      const key = JSON.stringify([member.respondent || "", member.exported_at || ""]);
      if (seen.has(key)) duplicates.push({ source: member.source, reason: "duplicate" });
      else kept.push(member);
      seen.add(key);
    }
    return { kept, duplicates };
  }

  /** Questions whose numeric answers span at least half the scale, the widest spread first. */
  function talkFirst(model, members) {
    const lowest = model.levels[0].value;
    const span = model.levels.at(-1).value - lowest;
    // Names only when every member gave one; else #n by place in the team, on every question.
    const everyoneNamed = members.every((member) => member.respondent);
    const labels = members.map((member, index) =>
      everyoneNamed ? member.respondent : `#${index + 1}`,
    );
    const found = [];
    model.dimensions
      .flatMap((dim) => dim.questions)
      .forEach((qid, position) => {
        const given = [];
        members.forEach((member, index) => {
          if (Object.hasOwn(member.answers, qid)) given.push([labels[index], member.answers[qid]]);
        });
        const numbers = given.map((pair) => pair[1]).filter((value) => value !== "na");
        if (numbers.length < 2) return;
        const range = Math.max(...numbers) - Math.min(...numbers);
        if (range < span * DISAGREEMENT_SHARE) return;
        found.push({ question: qid, spread: (range / span) * 100, answers: given, position });
      });
    found.sort((a, b) => b.spread - a.spread || a.position - b.position);
    return found.map(({ question, spread, answers }) => ({ question, spread, answers }));
  }

  /** One dimension's team figures over the members with a score in it. */
  function dimensionFigures(model, id, present) {
    if (!present.length) {
      const none = { mean: null, rounded: null, min: null, max: null, sd: null, agreement: null };
      return { id, members: 0, ...none };
    }
    const mean = average(present);
    const sd = populationSd(present);
    return {
      id,
      members: present.length,
      mean,
      rounded: roundHalfUp(mean),
      min: Math.min(...present),
      max: Math.max(...present),
      sd,
      agreement: agreementOf(model, sd),
    };
  }

  /** A member's exact score per dimension (null without a scored answer): docs/scoring.md. */
  const dimensionScores = (model, answers) =>
    window.PlaybookScoring.score(model, answers).dimensions.map((dim) => dim.score);

  /**
   * The team's figures (the shape of TeamResult.to_dict in team.py), plus roster: the members
   * used, their answers cleaned. members: [{answers, exported_at, respondent, team, source}].
   */
  function aggregate(model, members, excluded = []) {
    const { kept, duplicates } = uniqueMembers(members);
    const roster = kept.map((member) => ({
      ...member,
      answers: cleanAnswers(model, member.answers),
    }));
    const scores = roster.map((member) => dimensionScores(model, member.answers));
    const dimensions = model.dimensions.map((dim, index) => {
      const present = scores.map((dims) => dims[index]).filter((score) => score !== null);
      return dimensionFigures(model, dim.id, present);
    });
    const means = dimensions.filter((dim) => dim.mean !== null).map((dim) => dim.mean);
    const score = means.length ? roundHalfUp(average(means)) : null;
    return {
      members: roster.length,
      score,
      stage: stageOf(model, score),
      dimensions,
      talk_first: talkFirst(model, roster),
      excluded: [...excluded, ...duplicates],
      roster,
    };
  }

  /** Members grouped by team name, in the order teams first appear ("" for no team). */
  function byTeam(roster) {
    const groups = new Map();
    for (const member of roster) {
      const name = member.team || "";
      groups.set(name, [...(groups.get(name) || []), member]);
    }
    return groups;
  }

  /** The members one parsed file brings, or {reason, vars} saying why it is left out. */
  function membersOf(model, doc, source) {
    // Another tool's export is named as such; an unknown kind is checked as answers and refused.
    const kind = ANSWER_KINDS.includes(doc?.kind) ? doc.kind : "assessment";
    // A team export cannot be checked before teamcheck.js has come (addFiles waits for it).
    if (!window.PlaybookChecks.kinds[kind]) return { reason: "unreadable" };
    const checked = window.PlaybookChecks.checkImport(doc, kind, model.id);
    if (checked.reason) return checked;
    const fromFile = (entry, envelope) => ({
      answers: entry.answers,
      exported_at: envelope.exported_at,
      respondent: envelope.respondent || "",
      team: envelope.team || "",
      source,
    });
    if (kind === "assessment") return { members: [fromFile(checked.data, doc)] };
    const members = checked.data.members.map((entry) => fromFile(entry, entry));
    return { members, target: checked.data.target };
  }

  /** Every file's members, and the files left out with the reason: {members, excluded}. */
  function readFiles(model, files) {
    const members = [];
    const excluded = [];
    // A team export's target comes along, for a page that has none yet.
    let target;
    for (const { name, text, reason } of files) {
      // A file not read (too big, or unreadable) has no text, only the reason.
      const found =
        text === null
          ? { reason: reason || "too_big" }
          : membersOf(model, window.Playbook.parse(text), name);
      if (found.members) members.push(...found.members);
      else excluded.push({ source: name, reason: found.reason, vars: found.vars });
      target ||= found.target;
    }
    return { members, excluded, target };
  }

  window.PlaybookTeam = { aggregate, readFiles, byTeam, populationSd };

  /** Saved team snapshots, well-formed only: {at, score, dimensions: [mean or null]}. */
  function cleanSnapshots(model, saved) {
    const isScore = (value) => value === null || (typeof value === "number" && value >= 0);
    return [].concat(saved?.snapshots ?? []).filter(
      (snap) =>
        typeof snap?.at === "string" &&
        isScore(snap.score) &&
        Array.isArray(snap.dimensions) &&
        snap.dimensions.length === model.dimensions.length &&
        snap.dimensions.every(isScore),
    );
  }

  /** The team view under root: drop or pick exports, see the figures, export them. */
  function mount(root) {
    const model = window.Playbook.parse(root.dataset.model);
    if (!model) return;
    const Playbook = window.Playbook;
    const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
    const part = Object.fromEntries(Playbook.byAttribute(root, "data-t"));
    const dimRows = Playbook.byAttribute(root, "data-team-row");
    const advice = Playbook.byAttribute(root, "data-rec");
    const axes = [...root.querySelectorAll("[data-axis]")];
    const none = text("none");
    let state = { members: [], excluded: [] };
    // Kept in this browser: the team's snapshots and its target (the members are in their files).
    let kept = { snapshots: [], target: undefined };
    let result = aggregate(model, []);
    let teams = new Map();

    const reasonText = (item) =>
      item.reason === "duplicate" || item.reason === "too_big"
        ? text(item.reason)
        : Playbook.t(`import.${item.reason}`, item.vars);
    const figure = (value) => (value === null ? none : String(roundHalfUp(value)));
    const dimTitle = (id) => model.dimensions.find((dim) => dim.id === id).title;

    /** The figures as exported: the result without the roster, reasons as text. */
    const exported = (figures) => {
      const { roster, ...rest } = figures;
      const excluded = figures.excluded.map((item) => ({
        source: item.source,
        reason: reasonText(item),
      }));
      return { ...rest, excluded };
    };

    function radarPoints(values) {
      return axes
        .map((axis, index) => {
          const share = (values[index] ?? 0) / 100;
          return ["x2", "y2"].map((end) => axis.getAttribute(end) * share || 0).join(",");
        })
        .join(" ");
    }

    function drawRadar() {
      if (!part.mean) return;
      const column = (key) => result.dimensions.map((dim) => dim[key]);
      part.mean.setAttribute("points", radarPoints(column("mean")));
      // Outer edge at the maximum, inner at the minimum: even-odd fill leaves the band between.
      part.band.setAttribute(
        "d",
        `M${radarPoints(column("max"))}Z M${radarPoints(column("min"))}Z`,
      );
    }

    function showDimensions() {
      for (const dim of result.dimensions) {
        const cells = dimRows.get(dim.id)?.cells;
        if (!cells) continue;
        const deviation = dim.sd === null ? none : dim.sd.toFixed(1);
        const agreement = dim.agreement ? text(`agreement.${dim.agreement}`) : none;
        const values = [dim.mean, dim.min, dim.max].map(figure);
        [...values, deviation, String(dim.members), agreement].forEach((value, index) => {
          cells[index + 1].textContent = value;
        });
      }
    }

    function showTalkFirst() {
      const items = result.talk_first.map((item) => {
        const entry = document.createElement("li");
        const question = model.questions[item.question] || item.question;
        const answers = item.answers.map(([who, value]) => `${who}: ${labelOf(value)}`);
        entry.append(
          Object.assign(document.createElement("strong"), { textContent: question }),
          ` ${text("spread", { spread: figure(item.spread) })} ${answers.join("; ")}`,
        );
        entry.dataset.question = item.question;
        return entry;
      });
      part.talk.replaceChildren(...items);
      part.notalk.hidden = items.length > 0;
    }

    const labelOf = (value) =>
      value === "na"
        ? model.na
        : `${value} (${model.levels.find((level) => level.value === value).label})`;

    /** The weakest two dimensions' advice, at the stage of each one's team mean. */
    function showAdvice() {
      for (const item of advice.values()) item.hidden = true;
      const scored = result.dimensions.filter((dim) => dim.mean !== null);
      const weakest = [...scored].sort((a, b) => a.mean - b.mean).slice(0, 2);
      for (const dim of weakest) {
        const item = advice.get(`${dim.id}:${stageOf(model, dim.rounded)}`);
        if (!item) continue;
        item.hidden = false;
        part.recs.append(item);
      }
      part.norecs.hidden = weakest.length > 0;
    }

    function showExcluded() {
      const items = result.excluded.map((item) =>
        Object.assign(document.createElement("li"), {
          textContent: text("left_out_item", { file: item.source, reason: reasonText(item) }),
        }),
      );
      part.excluded.replaceChildren(...items);
      part.leftout.hidden = items.length === 0;
    }

    /** Teams of teams: each team's own score and dimension means beside the combined ones. */
    function showTeams() {
      part.teams.hidden = teams.size < 2;
      const rows = [...teams].map(([name, figures]) => {
        const row = document.createElement("tr");
        const head = Object.assign(document.createElement("th"), {
          scope: "row",
          textContent: name || text("no_team"),
        });
        const cells = [figures.members, figure(figures.score)]
          .concat(figures.dimensions.map((dim) => figure(dim.mean)))
          .map((value) => Object.assign(document.createElement("td"), { textContent: value }));
        row.append(head, ...cells);
        return row;
      });
      part.teamrows.replaceChildren(...rows);
    }

    function render() {
      result = aggregate(model, state.members, state.excluded);
      const groups = byTeam(result.roster);
      teams = new Map([...groups].map(([name, group]) => [name, aggregate(model, group)]));
      const stage = model.stages.find((candidate) => candidate.id === result.stage);
      part.res.hidden = result.members === 0;
      part.res.dataset.score = result.score ?? "";
      part.res.dataset.stage = result.stage ?? "";
      part.res.dataset.members = result.members;
      part.count.textContent = text("members", { n: result.members });
      part.score.textContent = result.score ?? none;
      part.stage.textContent = stage?.title ?? none;
      drawRadar();
      showDimensions();
      showTalkFirst();
      showAdvice();
      showExcluded();
      showTeams();
    }

    const restore = (saved) => {
      kept = { snapshots: cleanSnapshots(model, saved), target: saved?.target };
    };
    const persist = Playbook.store(part.store, KIND, model.id, restore, () => toJson(), (saved) => {
      restore(saved);
      render();
    });
    const keep = () => persist({ snapshots: kept.snapshots, target: kept.target });

    /** Reads the chosen or dropped files (within the limits), then adds their members. */
    function addFiles(fileList) {
      const files = [...fileList];
      if (files.length > MAX_FILES) {
        return Playbook.notice(part.msg, text("too_many", { n: MAX_FILES }));
      }
      const reads = files.map((file) =>
        file.size > MAX_FILE_BYTES
          ? Promise.resolve({ name: file.name, text: null })
          : file.text().then(
              (content) => ({ name: file.name, text: content }),
              () => ({ name: file.name, text: null, reason: "unreadable" }),
            ),
      );
      Promise.all(reads).then((read) => {
        const isTeamExport = ({ text }) => text && Playbook.parse(text)?.kind === KIND;
        if (window.PlaybookChecks?.kinds.team) return add(read);
        // The import checks with the team export's shape (checks.js, teamcheck.js) load the first
        // time files are dropped.
        document.addEventListener("smp:teamcheck", () => add(read), { once: true });
        Playbook.more(root);
      });
    }

    /** Adds the members of the files read, and lists the files left out. */
    function add(read) {
      const found = readFiles(model, read);
      if (found.target && !kept.target) {
        kept.target = found.target;
        keep();
      }
      state = {
        members: [...state.members, ...found.members],
        excluded: [...state.excluded, ...found.excluded],
      };
      render();
      const message = text("added", { n: found.members.length, files: read.length });
      Playbook.notice(part.msg, message);
    }

    root.addEventListener("change", ({ target }) => {
      if (!target.matches("[data-t=files]") || !target.files.length) return;
      addFiles(target.files);
      // The same files can be chosen again after a clear.
      target.value = "";
    });
    const drop = part.drop;
    // While files are dragged over it, the zone takes the accent colour (set here, not in the
    // stylesheet every page loads).
    const highlight = (on) => (drop.style.borderColor = on ? "var(--md-accent-fg-color)" : "");
    drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      highlight(true);
    });
    drop.addEventListener("dragleave", () => highlight(false));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      highlight(false);
      addFiles(event.dataTransfer.files);
    });

    /** CSV rows: each dimension for the whole team, then for each team when there are several. */
    function csvRows() {
      const rows = [text("csv_header").split("|")];
      const groups = [[text("all"), result]];
      if (teams.size > 1) {
        groups.push(...[...teams].map(([name, figures]) => [name || text("no_team"), figures]));
      }
      for (const [name, figures] of groups) {
        for (const dim of figures.dimensions) {
          const agreement = dim.agreement ? text(`agreement.${dim.agreement}`) : "";
          rows.push([name, dim.id, dimTitle(dim.id), dim.members, dim.mean, dim.min, dim.max]
            .concat([dim.sd, agreement]));
        }
      }
      return rows;
    }

    function toJson() {
      const members = result.roster.map((member) => {
        const entry = { exported_at: member.exported_at, answers: member.answers };
        if (member.respondent) entry.respondent = member.respondent;
        if (member.team) entry.team = member.team;
        return entry;
      });
      const data = { members, result: exported(result) };
      // Set by progress.js, or brought by a checked team export.
      if (kept.target) data.target = kept.target;
      if (teams.size > 1) {
        data.teams = Object.fromEntries([...teams].map(([name, t]) => [name, exported(t)]));
      }
      Playbook.json(`${model.id}-team`, KIND, model.id, model.version, data);
    }

    root.querySelectorAll("[data-js]").forEach((el) => (el.hidden = false));
    Playbook.act(root, {
      json: toJson,
      csv: () => Playbook.file(`${model.id}-team.csv`, csvRows()),
      open: () => part.files.click(),
      clear() {
        state = { members: [], excluded: [] };
        render();
        Playbook.notice(part.msg, "");
      },
      snap() {
        const means = result.dimensions.map((dim) => dim.mean);
        const at = new Date().toISOString();
        kept.snapshots.push({ at, score: result.score, dimensions: means });
        const { saved } = Playbook.trackSaves(keep);
        // The score is drawn again, and with it the trend (progress.js watches it).
        render();
        const message = saved ? text("snapshot_saved") : Playbook.t("storage.unavailable");
        Playbook.notice(part.msg, message);
      },
    });
    // What progress.js, loaded when the reader opens the target and trend, reads and changes.
    root.smpHost = {
      scores: () => ({ score: result.score, dimensions: result.dimensions.map((d) => d.mean) }),
      snapshots: () => kept.snapshots,
      target: () => kept.target,
      setTarget(target) {
        kept.target = target;
        keep();
      },
    };
    render();
  }

  window.Playbook?.mount("[data-team]", mount);
})();
