"""The bad-input corpus: each broken file, dropped into a valid data set,
makes the real CLI fail clearly.

The CLI's main() runs in-process (issue 13): the same code path as the
command, without a process per case.

tests/bad_inputs/<folder>/<NN-name>.yaml holds one broken file per case. Its first line says what
the CLI must report, as ``# expect: LINE:COL: message fragment``. Optional comment lines after it:

- ``# file: NAME`` installs the file under NAME instead, replacing the fixture's file of that name;
- ``# pad: limit`` appends a comment that takes the file just over the
loader's size limit, so a huge file
  need not be committed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from playbook.data.loading import MAX_BYTES
from playbook.data.models import KINDS

from .conftest import ROOT
from .hostile.helpers import Run, cli

CORPUS = ROOT / "tests" / "bad_inputs"
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$")
DIRECTIVE = re.compile(r"^# (file|pad): (\S+)$")
PROBLEM = re.compile(r"^(\S+):(\d+):(\d+): ")
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))


@dataclass(frozen=True)
class BadInput:
    """One corpus file and what the CLI must say about it."""

    source: Path
    line: int
    col: int
    fragment: str
    install_as: str
    pad: bool

    @classmethod
    def read(cls, source: Path) -> BadInput:
        """Parse the leading comment lines; the file itself may be anything, even non-UTF-8."""
        lines = source.read_bytes().decode("latin-1").splitlines()
        match = EXPECT.match(lines[0]) if lines else None
        assert match, f"{source}: the first line must be '# expect: LINE:COL: message fragment'"
        directives = {}
        for text in lines[1:]:
            found = DIRECTIVE.match(text)
            if not found:
                break
            directives[found.group(1)] = found.group(2)
        return cls(
            source,
            int(match.group(1)),
            int(match.group(2)),
            match.group(3),
            directives.get("file", source.name),
            directives.get("pad") == "limit",
        )

    @property
    def folder(self) -> str:
        """The data folder the file belongs in, named by its folder in the corpus."""
        return self.source.parent.name


@pytest.fixture
def validate(capsys, monkeypatch):
    """``playbook --data data validate`` in the folder holding a data copy, run in-process."""

    def run(data: Path) -> Run:
        return cli(capsys, monkeypatch, data, "validate")

    return run


def install(case: BadInput, data: Path) -> tuple[str, bool]:
    """Drop the bad file into the data copy; return its path as the CLI prints it,
    and whether it replaced a file."""
    target = data / case.folder / case.install_as
    replaced = target.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    content = case.source.read_bytes()
    if case.pad:
        content += b"#" + b"x" * (MAX_BYTES - len(content)) + b"\n"
        assert len(content) == MAX_BYTES + 2
    target.write_bytes(content)
    return target.relative_to(data.parent).as_posix(), replaced


# The issue asks for at least 30 broken files, spread over the kinds of data.
def test_corpus_is_large_enough():
    assert len(FILES) >= 30, len(FILES)
    assert {p.parent.name for p in FILES} <= set(KINDS), "corpus folders must be data folders"
    assert len({p.parent.name for p in FILES}) >= 5


# Without a broken file the copy must validate, so every failure below is the bad file's doing.
def test_fixture_copy_is_valid_through_the_cli(validate, minimal_data: Path):
    result = validate(minimal_data)
    assert result.code == 0, result.err
    assert "The data is valid" in result.out


# One test per corpus file: exit 1, file:line:col and the message, a hint, no traceback.
@pytest.mark.parametrize("source", FILES, ids=[p.relative_to(CORPUS).as_posix() for p in FILES])
def test_bad_input_is_reported_clearly(validate, minimal_data: Path, source: Path):
    case = BadInput.read(source)
    shown, replaced = install(case, minimal_data)
    result = validate(minimal_data)
    output = result.text
    assert "Traceback" not in output and "unexpected error" not in output, output
    assert result.code == 1, output
    lines = result.err.splitlines()
    prefix = f"{shown}:{case.line}:{case.col}: "
    at = [i for i, text in enumerate(lines) if text.startswith(prefix)]
    assert at, f"no problem at {prefix!r}:\n{result.err}"
    hits = [i for i in at if case.fragment in lines[i]]
    assert hits, f"no {case.fragment!r} at {prefix!r}:\n{result.err}"
    hint = lines[hits[0] + 1] if hits[0] + 1 < len(lines) else ""
    assert hint.startswith("    hint: ") and len(hint) > len("    hint: ") + 10, (
        f"no hint after {lines[hits[0]]!r}"
    )
    assert re.search(r"^\d+ problems? found in the data\.$", result.err, re.M)
    # A new file breaks only itself; only a file that replaces a fixture
    # may break the files that use it.
    if not replaced:
        files = {m.group(1) for m in map(PROBLEM.match, lines) if m}
        assert files == {shown}, result.err


# Usage errors are argparse's exit 2, not a traceback.
def test_usage_error_exits_2(capsys, monkeypatch, tmp_path: Path):
    with pytest.raises(SystemExit) as stopped:
        cli(capsys, monkeypatch, tmp_path / "data", "no-such-command")
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and "Traceback" not in err


# A wrong --data folder is a data problem with a location and a hint, not a crash.
def test_missing_data_folder_exits_1(capsys, monkeypatch, tmp_path: Path):
    result = cli(capsys, monkeypatch, tmp_path / "nowhere", "validate")
    assert result.code == 1, result.err
    assert result.err.startswith("nowhere:1:1: the data folder does not exist")
    assert "\n    hint: " in result.err and "Traceback" not in result.err
