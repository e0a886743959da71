"""Hostile data files: every case ends in located problems, all in one
run, and never in a traceback.

Each test edits a copy of the small fixture data set (tests/fixtures/minimal) and runs the real CLI
in-process. Locations are found in the edited text, not hard-coded.
"""

from __future__ import annotations

import json
import math
import os
import pathlib
import re
from pathlib import Path

import pytest

from playbook.data.loading import MAX_BYTES, load_document
from playbook.data.project import check
from playbook.data.scaffold import ID_PATTERN_START
from playbook.tools.api import api_files

from .helpers import assert_clean_failure, cli, edit

ASSESSMENT = "assessments/alpha-check.yaml"
ALPHA = "frameworks/alpha.yaml"


def where(path: Path, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``needle`` in a text file."""
    text = path.read_text(encoding="utf-8")
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def reported(run, data: Path, file: str, line: int, col: int, fragment: str) -> None:
    """The run printed a problem for ``data/file`` at line:col
    containing ``fragment``, with a hint."""
    prefix = f"{data.name}/{file}:{line}:{col}: "
    lines = run.err.splitlines()
    hits = [i for i, text in enumerate(lines) if text.startswith(prefix) and fragment in text]
    assert hits, f"no {fragment!r} at {prefix}:\n{run.err}"
    assert lines[hits[0] + 1].startswith("    hint: "), run.err


@pytest.mark.parametrize("bound", [".nan", ".inf", "-.inf", ".NaN"])
def test_a_non_finite_stage_bound_is_refused(capsys, monkeypatch, minimal_data, bound):
    path = minimal_data / ASSESSMENT
    edit(path, "min: 50, max: 100}", f"min: 50, max: {bound}}}")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(run, minimal_data, ASSESSMENT, *where(path, bound), "not a finite number")


# The JSON API is written from the validated project: it can never hold NaN (json would write it).
def test_the_json_api_refuses_to_write_nan(minimal_data):
    project, problems = check(minimal_data, minimal_data.parent)
    assert not problems
    files = api_files(project, minimal_data / "schema")
    for name, text in files.items():
        json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the API"))
    project.raw["assessment"]["alpha-check"]["stages"][0]["max"] = math.nan
    with pytest.raises(ValueError):
        api_files(project, minimal_data / "schema")


@pytest.mark.parametrize("bad_id", ["1st-dimension", "9", "-listening", "listening-"])
def test_an_id_that_does_not_start_with_a_letter_is_refused(
    capsys, monkeypatch, minimal_data, bad_id
):
    path = minimal_data / ASSESSMENT
    text = path.read_text(encoding="utf-8")
    text = text.replace("id: listening\n", f'id: "{bad_id}"\n')
    path.write_text(text.replace("dimension: listening,", f'dimension: "{bad_id}",'), "utf-8")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    line, col = where(path, f'"{bad_id}"')
    reported(run, minimal_data, ASSESSMENT, line, col, f"'{bad_id}' is not a valid id")
    assert "Start with a lowercase letter" in run.err


# One documented id pattern: the schema's, which the scaffold's check and every shipped id follow.
def test_the_id_pattern_is_declared_once_and_every_shipped_id_follows_it():
    from .. import conftest

    common = json.loads((conftest.ROOT / "data/schema/common.schema.json").read_text())
    assert common["$defs"]["id"]["pattern"] == ID_PATTERN_START + "$(?!\\n)"
    assert (
        "start" in common["$defs"]["id"]["description"].lower()
        or "letter" in (common["$defs"]["id"]["description"])
    )
    project, problems = check(conftest.ROOT / "data", conftest.ROOT)
    assert not problems
    pattern = re.compile(ID_PATTERN_START + r"\Z")
    ids = [f.id for f in project.frameworks.values()]
    ids += [e.id for f in project.frameworks.values() for e in f.elements]
    ids += [d.id for a in project.assessments.values() for d in a.dimensions]
    ids += [q.id for a in project.assessments.values() for q in a.questions]
    assert ids and all(pattern.match(i) for i in ids), [i for i in ids if not pattern.match(i)]


# A trailing line break: Python's $ alone would accept "listen\n" as an id.
def test_an_id_with_a_trailing_line_break_is_refused(capsys, monkeypatch, minimal_data):
    path = minimal_data / ALPHA
    edit(path, "  - id: listen\n", '  - id: "listen\\n"\n')
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert "is not a valid id" in run.err


def test_a_symlink_out_of_the_repository_is_refused(capsys, monkeypatch, minimal_data, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    secret = outside / "gamma.yaml"
    text = (minimal_data / ALPHA).read_text(encoding="utf-8")
    secret.write_text(text.replace("id: alpha\n", "id: gamma\n"), encoding="utf-8")
    (minimal_data / "frameworks" / "gamma.yaml").symlink_to(secret)
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(run, minimal_data, "frameworks/gamma.yaml", 1, 1, "outside the repository")
    project, _ = check(minimal_data, minimal_data.parent)
    assert project is None


# Inside the repository a link is an ordinary way to share a file, and is read.
def test_a_symlink_inside_the_repository_is_read(minimal_data):
    shared = minimal_data.parent / "shared"
    shared.mkdir()
    (minimal_data / "tools" / "radar.yaml").rename(shared / "radar.yaml")
    (minimal_data / "tools" / "radar.yaml").symlink_to(shared / "radar.yaml")
    project, problems = check(minimal_data, minimal_data.parent)
    assert not problems and "radar" in project.tools


@pytest.mark.parametrize("entry", ["folder", "dangling link", "pipe"])
def test_an_entry_that_is_not_read_is_reported(capsys, monkeypatch, minimal_data, entry):
    target = minimal_data / "frameworks" / "odd.yaml"
    if entry == "folder":
        target.mkdir()
        fragment = "is a folder"
    elif entry == "dangling link":
        target.symlink_to(minimal_data / "nowhere.yaml")
        fragment = "does not exist"
    else:
        os.mkfifo(target)
        fragment = "not a regular file"
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(run, minimal_data, "frameworks/odd.yaml", 1, 1, fragment)


@pytest.mark.parametrize("number", ["1" + "0" * 5000, str(2**60), "-" + str(2**60)])
def test_a_huge_integer_is_refused(capsys, monkeypatch, minimal_data, number):
    path = minimal_data / ALPHA
    edit(path, "order: 1\n", f"order: {number}\n")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(run, minimal_data, ALPHA, *where(path, number), "too large")


@pytest.mark.parametrize(
    ("escape", "fragment"),
    [("\\r", "carriage return"), ("\\e[31m", "U+001B"), ("\\x85", "U+0085"), ("\\0", "U+0000")],
)
def test_a_control_character_in_text_is_refused(
    capsys, monkeypatch, minimal_data, escape, fragment
):
    path = minimal_data / ALPHA
    edit(path, "summary: A small framework used by the tests.", f'summary: "A small{escape}one"')
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(run, minimal_data, ALPHA, *where(path, '"A small'), fragment)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("{", "not valid JSON"), ('{"type": 5}', "not a valid JSON Schema"), (b"\xff", "UTF-8")],
)
def test_a_corrupt_schema_file_is_reported(capsys, monkeypatch, minimal_data, content, fragment):
    schema = minimal_data / "schema" / "tool.schema.json"
    schema.write_bytes(content if isinstance(content, bytes) else content.encode())
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert re.search(
        rf"^{minimal_data.name}/schema/tool.schema.json:\d+:\d+: .*{fragment}", run.err, re.M
    ), run.err


def test_a_missing_schema_file_is_reported(capsys, monkeypatch, minimal_data):
    (minimal_data / "schema" / "concern.schema.json").unlink()
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(run, minimal_data, "schema/concern.schema.json", 1, 1, "the schema is missing")


# The size is known before reading: nothing of a huge file is read, by any route.
def test_the_size_check_runs_before_the_file_is_read(minimal_data, monkeypatch):
    huge = minimal_data / "frameworks" / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES * 64)
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    for name in ("read_bytes", "read_text", "open"):
        monkeypatch.setattr(pathlib.Path, name, lambda *a, **k: pytest.fail("read the whole file"))
    doc, problems = load_document(huge)
    assert doc is None and "file is too large" in problems[0].message
    assert sum(read) == 0


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](jav&#97;script:alert(1))",
        "[click]( vbscript:x)",
        "![img](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="javascript:alert(1)">click</a>',
        "<javascript:alert(1)>",
        "\n\n[ref]: javascript:alert(1)\n\nSee [ref].",
    ],
)
def test_a_link_with_an_unsafe_scheme_is_refused(capsys, monkeypatch, minimal_data, link):
    path = minimal_data / ALPHA
    edit(path, "body: Listening comes **first**.", "body: " + json.dumps(f"Read {link} now."))
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    line, _ = where(path, 'body: "Read')
    assert re.search(
        rf"^{minimal_data.name}/{ALPHA}:{line}:\d+: .*which is not allowed", run.err, re.M
    ), run.err


@pytest.mark.parametrize(
    "link",
    [
        "[a](https://example.org)",
        "[a](mailto:x@example.org)",
        "[a](../other/)",
        "[a](#top)",
        "[a](ref:alpha/listen)",
        "[a](page:with-colon)"[0:0] + "[a](docs/a:b)",
    ],
)
def test_a_safe_link_is_accepted(minimal_data, link):
    edit(minimal_data / ALPHA, "body: Listening comes **first**.", "body: " + json.dumps(link))
    _project, problems = check(minimal_data, minimal_data.parent)
    assert not problems, [p.format() for p in problems]


def test_a_url_field_with_an_unsafe_scheme_is_refused(capsys, monkeypatch, minimal_data):
    path = minimal_data / ALPHA
    edit(path, "  year: 2020\n", "  year: 2020\n  url: javascript:alert(1)\n")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(run, minimal_data, ALPHA, *where(path, "javascript:"), "javascript")


# Root cause first: one broken framework gives its own problem and one
# summary, not a line per reference.
def test_a_broken_framework_does_not_bury_the_rest(capsys, monkeypatch, minimal_data):
    path = minimal_data / ALPHA
    edit(path, "title: Alpha model", "title: [Alpha model")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    problems = [t for t in run.err.splitlines() if re.match(r"^\S+:\d+:\d+: ", t)]
    assert problems[0].startswith(f"{minimal_data.name}/{ALPHA}:") and "YAML syntax" in problems[0]
    assert not any("unknown framework" in t for t in problems), run.err
    summary = re.match(
        r".*: (\d+) references to the framework 'alpha' cannot be checked", problems[-1]
    )
    assert summary and int(summary.group(1)) > 3, run.err
    assert len(problems) == 2, run.err


def test_many_references_to_a_missing_framework_are_summarised(capsys, monkeypatch, minimal_data):
    (minimal_data / "frameworks" / "beta.yaml").rename(minimal_data / "frameworks" / "gamma.yaml")
    edit(minimal_data / "frameworks" / "gamma.yaml", "id: beta\n", "id: gamma\n")
    references = sum(
        p.read_text(encoding="utf-8").count("beta/") for p in minimal_data.rglob("*.yaml")
    )
    assert references > 2
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    unknown = [t for t in run.err.splitlines() if "unknown framework 'beta'" in t]
    assert len(unknown) == 2, run.err
    assert f"{references} references in all to the unknown framework 'beta'" in unknown[1]


GAMMA = """\
id: gamma
title: Gamma day
summary: A day of tasks.
tags: [testing]
source: {title: Gamma, author: Someone}
how_to_use: Plan the day.
schedule:
  day_start: "09:00"
  day_end: "09:02"
  blocks:
    - {id: morning, title: Morning}
elements:
"""


# validate runs every check the build runs: a day too short for its tasks
# fails both, not only the build.
def test_a_day_too_short_for_its_tasks_fails_validate(capsys, monkeypatch, minimal_data):
    tasks = "".join(
        f"  - {{id: task-{n}, kind: task, title: Task {n}, summary: Do it., priority: {n}}}\n"
        for n in range(1, 4)
    )
    (minimal_data / "frameworks" / "gamma.yaml").write_text(GAMMA + tasks, encoding="utf-8")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    reported(
        run,
        minimal_data,
        "frameworks/gamma.yaml",
        *where(minimal_data / "frameworks/gamma.yaml", '"09:02"'),
        "too short",
    )


def test_a_day_long_enough_passes(minimal_data):
    tasks = "  - {id: task-1, kind: task, title: Task, summary: Do it., priority: 1}\n"
    (minimal_data / "frameworks" / "gamma.yaml").write_text(GAMMA + tasks, encoding="utf-8")
    _project, problems = check(minimal_data, minimal_data.parent)
    assert not problems, [p.format() for p in problems]


# Every hostile case at once: all are reported in one run.
def test_all_problems_come_in_one_run(capsys, monkeypatch, minimal_data, tmp_path):
    edit(minimal_data / ASSESSMENT, "min: 50, max: 100}", "min: 50, max: .nan}")
    edit(minimal_data / ALPHA, "order: 1\n", f"order: {2**60}\n")
    edit(minimal_data / "tools/radar.yaml", "id: radar", 'id: "radar\\r"')
    (minimal_data / "frameworks" / "folder.yaml").mkdir()
    (minimal_data / "schema" / "concern.schema.json").write_text("{", encoding="utf-8")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    for fragment in (
        "not a finite number",
        "too large",
        "carriage return",
        "is a folder",
        "not valid JSON",
    ):
        assert fragment in run.err, (fragment, run.err)
