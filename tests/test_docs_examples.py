"""The YAML examples in the maintainer docs work: applied to a copy of the data,
they validate and take effect."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from playbook.data.project import check

from .conftest import ROOT

PAGE = ROOT / "docs" / "maintainers" / "make-it-yours.md"


def examples() -> list[tuple[str, str]]:
    """Every ```yaml block of the page that starts with a '# data/local/...'
    path comment, as (path, text)."""
    found = []
    for block in re.findall(r"```yaml\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S):
        first = block.splitlines()[0]
        if first.startswith("# data/local/"):
            found.append((first[2:].strip(), block))
    return found


def test_the_page_has_examples():
    """The extraction finds the override example, so the test below cannot pass vacuously."""
    assert [path for path, _ in examples()] == ["data/local/assessments/some-model.yaml"]


@pytest.mark.parametrize(("path", "text"), examples(), ids=[p for p, _ in examples()])
def test_override_example_validates_and_applies(tmp_path, path, text):
    """The documented override of the SoMe assessment is valid and
    changes the labels, order and bands."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    project, problems = check(data, tmp_path)
    assert problems == [], [p.format() for p in problems]
    override = yaml.safe_load(text)
    assessment = project.assessments[override["id"]]
    assert [level.label for level in assessment.levels] == [
        level["label"] for level in override["scale"]["levels"]
    ]
    assert list(project.assessments).index(override["id"]) == 1
    assert (assessment.stages[0].title, assessment.stages[0].max, assessment.stages[1].min) == (
        "Getting started",
        30,
        30,
    )
