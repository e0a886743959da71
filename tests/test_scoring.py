"""The scoring method: shared vectors through Python and (with Node) the page's JS, the
export schema and `playbook score`."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from playbook import cli
from playbook.data.models import Assessment, Project, with_scale
from playbook.data.project import load_project
from playbook.data.schemas import load_schemas
from playbook.site import views
from playbook.site.assessment_view import page_data, radar
from playbook.site.rendering import Renderer
from playbook.tools.scoring import (
    band_text,
    clean_answers,
    recommendations,
    round_half_up,
    score,
    stage_for,
)

from .conftest import ROOT, node

VECTORS_FILE = ROOT / "tests" / "scoring_vectors.json"
VECTORS = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
SCHEMA_DIR = ROOT / "data" / "schema"
JS = ROOT / "docs" / "assets" / "js" / "scoring.js"


def project() -> Project:
    return load_project(ROOT / "data", ROOT)


def vector_assessment(name: str) -> Assessment:
    """An inline assessment of the vectors file, or a real one for 'data:<id>'."""
    if name.startswith("data:"):
        return project().assessments[name[5:]]
    # An inline assessment may choose one of the file's shared scales, as data/scales/ offers.
    return Assessment.from_dict(with_scale(VECTORS["assessments"][name], VECTORS["scales"]))


def vector_page_data(name: str) -> dict:
    """What the page script gets for the vector's assessment: the same JSON the template embeds."""
    if name.startswith("data:"):
        p = project()
        return page_data(p.assessments[name[5:]], Renderer(p))
    return page_data(vector_assessment(name), Renderer(Project()))


def check_result(result: dict, expected: dict) -> None:
    """Compare a result (Python's to_dict() or the JS object) with a vector's expectations."""
    for key in ("score", "stage", "answered", "total", "weakest"):
        assert result[key] == expected[key], (key, result[key], expected[key])
    got = {d["id"]: d for d in result["dimensions"]}
    assert list(got) == list(expected["dimensions"])
    for dim_id, (exact, rounded) in expected["dimensions"].items():
        assert got[dim_id]["rounded"] == rounded, dim_id
        if exact is None:
            assert got[dim_id]["score"] is None, dim_id
        else:
            assert got[dim_id]["score"] == pytest.approx(exact, abs=1e-6), dim_id


NAMES = [v["name"] for v in VECTORS["vectors"]]


# The vectors must cover what the method's edge cases are about, or a
# regression could slip through unnoticed.
def test_vectors_cover_the_edge_cases():
    answers = [v["answers"] for v in VECTORS["vectors"]]
    expected = [v["expected"] for v in VECTORS["vectors"]]
    assert {} in answers, "an empty answer set"
    assert any("na" in a.values() for a in answers), "not applicable"
    assert any(e["total"] > e["answered"] > 0 for e in expected), "unanswered questions"
    assert any(
        d[0] is not None and d[0] % 1 == 0.5 for e in expected for d in e["dimensions"].values()
    ), "a dimension at .5"
    assert any(e["score"] in (23, 25, 38, 50, 60, 75, 100) for e in expected), "band edges"
    assert any(v["assessment"].startswith("data:") for v in VECTORS["vectors"]), "real content"
    weighted = {
        name
        for name, a in VECTORS["assessments"].items()
        if any(q.get("weight", 1) != 1 for d in a["dimensions"] for q in d["questions"])
    }
    assert any(v["assessment"] in weighted for v in VECTORS["vectors"]), "weighted questions"
    chosen = {n for n, a in VECTORS["assessments"].items() if isinstance(a["scale"], str)}
    assert any(v["assessment"] in chosen for v in VECTORS["vectors"]), "a chosen scale"
    assert len(set(NAMES)) == len(NAMES)


# The inline assessments are real assessments as far as the schema goes, so the model loader
# sees realistic data.
@pytest.mark.parametrize("name", sorted(VECTORS["assessments"]))
def test_vector_assessments_follow_the_schema(name):
    validator = load_schemas(SCHEMA_DIR).validator("assessment.schema.json")
    errors = list(validator.iter_errors(VECTORS["assessments"][name]))
    assert errors == []


@pytest.mark.parametrize("name", sorted(VECTORS["scales"]))
def test_vector_scales_follow_the_schema(name):
    validator = load_schemas(SCHEMA_DIR).validator("scale.schema.json")
    assert list(validator.iter_errors(VECTORS["scales"][name])) == []


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=NAMES)
def test_python_passes_the_vectors(vector):
    result = score(vector_assessment(vector["assessment"]), vector["answers"])
    check_result(result.to_dict(), vector["expected"])


RUN_JS = """
const fs = require("fs"), vm = require("vm");
const window = { Playbook: { mount() {} } };
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), { window });
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const scores = cases.map((c) => window.PlaybookScoring.score(c.data, c.answers));
process.stdout.write(JSON.stringify(scores));
"""


def test_javascript_passes_the_vectors_under_node():
    cases = [
        {"data": vector_page_data(v["assessment"]), "answers": v["answers"]}
        for v in VECTORS["vectors"]
    ]
    out = subprocess.run(
        [node(), "-e", RUN_JS, str(JS)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    assert len(results) == len(VECTORS["vectors"])
    for vector, result in zip(VECTORS["vectors"], results, strict=True):
        check_result(result, vector["expected"])


# Python and JS must agree beyond the hand-made vectors: many random answer
# sets on every real assessment.
def test_python_and_javascript_agree_on_random_answers():
    import random

    rng = random.Random(4)
    p = project()
    cases, expected = [], []
    for assessment in p.assessments.values():
        data = page_data(assessment, Renderer(p))
        values = [level.value for level in assessment.levels] + ["na", None]
        for _ in range(60):
            answers = {
                q.id: v for q in assessment.questions if (v := rng.choice(values)) is not None
            }
            cases.append({"data": data, "answers": answers})
            expected.append(score(assessment, answers).to_dict())
    out = subprocess.run(
        [node(), "-e", RUN_JS, str(JS)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == json.loads(json.dumps(expected))


def test_round_half_up():
    assert [round_half_up(x) for x in (0, 0.5, 1.5, 2.5, 12.5, 62.49999999999999, 62.4, 99.5)] == [
        0,
        1,
        2,
        3,
        13,
        63,
        62,
        100,
    ]


def test_stage_bands_include_min_exclude_max_and_end_at_100():
    a = vector_assessment("three-dims")
    assert [stage_for(a, s).id for s in (0, 24, 25, 49, 50, 74, 75, 99, 100)] == [
        "low",
        "low",
        "mid",
        "mid",
        "high",
        "high",
        "top",
        "top",
        "top",
    ]
    assert stage_for(a, None) is None
    assert stage_for(vector_assessment("offset-scale"), 37).id == "s1"


def test_bands_print_as_the_whole_scores_they_hold():
    """Half-open bands read right: [0, 50) and [50, 100] print as 0–49 and 50–100."""
    assert [band_text(s) for s in vector_assessment("three-dims").stages] == [
        "0–24",
        "25–49",
        "50–74",
        "75–100",
    ]
    assert [band_text(s) for s in vector_assessment("offset-scale").stages] == ["0–37", "38–100"]


def printed_bands(assessment: Assessment, texts: list[str]) -> dict[int, str]:
    """Each whole score 0-100 mapped to the stage whose printed band holds it; fails on overlap."""
    holder: dict[int, str] = {}
    for stage, text in zip(assessment.stages, texts, strict=True):
        lowest, highest = map(int, text.split("–"))
        for whole in range(lowest, highest + 1):
            assert whole not in holder, f"{assessment.id}: {whole} printed in two bands"
            holder[whole] = stage.id
    return holder


@pytest.mark.parametrize("assessment_id", sorted(project().assessments))
def test_stage_table_prints_each_score_in_the_stage_it_gets(assessment_id):
    """The assessment page's stage table: every whole score 0-100 in exactly one printed band,
    the band of the stage that scoring gives it."""
    data = project()
    assessment = data.assessments[assessment_id]
    page = str(views.assessment_page(Renderer(data, strings=data.ui("en")), assessment_id))
    texts = [
        re.search(rf'<tr id="stage-{s.id}">.*?<td>([^<]*)</td>', page).group(1)
        for s in assessment.stages
    ]
    holder = printed_bands(assessment, texts)
    assert holder == {whole: stage_for(assessment, whole).id for whole in range(101)}


def test_clean_answers_keeps_current_questions_with_valid_values():
    a = vector_assessment("offset-scale")
    kept, gone = clean_answers(a, {"a": 2, "b": "na", "c": True, "old": 1, "x": "3"})
    assert kept == {"a": 2}
    assert gone == ["old", "x"]


def test_recommendations_follow_each_weak_dimensions_own_stage():
    p = project()
    a = p.assessments["some-model"]
    answers = {q.id: 4 for q in a.questions}
    answers["some-q-man-target"] = 0
    result = score(a, answers)
    recs = recommendations(a, result)
    assert [(d.id, s.id) for d, s, _ in recs] == [("manage", "leading"), ("share", "leading")]
    answers.update(
        {"some-q-man-dashboard": 0, "some-q-man-coverage": 0, "some-q-man-escalation": 1}
    )
    recs = recommendations(a, score(a, answers))
    assert recs[0][0].id == "manage" and recs[0][1].id == "starting"
    assert recs[0][2].refs


def test_page_data_and_radar_match_the_assessment():
    p = project()
    a = p.assessments["social-strategy-phase-0"]
    data = page_data(a, Renderer(p, "assessments/social-strategy-phase-0/"))
    assert [d["questions"] for d in data["dimensions"]] == [
        [q.id for q in d.questions] for d in a.dimensions
    ]
    assert data["na"] == a.not_applicable and data["version"] == a.version
    assert all("<" not in s["description"] and s["description"] for s in data["stages"])
    chart = radar(a)
    assert len(chart["axes"]) == len(a.dimensions) and len(chart["rings"]) == 4
    top = chart["axes"][0]
    assert top["x"] == 0 and top["y"] == -100 and top["anchor"] == "middle"
    assert all(len(line) <= 18 or " " not in line for ax in chart["axes"] for line in ax["lines"])


# ---- the export schema ---------------------------------------------------------------------------


def export_validator() -> Draft202012Validator:
    return load_schemas(SCHEMA_DIR).validator("export.schema.json")


GOOD = {
    "format": "social-media-playbook",
    "format_version": 1,
    "kind": "assessment",
    "id": "some-model",
    "content_version": 1,
    "exported_at": "2026-05-01T09:30:00.000Z",
    "data": {
        "answers": {"some-q-share-plan": 3, "some-q-opt-where": "na", "some-q-man-target": 0},
        "notes": {"some-q-share-plan": "Only on LinkedIn so far."},
    },
}


def test_a_good_export_validates():
    assert list(export_validator().iter_errors(GOOD)) == []


BAD_EXPORTS = {
    "other format": ("format", "other"),
    "newer format": ("format_version", 2),
    "unknown kind": ("kind", "spreadsheet"),
    "bad id": ("id", "Some Model"),
    "no content version": ("content_version", None),
    "answers not a map": ("data", {"answers": [3]}),
    "answer off the types": ("data", {"answers": {"some-q-share-plan": "high"}}),
    "negative answer": ("data", {"answers": {"some-q-share-plan": -1}}),
    "no answers": ("data", {"notes": {}}),
    "extra data": ("data", {"answers": {}, "score": 3}),
    "empty note": ("data", {"answers": {}, "notes": {"some-q-share-plan": ""}}),
    "extra envelope key": ("extra", 1),
}


@pytest.mark.parametrize("case", sorted(BAD_EXPORTS))
def test_bad_exports_fail_the_schema(case):
    key, value = BAD_EXPORTS[case]
    doc = copy.deepcopy(GOOD)
    if value is None:
        del doc[key]
    else:
        doc[key] = value
    assert list(export_validator().iter_errors(doc)), case


# ---- playbook score ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CliRun:
    """What one in-process `playbook` command returned and printed."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def playbook_cli(capsys, monkeypatch) -> Callable[..., CliRun]:
    """Run `playbook ARGS` in this process (cli.main), from ``cwd``, and capture its output."""

    def run(*args: str, cwd: Path = ROOT, data: Path | None = ROOT / "data") -> CliRun:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        returncode = cli.main([*(["--data", str(data)] if data else []), *args])
        out = capsys.readouterr()
        return CliRun(returncode, out.out, out.err)

    return run


def write(tmp_path: Path, doc, name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def test_score_prints_the_results(tmp_path, playbook_cli):
    doc = copy.deepcopy(GOOD)
    doc["data"]["answers"]["some-q-retired"] = 2
    out = playbook_cli("score", str(write(tmp_path, doc)))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    # share 75, optimize n/a only, manage 0: overall (75 + 0) / 2 = 37.5 -> 38, Developing.
    assert "Overall score: 38 of 100, stage: Developing" in text
    # The band is printed as the whole scores it holds, and 38 is one of them.
    band = re.search(r"stage: Developing \((\d+)–(\d+)\)", text)
    assert band and int(band.group(1)) <= 38 <= int(band.group(2)), text
    developing = next(s for s in project().assessments["some-model"].stages if s.id == "developing")
    assert band.group(0).endswith(f"({band_text(developing)})")
    assert "Answered 3 of 20 questions (1 not applicable)." in text
    assert "some-q-retired" in text and "no longer exist" in text
    assert "Manage (Starting out):" in text and "frameworks/some-model/#manage" in text
    table = text.split("What to work on next:")[0]
    lines = {line.split()[0]: line for line in table.splitlines() if line.startswith("  ")}
    assert (
        lines["Share"].split()[1] == "75"
        and lines["Manage"].split()[1] == "0"
        and lines["Optimize"].split()[1] == "-"
    )


def test_score_json_matches_the_python_result(tmp_path, playbook_cli):
    vector = VECTORS["vectors"][-1]
    assert vector["assessment"] == "data:some-model"
    doc = {**GOOD, "data": {"answers": vector["answers"]}}
    out = playbook_cli("score", "--json", str(write(tmp_path, doc)))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["id"] == "some-model"
    check_result(result, vector["expected"])


CLI_BAD = {
    "missing file": (None, "no such file"),
    "not json": ('{"format": "social-media-playbook",', "not valid JSON"),
    "not an export": ({"answers": {}}, "is not an export from the playbook"),
    "newer format": ({**GOOD, "format_version": 9}, "newer version of the playbook"),
    "another kind": ({**GOOD, "kind": "checklist"}, "'checklist' export, not an assessment export"),
    "unknown assessment": (
        {**GOOD, "id": "no-such-assessment"},
        "no assessment 'no-such-assessment'",
    ),
    "schema violation": (
        {**GOOD, "data": {"answers": {"some-q-share-plan": "high"}}},
        "$.data.answers.some-q-share-plan",
    ),
    "binary file": (b"\xff\xfe\x00garbage", "is not a text file"),
}


@pytest.mark.parametrize("case", sorted(CLI_BAD))
def test_score_refuses_bad_files_clearly(case, tmp_path, playbook_cli):
    content, expected = CLI_BAD[case]
    if content is None:
        path = tmp_path / "missing.json"
    elif isinstance(content, bytes):
        path = tmp_path / "export.json"
        path.write_bytes(content)
    else:
        path = write(tmp_path, content)
    out = playbook_cli("score", str(path))
    assert out.returncode == 1, out
    assert expected in out.stderr, out.stderr
    assert str(path) in out.stderr, "the message names the file"
    assert "Traceback" not in out.stderr and "unexpected error" not in out.stderr
    assert out.stdout == ""


def test_score_refuses_a_folder(tmp_path, playbook_cli):
    out = playbook_cli("score", str(tmp_path))
    assert out.returncode == 1 and "is a folder" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "command", [["validate"], ["score", "x.json"], ["sync"], ["new", "framework", "our-plan"]]
)
def test_commands_outside_the_playbook_say_the_data_is_missing(command, tmp_path, playbook_cli):
    # Run from a folder without data/: the one problem is the missing folder,
    # never a schema file inside it.
    out = playbook_cli(*command, cwd=tmp_path, data=None)
    assert out.returncode == 1, out
    assert out.stderr.startswith("data:1:1: the data folder does not exist"), out.stderr
    assert "Traceback" not in out.stderr and "schema" not in out.stderr
    assert list(tmp_path.iterdir()) == [], "nothing was written"


# Every UI string the page's template and script ask for must exist, or the page
# would show a key instead of text.
def test_every_ui_string_of_the_assessment_exists():
    import re

    import yaml

    strings = yaml.safe_load((ROOT / "data" / "strings" / "en.yaml").read_text(encoding="utf-8"))[
        "strings"
    ]
    # The widget's keys, found by the tokenizer of tests/test_strings.py (all widgets share it).
    from .test_strings import script_keys

    keys = {key for key in script_keys()[0] if key.startswith("assessment.")}
    for name in ("assessment.md.j2", "question.html.j2"):
        keys |= set(
            re.findall(
                r't\[["\']([a-z_.]+)["\']\]',
                (ROOT / "playbook" / "site" / "templates" / name).read_text(encoding="utf-8"),
            )
        )
    assert len(keys) > 50
    assert sorted(k for k in keys if k not in strings) == []
