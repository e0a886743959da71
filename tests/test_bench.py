"""`make bench`: the order in which it times the builds it compares, and its helpers."""

from __future__ import annotations

import signal
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from . import bench


def scale(name: str) -> bench.Scale:
    """A scale whose builds are only recorded: its paths name it."""
    folder = Path(name)
    return bench.Scale(folder, 1, 7, folder / "site", folder / "twin", folder / "twin-site", 0, 0)


def test_each_big_scale_pair_lies_between_two_small_scale_pairs(monkeypatch):
    builds: list[str] = []

    def timed_build(project: Path, site: Path) -> float:
        builds.append(f"{project}:{'plain' if project.name == 'twin' else 'playbook'}")
        return float(len(builds))

    monkeypatch.setattr(bench, "timed_build", timed_build)
    small, big = scale("x10"), scale("x100")

    small_pairs, big_pairs = bench.interleaved_pairs([small, big], rounds=2)

    # Each round: a pair at 10x, one at 100x, one at 10x; the first build of a scale's pairs
    # alternates between the playbook and plain Material.
    scales = [build.split("/")[0].split(":")[0] for build in builds[::2]]
    assert scales == ["x10", "x100", "x10"] * 2
    assert builds[:6] == [
        "x10:playbook",
        "x10/twin:plain",
        "x100:playbook",
        "x100/twin:plain",
        "x10/twin:plain",
        "x10:playbook",
    ]
    assert builds[6] == "x10:playbook" and builds[8] == "x100/twin:plain"
    # Each pair is (playbook, plain), whichever ran first.
    assert small_pairs[0] == (1.0, 2.0) and small_pairs[1] == (6.0, 5.0)
    assert len(small_pairs) == 4 and len(big_pairs) == 2
    assert big_pairs[1] == (10.0, 9.0)


def test_a_single_scale_alternates_which_build_goes_first(monkeypatch):
    firsts: list[bool] = []
    monkeypatch.setattr(
        bench, "timed_pair", lambda scale, playbook_first: firsts.append(playbook_first) or (1, 1)
    )
    (pairs,) = bench.interleaved_pairs([scale("x1")], rounds=3)
    assert firsts == [True, False, True]
    assert len(pairs) == 3


def test_the_bench_builds_on_a_ram_disk_with_room_or_where_it_is_told(monkeypatch, tmp_path):
    monkeypatch.delenv("PLAYBOOK_BENCH_DIR", raising=False)
    monkeypatch.setattr(bench, "RAM_DISK", tmp_path)
    monkeypatch.setattr(bench, "RAM_DISK_ROOM", 1)
    assert bench.scratch_folder() == tmp_path
    # Without room for the sites, the system's temporary folder.
    monkeypatch.setattr(bench, "RAM_DISK_ROOM", 2**62)
    assert bench.scratch_folder() is None
    monkeypatch.setattr(bench, "RAM_DISK", tmp_path / "absent")
    monkeypatch.setattr(bench, "RAM_DISK_ROOM", 1)
    assert bench.scratch_folder() is None
    monkeypatch.setenv("PLAYBOOK_BENCH_DIR", str(tmp_path / "chosen"))
    assert bench.scratch_folder() == tmp_path / "chosen"


def test_the_bench_warns_where_free_memory_goes_back_to_the_hypervisor(monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "PAGE_REPORTING", tmp_path / "absent")
    assert bench.memory_note() is None
    monkeypatch.setattr(bench, "PAGE_REPORTING", tmp_path)
    note = bench.memory_note()
    assert note is not None and "free page reporting" in note


def test_a_stopped_server_cleans_up_as_after_ctrl_c(tmp_path):
    # A stand-in for mkdocs serve: a temporary folder, deleted when interrupted.
    script = (
        "import shutil, sys, tempfile, time\n"
        "folder = tempfile.mkdtemp(dir=sys.argv[1])\n"
        "try:\n"
        "    print(folder, flush=True)\n"
        "    time.sleep(60)\n"
        "except KeyboardInterrupt:\n"
        "    shutil.rmtree(folder)\n"
    )
    command = [sys.executable, "-c", script, str(tmp_path)]
    # Ctrl+C ignored, as a shell without job control starts `make bench &`; the server inherits it.
    inherited = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        server = bench.start_server(command, stdout=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, inherited)
    with server:
        folder = Path(server.stdout.readline().strip())
        assert folder.is_dir()
        bench.stop_server(server, grace=10)
        assert server.returncode is not None
    assert not folder.exists()


def test_each_first_build_starts_from_a_fresh_copy(monkeypatch, tmp_path):
    project = tmp_path / "x1"
    twin = tmp_path / "x1-plain"
    fresh = bench.Scale(project, 1, 7, tmp_path / "site", twin, tmp_path / "plain-site", 2.0, 1.0)
    left_behind = [
        project / ".cache" / "playbook" / "parsed.marshal",
        project / "playbook" / "__pycache__" / "plugin.cpython-311.pyc",
        project / "macros" / "__pycache__" / "__init__.cpython-311.pyc",
        fresh.site / "index.html",
        fresh.plain_site / "index.html",
        twin / ".cache" / "any",
    ]
    kept = project / "playbook" / "plugin.py"
    seen: list[tuple[str, list[Path]]] = []

    def timed_build(built: Path, site: Path) -> float:
        seen.append((built.name, [path for path in left_behind if path.exists()]))
        # What a build leaves behind for the next one.
        for path in left_behind:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
        return 3.0 if built == project else 2.0

    for path in [*left_behind, kept]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    monkeypatch.setattr(bench, "timed_build", timed_build)

    pairs = bench.first_build_pairs(fresh, rounds=3)

    assert pairs == [(2.0, 1.0), (3.0, 2.0), (3.0, 2.0)]
    # The second pair goes plain first, the third playbook first; none finds what another left.
    assert [name for name, _ in seen] == ["x1-plain", "x1", "x1", "x1-plain"]
    assert seen[0][1] == [] and seen[2][1] == []
    assert kept.exists()


def test_the_first_build_ratio_is_the_median_pairs(monkeypatch, tmp_path):
    fresh = bench.Scale(tmp_path, 1, 7, tmp_path / "site", tmp_path, tmp_path / "plain", 3.0, 1.0)
    monkeypatch.setattr(bench, "timed_build", lambda project, site: 1.0)
    monkeypatch.setattr(bench, "pages", lambda site: [site])
    monkeypatch.setattr(bench, "plain_material", lambda *args, **kwargs: tmp_path)
    monkeypatch.setattr(bench, "validation_time", lambda *args, **kwargs: 0.1)
    firsts = [(3.0, 1.0), (1.2, 1.0), (1.4, 1.0)]
    row = bench.build_row(tmp_path, "x1", fresh, [(1.0, 1.0)], firsts)
    assert row["first_ratio"] == pytest.approx(1.4)
    assert row["first_by_pair"] == pytest.approx([3.0, 1.2, 1.4])


def test_the_added_time_per_framework_does_not_count_the_pages_that_never_grow():
    # Synthetic rows: 39 pages that never grow and 9 more for each 7 frameworks, and a cost of
    # 3 ms for each framework and nothing else.
    rows = [
        {"frameworks": frameworks, "pages": 39 + frameworks * 9 // 7} for frameworks in (7, 70, 700)
    ]
    for row in rows:
        row["added_ms"] = 3.0 * row["frameworks"] / row["pages"]
    per_framework, growth = bench.added_per_framework(rows)
    assert per_framework == pytest.approx([3.0, 3.0, 3.0])
    assert growth == pytest.approx(1.0)


def test_the_best_builds_give_an_added_time_and_its_growth_for_comparison():
    rows = [
        {"seconds": 0.7, "plain": 0.6, "pages": 50},
        {"seconds": 1.5, "plain": 1.25, "pages": 125},
        {"seconds": 18.0, "plain": 15.5, "pages": 1000},
    ]
    best, growth = bench.best_of_each(rows)
    assert best == pytest.approx([2.0, 2.0, 2.5])
    assert growth == pytest.approx(1.25)


def synthetic_rows(added_ms: list[float], spread: float = 0.1) -> list[dict]:
    """Build-table rows at 1x, 10x and 100x whose only differences are the added times; each
    row's three pairs add its time and that time +/- ``spread`` (their standard deviation)."""
    return [
        {
            "frameworks": frameworks,
            "pages": pages,
            "plain_pages": pages,
            # Plain Material's 28 ms a page, as at 100x.
            "seconds": 0.0308 * pages,
            "plain": 0.028 * pages,
            "ratio": 1.1,
            "first_ratio": 1.3,
            "first_by_pair": [1.3],
            "text_ratio": 1.1,
            "added_ms": added,
            "added_by_pair": [added - spread, added, added + spread],
            "validate": 0.1,
            "validate_first": 0.3,
        }
        for frameworks, pages, added in zip((7, 70, 700), (48, 129, 939), added_ms, strict=True)
    ]


def run_build_section(monkeypatch, tmp_path, rows: list[dict]) -> list[str]:
    """The build section's verdict on ``rows``, with no build run."""
    given = iter(rows)
    monkeypatch.setattr(bench, "prepared_scale", lambda *args, **kwargs: None)
    monkeypatch.setattr(bench, "interleaved_pairs", lambda scales, rounds: [[]] * len(scales))
    monkeypatch.setattr(bench, "first_build_pairs", lambda scale, rounds: [])
    monkeypatch.setattr(bench, "build_row", lambda *args: next(given))
    return bench.build_section(tmp_path)


# With a spread of 0.1 ms in three pairs at each scale, the resolution is
# 2 * sqrt(1 + 1.2**2) * 1.2533 * 0.1 / sqrt(3) = 0.225 ms; 1.2 times 2.0 ms is 2.4 ms.
@pytest.mark.parametrize(("at_100x", "broken"), [(2.4, False), (2.62, False), (2.63, True)])
def test_the_linear_budget_reads_the_median_pairs_added_time_beyond_their_noise(
    monkeypatch, tmp_path, capsys, at_100x, broken
):
    verdict = run_build_section(monkeypatch, tmp_path, synthetic_rows([1.5, 2.0, at_100x]))
    assert ("linear cost per page" in verdict) is broken
    out = capsys.readouterr().out
    assert f"as a quotient {at_100x / 2.0:.2f}x" in out
    assert f"{at_100x - 2.4:+.2f} ms against a resolution of 0.23 ms" in out
    assert ("(broken)" if broken else "(met)") in out


@pytest.mark.parametrize(
    ("row", "field", "value", "broken"),
    [
        (1, "ratio", 1.5, None),
        (1, "ratio", 1.51, "build ratio at 70 frameworks"),
        (0, "ratio", 1.6, "build ratio at 7 frameworks"),
        (2, "validate", 1.0, None),
        (2, "validate", 1.01, "validation time"),
    ],
)
def test_the_ratio_and_validation_budgets_break_past_their_limits(
    monkeypatch, tmp_path, row, field, value, broken
):
    rows = synthetic_rows([1.0, 1.0, 1.0])
    rows[row][field] = value
    verdict = run_build_section(monkeypatch, tmp_path, rows)
    assert verdict == ([broken] if broken else [])


@pytest.mark.parametrize(
    ("playbook_seconds", "broken"), [(1.5, []), (1.51, ["serve rebuild ratio"])]
)
def test_the_serve_budget_breaks_past_its_ratio(monkeypatch, tmp_path, playbook_seconds, broken):
    project, plain = tmp_path / "serve", tmp_path / "serve-plain"
    (project / "data" / "frameworks").mkdir(parents=True)
    (project / "data" / "frameworks" / "a.yaml").write_text("title: A\n")
    (plain / "docs").mkdir(parents=True)
    (plain / "docs" / "a.md").write_text("# A\n")
    monkeypatch.setattr(bench, "copy_project", lambda dest: project)
    monkeypatch.setattr(bench, "timed_build", lambda *args: 1.0)
    monkeypatch.setattr(bench, "plain_material", lambda *args, **kwargs: plain)
    monkeypatch.setattr(
        bench,
        "serve_rebuild",
        lambda served, edit, marker: playbook_seconds if served == project else 1.0,
    )
    assert bench.serve_section(tmp_path) == broken


def test_the_resolution_is_two_standard_errors_of_the_difference_of_the_medians():
    rows = synthetic_rows([0.0, 1.0, 3.0], spread=0.3)
    ten_pairs = rows[1]["added_by_pair"] = [0.0, 1.0, 1.0, 2.0]
    reading = bench.linear_reading(rows)
    ten_error = 1.2533 * statistics.stdev(ten_pairs) / 2
    hundred_error = 1.2533 * 0.3 / 3**0.5
    assert reading.excess_ms == pytest.approx(3.0 - 1.2 * 1.0)
    assert reading.resolution_ms == pytest.approx(
        2 * (hundred_error**2 + (1.2 * ten_error) ** 2) ** 0.5
    )
    # A tenth of plain Material's own time per page at 100x.
    assert reading.readable_ms == pytest.approx(0.1 * 28.0)


def test_a_negative_added_time_at_10x_does_not_excuse_a_large_one_at_100x(monkeypatch, tmp_path):
    rows = synthetic_rows([0.0, -0.5, 5.0])
    # As a quotient this is -10x, under 1.2x; as a difference it is 5.6 ms over.
    assert bench.growth([row["added_ms"] for row in rows]) < bench.MAX_GROWTH
    assert bench.linear_reading(rows).broken
    assert "linear cost per page" in run_build_section(monkeypatch, tmp_path, rows)


def test_the_issues_own_table_breaks_the_linear_budget():
    # Issue 14's first table: 7.01 s against 1.47 s over 119 pages at 10x, 87.8 s against
    # 26.9 s over 929 pages at 100x, with five pairs of about 1 ms spread at each.
    rows = synthetic_rows([0.0, 46.6, 65.6], spread=1.0)
    rows[2]["plain"], rows[2]["plain_pages"] = 26.9, 929
    reading = bench.linear_reading(rows)
    assert reading.readable
    assert reading.excess_ms == pytest.approx(65.6 - 1.2 * 46.6)
    assert reading.broken


def test_a_budget_too_noisy_to_read_counts_as_broken(monkeypatch, tmp_path, capsys):
    # A spread of 2 ms a pair gives a resolution of about 4.5 ms, more than a tenth of plain
    # Material's 28 ms a page: an excess that size could not be seen, so the budget is not met.
    rows = synthetic_rows([1.5, 2.0, 2.0], spread=2.0)
    reading = bench.linear_reading(rows)
    assert reading.excess_ms < 0 < reading.resolution_ms
    assert not reading.readable and reading.broken
    assert "linear cost per page" in run_build_section(monkeypatch, tmp_path, rows)
    assert "too noisy to read" in capsys.readouterr().out


def test_one_pair_has_no_spread_and_leaves_the_budget_unread():
    assert bench.median_error([1.0]) == float("inf")
    rows = synthetic_rows([1.0, 1.0, 1.0])
    rows[2]["added_by_pair"] = [1.0]
    assert not bench.linear_reading(rows).readable


def test_a_growth_without_a_base_is_zero():
    assert bench.growth([1.0, 2.0, 3.0]) == pytest.approx(1.5)
    assert bench.growth([1.0, 0.0, 3.0]) == 0.0
