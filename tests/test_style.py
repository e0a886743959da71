"""Style the linters do not see: the widgets' JS and CSS sources keep ruff's line length."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT

ASSETS = ROOT / "docs" / "assets"
# One limit for every language: the one pyproject.toml gives ruff.
LINE_LENGTH = int(
    re.search(
        r"^line-length\s*=\s*(\d+)", (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M
    ).group(1)
)


def long_lines(path: Path, limit: int) -> list[tuple[int, int]]:
    """(line number, length) of each line of ``path`` longer than ``limit`` characters."""
    text = path.read_text(encoding="utf-8")
    return [
        (number, len(line)) for number, line in enumerate(text.splitlines(), 1) if len(line) > limit
    ]


def sources() -> list[Path]:
    return sorted([*ASSETS.rglob("*.js"), *ASSETS.rglob("*.css")])


def test_there_are_js_and_css_sources_to_check():
    suffixes = {path.suffix for path in sources()}
    assert suffixes == {".js", ".css"}, suffixes


def test_no_js_or_css_source_line_is_longer_than_ruffs_line_length():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {length} characters"
        for path in sources()
        for number, length in long_lines(path, LINE_LENGTH)
    ]
    listed = "\n".join(offenders)
    assert not offenders, f"wrap these lines to at most {LINE_LENGTH} characters:\n{listed}"


def test_a_line_one_character_too_long_is_reported(tmp_path):
    planted = tmp_path / "widget.js"
    planted.write_text(
        "const ok = 1;\n" + "x" * (LINE_LENGTH + 1) + "\n" + "y" * LINE_LENGTH + "\n",
        encoding="utf-8",
    )
    assert long_lines(planted, LINE_LENGTH) == [(2, LINE_LENGTH + 1)]


def test_ruff_checks_every_python_file_of_the_project():
    """An exclude pattern that matches too much (``site`` once matched ``playbook/site/``) must
    not hide a package from the linter and the formatter."""
    import subprocess
    import sys

    ruff = Path(sys.executable).parent / "ruff"
    listed = subprocess.run(
        [str(ruff), "check", "--show-files", "playbook", "macros", "tests"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout.split()
    expected = sorted(
        str(path)
        for folder in ("playbook", "macros", "tests")
        for path in (ROOT / folder).rglob("*.py")
    )
    assert expected
    assert sorted(listed) == expected
