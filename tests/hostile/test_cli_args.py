"""Hostile CLI arguments and files: the CLI escapes what it prints,
refuses odd files, and never hangs."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from playbook.data.overlay import LOCK
from playbook.data.project import check
from playbook.tools.exports import FORMAT, assessment_report, read_export
from playbook.tools.scoring import score

from .helpers import assert_clean_failure, cli

ESC = "\x1b"


def export(tmp_path: Path, answers: dict, exported_at: str = "2026-05-01T09:30:00.000Z") -> Path:
    """An assessment export of the fixture's alpha-check."""
    doc = {
        "format": FORMAT,
        "format_version": 1,
        "kind": "assessment",
        "id": "alpha-check",
        "content_version": 2,
        "exported_at": exported_at,
        "data": {"answers": answers},
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


# A file name is data too: an escape sequence in it must reach the terminal as text.
def test_validate_escapes_control_characters_from_file_names(capsys, monkeypatch, minimal_data):
    text = (minimal_data / "tools" / "radar.yaml").read_text(encoding="utf-8")
    (minimal_data / "tools" / f"radar{ESC}[2J{ESC}]0;owned\a.yaml").write_text(text, "utf-8")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert "radar\\x1b[2J\\x1b]0;owned\\x07.yaml" in run.err


def test_score_escapes_what_the_export_holds(capsys, monkeypatch, minimal_data, tmp_path):
    path = export(tmp_path, {"q-listen-tool": 2}, exported_at=f"now{ESC}[31m\nFAKE: 100 of 100")
    run = cli(capsys, monkeypatch, minimal_data, "score", path)
    assert run.code == 0, run
    assert ESC not in run.out and "now\\x1b[31m\\nFAKE: 100 of 100" in run.out
    assert not any(line.startswith("FAKE") for line in run.out.splitlines())


def test_score_with_a_pipe_refuses_it_at_once(capsys, monkeypatch, minimal_data, tmp_path):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    # Should the CLI block on the pipe, a writer opens and closes it so
    # that the test ends (and fails).
    release = threading.Timer(20, lambda: os.close(os.open(fifo, os.O_WRONLY)))
    release.start()
    try:
        run = cli(capsys, monkeypatch, minimal_data, "score", fifo)
    finally:
        release.cancel()
    assert_clean_failure(run)
    assert "not a regular file" in run.err


def test_score_refuses_deeply_nested_json(capsys, monkeypatch, minimal_data, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run = cli(capsys, monkeypatch, minimal_data, "score", path)
    assert_clean_failure(run)
    assert "nested" in run.err and str(path) in run.err


class CountingId(str):
    """A question id that counts how often it is compared, to measure work without a clock."""

    comparisons = 0

    def __eq__(self, other):
        CountingId.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


# Many unknown answers: the report's work grows linearly (counted comparisons, not time).
@pytest.mark.parametrize("count", [2000])
def test_score_report_is_linear_in_unknown_answers(minimal_data, tmp_path, count):
    project, _ = check(minimal_data, minimal_data.parent)
    assessment = project.assessments["alpha-check"]
    answers = {CountingId(f"gone-{n}"): 1 for n in range(count)}
    doc = read_export(export(tmp_path, {"q-listen-tool": 2}), minimal_data / "schema")
    doc["data"]["answers"] = answers
    CountingId.comparisons = 0
    report = assessment_report(project, assessment, doc, score(assessment, answers))
    assert CountingId.comparisons < 20 * count, CountingId.comparisons
    assert f"{count} answers to questions that no longer exist" in report
    assert f"and {count - 10} more" in report and len(report) < 5000


@pytest.mark.parametrize(
    "bad_id",
    ["our-plan\n", "our-plan\nx", "x" * 81, "1st-plan", "our plan", "../evil", "our-plan\x1b[2J"],
)
def test_new_refuses_an_id_that_breaks_the_rule(capsys, monkeypatch, minimal_data, bad_id):
    before = sorted(p.relative_to(minimal_data) for p in minimal_data.rglob("*"))
    run = cli(capsys, monkeypatch, minimal_data, "new", "framework", bad_id)
    assert_clean_failure(run)
    assert "valid id" in run.err or "at most 80" in run.err
    assert sorted(p.relative_to(minimal_data) for p in minimal_data.rglob("*")) == before


def test_new_accepts_an_id_of_the_longest_length(capsys, monkeypatch, minimal_data):
    longest = "a" * 80
    run = cli(capsys, monkeypatch, minimal_data, "new", "framework", longest)
    assert run.code == 0, run
    assert (minimal_data / "frameworks" / f"{longest}.yaml").is_file()


def override_beta(data: Path) -> None:
    folder = data / "local" / "frameworks"
    folder.mkdir(parents=True)
    (folder / "beta.yaml").write_text("id: beta\noverride: true\ntitle: Ours\n", "utf-8")


def test_sync_mark_refuses_a_symlinked_lock(capsys, monkeypatch, minimal_data, tmp_path):
    override_beta(minimal_data)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (minimal_data / "local" / LOCK).symlink_to(victim)
    run = cli(capsys, monkeypatch, minimal_data, "sync", "--mark")
    assert_clean_failure(run)
    assert "symbolic link" in run.err and LOCK in run.err
    assert victim.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"frameworks/beta.yaml": 5}', "\xff"])
def test_sync_reports_a_corrupt_lock(capsys, monkeypatch, minimal_data, content):
    override_beta(minimal_data)
    lock = minimal_data / "local" / LOCK
    lock.write_bytes(content.encode("latin-1"))
    run = cli(capsys, monkeypatch, minimal_data, "sync")
    assert_clean_failure(run)
    assert LOCK in run.err and "playbook sync --mark" in run.err


def test_sync_mark_replaces_a_corrupt_lock(capsys, monkeypatch, minimal_data):
    override_beta(minimal_data)
    (minimal_data / "local" / LOCK).write_text("{not json", encoding="utf-8")
    assert cli(capsys, monkeypatch, minimal_data, "sync", "--mark").code == 0
    assert "unchanged" in cli(capsys, monkeypatch, minimal_data, "sync").out


def test_a_usage_error_exits_2_without_a_traceback(capsys, monkeypatch, minimal_data):
    with pytest.raises(SystemExit) as stopped:
        cli(capsys, monkeypatch, minimal_data, "no-such-command")
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
