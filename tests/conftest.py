"""Shared fixtures: copies of the project or of small data sets, and MkDocs builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "macros", "playbook")


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """Copy the site's sources to ``dest``, with ``data`` (a data folder without schemas) if given."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    if data is None:
        shutil.copytree(ROOT / "data", dest / "data")
    else:
        shutil.copytree(data, dest / "data")
        shutil.copytree(ROOT / "data" / "schema", dest / "data" / "schema", dirs_exist_ok=True)
        if not (dest / "data" / "strings").exists():
            shutil.copytree(ROOT / "data" / "strings", dest / "data" / "strings")
    return dest


def build(project: Path, site: Path | None = None) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build` (strict by config) and return the finished process."""
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=300,
    )


def add_big_assessment(
    project: Path, dimensions: int = 8, per_dimension: int = 25, assessment_id: str = "big-200"
) -> dict[str, int]:
    """Add a synthetic assessment (dimensions x per_dimension questions) shaped like the SoMe one; return answers for every question."""
    import yaml

    from playbook.data.project import load_project

    model = load_project(ROOT / "data", ROOT).assessments["some-model"]
    stages = [
        {"id": s.id, "title": s.title, "description": s.description, "min": s.min, "max": s.max}
        for s in model.stages
    ]
    dims = [
        {
            "id": f"dim-{d}",
            "title": f"Dimension {d}",
            "questions": [
                {
                    "id": f"big-q-{d}-{q}",
                    "text": f"Question {q} of dimension {d}.",
                    "refs": ["some-model/share"],
                }
                for q in range(per_dimension)
            ],
        }
        for d in range(dimensions)
    ]
    doc = {
        "id": assessment_id,
        "title": "A synthetic assessment",
        "summary": "Generated for budgets and load tests.",
        "version": 1,
        "scale": {
            "levels": [{"value": level.value, "label": level.label} for level in model.levels],
            "not_applicable": {"label": "N/A"},
        },
        "dimensions": dims,
        "stages": stages,
        "recommendations": [
            {
                "dimension": d["id"],
                "stage": s["id"],
                "text": "Do the next thing.",
                "refs": ["some-model/share"],
            }
            for d in dims
            for s in stages
        ],
    }
    (project / "data" / "assessments" / f"{assessment_id}.yaml").write_text(
        "# yaml-language-server: $schema=../schema/assessment.schema.json\n"
        + yaml.safe_dump(doc, sort_keys=False),
        encoding="utf-8",
    )
    values = [level.value for level in model.levels]
    return {
        q["id"]: values[i % len(values)]
        for i, q in enumerate(q for d in dims for q in d["questions"])
    }


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A copy of the small, valid fixture data set with the real schemas."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    shutil.copytree(ROOT / "data" / "strings", data / "strings")
    return data


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real playbook, built once per test session."""
    project = copy_project(tmp_path_factory.mktemp("playbook"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"
