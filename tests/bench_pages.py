"""`make bench-pages`: where the playbook's added time per page goes, by kind of page and by build
event, at 10x and 100x the frameworks.

`make bench` reports one figure per scale: the playbook's build time per page minus plain
Material's. When that figure grows from 10x to 100x, this says which pages and which events make
it grow. Each build runs in a process of its own, instrumented by `python -m tests.bench_pages
probe`, which times every plugin handler, the conversion of each page's Markdown and the
rendering of its theme template, per page. Two builds never share a process: what a build holds
in memory changes how fast the other renders. The figures are reported, not checked: the budgets
are `make bench`'s.
"""

from __future__ import annotations

import functools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from .bench import ENV, prepared_scale, scratch_folder
from .conftest import ROOT

# The per-page work that is not a plugin event, under these names in the report.
CONVERT = "Markdown to HTML (Page.render)"
THEME = "theme template"
TOP = "(top level)"


def page_kind(src_uri: str) -> str:
    """The kind of a page: the first folder of its source path, or TOP for a top-level page."""
    folder, slash, _ = src_uri.partition("/")
    return folder if slash else TOP


def handler_name(method: Callable) -> str:
    """A plugin handler as the report names it: the plugin's class, then the method."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", repr(method))
    return f"{type(owner).__name__}.{name}" if owner is not None else name


class PageClock:
    """Seconds spent per (page kind, event), and the number of pages of each kind."""

    def __init__(self) -> None:
        self.seconds: defaultdict[tuple[str, str], float] = defaultdict(float)
        self.pages: Counter[str] = Counter()

    def timed(self, event: str, call: Callable, page_of: Callable[..., object | None]):
        """``call``, wrapped so that its time is added to the kind of the page it works on.

        ``page_of`` finds that page in the call's arguments; a call with no page is not counted.
        """

        @functools.wraps(call)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                page = page_of(*args, **kwargs)
                if page is not None:
                    kind = page_kind(page.file.src_uri)
                    self.seconds[(kind, event)] += time.perf_counter() - start

        return wrapper

    def as_json(self) -> dict:
        """What `probe` prints: the page counts, and seconds by kind, then by event."""
        by_kind: dict[str, dict[str, float]] = defaultdict(dict)
        for (kind, event), seconds in self.seconds.items():
            by_kind[kind][event] = seconds
        return {"pages": dict(self.pages), "seconds": by_kind}


def theme_page(template, *args, **kwargs) -> object | None:
    """The page a theme template renders, or None for any other template.

    MkDocs passes a page's whole context as one dict, with its navigation; other templates (the
    playbook's own, mkdocs-macros' pages) are timed within the event that renders them.
    """
    context = args[0] if args and isinstance(args[0], dict) else kwargs
    return context.get("page") if "nav" in context else None


@contextmanager
def patched(owner: object, name: str, replacement: object) -> Iterator[None]:
    """``owner.name`` set to ``replacement`` for the block, then put back."""
    original = getattr(owner, name)
    setattr(owner, name, replacement)
    try:
        yield
    finally:
        setattr(owner, name, original)


def probe(config_file: str, site_dir: str) -> dict:
    """Build one site in this process and return its time per page kind and event."""
    clock = PageClock()
    config = load_config(config_file, site_dir=site_dir)
    # Each handler of each event, wrapped in place: MkDocs calls page events with page=... (a
    # failing handler is then named '<unknown>' in MkDocs' error, which only a probe shows).
    events = config.plugins.events
    for event, methods in events.items():
        events[event] = [
            clock.timed(handler_name(method), method, lambda *a, **k: k.get("page"))
            for method in methods
        ]

    convert_markdown = Page.render

    def count_and_convert(page, *args, **kwargs):
        clock.pages[page_kind(page.file.src_uri)] += 1
        return convert_markdown(page, *args, **kwargs)

    convert = clock.timed(CONVERT, count_and_convert, lambda page, *a, **k: page)
    theme = clock.timed(THEME, jinja2.Template.render, theme_page)
    with patched(Page, "render", convert), patched(jinja2.Template, "render", theme):
        build(config)
    return clock.as_json()


def run_probe(project: Path, site: Path) -> dict:
    """`probe` in a process of its own, run from the checkout so that it imports its engine."""
    command = [
        sys.executable,
        "-m",
        "tests.bench_pages",
        "probe",
        str(project / "mkdocs.yml"),
        str(site),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=ENV)
    if result.returncode != 0:
        raise SystemExit(f"bench-pages: the build of {project} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def median_ms_per_page(runs: list[dict], kind: str, event: str) -> float:
    """The median over ``runs`` of one event's milliseconds per page of ``kind``."""
    return statistics.median(
        run["seconds"].get(kind, {}).get(event, 0.0) * 1000 / run["pages"][kind] for run in runs
    )


def added_by_kind(ours: list[dict], plain: list[dict]) -> dict[str, dict]:
    """Per page kind: its page count, and per event the playbook's ms/page minus plain's.

    Both builds have the same pages (the plain twin is made from the playbook's site); an event
    plain Material does not have (the playbook's own handlers) counts as 0 there.
    """
    table = {}
    for kind, count in ours[0]["pages"].items():
        events = {event for run in ours + plain for event in run["seconds"].get(kind, {})}
        added = {
            event: median_ms_per_page(ours, kind, event) - median_ms_per_page(plain, kind, event)
            for event in sorted(events)
        }
        table[kind] = {"pages": count, "events": added, "added": sum(added.values())}
    return table


def site_average(
    table: dict[str, dict], weights: dict[str, int] | None = None
) -> tuple[int, float]:
    """The number of pages of a scale, and the added ms/page over all of them.

    With ``weights`` (pages by kind, from another scale), each kind the table has is weighed by
    those instead: the average of a site with that other scale's mix of pages.
    """
    if weights is None:
        weights = {kind: row["pages"] for kind, row in table.items()}
    counted = {kind: count for kind, count in weights.items() if kind in table}
    pages = sum(counted.values())
    return pages, sum(count * table[kind]["added"] for kind, count in counted.items()) / pages


def report(tables: dict[int, dict[str, dict]]) -> list[str]:
    """The report's lines: added ms/page per kind at each scale, then per event."""
    small, big = sorted(tables)
    kinds = sorted(tables[big], key=lambda kind: -tables[big][kind]["pages"])
    lines = [
        f"Added time per page (playbook minus plain Material, ms/page; the median of each"
        f" event over the builds), at {small}x and {big}x the frameworks",
        f"  {'kind of page':24} {'pages':>7} {'added':>7} {'pages':>7} {'added':>7} {'change':>7}",
    ]
    for kind in kinds:
        before, after = tables[small].get(kind), tables[big][kind]
        before_pages = before["pages"] if before else 0
        before_added = before["added"] if before else 0.0
        lines.append(
            f"  {kind:24} {before_pages:>7} {before_added:>7.2f} {after['pages']:>7}"
            f" {after['added']:>7.2f} {after['added'] - before_added:>+7.2f}"
        )
    # The whole site, each kind weighed by its pages: `make bench`'s added time per page without
    # what belongs to no page (start-up, loading the data, events with no page, exit).
    small_pages, small_added = site_average(tables[small])
    big_pages, big_added = site_average(tables[big])
    lines.append(
        f"  {'every page':24} {small_pages:>7} {small_added:>7.2f} {big_pages:>7}"
        f" {big_added:>7.2f} {big_added - small_added:>+7.2f}"
    )
    # Framework pages are a bigger share of the pages at 100x, and they add more than most: the
    # same average with the smaller scale's mix shows what is left once that is taken out.
    small_mix = {kind: row["pages"] for kind, row in tables[small].items()}
    mixed_pages, mixed_added = site_average(tables[big], small_mix)
    lines.append(
        f"  {f'every page, mix of {small}x':24} {small_pages:>7} {small_added:>7.2f}"
        f" {mixed_pages:>7} {mixed_added:>7.2f} {mixed_added - small_added:>+7.2f}"
    )
    for kind in kinds:
        lines.append(f"\n  {kind}, by event ({small}x, {big}x, change):")
        before = tables[small].get(kind, {"events": {}})["events"]
        after = tables[big][kind]["events"]
        for event in sorted(set(before) | set(after)):
            was, now = before.get(event, 0.0), after.get(event, 0.0)
            lines.append(f"    {event:46} {was:>7.2f} {now:>7.2f} {now - was:>+7.2f}")
    return lines


def measure_scale(tmp: Path, factor: int, rounds: int) -> dict[str, dict]:
    """Build the playbook at ``factor`` times the frameworks and its plain twin, ``rounds`` times
    each in turns, and return ``added_by_kind`` for them."""
    # Both built once already, as in `make bench`: the caches and the OS's file cache are filled.
    scale = prepared_scale(tmp, f"x{factor}", factor)
    ours, plain = [], []
    for _ in range(rounds):
        ours.append(run_probe(scale.project, scale.site))
        plain.append(run_probe(scale.twin, scale.plain_site))
    return added_by_kind(ours, plain)


def main(arguments: list[str]) -> None:
    """`probe CONFIG SITE` prints one build's timings as JSON; no arguments, the report."""
    if arguments[:1] == ["probe"]:
        print(json.dumps(probe(arguments[1], arguments[2])))
        return
    print("Social Media Strategy Playbook: added build time per page, by kind of page")
    with tempfile.TemporaryDirectory(prefix="playbook-bench-pages-", dir=scratch_folder()) as tmp:
        tables = {factor: measure_scale(Path(tmp), factor, rounds=3) for factor in (10, 100)}
    print("\n".join(report(tables)))


if __name__ == "__main__":
    main(sys.argv[1:])
