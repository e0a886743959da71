"""Team aggregation (docs/scoring.md, "Assessing as a team"): the
shared vectors, worked out by hand."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from playbook.data.models import Assessment
from playbook.tools.scoring import stage_for
from playbook.tools.team import Member, aggregate, population_sd, report

VECTORS = json.loads((Path(__file__).parent / "team_vectors.json").read_text(encoding="utf-8"))


def vector_assessment(name: str) -> Assessment:
    return Assessment.from_dict(VECTORS["assessments"][name])


def close(actual, expected) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return math.isclose(actual, expected, abs_tol=1e-6)


def check(result: dict, expected: dict) -> None:
    """Compare a result (TeamResult.to_dict or the page's) with a vector's expectations."""
    assert result["members"] == expected["members"]
    assert result["score"] == expected["score"]
    assert result["stage"] == expected["stage"]
    dimensions = {d["id"]: d for d in result["dimensions"]}
    assert set(dimensions) == set(expected["dimensions"])
    for dim_id, want in expected["dimensions"].items():
        got = dimensions[dim_id]
        assert got["members"] == want["members"], dim_id
        assert got["agreement"] == want["agreement"], dim_id
        assert got["rounded"] == want["rounded"], dim_id
        for key in ("mean", "min", "max", "sd"):
            assert close(got[key], want[key]), (dim_id, key, got[key], want[key])
    talk = [[t["question"], t["spread"], t["answers"]] for t in result["talk_first"]]
    assert [t[0] for t in talk] == [t[0] for t in expected["talk_first"]]
    for got, want in zip(talk, expected["talk_first"], strict=True):
        assert close(got[1], want[1]) and got[2] == want[2], (got, want)
    assert len(result["excluded"]) == expected["excluded"]


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=lambda v: v["name"])
def test_python_passes_the_team_vectors(vector):
    """playbook team computes exactly the hand-worked figures of each vector."""
    members = [
        Member(m["answers"], m["exported_at"], m.get("respondent", ""), m.get("team", ""), f"m{i}")
        for i, m in enumerate(vector["members"])
    ]
    result = aggregate(vector_assessment(vector["assessment"]), members)
    check(result.to_dict(), vector["expected"])


def test_team_report_prints_the_stage_band_half_open():
    """The text report names the team's stage with its band as the whole scores it holds: each of
    them gets that stage (so a band [50, 75) prints as 50–74, not 50–75)."""
    vector = next(v for v in VECTORS["vectors"] if v["expected"]["stage"] == "high")
    assessment = vector_assessment(vector["assessment"])
    members = [
        Member(m["answers"], m["exported_at"], m.get("respondent", ""), m.get("team", ""), f"m{i}")
        for i, m in enumerate(vector["members"])
    ]
    result = aggregate(assessment, members)
    line = report(assessment, result, {}).splitlines()[1]
    band = re.fullmatch(rf"Team score \d+ / 100, {result.stage.title} \((\d+)–(\d+)\)", line)
    assert band, line
    whole_scores = range(int(band.group(1)), int(band.group(2)) + 1)
    assert result.score in whole_scores
    assert {stage_for(assessment, w).id for w in whole_scores} == {result.stage.id}


def test_population_sd_divides_by_the_count():
    """The team is the whole population: 0 and 10 spread by 5, not by the sample's 7.07."""
    assert population_sd([0.0, 10.0]) == 5.0
    assert population_sd([42.0]) == 0.0


def test_a_team_export_follows_the_export_schema():
    """The team view's JSON export is a valid export of kind
    "team", members and figures included."""
    from playbook.data.schemas import load_schemas
    from playbook.tools.team import team_export

    vector = VECTORS["vectors"][0]
    assessment = vector_assessment(vector["assessment"])
    members = [
        Member(m["answers"], m["exported_at"], m.get("respondent", ""), "Comms", f"m{i}")
        for i, m in enumerate(vector["members"])
    ]
    doc = team_export(assessment, aggregate(assessment, members), "2026-02-01T10:00:00.000Z")
    validator = load_schemas(Path(__file__).parent.parent / "data" / "schema").validator(
        "export.schema.json"
    )
    assert [e.message for e in validator.iter_errors(doc)] == []
    assert [m["team"] for m in doc["data"]["members"]] == ["Comms"] * 3
    # A control character in a name is refused: names are printed on pages and in the CLI.
    doc["data"]["members"][0]["respondent"] = "Ana\x1b[31m"
    assert list(validator.iter_errors(doc))


def write_export(folder: Path, name: str, doc_id: str, answers: dict, **envelope) -> Path:
    doc = {
        "format": "social-media-playbook",
        "format_version": 1,
        "kind": "assessment",
        "id": doc_id,
        "content_version": 1,
        "exported_at": envelope.pop("exported_at", "2026-03-01T09:00:00.000Z"),
        "data": {"answers": answers},
        **envelope,
    }
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def real_assessment():
    from playbook.data.project import load_project

    root = Path(__file__).parent.parent
    project = load_project(root / "data", root)
    return root, next(iter(project.assessments.values()))


def test_the_cli_aggregates_good_files_and_lists_the_rest(tmp_path, capsys):
    """playbook team: two members aggregate; a broken file, another assessment's export and a
    duplicate are each listed with the reason, and the rest still counts."""
    from playbook.cli import main

    root, assessment = real_assessment()
    questions = [q.id for q in assessment.questions]
    low, high = assessment.levels[0].value, assessment.levels[-1].value
    files = [
        write_export(
            tmp_path,
            "a.json",
            assessment.id,
            {questions[0]: low},
            respondent="Ana",
            exported_at="2026-03-01T09:00:00.000Z",
        ),
        write_export(
            tmp_path,
            "b.json",
            assessment.id,
            {questions[0]: high},
            respondent="Ben",
            exported_at="2026-03-02T09:00:00.000Z",
        ),
        write_export(
            tmp_path,
            "dup.json",
            assessment.id,
            {questions[0]: high},
            respondent="Ben",
            exported_at="2026-03-02T09:00:00.000Z",
        ),
        write_export(tmp_path, "other.json", "not-this-one", {}),
    ]
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code = main(["--data", str(root / "data"), "team", *map(str, files), str(broken)])
    out = capsys.readouterr().out
    assert code == 0
    assert "team of 2" in out
    assert f"{questions[0]} (spread 100): Ana: {low}, Ben: {high}" in out
    left_out = out.split("Left out:")[1]
    for name in ("dup.json", "other.json", "broken.json"):
        assert name in left_out
    assert "a.json" not in left_out and "b.json" not in left_out


def test_the_cli_json_is_a_team_export_with_the_same_figures(tmp_path, capsys):
    """--format json prints a valid team export whose figures equal the Python aggregate."""
    from playbook.cli import main
    from playbook.data.schemas import load_schemas

    root, assessment = real_assessment()
    first = assessment.dimensions[0].questions[0].id
    top = assessment.levels[-1].value
    files = [
        write_export(
            tmp_path,
            "a.json",
            assessment.id,
            {first: top},
            team="North",
            exported_at="2026-03-01T09:00:00.000Z",
        ),
        write_export(
            tmp_path,
            "b.json",
            assessment.id,
            {first: assessment.levels[0].value},
            team="South",
            exported_at="2026-03-02T09:00:00.000Z",
        ),
    ]
    assert main(["--data", str(root / "data"), "team", "--format", "json", *map(str, files)]) == 0
    doc = json.loads(capsys.readouterr().out)
    validator = load_schemas(root / "data" / "schema").validator("export.schema.json")
    assert [e.message for e in validator.iter_errors(doc)] == []
    first_dimension = doc["data"]["result"]["dimensions"][0]
    assert (first_dimension["mean"], first_dimension["min"], first_dimension["max"]) == (50, 0, 100)
    assert set(doc["data"]["teams"]) == {"North", "South"}
    assert doc["data"]["teams"]["North"]["dimensions"][0]["mean"] == 100


def test_the_cli_refuses_when_no_file_can_be_used(tmp_path, capsys):
    """With nothing usable, playbook team exits 1 and says why for each file."""
    from playbook.cli import main

    root, _ = real_assessment()
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    assert main(["--data", str(root / "data"), "team", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "nothing to aggregate" in err and "broken.json" in err


def test_the_cli_csv_has_a_row_per_dimension(tmp_path, capsys):
    """--format csv: a header, then one row per dimension with the same mean as the aggregate."""
    import csv
    import io

    from playbook.cli import main

    root, assessment = real_assessment()
    first = assessment.dimensions[0].questions[0].id
    files = [
        write_export(tmp_path, "a.json", assessment.id, {first: assessment.levels[-1].value}),
    ]
    assert main(["--data", str(root / "data"), "team", "--format", "csv", *map(str, files)]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["team", "dimension", "members", "mean"]
    assert [row[1] for row in rows[1:]] == [d.id for d in assessment.dimensions]
    assert float(rows[1][3]) == 100.0


# ---- the page's implementation (docs/assets/js/team.js) on the same vectors ----

JS = Path(__file__).parent.parent / "docs" / "assets" / "js"
# team.js scores with scoring.js and reads files with checks.js (team exports: teamcheck.js); all
# load into one vm context, as in the page.
RUN_TEAM_JS = """
const fs = require("fs"), vm = require("vm");
const context = { window: { Playbook: { mount() {} } }, URL, console };
vm.createContext(context);
for (const file of process.argv.slice(1)) vm.runInContext(fs.readFileSync(file, "utf8"), context);
// A test may change the page's modules before the run (TEAM_JS_PRELUDE).
vm.runInContext(process.env.TEAM_JS_PRELUDE || "", context);
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const results = cases.map(([model, members]) => {
  const { roster, ...figures } = context.window.PlaybookTeam.aggregate(model, members);
  return figures;
});
process.stdout.write(JSON.stringify(results));
"""


def team_model(name: str) -> dict:
    """What the team page's script gets for a vector's assessment: the JSON the template embeds."""
    from playbook.data.models import Project
    from playbook.site.rendering import Renderer
    from playbook.site.team_view import team_page_data

    return team_page_data(vector_assessment(name), Renderer(Project()))


def vector_members(vector: dict) -> list[dict]:
    return [{**m, "source": f"m{i}"} for i, m in enumerate(vector["members"])]


def run_team_js(cases: list, prelude: str = "") -> list[dict]:
    """PlaybookTeam.aggregate on each [model, members] case, in one node process; prelude is JS
    run once the modules are loaded."""
    import os
    import subprocess

    from .conftest import node

    names = ("checks.js", "teamcheck.js", "scoring.js", "team.js")
    scripts = [str(JS / name) for name in names]
    out = subprocess.run(
        [node(), "-e", RUN_TEAM_JS, *scripts],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TEAM_JS_PRELUDE": prelude},
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_javascript_passes_the_team_vectors_under_node():
    """team.js computes the same hand-worked figures as team.py, vector by vector."""
    cases = [[team_model(v["assessment"]), vector_members(v)] for v in VECTORS["vectors"]]
    results = run_team_js(cases)
    assert len(results) == len(VECTORS["vectors"])
    for vector, result in zip(VECTORS["vectors"], results, strict=True):
        check(result, vector["expected"])


def test_the_team_view_scores_members_with_the_assessment_scoring_module():
    """A member's dimension scores come from window.PlaybookScoring (scoring.js), so a change to
    the single assessment's method (weights, say) reaches the team view too: a scorer that gives
    every dimension 42 makes every team mean 42."""
    vector = VECTORS["vectors"][0]
    prelude = (
        "const real = window.PlaybookScoring.score;"
        " window.PlaybookScoring.score = (model, answers) => { const result = real(model, answers);"
        " result.dimensions.forEach((dim) => { dim.score = 42; }); return result; };"
    )
    case = [team_model(vector["assessment"]), vector_members(vector)]
    (result,) = run_team_js([case], prelude)
    assert result["members"] > 0
    assert {dim["mean"] for dim in result["dimensions"]} == {42}


def test_javascript_and_python_agree_on_random_teams():
    """Random teams on every real assessment: the page and playbook team give the same figures."""
    import random

    from playbook.data.project import load_project
    from playbook.site.rendering import Renderer
    from playbook.site.team_view import team_page_data

    root = Path(__file__).parent.parent
    project = load_project(root / "data", root)
    generator = random.Random(17)
    cases, expected = [], []
    for assessment in project.assessments.values():
        values = [level.value for level in assessment.levels] + ["na"]
        members = [
            {
                "respondent": generator.choice(["", f"P{index}"]),
                "exported_at": f"2026-01-0{index + 1}T09:00:00.000Z",
                "answers": {
                    q.id: generator.choice(values)
                    for q in assessment.questions
                    if generator.random() < 0.8
                },
                "source": f"m{index}",
            }
            for index in range(5)
        ]
        cases.append([team_page_data(assessment, Renderer(project)), members])
        python = aggregate(
            assessment,
            [
                Member(m["answers"], m["exported_at"], m["respondent"], "", m["source"])
                for m in members
            ],
        )
        expected.append(python.to_dict())
    for result, want in zip(run_team_js(cases), expected, strict=True):
        assert result["score"] == want["score"] and result["stage"] == want["stage"]
        for got, python in zip(result["dimensions"], want["dimensions"], strict=True):
            assert got["rounded"] == python["rounded"] and got["agreement"] == python["agreement"]
            for key in ("mean", "min", "max", "sd"):
                assert close(got[key], python[key]), (got, python)
        assert [t["question"] for t in result["talk_first"]] == [
            t["question"] for t in want["talk_first"]
        ]
        assert [t["answers"] for t in result["talk_first"]] == [
            [list(pair) for pair in t["answers"]] for t in want["talk_first"]
        ]


def test_every_agreement_band_has_a_label_in_every_language():
    """The team view shows team.agreement.<band id>; a band without its string would show the id."""
    import yaml

    from playbook.data.project import load_project

    root = Path(__file__).parent.parent
    project = load_project(root / "data", root)
    bands = {band.id for a in project.assessments.values() for band in a.agreement}
    assert bands
    for path in sorted((root / "data" / "strings").glob("*.yaml")):
        strings = yaml.safe_load(path.read_text(encoding="utf-8"))["strings"]
        assert sorted(b for b in bands if f"team.agreement.{b}" not in strings) == [], path.name
