"""`make bench-instructions`: its counts, its memory figures and its report."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from . import bench_instructions as ins


def require_valgrind() -> None:
    """Skip without valgrind, except under CI=true, where .ci/run installs it."""
    if shutil.which("valgrind") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but valgrind is not installed")
        pytest.skip("valgrind is not installed (Debian: valgrind)")


def loop(iterations: int) -> list[str]:
    """A Python program that does ``iterations`` rounds of the same work."""
    return [sys.executable, "-S", "-c", f"total = 0\nfor i in range({iterations}): total += i"]


def test_the_count_is_read_from_the_summary_line():
    output = "desc: I1 cache: ...\ncmd: python\nevents: Ir\nfl=x.c\n1 5\nsummary: 6695461740\n"
    assert ins.instructions_from(output) == 6_695_461_740
    with pytest.raises(ValueError, match="summary"):
        ins.instructions_from("events: Ir\n")


def test_without_valgrind_the_bench_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(ins.shutil, "which", lambda name: None)
    with pytest.raises(ins.NoValgrind, match="apt-get install valgrind"):
        ins.counted_instructions(loop(1), tmp_path, {})


def test_more_work_counts_more_instructions_and_a_failure_stops_the_bench(tmp_path):
    require_valgrind()
    short = ins.counted_instructions(loop(10_000), tmp_path, dict(ins.COUNT_ENV))
    long = ins.counted_instructions(loop(200_000), tmp_path, dict(ins.COUNT_ENV))
    # 190,000 more rounds of a loop: at least ten instructions each.
    assert long - short > 1_900_000
    failing = [sys.executable, "-S", "-c", "raise SystemExit(3)"]
    with pytest.raises(SystemExit, match="failed under valgrind"):
        ins.counted_instructions(failing, tmp_path, dict(ins.COUNT_ENV))


def test_memory_is_the_peak_and_the_pages_touched(tmp_path):
    def holding(megabytes: int) -> list[str]:
        return [sys.executable, "-S", "-c", f"held = bytearray({megabytes} * 2**20)"]

    small = ins.measured_memory(holding(1), tmp_path, {})
    large = ins.measured_memory(holding(64), tmp_path, {})
    # The peak counts the caller's memory too, until the command replaces it (fork, then exec).
    assert large.peak_bytes >= 64 * 2**20
    # Each 4 KiB page of the zeroed array is touched once.
    assert large.touched_pages - small.touched_pages >= 60 * 2**20 // 4096
    # A failure stops the bench with what the program wrote to its error stream.
    failing = [sys.executable, "-S", "-c", "raise SystemExit('no such page')"]
    with pytest.raises(SystemExit, match=r"failed:\n.*no such page"):
        ins.measured_memory(failing, tmp_path, {})


def side(instructions: int, peak_mb: int = 100) -> ins.Side:
    return ins.Side(instructions, ins.Memory(peak_mb * 2**20, peak_mb * 256))


def test_the_report_gives_the_added_instructions_per_page_and_between_scales():
    # Synthetic rows: plain Material 100 M a page; the playbook 2 M a page more at 10x, and
    # 10 M fixed and 3 M a page at 100x.
    low = ins.Row(70, 100, side(200 * 10**6 + 100 * 10**8), side(100 * 10**8))
    high = ins.Row(700, 1000, side(10**7 + 3 * 10**9 + 10**11), side(10**11))
    assert low.added_per_page == pytest.approx(2e6)
    assert high.added_per_page == pytest.approx(3.01e6)
    # (3,010 M - 200 M) over the 900 pages between the scales.
    assert ins.marginal_per_page(low, high) == pytest.approx(2810e6 / 900)
    lines = ins.report([low, high])
    assert any(line.split()[:2] == ["70", "100"] and "2.0 M" in line for line in lines)
    assert any(line.split()[:2] == ["700", "1000"] and "1.03x" in line for line in lines)
    assert any("from 70 to 700 frameworks adds 3.1 M instructions" in line for line in lines)
