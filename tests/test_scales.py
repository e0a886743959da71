"""An assessment chooses a shared answer scale by id (scale: <id>, data/scales/) or writes its
own levels; a fork changes a shared scale's labels once for every assessment that chooses it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from playbook.data.project import check
from playbook.tools.scoring import score

from .conftest import ROOT
from .hostile.helpers import edit

S = "assessments/alpha-check.yaml"


@pytest.fixture
def data(minimal_data: Path) -> Path:
    """The fixture data with upstream's shared scales, and its assessment choosing 'extent'."""
    shutil.copytree(ROOT / "data" / "scales", minimal_data / "scales")
    text = (minimal_data / S).read_text(encoding="utf-8")
    start = text.index("scale:\n")
    end = text.index("dimensions:")
    (minimal_data / S).write_text(text[:start] + "scale: extent\n" + text[end:], encoding="utf-8")
    return minimal_data


def checked(data: Path):
    project, problems = check(data, data.parent)
    assert problems == [], [p.format() for p in problems]
    return project


def test_a_chosen_scale_gives_the_assessment_its_levels(data):
    """The assessment asks and scores on the chosen scale's levels and not-applicable answer."""
    project = checked(data)
    scale = project.raw["scale"]["extent"]
    assessment = project.assessments["alpha-check"]
    assert [(lv.value, lv.label) for lv in assessment.levels] == [
        (lv["value"], lv["label"]) for lv in scale["levels"]
    ]
    assert assessment.not_applicable == scale["not_applicable"]["label"]
    top = scale["levels"][-1]["value"]
    assert score(assessment, {q.id: top for q in assessment.questions}).score == 100
    # The published data keeps the choice as written, beside the scale itself.
    assert project.raw["assessment"]["alpha-check"]["scale"] == "extent"


def test_an_unknown_scale_is_a_located_problem(data):
    edit(data / S, "scale: extent", "scale: extnt")
    project, problems = check(data, data.parent)
    assert project is None
    found = [p for p in problems if "unknown scale 'extnt'" in p.message]
    assert found and found[0].file == f"data/{S}" and "Did you mean 'extent'?" in found[0].hint
    text = (data / S).read_text(encoding="utf-8").splitlines()
    assert text[found[0].line - 1][found[0].col - 1 :].startswith("extnt")


def test_a_scale_with_falling_levels_is_a_located_problem(data):
    edit(data / "scales" / "extent.yaml", "  - value: 2\n", "  - value: 0\n")
    _, problems = check(data, data.parent)
    found = [p for p in problems if "level values must rise: 0 follows 1" in p.message]
    assert found and found[0].file == "data/scales/extent.yaml", [p.format() for p in problems]


def test_a_scale_of_the_wrong_type_is_a_clear_problem(data):
    edit(data / S, "scale: extent", "scale: 5")
    _, problems = check(data, data.parent)
    assert any("expected object, got a number" in p.message for p in problems), [
        p.format() for p in problems
    ]


def test_a_fork_relabels_a_shared_scale_once(data):
    """An override of the scale in data/local/ changes every assessment that chooses it."""
    local = data / "local" / "scales" / "extent.yaml"
    local.parent.mkdir(parents=True)
    local.write_text(
        "id: extent\noverride: true\nnot_applicable:\n  label: Does not apply at Acme\n",
        encoding="utf-8",
    )
    assessment = checked(data).assessments["alpha-check"]
    assert assessment.not_applicable == "Does not apply at Acme"
