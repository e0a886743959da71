"""No sentence of the source articles is copied: no run of 12 consecutive words from a seed
appears in any tracked text file.

The seed articles live outside the repository, in ../shared/seeds relative to its root (CI keeps
them there too). Without them the checks that need a seed are skipped with the reason shown; the
detector's own tests still run.
"""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

# A run this long is treated as copied; shorter shared phrases ("the
# social media strategy") are normal.
RUN_LENGTH = 12

# Folders that are never part of the project when it is not a git checkout:
# tools, caches and build output.
_NOT_PROJECT = {
    ".git",
    ".venv",
    "venv",
    "site",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
}

# Link targets such as (ref:some-model/optimize) or (glossary:share-of-voice) are not prose, so
# they must not split a copied run.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The text as lowercase words, ignoring punctuation, whitespace,
    apostrophes and Markdown link targets."""
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


def checked_files(root: Path = ROOT) -> list[Path]:
    """Every tracked file of the repository; every file outside tool and build folders
    when it is not a git checkout."""
    # git knows which files are part of the project; build output, the venv
    # and local scratch files are not.
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True, check=True
        ).stdout
        paths = [root / p for p in listed.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = [p for p in root.rglob("*") if not _NOT_PROJECT & set(p.relative_to(root).parts)]
    return sorted(p for p in paths if p.is_file())


def index_runs(files: list[Path], root: Path) -> dict[tuple[str, ...], list[str]]:
    """Each 12-word run in the given text files, with the files
    (relative to ``root``) it occurs in."""
    found: dict[tuple[str, ...], list[str]] = {}
    for path in files:
        # Binary files (images, fonts) cannot hold copied prose.
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for run in runs(text):
            found.setdefault(run, []).append(path.relative_to(root).as_posix())
    return found


def copy_report(seed_text: str, index: dict[tuple[str, ...], list[str]]) -> list[str]:
    """One line per copied run, naming the files that hold it; empty when nothing is copied."""
    copied = sorted(runs(seed_text) & index.keys())
    return [f'{", ".join(sorted(set(index[run])))}: "{" ".join(run)}"' for run in copied]


@lru_cache(maxsize=1)
def project_runs() -> dict[tuple[str, ...], list[str]]:
    """Each 12-word run in the repository's text files."""
    return index_runs(checked_files(), ROOT)


def _seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


_NO_SEEDS = (
    f"seed articles not found in {SEEDS} (expected at ../shared/seeds from the repository root);"
    " copy check skipped"
)


def _seed_params() -> list:
    """One parameter per seed article, or a single skipped one saying
    why when the seeds are absent."""
    seeds = _seeds()
    if not seeds:
        return [pytest.param(None, id="no-seeds", marks=pytest.mark.skip(reason=_NO_SEEDS))]
    return [pytest.param(p, id=p.name) for p in seeds]


def test_whole_repository_is_checked() -> None:
    # The check covers every tracked text file, not only data/ and docs/: tests, fixtures,
    # templates, README and config too.
    checked = {p.relative_to(ROOT).as_posix() for p in checked_files()}
    for expected in (
        "README.md",
        "mkdocs.yml",
        "tests/test_copy.py",
        "data/frameworks/some-model.yaml",
    ):
        assert expected in checked, f"{expected} is not covered by the copy check"
    assert any(p.startswith("tests/fixtures/") for p in checked), (
        "test fixtures are not covered by the copy check"
    )


@pytest.mark.parametrize("seed", _seed_params())
def test_no_copied_runs_from_seed(seed: Path) -> None:
    report = copy_report(seed.read_text(encoding="utf-8"), project_runs())
    assert not report, (
        f"{len(report)} run(s) of {RUN_LENGTH} words copied from {seed.name}; rephrase them:\n"
        + "\n".join(report[:20])
    )


@pytest.mark.skipif(not _seeds(), reason=_NO_SEEDS)
def test_check_fails_on_a_run_taken_from_a_seed(tmp_path: Path) -> None:
    # Build, at test time, a file that borrows exactly twelve words from the longest seed,
    # and one that borrows eleven. Nothing copied is committed: the borrowed words exist only
    # in tmp_path while the test runs.
    seed = max(_seeds(), key=lambda p: len(words(p.read_text(encoding="utf-8"))))
    seed_text = seed.read_text(encoding="utf-8")
    seed_words = words(seed_text)
    middle = len(seed_words) // 2
    borrowed = seed_words[middle : middle + RUN_LENGTH]
    (tmp_path / "copied.md").write_text(
        "Our own opening words.\n" + " ".join(borrowed).capitalize() + ".\nOur own ending.\n",
        encoding="utf-8",
    )
    (tmp_path / "short.md").write_text(
        "Our own opening words.\n" + " ".join(borrowed[:-1]) + ".\nOur own ending.\n",
        encoding="utf-8",
    )

    report = copy_report(seed_text, index_runs(sorted(tmp_path.iterdir()), tmp_path))

    assert len(report) == 1 and report[0].startswith("copied.md: "), report
    assert " ".join(borrowed) in report[0]


# The detector itself must be able to fail: a planted 12-word run is caught, an 11-word one is not.
SOURCE = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron."


def test_detector_catches_planted_twelve_word_run() -> None:
    planted = (
        "Our own text, then: ALPHA beta, gamma... delta\nepsilon zeta eta theta iota kappa lambda"
        " mu! And more of ours."
    )
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
    planted = (
        "Our own text: alpha beta gamma delta epsilon zeta eta theta iota kappa lambda, and then"
        " something else entirely."
    )
    assert copied_runs(SOURCE, planted) == set()


def test_detector_sees_through_link_targets_and_apostrophes() -> None:
    # Invented sentences (no seed's words): a curly apostrophe in the source, a
    # straight one and a link in the copy.
    source = (
        "Our parrot won\u2019t whistle the anthem"
        " before the kettle sings twice in the yellow kitchen."
    )
    planted = (
        "Our parrot won't [whistle](ref:zoo/parrot) the anthem before the kettle sings twice in"
        " the yellow attic."
    )
    assert copied_runs(source, planted), "a link target or a straight apostrophe hid a copied run"
