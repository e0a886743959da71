"""No sentence of the source articles is copied: no run of 12 consecutive words from a seed appears in data/ or docs/."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

# A run this long is treated as copied; shorter shared phrases ("the social media strategy") are normal.
RUN_LENGTH = 12

# The folders whose tracked files must be written in the playbook's own words.
CHECKED_FOLDERS = ("data", "docs")

# Link targets such as (ref:some-model/optimize) or (glossary:share-of-voice) are not prose, so they must not split a copied run.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The text as lowercase words, ignoring punctuation, whitespace, apostrophes and Markdown link targets."""
    text = _LINK_TARGET.sub("] ", text)
    text = _APOSTROPHES.sub("", text.lower())
    return _WORD.findall(text)


def runs(text: str, n: int = RUN_LENGTH) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive words in the text."""
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def copied_runs(source: str, candidate: str, n: int = RUN_LENGTH) -> set[tuple[str, ...]]:
    """Runs of ``n`` words that ``candidate`` shares with ``source``."""
    return runs(source, n) & runs(candidate, n)


def checked_files() -> list[Path]:
    """Tracked text files under data/ and docs/; every file there when the project is not a git checkout."""
    # git knows which files are part of the project; build output and local scratch files are not.
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *CHECKED_FOLDERS],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        paths = [ROOT / p for p in listed.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for folder in CHECKED_FOLDERS for p in (ROOT / folder).rglob("*")]
    return sorted(p for p in paths if p.is_file())


@lru_cache(maxsize=1)
def project_runs() -> dict[tuple[str, ...], list[str]]:
    """Each 12-word run in the checked files, with the files it occurs in."""
    found: dict[tuple[str, ...], list[str]] = {}
    for path in checked_files():
        # Binary files (images, fonts) cannot hold copied prose.
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for run in runs(text):
            found.setdefault(run, []).append(path.relative_to(ROOT).as_posix())
    return found


def _seed_params() -> list:
    """One parameter per seed article, or a single skipped one saying why when the seeds are absent."""
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        return [
            pytest.param(
                None,
                id="no-seeds",
                marks=pytest.mark.skip(
                    reason=f"seed articles not found in {SEEDS}; copy check skipped"
                ),
            )
        ]
    return [pytest.param(p, id=p.name) for p in seeds]


@pytest.mark.parametrize("seed", _seed_params())
def test_no_copied_runs_from_seed(seed: Path) -> None:
    index = project_runs()
    copied = sorted(runs(seed.read_text(encoding="utf-8")) & index.keys())
    report = [f'{", ".join(sorted(set(index[run])))}: "{" ".join(run)}"' for run in copied[:20]]
    assert not copied, (
        f"{len(copied)} run(s) of {RUN_LENGTH} words copied from {seed.name}; rephrase them:\n"
        + "\n".join(report)
    )


# The detector itself must be able to fail: a planted 12-word run is caught, an 11-word one is not.
SOURCE = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron."


def test_detector_catches_planted_twelve_word_run() -> None:
    planted = "Our own text, then: ALPHA beta, gamma... delta\nepsilon zeta eta theta iota kappa lambda mu! And more of ours."
    assert copied_runs(SOURCE, planted) == {
        (
            "alpha",
            "beta",
            "gamma",
            "delta",
            "epsilon",
            "zeta",
            "eta",
            "theta",
            "iota",
            "kappa",
            "lambda",
            "mu",
        )
    }


def test_detector_ignores_eleven_word_run() -> None:
    planted = "Our own text: alpha beta gamma delta epsilon zeta eta theta iota kappa lambda, and then something else entirely."
    assert copied_runs(SOURCE, planted) == set()


def test_detector_sees_through_link_targets_and_apostrophes() -> None:
    source = "If you don\u2019t measure everything you are doing you are missing the chance to understand."
    planted = "If you don't [measure](ref:six-keys/measurable) everything you are doing you are missing the chance."
    assert copied_runs(source, planted), "a link target or a straight apostrophe hid a copied run"
