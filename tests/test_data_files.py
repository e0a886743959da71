"""Every real data file is valid, one test per file, and the whole data set passes the cross-file rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.data.loading import load_document
from playbook.data.models import KINDS
from playbook.data.overlay import LOCAL, LOCK
from playbook.data.project import check, data_files
from playbook.data.validation import schema_problems

from .conftest import ROOT

DATA = ROOT / "data"
SCHEMAS = DATA / "schema"
FILES = data_files(DATA)
HEADER = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def rel(path: Path) -> str:
    """The repo-relative path, used as the test id."""
    return path.relative_to(ROOT).as_posix()


def report(problems) -> str:
    """All problems in the CLI's own format, for assertion messages."""
    return "\n".join(p.format() for p in problems)


# Collection must find the data: an empty parametrization would silently pass.
def test_data_files_are_found():
    kinds = {kind for _, kind in FILES}
    assert {"framework", "assessment", "checklist", "strings"} <= kinds, kinds
    assert all(path.suffix == ".yaml" for path, _ in FILES), [
        rel(p) for p, _ in FILES if p.suffix != ".yaml"
    ]


# One test per file, so a broken file is named in the test report.
@pytest.mark.parametrize(("path", "kind"), FILES, ids=[rel(p) for p, _ in FILES])
def test_data_file_is_valid(path: Path, kind: str):
    doc, problems = load_document(path, ROOT)
    assert doc is not None and not problems, report(problems)
    problems = schema_problems(doc, kind, SCHEMAS)
    assert not problems, report(problems)
    assert doc.data["id"] == path.stem


# The editor hint must point at the schema of the file's own kind, and that schema must exist.
@pytest.mark.parametrize(("path", "kind"), FILES, ids=[rel(p) for p, _ in FILES])
def test_data_file_names_its_schema(path: Path, kind: str):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = HEADER.match(first)
    assert match, (
        f"{rel(path)}:1: first line must be '# yaml-language-server: $schema=../schema/{kind}.schema.json', not {first!r}"
    )
    assert match.group(1) == f"../schema/{kind}.schema.json", (
        f"{rel(path)}:1: names {match.group(1)}"
    )
    assert (path.parent / match.group(1)).resolve().is_file()


# Cross-file rules (references, unique ids, score bands) only show on the whole set.
def test_whole_data_set_passes_semantic_validation():
    project, problems = check(DATA, ROOT)
    assert not problems, report(problems)
    assert project is not None and project.frameworks


# A misspelt folder or a stray file would be skipped by the loader without a word.
def test_no_stray_files_in_data():
    known = set(KINDS) | {"schema", LOCAL}
    stray = [
        rel(p)
        for p in DATA.iterdir()
        if not p.name.startswith(".") and (p.name not in known or not p.is_dir())
    ]
    # A fork's data/local/ mirrors the kind folders, plus the lock file that records upstream.
    if (DATA / LOCAL).is_dir():
        stray += [
            rel(p)
            for p in (DATA / LOCAL).iterdir()
            if not p.name.startswith(".") and p.name not in set(KINDS) | {LOCK}
        ]
    for folder in [*KINDS, *(f"{LOCAL}/{k}" for k in KINDS)]:
        if (DATA / folder).is_dir():
            stray += [
                rel(p)
                for p in (DATA / folder).iterdir()
                if not p.name.startswith(".") and (p.suffix != ".yaml" or not p.is_file())
            ]
    stray += [rel(p) for p in SCHEMAS.iterdir() if not p.name.endswith(".schema.json")]
    assert not stray, f"not data files: {stray}"
