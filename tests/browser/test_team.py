"""The team view in Chromium: dropped exports aggregate as `playbook team` does, files that cannot
be used are listed with the reason, exports, teams of teams, the shared vectors and axe."""

from __future__ import annotations

import json

import pytest

from playbook.data.project import load_project
from playbook.tools.team import Member, aggregate

from ..test_team import VECTORS, check, team_model, vector_members
from .conftest import NO_VIOLATIONS, axe_in_both_schemes
from .tools_helpers import EN, NO_PRINT, ROOT, csv_rows, download, validate_export

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
# The first assessment with at least three dimensions draws the radar; any will do for the rest.
A = next(a for a in PROJECT.assessments.values() if len(a.dimensions) >= 3)
URL = f"assessments/{A.id}/team/"
LOW, HIGH = A.levels[0].value, A.levels[-1].value
MIDDLE = A.levels[len(A.levels) // 2].value


def export(answers: dict, exported_at: str, **who) -> dict:
    """An assessment export as the assessment page writes it."""
    return {
        "format": "social-media-playbook",
        "format_version": 1,
        "kind": "assessment",
        "id": A.id,
        "content_version": A.version,
        "exported_at": exported_at,
        **who,
        "data": {"answers": answers, "notes": {}},
    }


def three_members() -> list[dict]:
    """Three named members who agree on the second dimension and split on the first."""
    first, second = A.dimensions[0], A.dimensions[1]
    spread = {q.id: value for q, value in zip(first.questions, (LOW, HIGH), strict=False)}
    return [
        export(
            {**{q.id: LOW for q in first.questions}, **{q.id: MIDDLE for q in second.questions}},
            "2026-03-01T09:00:00.000Z",
            respondent="Ana",
            team="North",
        ),
        export(
            {**{q.id: HIGH for q in first.questions}, **{q.id: MIDDLE for q in second.questions}},
            "2026-03-02T09:00:00.000Z",
            respondent="Ben",
            team="North",
        ),
        export(
            {**spread, **{q.id: MIDDLE for q in second.questions}},
            "2026-03-03T09:00:00.000Z",
            respondent="Cy",
            team="South",
        ),
    ]


def python_result(docs: list[dict]):
    members = [
        Member(d["data"]["answers"], d["exported_at"], d.get("respondent", ""), d.get("team", ""))
        for d in docs
    ]
    return aggregate(A, members)


def drop(page, files: dict[str, object]) -> None:
    """Choose files on the team view: a dict (written as JSON) or raw text per file name."""
    payload = [
        {
            "name": name,
            "mimeType": "application/json",
            "buffer": (body if isinstance(body, str) else json.dumps(body)).encode(),
        }
        for name, body in files.items()
    ]
    page.locator("[data-t=files]").set_input_files(files=payload)
    page.wait_for_selector("[data-t=msg] [data-smp-notice]:not([hidden])")


def open_part(page, part: str, scope: str = "") -> None:
    """Opens a part loaded on demand (<details data-more=part>) and waits for its script."""
    section = page.locator(f"{scope} details[data-more={part}]".strip())
    if section.is_visible():
        section.locator("summary").first.click()
    else:
        # Inside results not shown yet (the team view before any file): opened as a click would.
        section.evaluate("(el) => { el.open = true; }")
    section.evaluate(
        "(el) => new Promise((done) => { const wait = () =>"
        " el.smpMounted ? done() : setTimeout(wait, 20); wait(); })"
    )


def cells(page, dim_id: str) -> list[str]:
    return page.locator(f"[data-team-row='{dim_id}'] td").all_inner_texts()


def figure(value) -> str:
    from playbook.tools.team import figure as printed

    return EN["team.none"] if value is None else printed(value)


def test_three_exports_show_the_means_and_what_to_talk_about(page):
    """Three members' files: each dimension's figures and the talk-first list as in team.py."""
    docs = three_members()
    page.goto(URL)
    drop(page, {f"{d['respondent']}.json": d for d in docs})
    want = python_result(docs)
    root = page.locator("[data-team-result]")
    assert root.get_attribute("data-members") == "3"
    assert root.get_attribute("data-score") == str(want.score)
    assert root.get_attribute("data-stage") == want.stage.id
    for dim in want.dimensions:
        mean, low, high, sd, members, agreement = cells(page, dim.id)
        assert (mean, low, high) == (figure(dim.mean), figure(dim.minimum), figure(dim.maximum))
        assert members == str(dim.members)
        if dim.deviation is not None:
            assert sd == f"{dim.deviation:.1f}"
            assert agreement == EN[f"team.agreement.{dim.agreement}"]
    talk = page.locator("[data-t=talk] li")
    assert [talk.nth(i).get_attribute("data-question") for i in range(talk.count())] == [
        d.question_id for d in want.talk_first
    ]
    assert want.talk_first, "the members split on at least one question"
    # Everyone is named, so the answers carry the names.
    first = talk.first.inner_text()
    assert all(name in first for name in ("Ana:", "Ben:", "Cy:"))
    assert page.locator("[data-t=leftout]").is_hidden()


def test_anonymous_members_are_numbered(page):
    """One member without a name: nobody is named, members are #1, #2, #3 by their place."""
    docs = three_members()
    del docs[1]["respondent"]
    page.goto(URL)
    drop(page, {f"m{i}.json": d for i, d in enumerate(docs)})
    first = page.locator("[data-t=talk] li").first.inner_text()
    assert "#1:" in first and "#3:" in first and "Ana" not in first


def test_files_that_cannot_be_used_are_listed_and_the_rest_aggregate(page):
    """Broken, other-assessment, other-tool, duplicate and too-new files are left out with why."""
    docs = three_members()
    other = next(a for a in PROJECT.assessments.values() if a.id != A.id)
    newer = {**docs[0], "format_version": 2, "exported_at": "2026-04-01T09:00:00.000Z"}
    checklist = {**docs[0], "kind": "checklist", "id": "x", "data": {"units": {}}}
    checklist.pop("respondent"), checklist.pop("team")
    files = {
        "ana.json": docs[0],
        "ben.json": docs[1],
        "again.json": docs[1],
        "broken.json": "{",
        "other.json": {**docs[2], "id": other.id},
        "newer.json": newer,
        "checklist.json": checklist,
    }
    page.goto(URL)
    drop(page, files)
    assert page.locator("[data-team-result]").get_attribute("data-members") == "2"
    left_out = page.locator("[data-t=excluded] li").all_inner_texts()
    by_file = {line.split(":")[0]: line for line in left_out}
    assert set(by_file) == {
        "again.json",
        "broken.json",
        "other.json",
        "newer.json",
        "checklist.json",
    }
    assert EN["team.duplicate"] in by_file["again.json"]
    assert EN["import.not_json"] in by_file["broken.json"]
    assert other.id in by_file["other.json"]
    assert EN["import.newer"] in by_file["newer.json"]
    assert "checklist" in by_file["checklist.json"]
    want = python_result(docs[:2])
    first = A.dimensions[0]
    assert cells(page, first.id)[0] == figure(want.dimensions[0].mean)


def test_old_exports_are_migrated_as_single_imports_are(page):
    """A file of an older content version, with a retired question and no name, still counts."""
    old = export({A.questions[0].id: HIGH, "a-retired-question": LOW}, "2025-01-01T09:00:00.000Z")
    old["content_version"] = 1
    page.goto(URL)
    drop(page, {"old.json": old})
    assert page.locator("[data-team-result]").get_attribute("data-members") == "1"
    assert cells(page, A.dimensions[0].id)[0] == "100"


def test_the_json_export_validates_and_teams_of_teams_recombine(page, tmp_path):
    """The JSON export is a valid team export; dropped again with another team's export, each team
    gets its own row beside the combined figures, which stay those of all the members."""
    docs = three_members()
    page.goto(URL)
    drop(page, {"ana.json": docs[0], "ben.json": docs[1]})
    name, body = download(page, page.locator("[data-act=json]"))
    team_doc = json.loads(body)
    assert name == f"{A.id}-team.json"
    validate_export(team_doc)
    assert team_doc["kind"] == "team" and len(team_doc["data"]["members"]) == 2
    assert team_doc["data"]["result"]["score"] == python_result(docs[:2]).score

    page.goto(URL)
    drop(page, {"north-team.json": team_doc, "cy.json": docs[2]})
    want = python_result(docs)
    assert page.locator("[data-team-result]").get_attribute("data-score") == str(want.score)
    rows = page.locator("[data-t=teamrows] tr")
    assert page.locator("[data-t=teams]").is_visible()
    assert rows.locator("th").all_inner_texts() == ["North", "South"]
    north = python_result(docs[:2])
    assert rows.first.locator("td").all_inner_texts()[:2] == ["2", str(north.score)]
    _, body = download(page, page.locator("[data-act=json]"))
    combined = json.loads(body)
    validate_export(combined)
    assert set(combined["data"]["teams"]) == {"North", "South"}


def test_the_csv_export_has_a_row_per_dimension_and_team(page):
    docs = three_members()
    page.goto(URL)
    drop(page, {f"{i}.json": d for i, d in enumerate(docs)})
    _, body = download(page, page.locator("[data-act=csv]"))
    rows = csv_rows(body)
    assert rows[0] == EN["team.csv_header"].split("|")
    groups = [EN["team.all"], "North", "South"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(g, d.id) for g in groups for d in A.dimensions]


def test_the_weakest_dimensions_recommendations_show(page):
    docs = three_members()
    page.goto(URL)
    drop(page, {f"{i}.json": d for i, d in enumerate(docs)})
    want = python_result(docs)
    scored = [d for d in want.dimensions if d.mean is not None]
    weakest = sorted(scored, key=lambda d: d.mean)[:2]
    shown = page.locator("[data-t=recs] [data-rec]:visible")
    assert [s.split(":")[0] for s in shown.evaluate_all("els => els.map(e => e.dataset.rec)")] == [
        d.id for d in weakest
    ]


def test_javascript_passes_the_team_vectors_in_the_browser(page):
    page.goto(URL)
    for vector in VECTORS["vectors"]:
        got = page.evaluate(
            "([model, members]) => { const { roster, ...figures } ="
            " PlaybookTeam.aggregate(model, members); return figures; }",
            [team_model(vector["assessment"]), vector_members(vector)],
        )
        check(got, vector["expected"])


def test_the_assessment_export_carries_who_answered(page):
    """The optional respondent and team fields go into the export and are kept on reload."""
    page.goto(f"assessments/{A.id}/")
    page.locator(f"input[name='{A.questions[0].id}'][value='{HIGH}']").check()
    open_part(page, "who")
    page.locator("[data-who=respondent]").fill("Ana (comms lead)")
    page.locator("[data-who=team]").fill("North")
    _, body = download(page, page.locator("[data-assessment] [data-act=json]"))
    doc = json.loads(body)
    validate_export(doc)
    assert (doc["respondent"], doc["team"]) == ("Ana (comms lead)", "North")
    page.reload()
    open_part(page, "who")
    assert page.locator("[data-who=respondent]").input_value() == "Ana (comms lead)"
    # Emptied, the fields leave the export as older files were.
    page.locator("[data-who=respondent]").fill("")
    page.locator("[data-who=team]").fill("")
    _, body = download(page, page.locator("[data-assessment] [data-act=json]"))
    assert not {"respondent", "team"} & set(json.loads(body))


def test_axe_finds_no_serious_violation_with_results_in_either_scheme(page):
    page.goto(URL)
    drop(page, {f"{i}.json": d for i, d in enumerate(three_members())})
    assert axe_in_both_schemes(page) == NO_VIOLATIONS


# ---- targets, "Plan the gap" and the trend (progress.js) ----------------------------------------

ASSESSMENT_URL = f"assessments/{A.id}/"
PLAN_KEY = "smp:v1:actions:plan"


def planned_steps(answers: dict, target_stage: str) -> list[tuple[str, str]]:
    """(dimension, stage) of each step "Plan the gap" should add, weakest dimension first, from
    the data: every stage from the dimension's own up to the target's that has advice."""
    from playbook.tools.scoring import round_half_up, score, stage_for

    stages = [s.id for s in A.stages]
    goal = next(s for s in A.stages if s.id == target_stage)
    advice = {(r.dimension, r.stage) for r in A.recommendations}
    result = score(A, answers)
    below = [d for d in result.dimensions if (d.score or 0) < goal.min]
    steps = []
    for dim in sorted(below, key=lambda d: d.score or 0):
        own = stage_for(A, round_half_up(dim.score or 0)).id
        for stage in stages[stages.index(own) : stages.index(target_stage)]:
            if (dim.id, stage) in advice:
                steps.append((dim.id, stage))
    return steps


def test_a_target_set_and_planned_gives_dated_action_plan_items(page):
    """The top stage as the target: each step below it becomes an action, weakest first, due
    dates spread over one quarter from today, the last one at its end."""
    import datetime

    answers = {q.id: LOW for q in A.dimensions[0].questions}
    answers |= {q.id: MIDDLE for q in A.dimensions[1].questions}
    page.goto(ASSESSMENT_URL)
    for qid, value in answers.items():
        page.locator(f"input[name='{qid}'][value='{value}']").check()
    top = A.stages[-1].id
    open_part(page, "progress")
    page.locator("[data-more=progress] [data-p=stage]").select_option(top)
    first = A.dimensions[0].id
    assert page.locator(f"[data-gap-row='{first}']").get_attribute("data-gap") == str(
        int(A.stages[-1].min)
    )
    page.locator("[data-p=plan]").click()
    items = json.loads(page.evaluate(f"localStorage.getItem('{PLAN_KEY}')"))["items"]
    want = planned_steps(answers, top)
    assert want, "the data has advice for the steps to the top stage"
    assert [tuple(i["source"].split("/")[1:]) for i in items] == want
    dues = [datetime.date.fromisoformat(i["due"]) for i in items]
    today = datetime.date.today()
    assert dues == sorted(dues) and today < dues[0]
    end = today.replace(month=(today.month + 2) % 12 + 1, year=today.year + (today.month > 9))
    assert dues[-1] == end
    assert page.locator("[data-p=planned] li").count() == len(want)
    # Planned twice, nothing is added twice.
    page.locator("[data-p=plan]").click()
    assert len(json.loads(page.evaluate(f"localStorage.getItem('{PLAN_KEY}')"))["items"]) == len(
        items
    )


def test_the_target_is_saved_exported_and_imported_with_the_answers(page):
    page.goto(ASSESSMENT_URL)
    page.locator(f"input[name='{A.questions[0].id}'][value='{HIGH}']").check()
    stage = A.stages[1].id
    dim = A.dimensions[0].id
    open_part(page, "progress")
    page.locator("[data-more=progress] [data-p=stage]").select_option(stage)
    page.locator(".smp-progress-tools__dims summary").click()
    page.locator(f"[data-p-dim='{dim}']").select_option(A.stages[-1].id)
    page.reload()
    open_part(page, "progress")
    assert page.locator("[data-more=progress] [data-p=stage]").input_value() == stage
    # The export reads the saved target: progress.js need not be loaded for it.
    page.reload()
    _, body = download(page, page.locator("[data-assessment] [data-act=json]"))
    doc = json.loads(body)
    validate_export(doc)
    assert doc["data"]["target"] == {"stage": stage, "dimensions": {dim: A.stages[-1].id}}
    # In a browser without the target, importing the file brings it back with the answers.
    page.evaluate("localStorage.clear()")
    page.reload()
    open_part(page, "progress")
    assert page.locator("[data-more=progress] [data-p=stage]").input_value() == ""
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("[data-a=file]").set_input_files(
        files=[{"name": "mine.json", "mimeType": "application/json", "buffer": body}]
    )
    page.wait_for_function(
        "s => document.querySelector('[data-more=progress] [data-p=stage]').value === s",
        arg=stage,
    )
    assert page.locator(f"[data-p-dim='{dim}']").input_value() == A.stages[-1].id


def test_the_trend_chart_draws_one_point_per_snapshot(page):
    """Three snapshots: three points on the overall line, three rows in the table, the latest
    score in the last row; the radar can overlay a snapshot and the target."""
    page.goto(ASSESSMENT_URL)
    open_part(page, "progress")
    assert page.locator("[data-p=notrend]").is_visible()
    for value in (LOW, MIDDLE, HIGH):
        page.locator(f"input[name='{A.questions[0].id}'][value='{value}']").check()
        page.locator("[data-assessment] [data-act=snap]").click()
    assert page.locator(".smp-trend [data-point]").count() == 3
    assert page.locator(".smp-trend [data-series]").count() == 1 + len(A.dimensions)
    rows = page.locator("[data-p=trendrows] tr")
    assert rows.count() == 3
    assert rows.nth(2).locator("td").first.inner_text() == "100"
    overlay = page.locator("[data-assessment] [data-overlay]")
    assert overlay.get_attribute("points") == "0,0"
    page.locator("[data-p=overlay]").select_option("0")
    assert overlay.get_attribute("points") != "0,0"
    # The target (the top stage): each axis reaches the stage's lowest score.
    page.locator("[data-more=progress] [data-p=stage]").select_option(A.stages[-1].id)
    page.locator("[data-p=overlay]").select_option("target")
    share = A.stages[-1].min / 100
    axes = page.locator("[data-assessment] [data-axis]").evaluate_all(
        "axes => axes.map((a) => [Number(a.getAttribute('x2')), Number(a.getAttribute('y2'))])"
    )
    drawn = [
        [float(n) for n in point.split(",")] for point in overlay.get_attribute("points").split()
    ]
    assert len(drawn) == len(axes) == len(A.dimensions)
    for (x, y), (x2, y2) in zip(drawn, axes, strict=True):
        assert abs(x - x2 * share) < 1e-6 and abs(y - y2 * share) < 1e-6


def test_team_snapshots_and_targets_on_the_team_view(page):
    """On the team view: a snapshot of the team's figures draws a point; the target and its gap
    follow the team means, and the JSON export carries the target."""
    docs = three_members()
    page.goto(URL)
    drop(page, {f"{i}.json": d for i, d in enumerate(docs)})
    open_part(page, "progress", "[data-team]")
    page.locator("[data-team] [data-act=snap]").click()
    assert page.locator("[data-team] .smp-trend [data-point]").count() == 1
    top = A.stages[-1]
    page.locator("[data-team] [data-p=stage]").select_option(top.id)
    want = python_result(docs)
    for dim in want.dimensions:
        gap = max(0, top.min - (dim.mean or 0))
        got = page.locator(f"[data-team] [data-gap-row='{dim.id}']").get_attribute("data-gap")
        assert float(got) == pytest.approx(gap)
    _, body = download(page, page.locator("[data-team] [data-act=json]"))
    doc = json.loads(body)
    validate_export(doc)
    assert doc["data"]["target"] == {"stage": top.id}
    page.reload()
    open_part(page, "progress", "[data-team]")
    assert page.locator("[data-team] [data-p=stage]").input_value() == top.id


def test_the_team_view_with_results_and_its_trend_fit_a_phone(page):
    """At 390 px, with members, the target and a snapshot shown, nothing scrolls sideways: the
    tables with a column per dimension scroll inside Material's scroll box."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(URL)
    drop(page, {f"{i}.json": d for i, d in enumerate(three_members())})
    open_part(page, "progress", "[data-team]")
    page.locator("[data-team] [data-act=snap]").click()
    page.locator("[data-team] [data-p=stage]").select_option(A.stages[-1].id)
    assert page.locator("[data-team] .smp-trend [data-point]").count() == 1
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_the_team_result_prints_as_a_report(page):
    """Print gives a report: the figures and the talk-first list, without the file picker and
    the buttons."""
    page.add_init_script(NO_PRINT)
    page.goto(URL)
    drop(page, {f"{d['respondent']}.json": d for d in three_members()})
    page.locator("[data-team] [data-act=print]").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert page.locator(f"[data-team-row='{A.dimensions[0].id}']").is_visible()
    assert page.locator("[data-t=talk] li").first.is_visible()
    assert page.locator("[data-t=files]").is_hidden()
    assert page.locator("[data-team] [data-act=print]").is_hidden()
