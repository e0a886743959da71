// Targets, the gap, "Plan the gap" and the trend over snapshots (window.PlaybookProgress), for the
// assessment page and the team view alike, loaded when the reader opens their section.
(() => {
  "use strict";

  const KIND = "progress";
  const SVG = "http://www.w3.org/2000/svg";
  // The trend chart's drawing area inside its viewBox (0 0 480 220).
  const CHART = { left: 40, right: 470, top: 10, bottom: 190 };
  const DAY_MS = 24 * 60 * 60 * 1000;

  const stageById = (model, id) => model.stages.find((stage) => stage.id === id);

  /** A saved target, cleaned: {stage, dimensions: {dim id: stage id}} with known ids only. */
  function cleanTarget(model, saved) {
    const known = (id) => typeof id === "string" && Boolean(stageById(model, id));
    const dimensions = {};
    const given = saved?.dimensions && typeof saved.dimensions === "object" ? saved.dimensions : {};
    for (const dim of model.dimensions) {
      if (Object.hasOwn(given, dim.id) && known(given[dim.id])) dimensions[dim.id] = given[dim.id];
    }
    return { stage: known(saved?.stage) ? saved.stage : "", dimensions };
  }

  /** The target as exported: only what is set, or undefined when nothing is. */
  function exportedTarget(target) {
    const out = {};
    if (target.stage) out.stage = target.stage;
    if (Object.keys(target.dimensions).length) out.dimensions = { ...target.dimensions };
    return Object.keys(out).length ? out : undefined;
  }

  /** Per dimension: its score now, the target stage, the score that stage starts at, the gap. */
  function gaps(model, target, scores) {
    return model.dimensions.map((dim, index) => {
      const stage = stageById(model, target.dimensions[dim.id] || target.stage);
      const score = scores[index];
      const goal = stage ? stage.min : null;
      const gap = goal === null ? null : Math.max(0, goal - (score ?? 0));
      return { id: dim.id, score, stage: stage?.id ?? null, goal, gap };
    });
  }

  /** The local date days after start, as YYYY-MM-DD. */
  function dateAfter(start, days) {
    const day = new Date(start.getFullYear(), start.getMonth(), start.getDate() + days);
    const pad = (number) => String(number).padStart(2, "0");
    return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  }

  /**
   * Action-plan items for the dimensions below target, weakest first: the recommendation of each
   * stage from the dimension's own up to the target's, due dates spread evenly over the horizon.
   * recommendation(dim id, stage id) gives {text, href} or null.
   */
  function plan(model, target, scores, recommendation, months, today, source) {
    const below = gaps(model, target, scores)
      .filter((row) => row.gap > 0)
      .sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
    const steps = [];
    for (const row of below) {
      // From the stage the dimension's rounded score falls in, as its advice is chosen on the page.
      const rounded = Math.floor((row.score ?? 0) + 0.5 + 1e-9);
      const from = Math.max(0, model.stages.findLastIndex((stage) => stage.min <= rounded));
      const to = model.stages.findIndex((stage) => stage.id === row.stage);
      for (let index = from; index < to; index += 1) {
        const advice = recommendation(row.id, model.stages[index].id);
        const step = `${source}/${row.id}/${model.stages[index].id}`;
        if (advice) steps.push({ ...advice, source: step });
      }
    }
    // The horizon ends on the same date of the month months later; the last item is due then.
    const end = new Date(today.getFullYear(), today.getMonth() + months, today.getDate());
    const start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
    const days = Math.round((end - start) / DAY_MS);
    return steps.map((step, index) => ({
      ...step,
      due: dateAfter(today, Math.round((days * (index + 1)) / steps.length)),
    }));
  }

  const svgElement = (tag, attributes) => {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  };

  /** x for each snapshot: by time, or evenly when all were taken at the same moment. */
  function xPositions(times) {
    const first = Math.min(...times);
    const span = Math.max(...times) - first;
    const width = CHART.right - CHART.left;
    return times.map((time, index) => {
      if (times.length === 1) return CHART.left + width / 2;
      const share = span ? (time - first) / span : index / (times.length - 1);
      return CHART.left + share * width;
    });
  }

  const yOf = (score) => CHART.bottom - (score / 100) * (CHART.bottom - CHART.top);

  /** The trend chart: a line for the overall score (one point per snapshot), one per dimension. */
  function drawTrend(lines, points) {
    const xs = xPositions(points.map((point) => Date.parse(point.at) || 0));
    const series = [["overall", points.map((point) => point.score)]];
    points[0]?.dimensions.forEach((_, index) => {
      series.push([`dim-${index}`, points.map((point) => point.dimensions[index])]);
    });
    const drawn = series.map(([name, values]) => {
      const kind = name === "overall" ? "overall" : "dim";
      // Presentation attributes, not a stylesheet: the chart's look ships with this script only.
      const look = kind === "overall" ? { "stroke-width": 2.5 } : { "stroke-opacity": 0.4 };
      const group = svgElement("g", {
        class: `smp-trend__${kind}`,
        fill: "none",
        stroke: "currentColor",
        ...look,
      });
      const coordinates = values
        .map((value, index) => (value === null ? null : `${xs[index]},${yOf(value)}`))
        .filter(Boolean);
      group.append(svgElement("polyline", { points: coordinates.join(" "), "data-series": name }));
      if (name === "overall") {
        values.forEach((value, index) => {
          if (value === null) return;
          const dot = { cx: xs[index], cy: yOf(value), r: 4, "data-point": index };
          group.append(svgElement("circle", { ...dot, fill: "currentColor" }));
        });
      }
      return group;
    });
    lines.replaceChildren(...drawn);
  }

  /** The trend table: one row per snapshot, the overall score then each dimension's. */
  function fillTrendTable(body, points, none) {
    const rows = points.map((point) => {
      const row = document.createElement("tr");
      const head = document.createElement("th");
      head.scope = "row";
      head.textContent = new Date(point.at).toLocaleString();
      const values = [point.score, ...point.dimensions].map((value) =>
        Object.assign(document.createElement("td"), {
          textContent: value === null ? none : Math.floor(value + 0.5 + 1e-9),
        }),
      );
      row.append(head, ...values);
      return row;
    });
    body.replaceChildren(...rows);
  }

  /** The radar's overlay polygon at the given per-dimension scores (null hides it). */
  function drawOverlay(radar, values) {
    const polygon = radar?.querySelector("[data-overlay]");
    if (!polygon) return;
    // An SVG element has no hidden property: the attribute is what the CSS hides.
    polygon.toggleAttribute("hidden", !values);
    if (!values) return polygon.setAttribute("points", "0,0");
    const axes = [...radar.querySelectorAll("[data-axis]")];
    const points = axes.map((axis, index) =>
      ["x2", "y2"].map((end) => axis.getAttribute(end) * ((values[index] ?? 0) / 100) || 0),
    );
    polygon.setAttribute("points", points.join(" "));
  }

  /**
   * The page's figures as this module needs them: scores() ({score, dimensions: [score or
   * null]}), snapshots() ([{at, score, dimensions}]), target() and setTarget(target). The team
   * view gives them (root.smpHost). On an assessment they come from storage and a shared link,
   * scored by scoring.js, and the target has its own key (smp:v1:target:<id>), which the
   * assessment's export reads; follow(onChange) tells of another tab's target.
   */
  function hostOf(model, root, notices) {
    if (root.smpHost) return root.smpHost;
    const Playbook = window.Playbook;
    const scoresOf = (answers) => {
      const result = window.PlaybookScoring.score(model, answers || {});
      return { score: result.score, dimensions: result.dimensions.map((dim) => dim.score) };
    };
    const saved = () => Playbook.load("assessment", model.id).value;
    const shared = () => window.PlaybookAssessment.decodeShareLink(location.hash, model)?.answers;
    const snapshots = () => [].concat(saved()?.snapshots ?? []).filter((s) => s?.at);
    // Read afresh each time: an imported file or another tab may have set the target.
    const follow = (onChange) => Playbook.follow(notices, "target", model.id, onChange);
    return {
      scores: () => scoresOf(shared() || saved()?.answers),
      snapshots: () => snapshots().map((snap) => ({ at: snap.at, ...scoresOf(snap.answers) })),
      target: () => Playbook.load("target", model.id).value,
      setTarget(target) {
        const stored = Playbook.save("target", model.id, target);
        Playbook.notice(notices, stored ? "" : Playbook.t("storage.unavailable"));
      },
      follow,
    };
  }

  /** Wires the progress tools in container to the page under root (see hostOf). */
  function attach(container, root) {
    const Playbook = window.Playbook;
    const model = Playbook.parse(root.dataset.model);
    const page = hostOf(model, root, container.querySelector("[data-p=msg]"));
    const host = {
      ...page,
      root,
      radar: root.querySelector(".smp-radar"),
      source: `${root.dataset.team ? "team" : "assessment"}:${model.id}`,
    };
    const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);
    const none = text("none");
    const part = Object.fromEntries(Playbook.byAttribute(container, "data-p"));
    const dimSelects = [...container.querySelectorAll("[data-p-dim]")];
    const gapRows = Playbook.byAttribute(container, "data-gap-row");

    /** The advice for a dimension at a stage, as the page shows it: its text and first link. */
    function recommendation(dimId, stageId) {
      const key = `${dimId}:${stageId}`;
      const item = [...host.root.querySelectorAll("[data-rec]")].find(
        (candidate) => candidate.dataset.rec === key,
      );
      if (!item) return null;
      return { text: item.dataset.text, href: item.querySelector("a")?.href || "" };
    }

    function showGaps(target, scores) {
      for (const row of gaps(model, target, scores.dimensions)) {
        // A row the page lacks (an edited page) is skipped; the other rows still fill.
        const cells = gapRows.get(row.id)?.cells;
        if (!cells) continue;
        const now = row.score === null ? none : Math.floor(row.score + 0.5 + 1e-9);
        cells[1].textContent = now;
        cells[2].textContent = row.stage ? stageById(model, row.stage).title : none;
        cells[3].textContent = row.gap === null ? none : Math.ceil(row.gap - 1e-9);
        gapRows.get(row.id).dataset.gap = row.gap ?? "";
      }
    }

    function showOverlayChoices(snapshots) {
      const chosen = part.overlay.value;
      part.overlay.length = 2;
      snapshots.forEach((snapshot, index) => {
        const label = text("overlay_snapshot", { date: new Date(snapshot.at).toLocaleString() });
        part.overlay.add(new Option(label, String(index)));
      });
      part.overlay.value = [...part.overlay.options].some((o) => o.value === chosen) ? chosen : "";
    }

    function overlayValues(target, snapshots) {
      const choice = part.overlay.value;
      if (choice === "target") return gaps(model, target, []).map((row) => row.goal);
      return choice === "" ? null : snapshots[Number(choice)]?.dimensions ?? null;
    }

    function refresh() {
      const target = cleanTarget(model, host.target());
      const scores = host.scores();
      const snapshots = host.snapshots();
      part.stage.value = target.stage;
      for (const select of dimSelects) select.value = target.dimensions[select.dataset.pDim] || "";
      showGaps(target, scores);
      part.gaps.hidden = !target.stage && !Object.keys(target.dimensions).length;
      part.trend.hidden = snapshots.length === 0;
      part.notrend.hidden = snapshots.length > 0;
      drawTrend(part.lines, snapshots);
      fillTrendTable(part.trendrows, snapshots, none);
      showOverlayChoices(snapshots);
      drawOverlay(host.radar, overlayValues(target, snapshots));
    }

    container.addEventListener("change", ({ target: field }) => {
      if (field === part.overlay) return refresh();
      if (field !== part.stage && !field.dataset.pDim) return;
      const target = cleanTarget(model, host.target());
      if (field === part.stage) target.stage = field.value;
      else if (field.value) target.dimensions[field.dataset.pDim] = field.value;
      else delete target.dimensions[field.dataset.pDim];
      host.setTarget(exportedTarget(target));
      refresh();
    });

    container.addEventListener("click", ({ target: button }) => {
      if (!button.matches("[data-p=plan]")) return;
      const target = cleanTarget(model, host.target());
      const months = Number(part.horizon.value) || 3;
      const items = plan(
        model, target, host.scores().dimensions, recommendation, months, new Date(), host.source,
      );
      const { result: added, saved } = Playbook.trackSaves(() =>
        items.filter((item) => Playbook.addAction?.(item)),
      );
      part.planned.replaceChildren(
        ...items.map((item) =>
          Object.assign(document.createElement("li"), {
            textContent: text("planned_item", { due: item.due, text: item.text }),
          }),
        ),
      );
      const message = items.length
        ? text("planned", { n: added.length, total: items.length })
        : text("nothing_to_plan");
      Playbook.notice(part.msg, saved ? message : Playbook.t("storage.unavailable"));
    });

    // The page's own script redraws its score after every change: so do the tools, once it has.
    const score = root.querySelector("[data-a=score], [data-t=score]");
    new MutationObserver(refresh).observe(score, { childList: true });
    page.follow?.(refresh);
    refresh();
  }

  window.PlaybookProgress = { cleanTarget, exportedTarget, gaps, plan };

  window.Playbook?.mount("[data-more=progress]", (container) => {
    const root = container.closest("[data-assessment], [data-team]");
    if (root) attach(container, root);
  });
})();
