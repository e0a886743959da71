"""`make bench`: build and validation timings against plain Material, at 1x, 10x and 100x the frameworks, plus widget sizes.

Prints figures, because speed and size targets are reported, not timed in tests. It exits with status 1 when a
budget of the widgets (size, third-party requests, 200-question timings) is broken, so the report cannot hide it.
"""

from __future__ import annotations

import gzip
import html
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from playbook.data.loading import load_document
from playbook.data.project import _cache, check

from .conftest import ROOT, copy_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed_build(project: Path, site: Path) -> float:
    """Wall time of one `mkdocs build`, as a user runs it; fails loudly if the build fails."""
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site),
        ],
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


def article_text(page: Path) -> str:
    """The visible text of a page's article, roughly, for an equivalent plain site."""
    match = re.search(r"<article[^>]*>(.*?)</article>", page.read_text(encoding="utf-8"), re.S)
    body = match.group(1) if match else ""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))).strip()


def plain_material(site: Path, dest: Path) -> Path:
    """A plain Material site with one Markdown page per playbook page, holding about the same text."""
    docs = dest / "docs"
    for page in pages(site):
        relative = page.relative_to(site).parent
        name = "index.md" if str(relative) == "." else f"{relative}.md"
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        words = article_text(page).split()
        paragraphs = [" ".join(words[i : i + 80]) for i in range(0, len(words), 80)] or [
            "Empty page."
        ]
        target.write_text(
            f"# {relative.name or 'Home'}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    config = {
        "site_name": "Plain",
        "site_url": "https://example.org/plain/",
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return dest


def multiply_frameworks(data: Path, factor: int) -> int:
    """Add copies of every real framework (new ids, unique checklist ids) until there are factor times as many."""
    originals = sorted((data / "frameworks").glob("*.yaml"))
    for copy in range(1, factor):
        for path in originals:
            doc, problems = load_document(path, ROOT)
            assert doc is not None and not problems, problems
            framework = dict(doc.data)
            framework["id"] = f"{framework['id']}-x{copy}"
            framework["title"] = f"{framework['title']} (copy {copy})"
            framework["order"] = 1000 + copy
            elements = []
            for element in framework["elements"]:
                element = dict(element)
                element.pop("relations", None)
                if "checklist" in element:
                    element["checklist"] = [
                        {**item, "id": f"{item['id']}-x{copy}"} for item in element["checklist"]
                    ]
                elements.append(element)
            framework["elements"] = elements
            text = (
                "# yaml-language-server: $schema=../schema/framework.schema.json\n"
                + yaml.safe_dump(framework, sort_keys=False, allow_unicode=True)
            )
            (data / "frameworks" / f"{framework['id']}.yaml").write_text(text, encoding="utf-8")
    return len(list((data / "frameworks").glob("*.yaml")))


def validation_time(data: Path, repeat: int = 5) -> float:
    """Median time to read and validate a whole data folder, without the cache."""
    times = []
    for _ in range(repeat):
        _cache.clear()
        start = time.perf_counter()
        _, problems = check(data, ROOT)
        times.append(time.perf_counter() - start)
        if problems:
            raise SystemExit(f"bench: {len(problems)} validation problems in {data}")
    return statistics.median(times)


BUDGET_BYTES = 12 * 1024


def gz(data: bytes) -> int:
    """Bytes after gzip at its best level, as a static host serves a file."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def widget_sizes(site: Path) -> list[tuple[str, int, int, int]]:
    """Per own JS and CSS file: source bytes gzipped, shipped bytes (the built site's copy, without comments) raw and gzipped."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    out = []
    for name in config.get("extra_javascript", []) + config.get("extra_css", []):
        name = name if isinstance(name, str) else name["path"]
        source, built = (ROOT / "docs" / name).read_bytes(), (site / name).read_bytes()
        out.append((name, gz(source), len(built), gz(built)))
    return out


def inline_sizes(site: Path) -> list[tuple[str, int]]:
    """What every page also carries inline: the guarded storage helpers of the theme override, and the widgets' UI strings."""
    page = (site / "assessments" / "some-model" / "index.html").read_text(encoding="utf-8")
    helpers = re.search(r"<script>(__md_scope=.*?)</script>", page, re.S)
    strings = re.search(
        r'<script type="application/json" id="smp-strings">(.*?)</script>', page, re.S
    )
    return [
        ("theme override: guarded __md_get/__md_set", gz(helpers.group(1).encode())),
        ("widget UI strings (JSON)", gz(strings.group(1).encode())),
    ]


# Wraps Playbook.mount so each widget's initialisation (restoring saved answers included) is timed in the page.
TIME_INIT = """
let P;
Object.defineProperty(window, 'Playbook', {configurable: true, get() { return P; }, set(v) {
  const mount = v.mount;
  v.mount = (selector, init) => mount(selector, (el) => { const t = performance.now(); init(el); (window.__init = window.__init || []).push([selector, performance.now() - t]); });
  P = v;
}});
"""


def browser_figures(tmp: Path) -> tuple[list[str], list[str]]:
    """In the system Chromium: requests to other hosts over every page, and a 200-question assessment's restore and
    answer-to-results times (medians). Returns report lines and the budgets broken."""
    import functools
    import json
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from .browser.conftest import ARGS, chromium_path
    from .conftest import add_big_assessment

    path = chromium_path()
    if path is None:
        return ["  skipped: no system Chromium (install Debian's chromium)"], []
    project = copy_project(tmp / "big")
    answers = add_big_assessment(project)
    site = project / "site"
    timed_build(project, site)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=path, args=ARGS)
            # Every page once, counting what it asks of any other host.
            page = browser.new_page(base_url=base)
            foreign, visited = [], 0
            page.on(
                "request",
                lambda r: (
                    foreign.append(r.url)
                    if not r.url.startswith((base, "data:", "blob:", "about:"))
                    else None
                ),
            )
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
                f"localStorage.setItem('smp:v1:assessment:big-200', JSON.stringify({{version: 1, answers: {json.dumps(answers)}, notes: {{}}, snapshots: []}}))"
            )
            restores = []
            for _ in range(7):
                page.goto("assessments/big-200/")
                restores.append(dict(page.evaluate("window.__init"))["[data-assessment]"])
            updates = page.evaluate("""() => {
                const radios = [...document.querySelectorAll('[data-assessment] input[type=radio]:not(:checked)')].slice(0, 60);
                return radios.map(r => { const t = performance.now(); r.click(); return performance.now() - t; });
            }""")
            browser.close()
    finally:
        server.shutdown()
    restore, update = statistics.median(restores), statistics.median(updates)
    lines = [
        f"  requests to other hosts     {len(foreign):7d}     over {visited} pages (budget 0){'  ' + ', '.join(sorted(set(foreign))[:5]) if foreign else ''}",
        f"  restore 200 saved answers   {restore:7.1f} ms  (median of {len(restores)}; budget 50 ms)",
        f"  answer to updated results   {update:7.2f} ms  (median of {len(updates)}; worst {max(updates):.2f} ms; budget 16 ms)",
    ]
    broken = [
        name
        for name, bad in (
            ("third-party requests", foreign),
            ("restore 50 ms", restore > 50),
            ("update 16 ms", update > 16),
        )
        if bad
    ]
    return lines, broken


def main() -> None:
    """Run every measurement and print a report."""
    print("Social Media Strategy Playbook: benchmark")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        tmp = Path(tmp)

        # 1x: the real playbook against a plain Material site with the same pages and text, best of three.
        project = copy_project(tmp / "playbook")
        playbook = min(timed_build(project, tmp / "site") for _ in range(3))
        page_count = len(pages(tmp / "site"))
        plain = plain_material(tmp / "site", tmp / "plain")
        plain_time = min(timed_build(plain, tmp / "plain-site") for _ in range(3))
        plain_pages = len(pages(tmp / "plain-site"))
        words = sum(len(article_text(p).split()) for p in pages(tmp / "site"))
        plain_words = sum(len(article_text(p).split()) for p in pages(tmp / "plain-site"))
        print("Build time, the real content (best of 3)")
        print(f"  playbook        {playbook:6.2f} s  {page_count:4d} pages  {words:6d} words")
        print(
            f"  plain Material  {plain_time:6.2f} s  {plain_pages:4d} pages  {plain_words:6d} words"
        )
        print(f"  ratio           {playbook / plain_time:6.2f} x\n")

        print("Validation of all data (median of 5)")
        print(f"  {validation_time(project / 'data') * 1000:8.1f} ms\n")

        # 10x and 100x: synthetic copies of every framework, each build against its plain twin.
        print("Scaling with synthetic frameworks")
        print(
            f"  {'frameworks':>10} {'pages':>6} {'playbook':>9} {'per page':>9} {'plain':>8} {'ratio':>6} {'validate':>9}"
        )
        print(
            f"  {len(list((project / 'data' / 'frameworks').glob('*.yaml'))):>10} {page_count:>6} {playbook:>8.2f}s {playbook / page_count * 1000:>7.1f}ms {plain_time:>7.2f}s {playbook / plain_time:>5.2f}x {'':>9}"
        )
        for factor in (10, 100):
            big = copy_project(tmp / f"x{factor}")
            count = multiply_frameworks(big / "data", factor)
            seconds = timed_build(big, tmp / f"x{factor}-site")
            n = len(pages(tmp / f"x{factor}-site"))
            twin = plain_material(tmp / f"x{factor}-site", tmp / f"x{factor}-plain")
            twin_time = timed_build(twin, tmp / f"x{factor}-plain-site")
            validate = validation_time(big / "data", repeat=1)
            print(
                f"  {count:>10} {n:>6} {seconds:>8.2f}s {seconds / n * 1000:>7.1f}ms {twin_time:>7.2f}s {seconds / twin_time:>5.2f}x {validate * 1000:>7.0f}ms"
            )

        print("\nIn Chromium: every page, and a self-assessment with 200 questions")
        lines, broken = browser_figures(tmp)
        print("\n".join(lines))

        # Sizes of the 1x build: what a reader's browser downloads, beside the commented sources.
        print(
            f"\nOwn JS and CSS as shipped (budget: {BUDGET_BYTES} B = 12 KB gzipped in total, each file gzipped on its own)"
        )
        print(f"  {'file':32s} {'source gz':>10} {'shipped':>9} {'shipped gz':>11}")
        sizes = widget_sizes(tmp / "site")
        for name, source_gz, raw, shipped_gz in sizes:
            print(f"  {name:32s} {source_gz:8d} B {raw:7d} B {shipped_gz:9d} B")
        total = sum(row[3] for row in sizes)
        print(
            f"  {'total':32s} {sum(row[1] for row in sizes):8d} B {sum(row[2] for row in sizes):7d} B {total:9d} B  ({'within' if total <= BUDGET_BYTES else 'OVER'} budget, {BUDGET_BYTES - total:+d} B)"
        )
        together = gz(b"".join((tmp / "site" / row[0]).read_bytes() for row in sizes))
        print(f"  {'(shipped, one gzip stream)':32s} {'':10s} {'':9s} {together:9d} B")
        print("  Inline in every page, not in the budget:")
        for name, size in inline_sizes(tmp / "site"):
            print(f"    {name:46s} {size:6d} B gz")
        if total > BUDGET_BYTES:
            broken.append("12 KB of JS and CSS")

    if broken:
        raise SystemExit(f"\nbench: budget broken: {', '.join(broken)}")
    print("\nEvery budget is met.")


if __name__ == "__main__":
    main()
