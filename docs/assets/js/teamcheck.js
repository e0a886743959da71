// The team export's shape (kind "team", data/schema/export.schema.json), added to checks.js's
// kinds. The team view fetches this script the first time a team export is dropped on it, so the
// page itself stays small; it waits for the smp:teamcheck event this script fires.
(() => {
  "use strict";

  /**
   * The team export's shape (kind "team", data/schema/export.schema.json), added to checks.js's:
   * its members' answers, and figures that are there to be read.
   */
  function teamShape() {
    const { shape, list, record, when, isId, isPerson, answers, target } =
      window.PlaybookChecks.parts;
    const isStr = (value) => typeof value === "string";
    const isCount = (value) => Number.isInteger(value) && value >= 0;
    const isScoreOrNone = (value) =>
      value === null || (typeof value === "number" && value >= 0 && value <= 100);
    const isIdOrNone = (value) => value === null || (isStr(value) && isId(value));
    const teamDimension = shape(
      {
        id: when((value) => isStr(value) && isId(value)),
        members: when(isCount),
        mean: when(isScoreOrNone),
        rounded: when(isScoreOrNone),
        min: when(isScoreOrNone),
        max: when(isScoreOrNone),
        sd: when((value) => value === null || (typeof value === "number" && value >= 0)),
        agreement: when(isIdOrNone),
      },
      ["id", "members", "mean", "rounded", "min", "max", "sd", "agreement"],
    );
    const isAnswerPair = (pair) =>
      Array.isArray(pair) &&
      pair.length === 2 &&
      isStr(pair[0]) &&
      (pair[1] === "na" || typeof pair[1] === "number");
    const teamTalk = shape(
      {
        question: when((value) => isStr(value) && isId(value)),
        spread: when((value) => typeof value === "number" && value >= 0 && value <= 100),
        answers: list(when(isAnswerPair)),
      },
      ["question", "spread", "answers"],
    );
    const teamResult = shape(
      {
        members: when(isCount),
        score: when(isScoreOrNone),
        stage: when(isIdOrNone),
        dimensions: list(teamDimension),
        talk_first: list(teamTalk),
        excluded: list(shape({ source: when(isStr), reason: when(isStr) }, ["source", "reason"])),
      },
      ["members", "score", "stage", "dimensions", "talk_first", "excluded"],
    );
    const teamMember = shape(
      {
        respondent: when(isPerson),
        team: when(isPerson),
        exported_at: when((value) => isStr(value) && value.length > 0),
        answers,
      },
      ["exported_at", "answers"],
    );
    const isTeamName = (key) => [...key].length <= 120;
    return shape(
      {
        members: list(teamMember),
        result: teamResult,
        target,
        teams: record(isTeamName, teamResult),
      },
      ["members"],
    );
  }

  window.PlaybookChecks.kinds.team = teamShape();
  window.document?.dispatchEvent(new Event("smp:teamcheck"));
})();
