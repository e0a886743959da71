// The assessment's CSV export (window.PlaybookCsv), fetched the first time a reader asks for it
// so the assessment page stays small; assessment.js waits for the smp:csv event fired below.
(() => {
  "use strict";

  /** Rows of the CSV export: each question with its answer and note, then scores. */
  function csvRows(model, state, text) {
    const { score, stageFor } = window.PlaybookScoring;
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

  window.PlaybookCsv = csvRows;
  document.dispatchEvent(new Event("smp:csv"));
})();
