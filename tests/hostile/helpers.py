"""Shared helpers of the hostile-input suite: run the real CLI in-process on a small data set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from playbook.cli import main


@dataclass(frozen=True)
class Run:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def cli(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, data: Path, *args) -> Run:
    """``playbook --data data ARGS`` run by ``main`` in the folder that holds ``data``."""
    monkeypatch.chdir(data.parent)
    capsys.readouterr()
    code = main(["--data", data.name, *map(str, args)])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def assert_clean_failure(run: Run) -> None:
    """Exit 1 with a message, never a traceback, an 'unexpected
    error' or a raw control character."""
    assert run.code == 1, run
    assert "Traceback" not in run.text and "unexpected error" not in run.text, run.text
    assert not any(ord(c) < 32 and c not in "\n" for c in run.text), repr(run.text)


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) by ``new`` in a text file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
