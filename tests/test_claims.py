"""Claims the sources do not make stay out of the content (issue 16, Faithfulness).

These phrases were found and removed once; docs/maintainers/content-review.md says why each is
wrong. The content review catches new ones; this keeps the known ones from coming back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

# Phrase (case-insensitive, whitespace-tolerant) and why the sources do not support it.
OVERCLAIMS = {
    "every source agrees": "only some sources speak to each point: name those that agree",
    "proven frameworks": "the articles propose frameworks; they do not prove them",
    "the first task of every working day": "the workflow ranks listening first, no more",
}
# The review checklist quotes the phrases as what not to write.
QUOTED_ON_PURPOSE = {"docs/maintainers/content-review.md"}


def content_files() -> list[Path]:
    """The reader-facing text: data, hand-written docs and the README."""
    files = [*(ROOT / "data").rglob("*.yaml"), *(ROOT / "docs").rglob("*.md"), ROOT / "README.md"]
    return sorted(p for p in files if p.relative_to(ROOT).as_posix() not in QUOTED_ON_PURPOSE)


def overclaims_in(text: str) -> list[str]:
    """The known overclaims the text makes."""
    flat = re.sub(r"\s+", " ", text.lower())
    return [phrase for phrase in OVERCLAIMS if phrase in flat]


def test_the_check_finds_a_planted_overclaim():
    assert overclaims_in("Every source\n  agrees on it.") == ["every source agrees"]
    assert overclaims_in("Several sources agree.") == []


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_known_overclaim(path: Path):
    found = overclaims_in(path.read_text(encoding="utf-8"))
    assert found == [], {phrase: OVERCLAIMS[phrase] for phrase in found}
