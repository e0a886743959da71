"""`make bench`: build and validation timings against plain Material, at 1x, 10x and 100x the
frameworks, plus widget sizes.

Prints figures, because speed and size targets are reported, not timed in tests. It exits with
status 1 when a budget is broken (build and serve ratios, linear cost per page, validation time,
widget sizes, third-party requests, 200-question timings), so the report cannot hide it.
"""

from __future__ import annotations

import gzip
import html
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from playbook.data.loading import load_document
from playbook.data.project import check, forget_loaded_projects

from .conftest import ROOT, copy_project

# Builds run as on a user's machine, where Python keeps the modules it compiles: a sandbox's
# PYTHONDONTWRITEBYTECODE would have the playbook's own modules compiled again in every build
# (tens of milliseconds), while plain Material's come compiled with their packages.
ENV = {
    **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
}

# Where the bench builds unless PLAYBOOK_BENCH_DIR names a folder: a RAM disk, when the machine
# has one with room for every copy and site (about 2 GB at 100x).
RAM_DISK = Path("/dev/shm")
RAM_DISK_ROOM = 4 * 2**30


def scratch_folder() -> Path | None:
    """The folder the bench's copies and sites go in, or None for the system's temporary folder.

    Every build deletes the previous site and writes a new one, a thousand files or two at 100x.
    Some disks slow down the creation of files after many deletions, more with each build: on a
    build machine of this project (ext4 without a journal), the kernel skips each inode freed in
    the last seconds to minutes, and the system time of a 100x playbook build rose from 1.4 to
    3.1 s over six builds in a row, while the same builds on the RAM disk took 0.9 to 1.0 s. That
    weighs on the site with more files, and on the builds late in a run, and is not the cost of
    either build: on a RAM disk both sites are still written, at the cost of copying them.
    """
    chosen = os.environ.get("PLAYBOOK_BENCH_DIR")
    if chosen:
        return Path(chosen)
    usable = RAM_DISK.is_dir() and os.access(RAM_DISK, os.W_OK)
    return RAM_DISK if usable and shutil.disk_usage(RAM_DISK).free >= RAM_DISK_ROOM else None


def build_command(project: Path, site: Path) -> list[str]:
    """One `mkdocs build` of ``project`` into ``site``, as a user runs it."""
    config = str(project / "mkdocs.yml")
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)]


def timed_build(project: Path, site: Path) -> float:
    """Wall time of one `mkdocs build`, as a user runs it; fails loudly if the build fails."""
    start = time.perf_counter()
    result = subprocess.run(
        build_command(project, site),
        capture_output=True,
        text=True,
        env=ENV,
        cwd=project,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"bench: the build of {project} failed:\n{result.stderr[-3000:]}")
    return elapsed


def pages(site: Path) -> list[Path]:
    """The HTML pages of a built site, without the 404 page."""
    return [p for p in site.rglob("*.html") if p.name != "404.html"]


def article_html(page: Path) -> str:
    """A page's article, without its scripts and styles."""
    match = re.search(r"<article[^>]*>(.*?)</article>", page.read_text(encoding="utf-8"), re.S)
    body = match.group(1) if match else ""
    return re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)


def visible_text(html_text: str) -> str:
    """The text of some HTML, tags dropped and white space collapsed."""
    without_permalinks = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", html_text, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", without_permalinks))).strip()


def article_text(page: Path) -> str:
    """The visible text of a page's article, roughly, for an equivalent plain site."""
    return visible_text(article_html(page))


_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def escaped(text: str) -> str:
    """Text with Markdown's special characters backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def paragraphs(text: str) -> list[str]:
    """Text as Markdown paragraphs of 80 words, special characters escaped."""
    words = escaped(text).split()
    return [" ".join(words[i : i + 80]) for i in range(0, len(words), 80)]


def plain_markdown(page: Path, title: str, headings: bool) -> str:
    """One playbook page as plain Markdown: its text, and with ``headings`` its headings too.

    With headings, each heading of the article keeps its level and text, so the plain page gets
    the same table of contents and the same search sections; without, the whole text is a run of
    paragraphs under one title.
    """
    body = article_html(page)
    if not headings:
        return f"# {title}\n\n" + "\n\n".join(paragraphs(visible_text(body)) or ["Empty page."])
    parts, at = [], 0
    for match in _HEADING.finditer(body):
        parts += paragraphs(visible_text(body[at : match.start()]))
        level, heading = int(match.group(1)), escaped(visible_text(match.group(2)))
        parts.append(f"{'#' * level} {heading or title}")
        at = match.end()
    parts += paragraphs(visible_text(body[at:]))
    if not parts or not parts[0].startswith("# "):
        parts.insert(0, f"# {title}")
    return "\n\n".join(parts) + "\n"


def hand_written_source(docs: Path, relative: Path) -> str | None:
    """The Markdown of a page written by hand in ``docs``, unless the playbook's macros fill it
    (``render_macros: true``) or it is generated; else None."""
    for source in (docs / f"{relative}.md", docs / relative / "index.md"):
        if source.is_file():
            text = source.read_text(encoding="utf-8")
            front = re.match(r"---\n(.*?)\n---\n", text, re.S)
            macros = front and re.search(r"^render_macros:\s*true", front.group(1), re.M)
            return None if macros else text
    return None


def plain_material(site: Path, dest: Path, headings: bool = True, docs: Path | None = None) -> Path:
    """A plain Material site with one Markdown page per playbook page, holding the same text.

    With ``headings``, each page keeps its headings, as a hand-written page of the same content
    would; without, each page is one title and paragraphs. With ``docs`` (the bench's twin), a
    page written by hand there, with no macro in it, is copied as it is written: its code blocks,
    tables and admonitions cost the plain site what they cost the playbook. The twin uses the
    playbook's theme features, palette and Markdown extensions, with no override or plugin of ours.
    """
    target_docs = dest / "docs"
    for page in pages(site):
        relative = page.relative_to(site).parent
        name = "index.md" if str(relative) == "." else f"{relative}.md"
        target = target_docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = hand_written_source(docs, relative) if docs is not None else None
        if source is None:
            source = plain_markdown(page, relative.name or "Home", headings)
        target.write_text(source, encoding="utf-8")
    # The playbook's own theme settings (features, palette, language) and Markdown extensions:
    # what they cost is Material's and Python-Markdown's, not the playbook's.
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {key: ours["theme"][key] for key in ("features", "palette", "language", "font")}
    config = {
        "site_name": "Plain",
        "site_url": "https://example.org/plain/",
        "theme": {"name": "material", **theme},
        "plugins": ["search"],
        "markdown_extensions": ours["markdown_extensions"],
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return dest


# The texts of a framework that its pages render: each copy gets its own, as a real fork's
# frameworks would (a build that writes a repeated text once must not gain from the copies).
COPIED_TEXTS = {
    "framework": ("summary", "intro", "how_to_use"),
    "element": ("summary", "body", "practices", "prompts"),
    "substep": ("body",),
    "item": ("text", "help"),
}


def distinct(entity: dict, kind: str, copy: int) -> dict:
    """``entity`` with each of its texts (a string, or a list of them) marked as copy ``copy``."""
    marked = dict(entity)
    for key in COPIED_TEXTS[kind]:
        value = marked.get(key)
        if isinstance(value, str):
            marked[key] = f"{value.rstrip()} (copy {copy})"
        elif isinstance(value, list):
            marked[key] = [f"{text.rstrip()} (copy {copy})" for text in value]
    return marked


def multiply_frameworks(data: Path, factor: int) -> int:
    """Add copies of every real framework (new ids, unique checklist ids, their own texts) until
    there are factor times as many."""
    originals = sorted((data / "frameworks").glob("*.yaml"))
    for copy in range(1, factor):
        for path in originals:
            doc, problems = load_document(path, ROOT)
            assert doc is not None and not problems, problems
            framework = distinct(doc.data, "framework", copy)
            framework["id"] = f"{framework['id']}-x{copy}"
            framework["title"] = f"{framework['title']} (copy {copy})"
            framework["order"] = 1000 + copy
            elements = []
            for element in framework["elements"]:
                element = distinct(element, "element", copy)
                element.pop("relations", None)
                if "substeps" in element:
                    element["substeps"] = [
                        distinct(step, "substep", copy) for step in element["substeps"]
                    ]
                if "checklist" in element:
                    element["checklist"] = [
                        {**distinct(item, "item", copy), "id": f"{item['id']}-x{copy}"}
                        for item in element["checklist"]
                    ]
                elements.append(element)
            framework["elements"] = elements
            text = (
                "# yaml-language-server: $schema=../schema/framework.schema.json\n"
                + yaml.safe_dump(framework, sort_keys=False, allow_unicode=True)
            )
            (data / "frameworks" / f"{framework['id']}.yaml").write_text(text, encoding="utf-8")
    return len(list((data / "frameworks").glob("*.yaml")))


def validation_time(data: Path, repeat: int = 5, cache_dir: Path | None = None) -> float:
    """Median time to read and validate a whole data folder, as `playbook validate` does it.

    Without ``cache_dir`` every file is parsed, as in a first run. With it, the cache is filled
    first and one framework file is edited before each timed run, as while editing data: that file
    is parsed again, the others come from the cache, and every rule runs on every file.
    """
    edited = sorted((data / "frameworks").glob("*.yaml"))[0]
    original = edited.read_text(encoding="utf-8")
    if cache_dir is not None:
        forget_loaded_projects()
        check(data, ROOT, cache_dir)
    times = []
    try:
        for attempt in range(repeat):
            forget_loaded_projects()
            if cache_dir is not None:
                edited.write_text(f"{original}\n# edit {attempt}\n", encoding="utf-8")
            start = time.perf_counter()
            _, problems = check(data, ROOT, cache_dir)
            times.append(time.perf_counter() - start)
            if problems:
                raise SystemExit(f"bench: {len(problems)} validation problems in {data}")
    finally:
        edited.write_text(original, encoding="utf-8")
    return statistics.median(times)


# Issue 14's budgets: the playbook's build beside plain Material's with the same pages and text.
MAX_RATIO = 1.5
MAX_GROWTH = 1.2
MAX_VALIDATE_700 = 1.0
# Pairs of first builds at 1x and 10x (see build_section).
FIRST_BUILD_ROUNDS = 3
# The growth budget is read only if the bench can resolve a growth of this share of plain
# Material's own time per page at 100x (see linear_reading).
MAX_UNRESOLVED_SHARE = 0.10


@dataclass(frozen=True)
class Scale:
    """The playbook at some multiple of its frameworks and its plain twin, each built once."""

    project: Path
    factor: int
    frameworks: int
    site: Path
    twin: Path
    plain_site: Path
    # Seconds of each one's first build.
    first: float
    plain_first: float


def prepared_scale(tmp: Path, name: str, factor: int, site: Path | None = None) -> Scale:
    """Copy the playbook with ``factor`` times the frameworks, build it, make its plain twin from
    the built pages and build that; ``site`` is where the playbook's site goes."""
    project = copy_project(tmp / name)
    frameworks = (
        multiply_frameworks(project / "data", factor)
        if factor > 1
        else len(list((project / "data" / "frameworks").glob("*.yaml")))
    )
    site = site or tmp / f"{name}-site"
    plain_site = tmp / f"{name}-plain-site"
    # The first build fills the playbook's caches (compiled templates, parsed data); later builds,
    # like every rebuild of `mkdocs serve` or CI with the cache kept, reuse them. Plain Material
    # gets a first build too, so that both are timed with the files in the OS's cache.
    first = timed_build(project, site)
    twin = plain_material(site, tmp / f"{name}-plain", docs=project / "docs")
    plain_first = timed_build(twin, plain_site)
    return Scale(project, factor, frameworks, site, twin, plain_site, first, plain_first)


def forget_first_build(scale: Scale) -> None:
    """Put ``scale`` back as a fresh copy has it: no site, no cache, no compiled module."""
    for folder in (scale.site, scale.plain_site, scale.project / ".cache", scale.twin / ".cache"):
        shutil.rmtree(folder, ignore_errors=True)
    for compiled in list(scale.project.rglob("__pycache__")):
        shutil.rmtree(compiled)


def first_build_pairs(scale: Scale, rounds: int) -> list[tuple[float, float]]:
    """``rounds`` pairs of first builds (playbook, plain), the one prepared_scale timed among
    them; which build of a pair goes first turns round, as in interleaved_pairs."""
    pairs = [(scale.first, scale.plain_first)]
    for _ in range(1, rounds):
        forget_first_build(scale)
        pairs.append(timed_pair(scale, playbook_first=len(pairs) % 2 == 0))
    return pairs


def timed_pair(scale: Scale, playbook_first: bool) -> tuple[float, float]:
    """One playbook build and one plain Material build of ``scale``, right after each other."""
    if playbook_first:
        ours = timed_build(scale.project, scale.site)
        return ours, timed_build(scale.twin, scale.plain_site)
    plain = timed_build(scale.twin, scale.plain_site)
    return timed_build(scale.project, scale.site), plain


def interleaved_pairs(scales: list[Scale], rounds: int) -> list[list[tuple[float, float]]]:
    """Pairs of builds of each scale, the scales taking turns: the pairs of each scale, in order.

    The added time per page is a small difference of two large times, and the machine's pace
    drifts over minutes. The budget on its growth compares two scales: were one measured after
    the other, a slow spell would fall on one of them only. So each round measures the first
    scale (the small one, whose builds are short), then every other scale, then the first scale
    again: each pair of the others lies between two pairs of the first.
    """
    pairs: list[list[tuple[float, float]]] = [[] for _ in scales]
    turns = [0, *range(1, len(scales)), 0] if len(scales) > 1 else [0]
    for _ in range(rounds):
        for index in turns:
            # Which build of a pair goes first turns round from one pair of a scale to the next,
            # so that a machine slowly speeding up or down does not always favour the same one.
            playbook_first = len(pairs[index]) % 2 == 0
            pairs[index].append(timed_pair(scales[index], playbook_first))
    return pairs


def build_row(
    tmp: Path,
    name: str,
    scale: Scale,
    runs: list[tuple[float, float]],
    firsts: list[tuple[float, float]],
) -> dict:
    """One scale of the build table, from its pairs of rebuilds and of first builds (each a
    playbook build and a plain one)."""
    seconds = min(ours for ours, _ in runs)
    plain_seconds = min(plain for _, plain in runs)
    page_count = len(pages(scale.site))
    # The ratio and the added time per page are taken pair by pair (a playbook build and the
    # plain one right after it, at the same pace of the machine), then the median pair's: the
    # best times of each can come from two different spells.
    ratio = statistics.median(ours / plain for ours, plain in runs)
    added_by_pair = [(ours - plain) / page_count * 1000 for ours, plain in runs]
    added_ms = statistics.median(added_by_pair)
    # The twin of the bench's previous version: every page, hand-written ones too, as its headings
    # and text only (no code blocks, tables or admonitions), for comparison only.
    text_twin = plain_material(scale.site, tmp / f"{name}-text")
    text_seconds = timed_build(text_twin, tmp / f"{name}-text-site")
    project = scale.project
    repeat = 3 if scale.factor > 1 else 5
    return {
        "project": project,
        "frameworks": scale.frameworks,
        "pages": page_count,
        "plain_pages": len(pages(scale.plain_site)),
        "seconds": seconds,
        "plain": plain_seconds,
        "ratio": ratio,
        "first_ratio": statistics.median(ours / plain for ours, plain in firsts),
        "first_by_pair": [ours / plain for ours, plain in firsts],
        "text_ratio": seconds / text_seconds,
        # What the playbook costs per page beyond what plain Material costs for the same page.
        "added_ms": added_ms,
        "added_by_pair": added_by_pair,
        "validate_first": validation_time(project / "data", repeat=repeat),
        "validate": validation_time(
            project / "data", repeat=repeat, cache_dir=tmp / f"{name}-cache"
        ),
    }


def growth(figures: list[float]) -> float:
    """How many times the 10x figure (the second) the 100x one (the third) is; 0 without a base."""
    return figures[2] / figures[1] if figures[1] > 0 else 0.0


def median_error(figures: list[float]) -> float:
    """The standard error of the median of ``figures`` (its normal approximation, 1.2533 s/√n);
    infinite with fewer than two figures, whose spread is unknown."""
    if len(figures) < 2:
        return float("inf")
    return 1.2533 * statistics.stdev(figures) / len(figures) ** 0.5


@dataclass(frozen=True)
class LinearReading:
    """The growth budget in milliseconds a page, with the bench's resolution of it."""

    # What the playbook adds to a page at 100x beyond MAX_GROWTH times what it adds at 10x.
    excess_ms: float
    # Two standard errors of excess_ms, from the spread of the pairs at each scale.
    resolution_ms: float
    # The largest resolution the budget is read with: a share of plain Material's ms a page.
    readable_ms: float

    @property
    def readable(self) -> bool:
        return self.resolution_ms <= self.readable_ms

    @property
    def broken(self) -> bool:
        """Broken when the excess is larger than the pairs' noise, or the noise is too large
        to tell."""
        return not self.readable or self.excess_ms > self.resolution_ms


def linear_reading(rows: list[dict]) -> LinearReading:
    """The growth budget (added/page at 100x at most MAX_GROWTH times that at 10x) as a
    difference, read against the noise of the pairs.

    A quotient of the two figures means nothing once both are within the noise of zero (the
    playbook adds nothing a page that the bench can see), and it turns round when the 10x
    figure is negative. So the bench subtracts: it is broken when the 100x figure exceeds
    MAX_GROWTH times the 10x one by more than two standard errors of that difference, and it
    cannot be read (counted as broken) when that resolution is coarser than
    MAX_UNRESOLVED_SHARE of plain Material's own time per page at 100x.
    """
    ten, hundred = rows[1], rows[2]
    excess = hundred["added_ms"] - MAX_GROWTH * ten["added_ms"]
    error = (
        median_error(hundred["added_by_pair"]) ** 2
        + (MAX_GROWTH * median_error(ten["added_by_pair"])) ** 2
    ) ** 0.5
    plain_ms_per_page = hundred["plain"] / hundred["plain_pages"] * 1000
    return LinearReading(excess, 2 * error, MAX_UNRESOLVED_SHARE * plain_ms_per_page)


def best_of_each(rows: list[dict]) -> tuple[list[float], float]:
    """Added ms per page from the best playbook and the best plain build of each row, and its
    growth from the second row to the third.

    For comparison only: noise only ever adds time, so the best build of each is a steadier
    estimate than any one pair, though its two builds may come from two spells of the machine.
    """
    best = [(row["seconds"] - row["plain"]) / row["pages"] * 1000 for row in rows]
    return best, growth(best)


def added_per_framework(rows: list[dict]) -> tuple[list[float], float]:
    """Added ms per framework from the median pair of each row, and its growth from the second
    row to the third.

    For comparison only: the budget reads the added time per page. The pages that do not grow
    with the data (home, assessments, checklists, notes) are a larger share of the pages at 10x
    than at 100x, so per page a cost that each framework adds alike grows by itself (about 1.37x
    from 10x to 100x); per framework it does not.
    """
    per_framework = [row["added_ms"] * row["pages"] / row["frameworks"] for row in rows]
    return per_framework, growth(per_framework)


def linear_verdict(linear: LinearReading) -> str:
    """The growth budget's verdict in words."""
    if not linear.readable:
        return "too noisy to read: run again on a quieter machine"
    return "broken" if linear.broken else "met"


def build_section(tmp: Path) -> list[str]:
    """Print the build table at 1x, 10x and 100x the frameworks; return the budgets broken."""
    # The 1x site stays at tmp/site: the size and browser figures below read it.
    small = prepared_scale(tmp, "x1", 1, site=tmp / "site")
    # A single first build swings by a third from one run to the next at 1x, where a build
    # takes a second: the first-build ratio is the median of 3 pairs there and at 10x, while
    # at 100x (a minute a pair) one pair is steady enough.
    small_firsts = first_build_pairs(small, FIRST_BUILD_ROUNDS)
    (small_pairs,) = interleaved_pairs([small], 3)
    # The growth budget compares 10x with 100x: their pairs interleave (see interleaved_pairs),
    # 5 rounds, the median pair of each scale counts.
    ten, hundred = prepared_scale(tmp, "x10", 10), prepared_scale(tmp, "x100", 100)
    ten_firsts = first_build_pairs(ten, FIRST_BUILD_ROUNDS)
    ten_pairs, hundred_pairs = interleaved_pairs([ten, hundred], 5)
    rows = [
        build_row(tmp, "x1", small, small_pairs, small_firsts),
        build_row(tmp, "x10", ten, ten_pairs, ten_firsts),
        build_row(tmp, "x100", hundred, hundred_pairs, first_build_pairs(hundred, 1)),
    ]
    print(
        "Build time beside plain Material with the same pages and text: a rebuild with the"
        " caches filled (pairs of a playbook build and a plain Material one: 3 at 1x; at 10x and"
        " 100x, 5 rounds of a 10x pair, a 100x pair and a 10x pair, in turns; times: the best of"
        " each; ratio and added/page: the median pair's), and the first build of a fresh copy"
        f" (first: the median of {FIRST_BUILD_ROUNDS} pairs at 1x and 10x, one pair at 100x)"
    )
    header = (
        "frameworks",
        "pages",
        "playbook",
        "plain",
        "ratio",
        "first",
        "added/page",
        "validate",
        "first",
        "text",
    )
    print("  {:>10} {:>6} {:>9} {:>8} {:>6} {:>6} {:>11} {:>9} {:>7} {:>6}".format(*header))
    for row in rows:
        print(
            f"  {row['frameworks']:>10} {row['pages']:>6} {row['seconds']:>8.2f}s"
            f" {row['plain']:>7.2f}s {row['ratio']:>5.2f}x {row['first_ratio']:>5.2f}x"
            f" {row['added_ms']:>9.1f}ms {row['validate'] * 1000:>7.0f}ms"
            f" {row['validate_first'] * 1000:>5.0f}ms {row['text_ratio']:>5.2f}x"
        )
    for row in rows:
        spread = ", ".join(f"{added:.1f}" for added in row["added_by_pair"])
        print(f"  added/page of each pair at {row['frameworks']} frameworks: {spread} ms")
    for row in rows:
        firsts = ", ".join(f"{ratio:.2f}x" for ratio in row["first_by_pair"])
        print(f"  first builds at {row['frameworks']} frameworks, each pair: {firsts}")
    for label, (figures, figures_growth) in (
        ("added/page from the best build of each", best_of_each(rows)),
        (
            "added per framework (the median pair's added time over the frameworks)",
            added_per_framework(rows),
        ),
    ):
        shown = ", ".join(f"{added:.1f}" for added in figures)
        print(f"  {label}: {shown} ms; growth {figures_growth:.2f}x (for comparison)")
    page_growth = growth([row["added_ms"] for row in rows])
    linear = linear_reading(rows)
    validate_big = rows[2]["validate"]
    print(
        "  plain: hand-written pages as written, generated pages as their headings and text in"
        " Markdown; text: every page as headings and text (the twin this bench used before),"
        " ratio for comparison only"
    )
    print(
        "  validate: after one file is edited, the others from the cache; first: every file"
        " parsed (an empty cache)"
    )
    print(
        f"  linear: added/page at 100x minus {MAX_GROWTH}x that at 10x:"
        f" {linear.excess_ms:+.2f} ms against a resolution of {linear.resolution_ms:.2f} ms (two"
        f" standard errors, from the pairs' spread; read when at most {linear.readable_ms:.2f} ms,"
        f" {MAX_UNRESOLVED_SHARE:.0%} of plain Material's time per page at 100x); as a quotient"
        f" {page_growth:.2f}x"
    )
    print(
        f"  budgets: ratio <= {MAX_RATIO}x at every scale; added/page at 100x <= {MAX_GROWTH}x"
        f" that at 10x, beyond the resolution ({linear_verdict(linear)}); validate"
        f" {rows[2]['frameworks']} frameworks <= {MAX_VALIDATE_700:.0f} s"
        f" (now {validate_big:.2f} s)\n"
    )
    broken = [
        f"build ratio at {row['frameworks']} frameworks" for row in rows if row["ratio"] > MAX_RATIO
    ]
    if linear.broken:
        broken.append("linear cost per page")
    if validate_big > MAX_VALIDATE_700:
        broken.append("validation time")
    return broken


def serve_rebuild(project: Path, edit: Path, marker: str, edits: int = 2) -> float:
    """Seconds `mkdocs serve` takes to rebuild after ``edit`` changes, as it reports them itself.

    The best of ``edits`` saves, one after the other, as for the builds: one rebuild alone moves
    with whatever else the machine does.
    """
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "-f",
        str(project / "mkdocs.yml"),
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    server = start_server(command, cwd=project, env=ENV, stderr=subprocess.PIPE, text=True)
    # A server that never reports a build must not hang the bench: it is stopped after ten minutes.
    watchdog = threading.Timer(600, server.kill)
    watchdog.start()
    built = re.compile(r"Documentation built in ([0-9.]+) seconds")
    # Lines are read on a thread, so that waiting for a rebuild can time out.
    reports: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in iter(server.stderr.readline, ""):
            reports.put(line)

    threading.Thread(target=pump, daemon=True).start()

    def next_build(timeout: float) -> float | None:
        """Seconds of the next build serve reports within ``timeout`` seconds, or None."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                found = built.search(reports.get(timeout=left))
            except queue.Empty:
                return None
            if found:
                return float(found.group(1))
        return None

    try:
        # The first build, then one edit, then the rebuild that edit causes.
        if next_build(300) is None:
            raise SystemExit(f"bench: mkdocs serve of {project} never finished its first build")
        original = edit.read_text(encoding="utf-8")
        rebuilds: list[float] = []
        # The watcher can miss a change saved while it starts: save again until it rebuilds.
        for attempt in range(1, 6 + edits):
            time.sleep(1.0)
            edit.write_text(original.replace(marker, marker + " edited" * attempt, 1), "utf-8")
            seconds = next_build(30)
            if seconds is not None:
                rebuilds.append(seconds)
            if len(rebuilds) == edits:
                return min(rebuilds)
        raise SystemExit(f"bench: mkdocs serve of {project} did not rebuild after an edit")
    finally:
        watchdog.cancel()
        stop_server(server)


def start_server(command: list[str], **popen_args) -> subprocess.Popen:
    """Start a server that `stop_server` can interrupt, even when the bench runs in the background.

    A shell without job control starts background commands with Ctrl+C ignored, and a child
    inherits that: Python then installs no KeyboardInterrupt handler, so SIGINT did nothing and
    the server was killed after the grace period, leaving its folder behind.
    """

    def take_ctrl_c_again() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(command, preexec_fn=take_ctrl_c_again, **popen_args)


def stop_server(server: subprocess.Popen, grace: float = 30) -> None:
    """Stop a server as Ctrl+C does, so that it cleans up; kill it if it has not within ``grace``.

    `mkdocs serve` builds into a temporary folder and deletes it when interrupted. Terminated
    (SIGTERM), it left the folder behind: two sites on the RAM disk after every run of the bench.
    """
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=grace)


def serve_section(tmp: Path) -> list[str]:
    """Print the rebuild after one data edit under `mkdocs serve`, beside plain Material's."""
    project = copy_project(tmp / "serve")
    framework = sorted((project / "data" / "frameworks").glob("*.yaml"))[0]
    playbook = serve_rebuild(project, framework, "title: ")
    timed_build(project, tmp / "serve-site")
    plain = plain_material(tmp / "serve-site", tmp / "serve-plain", docs=project / "docs")
    plain_page = sorted((plain / "docs").rglob("*.md"))[0]
    plain_seconds = serve_rebuild(plain, plain_page, "# ")
    ratio = playbook / plain_seconds
    print("mkdocs serve: rebuild after one edited file is saved (as serve reports it; best of 2)")
    print(
        f"  playbook {playbook:6.2f} s   plain Material {plain_seconds:6.2f} s   ratio {ratio:.2f}x"
        f" (budget {MAX_RATIO}x)\n"
    )
    return ["serve rebuild ratio"] if ratio > MAX_RATIO else []


BUDGET_BYTES = 12 * 1024
INLINE_BUDGET = 512


def gz(data: bytes) -> int:
    """Bytes after gzip at its best level, as a static host serves a file."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def widget_sizes(site: Path) -> list[tuple[str, int, int]]:
    """Per shipped playbook asset (hashed bundle, stylesheet, UI strings): raw and gzipped bytes."""
    out = []
    for path in sorted(site.joinpath("assets").rglob("playbook.*.min.*")):
        data = path.read_bytes()
        out.append((path.relative_to(site).as_posix(), len(data), gz(data)))
    return out


def sources_gz() -> int:
    """The readable sources (every-page bundles and widget scripts), each gzipped, to compare."""
    from .test_assets import SCRIPTS, STYLES, WIDGET_SCRIPTS

    return sum(
        gz((ROOT / "docs" / name).read_bytes()) for name in SCRIPTS + STYLES + WIDGET_SCRIPTS
    )


def inline_sizes(site: Path) -> list[tuple[str, int]]:
    """The largest own inline bytes on any page (gzipped), as tests/test_assets.py measures them."""
    from .test_assets import own_inline_bytes

    sizes = [
        (page.relative_to(site).as_posix(), gz(own_inline_bytes(page.read_text(encoding="utf-8"))))
        for page in site.rglob("*.html")
    ]
    return [max(sizes, key=lambda row: row[1])]


# Wraps Playbook.mount so each widget's initialisation (restoring saved answers
# included) is timed in the page.
TIME_INIT = """
let P;
Object.defineProperty(window, 'Playbook', {configurable: true, get() { return P; }, set(v) {
  const mount = v.mount;
  v.mount = (selector, init) => mount(selector, (el) => {
    const t = performance.now();
    init(el);
    (window.__init = window.__init || []).push([selector, performance.now() - t]);
  });
  P = v;
}});
"""


# 50 members' exports of the 200-question assessment, read and aggregated by the team page's
# script (checks, migration, figures, talk-first list); returns each run's milliseconds.
TEAM_AGGREGATE = """([answers, count]) => {
  const model = JSON.parse(document.querySelector('[data-team]').dataset.model);
  const values = model.levels.map((level) => level.value);
  const files = Array.from({length: count}, (_, member) => {
    const own = Object.fromEntries(
      Object.keys(answers).map((qid, index) => [qid, values[(index + member) % values.length]]),
    );
    const doc = {format: 'social-media-playbook', format_version: 1, kind: 'assessment',
      id: model.id, content_version: model.version, respondent: `Member ${member}`,
      exported_at: new Date(Date.UTC(2026, 0, 1, 0, member)).toISOString(), data: {answers: own}};
    return {name: `m${member}.json`, text: JSON.stringify(doc)};
  });
  return Array.from({length: 7}, () => {
    const start = performance.now();
    const read = PlaybookTeam.readFiles(model, files);
    PlaybookTeam.aggregate(model, read.members, read.excluded);
    return performance.now() - start;
  });
}"""


def browser_figures(tmp: Path) -> tuple[list[str], list[str]]:
    """In the system Chromium: requests to other hosts over every page, and a
    200-question assessment's restore and answer-to-results times (medians). Returns
    report lines and the budgets broken."""
    import json

    from .browser.conftest import ARGS, chromium_path, serve_site, watch_page
    from .conftest import add_big_assessment

    path = chromium_path()
    if path is None:
        return ["  skipped: no system Chromium (install Debian's chromium)"], []
    project = copy_project(tmp / "big")
    answers = add_big_assessment(project)
    site = project / "site"
    timed_build(project, site)

    from playwright.sync_api import sync_playwright

    # The real search index: the timings are what a reader's browser does.
    with serve_site(site, real_search=True) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        # Every page once, counting what it asks of any other host.
        page = browser.new_page(base_url=base)
        _, foreign = watch_page(page, base)
        visited = 0
        for html_page in sorted(site.rglob("index.html")):
            page.goto(
                html_page.parent.relative_to(site).as_posix() + "/"
                if html_page.parent != site
                else ""
            )
            page.wait_for_load_state("networkidle")
            visited += 1
        page.close()

        page = browser.new_page(base_url=base)
        page.add_init_script(TIME_INIT)
        page.add_init_script(
            "localStorage.setItem('smp:v1:assessment:big-200', JSON.stringify({version: 1,"
            f" answers: {json.dumps(answers)}, notes: {{}}, snapshots: []}}))"
        )
        restores = []
        for _ in range(7):
            page.goto("assessments/big-200/")
            restores.append(dict(page.evaluate("window.__init"))["[data-assessment]"])
        page.goto("assessments/big-200/team/")
        # The import checks load with the first dropped files (core.js, parts on demand):
        # fetch them first, so that only reading and aggregating is timed.
        page.evaluate(
            "() => new Promise((done) => {"
            " document.addEventListener('smp:teamcheck', done, {once: true});"
            " Playbook.more(document.querySelector('[data-team]')); })"
        )
        team_runs = page.evaluate(TEAM_AGGREGATE, [answers, 50])
        page.goto("assessments/big-200/")
        updates = page.evaluate("""() => {
                const radios = [...document.querySelectorAll(
                    '[data-assessment] input[type=radio]:not(:checked)')].slice(0, 60);
                return radios.map(r => {
                    const t = performance.now(); r.click(); return performance.now() - t;
                });
            }""")
        browser.close()
    restore, update = statistics.median(restores), statistics.median(updates)
    team_time = statistics.median(team_runs)
    lines = [
        f"  requests to other hosts     {len(foreign):7d}     over {visited} pages (budget 0)"
        f"{'  ' + ', '.join(sorted(set(foreign))[:5]) if foreign else ''}",
        f"  restore 200 saved answers   {restore:7.1f} ms"
        f"  (median of {len(restores)}; budget 50 ms)",
        f"  answer to updated results   {update:7.2f} ms"
        f"  (median of {len(updates)}; worst {max(updates):.2f} ms; budget 16 ms)",
        f"  team of 50, read+aggregate  {team_time:7.1f} ms"
        f"  (median of {len(team_runs)}; budget 50 ms)",
    ]
    broken = [
        name
        for name, bad in (
            ("third-party requests", foreign),
            ("restore 50 ms", restore > 50),
            ("update 16 ms", update > 16),
            ("team of 50 in 50 ms", team_time > 50),
        )
        if bad
    ]
    return lines, broken


# Linux's free page reporting: the guest kernel hands free memory back to its hypervisor.
PAGE_REPORTING = Path("/sys/module/page_reporting")


def memory_note() -> str | None:
    """A warning for machines that hand free memory back to their hypervisor, or None.

    There, a page of memory touched again after the hypervisor took it back costs about 10 us
    instead of a fraction of one: on a build machine of this project, a process wrote a file to
    the RAM disk at 2.8 GB/s, and at 0.4 GB/s once it or another held 200 MB more. A 100x
    build that holds more memory than its twin pays that on more of its pages, and how much
    depends on what the machine freed just before: it weighs on the time added at 100x.
    """
    if not PAGE_REPORTING.is_dir():
        return None
    return (
        "memory: this machine hands free memory back to its hypervisor (free page reporting);"
        " memory touched again costs more here, most for the build that holds more"
        " (docs/maintainers/build-speed.md)"
    )


def main() -> None:
    """Run every measurement and print a report."""
    print("Social Media Strategy Playbook: benchmark")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    note = memory_note()
    if note:
        print(note)
    scratch = scratch_folder()
    print(f"copies and sites in {scratch or tempfile.gettempdir()} (see scratch_folder)\n")
    with tempfile.TemporaryDirectory(prefix="playbook-bench-", dir=scratch) as tmp:
        tmp = Path(tmp)
        # mkdocs serve builds into a temporary folder of its own: in the bench's, on the same
        # disk, it goes with the rest even if a server has to be killed.
        ENV["TMPDIR"] = str(tmp)

        broken = build_section(tmp)
        broken += serve_section(tmp)

        print("\nIn Chromium: every page, and a self-assessment with 200 questions")
        lines, browser_broken = browser_figures(tmp)
        broken += browser_broken
        print("\n".join(lines))

        # Sizes of the 1x build: what a reader's browser downloads and caches.
        print(f"\nOwn assets as shipped (budget: JS+CSS {BUDGET_BYTES} B gzipped; strings apart)")
        print(f"  {'file':58s} {'raw':>8} {'gzipped':>9}")
        sizes = widget_sizes(tmp / "site")
        for name, raw, packed in sizes:
            print(f"  {name:58s} {raw:6d} B {packed:7d} B")
        # The budget holds per page: the core bundle, the stylesheet and the page's widget scripts.
        from .test_assets import page_sizes

        per_page = page_sizes(tmp / "site")
        heaviest = max(per_page, key=lambda page: sum(per_page[page].values()))
        total = sum(per_page[heaviest].values())
        verdict = "within" if total <= BUDGET_BYTES else "OVER"
        print(
            f"  {'JS + CSS loaded by the heaviest page':58s} {'':8s} {total:7d} B"
            f"  ({verdict} budget, {BUDGET_BYTES - total:+d} B)\n"
            f"    {heaviest}: {', '.join(sorted(per_page[heaviest]))}"
        )
        every_file = sum(row[2] for row in sizes if ".strings." not in row[0])
        print(f"  {'JS + CSS of every page and widget together':58s} {'':8s} {every_file:7d} B")
        strings = sum(row[2] for row in sizes if ".strings." in row[0])
        print(f"  {'UI strings (own line, cached)':58s} {'':8s} {strings:7d} B")
        print(f"  {'(readable sources, each gzipped)':58s} {'':8s} {sources_gz():7d} B")
        ((page, inline),) = inline_sizes(tmp / "site")
        inline_verdict = "within" if inline <= INLINE_BUDGET else "OVER"
        print(
            f"  own inline bytes, worst page {page}: {inline} B gz"
            f" ({inline_verdict} {INLINE_BUDGET} B)"
        )
        if total > BUDGET_BYTES:
            broken.append("12 KB of JS and CSS")
        if inline > INLINE_BUDGET:
            broken.append("512 B inline")

    if broken:
        raise SystemExit(f"\nbench: budget broken: {', '.join(broken)}")
    print("\nEvery budget is met.")


if __name__ == "__main__":
    main()
