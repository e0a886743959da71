"""Every real data file is valid, one test per file, and the whole data
set passes the cross-file rules."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from playbook.data.loading import load_document
from playbook.data.models import KINDS
from playbook.data.overlay import LOCAL, LOCK
from playbook.data.project import check, data_files
from playbook.data.validation import schema_problems

from .conftest import FIXTURES, LOCAL_PREFIX, ROOT, UPSTREAM_PREFIX, add_new_content

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


def hint_problem(path: Path, kind: str, data_dir: Path, required: bool = True) -> str | None:
    """What is wrong with a file's editor hint line, or None if it points at its kind's schema.

    Upstream files must have the line; a fork's own files may leave it out, but not get it wrong.
    """
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = HEADER.match(first)
    if not match and not required and "yaml-language-server" not in first:
        return None
    if not match:
        return (
            f"{path}:1: first line must be '# yaml-language-server: $schema=<path>', not {first!r}"
        )
    schema = (data_dir / "schema" / f"{kind}.schema.json").resolve()
    if hint_target(path.parent / match.group(1)) != schema or not schema.is_file():
        return f"{path}:1: names {match.group(1)}, not the {kind} schema"
    return None


def hint_target(named: Path) -> Path:
    """The schema an editor ends up with: ``named``, or where a pointer schema there leads.

    A pointer (data/local/schema/, written by playbook new --local) holds only a $ref, which the
    editor follows from the pointer's own folder.
    """
    named = named.resolve()
    if not named.is_file():
        return named
    pointer = json.loads(named.read_text(encoding="utf-8"))
    if set(pointer) <= {"$comment", "$ref"} and "$ref" in pointer:
        return (named.parent / pointer["$ref"]).resolve()
    return named


# The editor hint must point at the schema of the file's own kind, and that schema must exist.
@pytest.mark.parametrize(("path", "kind"), FILES, ids=[rel(p) for p, _ in FILES])
def test_data_file_names_its_schema(path: Path, kind: str):
    assert hint_problem(path, kind, DATA) is None


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
            if not p.name.startswith(".") and p.name not in set(KINDS) | {LOCK, "schema"}
        ]
        # data/local/schema/ holds the pointers that playbook new --local writes, nothing else.
        if (DATA / LOCAL / "schema").is_dir():
            stray += [
                rel(p)
                for p in (DATA / LOCAL / "schema").iterdir()
                if not p.name.endswith(".schema.json")
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


def copy_data(dest: Path) -> Path:
    """A copy of the real data folder."""
    return Path(shutil.copytree(DATA, dest / "data"))


def upstream_addition(dest: Path) -> Path:
    """The data with a framework, assessment and checklist added upstream, as YAML only."""
    data = copy_data(dest)
    add_new_content(data, UPSTREAM_PREFIX)
    return data


def fork_addition(dest: Path) -> Path:
    """The fixture fork's data, plus a framework, assessment and checklist in data/local/."""
    data = copy_data(dest)
    shutil.copytree(FIXTURES / "fork" / "data", data, dirs_exist_ok=True)
    add_new_content(data, LOCAL_PREFIX, local=True)
    return data


# A fork's CI runs these same checks: content added as data alone must pass them, upstream or local.
@pytest.mark.parametrize("make_data", [upstream_addition, fork_addition], ids=["upstream", "local"])
def test_content_added_as_data_passes_every_data_check(make_data, tmp_path):
    data = make_data(tmp_path)
    hints = [hint_problem(path, kind, data) for path, kind in data_files(data)]
    hints += [hint_problem(path, kind, data, False) for path, kind in data_files(data / LOCAL)]
    assert [h for h in hints if h] == []
    project, problems = check(data, tmp_path)
    assert not problems, report(problems)
    prefix = UPSTREAM_PREFIX if make_data is upstream_addition else LOCAL_PREFIX
    assert f"{prefix}-loop" in project.frameworks
    assert f"{prefix}-check" in project.assessments and f"{prefix}-list" in project.checklists
