// The scoring method of docs/scoring.md (window.PlaybookScoring): the assessment page scores
// answers with it, and the home page scores saved answers without loading the whole form.
(() => {
  "use strict";

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

  /** One dimension's weighted score from 0 to 100 (null when nothing is answered on the scale). */
  function scoreDim(model, dim, answers) {
    const lowest = model.levels[0].value;
    const span = model.levels.at(-1).value - lowest;
    const given = dim.questions.filter((qid) => isOnScale(model, answers[qid]));
    // A question counts with its weight (model.weights lists those that are not 1).
    const scored = given.filter((qid) => answers[qid] !== "na");
    const weightOf = (qid) => model.weights?.[qid] ?? 1;
    const sum = (part) => scored.reduce((total, qid) => total + part(qid), 0);
    const points = sum((qid) => weightOf(qid) * (answers[qid] - lowest));
    const weights = sum(weightOf);
    const score = weights ? (points * 100) / (weights * span) : null;
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

  window.PlaybookScoring = { score, isOnScale, stageFor, roundHalfUp };
})();
