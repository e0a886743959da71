"""`make bench-pages`: its page kinds, its arithmetic, and its probe on a real build."""

from __future__ import annotations

import pytest

from playbook.data.project import load_project

from .bench_pages import CONVERT, THEME, TOP, added_by_kind, page_kind, report, run_probe
from .conftest import copy_project


def test_a_page_kind_is_its_first_folder_or_the_top_level():
    assert page_kind("frameworks/six-keys.md") == "frameworks"
    assert page_kind("maintainers/build-speed/index.md") == "maintainers"
    assert page_kind("index.md") == TOP


def run(pages: int, **seconds: float) -> dict:
    """One probe's output for a site of ``pages`` framework pages."""
    return {"pages": {"frameworks": pages}, "seconds": {"frameworks": seconds}}


def test_the_added_time_is_the_median_of_each_event_per_page_minus_plain_materials():
    ours = [run(100, ours=0.2, theme=1.0), run(100, ours=0.4, theme=1.3), run(100, ours=0.3)]
    plain = [run(100, theme=0.9), run(100, theme=1.0), run(100, theme=1.1)]

    table = added_by_kind(ours, plain)

    events = table["frameworks"]["events"]
    # ours: median of 2, 4 and 3 ms/page; plain has no such event. theme: median of 10, 13 and
    # 0 (a build without it) minus the median of 9, 10 and 11.
    assert events["ours"] == pytest.approx(3.0)
    assert events["theme"] == pytest.approx(0.0)
    assert table["frameworks"]["added"] == pytest.approx(3.0)
    assert table["frameworks"]["pages"] == 100


def test_the_report_shows_each_kind_and_event_at_both_scales_with_the_change():
    small = added_by_kind([run(10, ours=0.02)], [run(10)])
    big = added_by_kind([run(100, ours=0.35)], [run(100)])

    lines = report({10: small, 100: big})

    (kind_line,) = [line for line in lines if line.lstrip().startswith("frameworks ")]
    assert kind_line.split() == ["frameworks", "10", "2.00", "100", "3.50", "+1.50"]
    (event_line,) = [line for line in lines if line.lstrip().startswith("ours ")]
    assert event_line.split() == ["ours", "2.00", "3.50", "+1.50"]


def test_the_report_weighs_each_kind_by_its_pages_for_the_whole_site():
    def scale(frameworks: int, framework_seconds: float, other_seconds: float) -> dict:
        """A site of ``frameworks`` framework pages and 10 other pages."""
        ours = {
            "pages": {"frameworks": frameworks, "other": 10},
            "seconds": {
                "frameworks": {"ours": framework_seconds},
                "other": {"ours": other_seconds},
            },
        }
        return added_by_kind([ours], [{"pages": ours["pages"], "seconds": {}}])

    # 10 framework pages at 3 ms and 10 others at 1 ms, then 90 at 3 ms and the same 10 at 1 ms:
    # no page costs more, yet the whole site's average rises with the framework pages' share.
    lines = report({10: scale(10, 0.03, 0.01), 100: scale(90, 0.27, 0.01)})

    (site_line,) = [line for line in lines if line.lstrip().startswith("every page ")]
    assert site_line.split() == ["every", "page", "20", "2.00", "100", "2.80", "+0.80"]
    # With the mix of the smaller scale (10 and 10 pages), nothing is left of the rise.
    (mix_line,) = [line for line in lines if line.lstrip().startswith("every page, mix")]
    assert mix_line.split()[-5:] == ["20", "2.00", "20", "2.00", "+0.00"]


def test_the_mix_of_the_smaller_scale_keeps_what_each_kind_of_page_gained():
    """Each kind's own change shows through the smaller scale's weights; a kind only the bigger
    scale has is left out of that line."""
    small = added_by_kind(
        [{"pages": {"frameworks": 10, "other": 30}, "seconds": {"frameworks": {"ours": 0.02}}}],
        [{"pages": {"frameworks": 10, "other": 30}, "seconds": {}}],
    )
    big_run = {
        "pages": {"frameworks": 100, "other": 30, "new": 5},
        "seconds": {"frameworks": {"ours": 0.4}, "new": {"ours": 1.0}},
    }
    big = added_by_kind([big_run], [{"pages": big_run["pages"], "seconds": {}}])

    lines = report({10: small, 100: big})

    # frameworks: 2 ms, then 4 ms; others add nothing. As at 10x: (10 * 4 + 30 * 0) / 40 = 1.00.
    (mix_line,) = [line for line in lines if line.lstrip().startswith("every page, mix")]
    assert mix_line.split()[-5:] == ["40", "0.50", "40", "1.00", "+0.50"]


@pytest.mark.build
def test_the_probe_times_every_page_of_a_real_build(tmp_path):
    # A copy, so that the build's caches are written beside it rather than in the checkout.
    project = copy_project(tmp_path / "project")
    timings = run_probe(project, tmp_path / "site")

    # Every generated framework page is counted under its kind, and the theme renders it.
    frameworks = load_project(project / "data", project).frameworks
    assert timings["pages"]["frameworks"] == len(frameworks)
    built = [path for path in (tmp_path / "site").rglob("*.html") if path.name != "404.html"]
    assert sum(timings["pages"].values()) == len(built)
    for kind in timings["pages"]:
        assert timings["seconds"][kind][CONVERT] > 0, kind
        assert timings["seconds"][kind][THEME] > 0, kind
    assert timings["seconds"]["frameworks"]["PlaybookPlugin.on_page_markdown"] > 0
