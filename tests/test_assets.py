"""The shipped widgets: bundled in order, minified by minify-html,
named by content hash, in budget."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from playbook.site.assets import (
    AssetError,
    build_assets,
    content_hash,
    minify_css,
    minify_js,
    page_matches,
    selector_parts,
    strings_script,
    without_comment_lines,
)

from .conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SCRIPTS = [
    entry if isinstance(entry, str) else entry["path"] for entry in CONFIG["extra_javascript"]
]
STYLES = [entry if isinstance(entry, str) else entry["path"] for entry in CONFIG["extra_css"]]
# The plugin's widgets option: selector -> scripts that load only on pages showing such a widget.
WIDGETS: dict[str, list[str]] = next(
    (entry["playbook"].get("widgets", {}) for entry in CONFIG["plugins"] if "playbook" in entry),
    {},
)
WIDGET_SCRIPTS = sorted({path for paths in WIDGETS.values() for path in paths})
# Budgets of issue 13, on the site as shipped: own cached JS and CSS, and inline bytes per page.
CACHED_BUDGET = 12 * 1024
INLINE_BUDGET = 512
HASHED = re.compile(
    r"assets/(javascripts|stylesheets)/playbook\.(?:strings\.)?(?:[\w-]+\.)?[0-9a-f]{8}\.min\.(js|css)"
)


def gzipped(data: bytes) -> int:
    """Bytes after gzip at its best level, as a static host serves a file."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def needs_node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed")
    return found


def test_comment_lines_go_and_template_literals_stay():
    source = (
        "// Why.\n/**\n * Doc.\n */\nconst a = 1;\n"
        "const s = `line\n// inside a string\n/* also */`;\n  /* one line */\nconst b = 2;\n"
    )
    assert without_comment_lines(source) == (
        "const a = 1;\nconst s = `line\n// inside a string\n/* also */`;\nconst b = 2;\n"
    )


def test_minified_js_has_no_comments_or_indentation_and_keeps_behaviour(tmp_path):
    source = (
        "// A comment that must not ship.\n(() => {\n  /** Doc. */\n"
        "  const greeting = `a // b`;\n  globalThis.result = greeting + 1;\n})();\n"
    )
    out = minify_js(source)
    assert "must not ship" not in out and "Doc." not in out and "\n  " not in out
    script = tmp_path / "x.js"
    script.write_text(out + ";console.log(globalThis.result)", encoding="utf-8")
    run = subprocess.run([needs_node(), str(script)], capture_output=True, text=True)
    assert run.stdout.strip() == "a // b1", run.stderr


def test_minified_css_drops_comments():
    assert minify_css("/* Why. */\n.a {\n  color: red;\n}\n") == ".a{color:red}"


def test_a_closing_tag_in_a_source_is_refused_not_cut():
    with pytest.raises(AssetError, match="</script"):
        minify_js('const s = "</script>";')


def test_names_change_with_the_content():
    first, second = content_hash("a"), content_hash("b")
    assert re.fullmatch(r"[0-9a-f]{8}", first) and first != second
    strings, script, style = build_assets(["let a = 1;"], [".a { color: red; }"], {"x": "y"}, "en")
    other = build_assets(["let a = 2;"], [".a { color: red; }"], {"x": "y"}, "en")
    assert script.path != other[1].path and style.path == other[2].path
    assert strings.path.startswith("assets/javascripts/playbook.strings.en.")
    assert all(HASHED.fullmatch(asset.path) for asset in (strings, script, style))


def test_strings_are_json_values_never_code(tmp_path):
    """A hostile string (quotes, a closing script tag, a template) stays one string value."""
    hostile = {
        "x.a": '"; alert(1); "',
        "x.b": "</script><script>alert(2)</script>",
        "x.c": "${7*7}",
    }
    script = tmp_path / "s.js"
    script.write_text(
        "globalThis.window = {};\n"
        + strings_script(hostile)
        + ";console.log(JSON.stringify(window.PlaybookStrings))",
        encoding="utf-8",
    )
    run = subprocess.run([needs_node(), str(script)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == hostile


def shipped_assets(site: Path) -> list[Path]:
    """The hashed playbook assets of a built site."""
    return sorted(
        path
        for path in site.joinpath("assets").rglob("playbook.*.min.*")
        if HASHED.fullmatch(path.relative_to(site).as_posix())
    )


def widget_asset_name(source: str) -> re.Pattern[str]:
    """The shipped name of a widget script: playbook.<file stem>.<hash>.min.js."""
    stem = Path(source).stem
    return re.compile(rf"playbook\.{re.escape(stem)}\.[0-9a-f]{{8}}\.min\.js")


def every_page_assets(site: Path) -> list[Path]:
    """The strings script, the core bundle and the stylesheet: what every page references."""
    widget_names = [widget_asset_name(source) for source in WIDGET_SCRIPTS]
    return [
        path
        for path in shipped_assets(site)
        if not any(pattern.fullmatch(path.name) for pattern in widget_names)
    ]


@pytest.mark.build
def test_the_site_ships_one_hashed_asset_per_bundle_and_no_readable_sources(site):
    names = [path.name for path in shipped_assets(site)]
    assert len([n for n in names if ".strings." in n]) == 1
    assert len([n for n in names if n.endswith(".css")]) == 1
    for source in WIDGET_SCRIPTS:
        assert len([n for n in names if widget_asset_name(source).fullmatch(n)]) == 1, source
    # The core bundle is the one script left.
    assert len(names) == 3 + len(WIDGET_SCRIPTS), names
    for path in shipped_assets(site):
        # The name's hash is the hash of what the file holds.
        assert content_hash(path.read_text(encoding="utf-8")) in path.name
    for source in SCRIPTS + STYLES + WIDGET_SCRIPTS:
        assert not (site / source).exists(), f"the readable source {source} was published"


def core_bundle(site: Path) -> str:
    (bundle,) = [
        path
        for path in every_page_assets(site)
        if path.suffix == ".js" and ".strings." not in path.name
    ]
    return bundle.read_text(encoding="utf-8")


@pytest.mark.build
def test_the_bundle_holds_every_module_in_the_listed_order(site):
    """Each module, minified alone, appears in the bundle, in mkdocs.yml's order."""
    text = core_bundle(site)
    positions = []
    for source in SCRIPTS:
        alone = minify_js((ROOT / "docs" / source).read_text(encoding="utf-8"))
        # The first statement of each module is enough to find it.
        head = alone[:80]
        assert head in text, source
        positions.append(text.index(head))
    assert positions == sorted(positions)


@pytest.mark.build
def test_the_bundle_tells_the_core_which_scripts_each_widget_needs(site):
    """The table the core loads from names, per selector, the shipped scripts in order."""
    match = re.search(r"window\.Playbook\.loadOn\((.*)\);\s*$", core_bundle(site), re.S)
    assert match, "the core bundle does not end by handing over the widget scripts"
    # The minifier may write the strings as template literals: node reads them as JS does.
    printed = subprocess.run(
        [needs_node(), "-e", f"console.log(JSON.stringify({match.group(1)}))"],
        capture_output=True,
        text=True,
    )
    table = json.loads(printed.stdout)
    assert [selector for selector, _ in table] == list(WIDGETS)
    shipped = {path.name for path in shipped_assets(site)}
    for (selector, names), paths in zip(table, WIDGETS.values(), strict=True):
        assert len(names) == len(paths), selector
        for name, source in zip(names, paths, strict=True):
            assert widget_asset_name(source).fullmatch(name) and name in shipped, (selector, name)


@pytest.mark.build
def test_every_page_references_the_every_page_assets_only(site):
    expected = {path.relative_to(site).as_posix() for path in every_page_assets(site)}
    for page in [site / "index.html", site / "action-plan" / "index.html", site / "404.html"]:
        html = page.read_text(encoding="utf-8")
        referenced = {match.group(0) for match in HASHED.finditer(html)}
        assert referenced == expected, page
        assert "assets/js/" not in html and "assets/playbook.css" not in html


@pytest.mark.build
def test_the_shipped_scripts_parse(site):
    for path in shipped_assets(site):
        if path.suffix == ".js":
            result = subprocess.run(
                [needs_node(), "--check", str(path)], capture_output=True, text=True
            )
            assert result.returncode == 0, result.stderr


class _Attributes(HTMLParser):
    """Every (attribute, value) pair on a page's elements, as the selectors test them."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: set[tuple[str, str]] = set()

    def handle_starttag(self, tag, attrs):
        self.pairs.update((name, value or "") for name, value in attrs)


def page_attributes(html: str) -> set[tuple[str, str]]:
    """The (attribute, value) pairs of a page's elements."""
    parser = _Attributes()
    parser.feed(html)
    return parser.pairs


def scripts_loaded_on(
    html: str, table: dict[str, list[str]] = WIDGETS, opened: bool = False
) -> list[str]:
    """The widget scripts (paths under docs/) the core loads on a page with this HTML.

    opened: also those of the parts the page offers on demand, once the reader uses them (an
    element with data-more=x gains data-opened=x; core.js, Playbook.more).
    """
    attributes = page_attributes(html)
    if opened:
        attributes |= {("data-opened", value) for name, value in attributes if name == "data-more"}
    loaded: list[str] = []
    for selector, paths in table.items():
        if page_matches(attributes, selector):
            loaded += [path for path in paths if path not in loaded]
    return loaded


def page_sizes(site: Path, opened: bool = False) -> dict[str, dict[str, int]]:
    """Per page: own cached JS and CSS it loads (the strings script apart), gzipped, per file.

    opened: with the scripts its parts on demand fetch once used (see scripts_loaded_on).
    """
    every_page = {
        path.name: gzipped(path.read_bytes())
        for path in every_page_assets(site)
        if ".strings." not in path.name
    }
    by_source = {
        source: path
        for source in WIDGET_SCRIPTS
        for path in shipped_assets(site)
        if widget_asset_name(source).fullmatch(path.name)
    }
    sizes = {}
    for page in sorted(site.rglob("*.html")):
        loaded = scripts_loaded_on(page.read_text(encoding="utf-8"), opened=opened)
        widgets = {by_source[s].name: gzipped(by_source[s].read_bytes()) for s in loaded}
        sizes[page.relative_to(site).as_posix()] = {**every_page, **widgets}
    return sizes


def cached_sizes(site: Path) -> dict[str, int]:
    """The page that loads the most of our JS and CSS: its files and their gzipped sizes."""
    per_page = page_sizes(site)
    return max(per_page.values(), key=lambda files: sum(files.values()))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)


def own_inline_bytes(html: str) -> bytes:
    """What the playbook adds inline to a page: scripts and styles that are not Material's."""
    inline = [m.group(1) for m in INLINE_SCRIPT.finditer(html)] + [
        m.group(1) for m in INLINE_STYLE.finditer(html)
    ]
    # Ours: the guarded storage helpers of the theme override, and anything of the widgets.
    # Material's own inline scripts (palette, consent, its config) are the theme's.
    markers = ("__md_scope=", "PlaybookStrings", "smp-")
    own = [text for text in inline if any(marker in text for marker in markers)]
    return "".join(own).encode("utf-8")


@pytest.mark.build
def test_no_page_loads_more_than_12_kb_gzipped_of_our_js_and_css(site):
    per_page = page_sizes(site)
    assert len(per_page) > 20
    worst = max(per_page, key=lambda page: sum(per_page[page].values()))
    assert sum(per_page[worst].values()) <= CACHED_BUDGET, (worst, per_page[worst])
    # Each widget script is loaded by some page, at once or when a part is opened (on demand,
    # outside the page's budget), so every one of them is inside a measure.
    measured = {name for files in per_page.values() for name in files}
    measured |= {name for files in page_sizes(site, opened=True).values() for name in files}
    assert {path.name for path in shipped_assets(site) if ".strings." not in path.name} <= measured


@pytest.mark.build
def test_parts_on_demand_load_nothing_until_they_are_used(site):
    """The assessment page's extras and the team view's team-export check stay out of the page
    load: only opening them (data-opened) fetches their scripts."""
    on_demand = {
        path for selector, paths in WIDGETS.items() if "data-opened=" in selector for path in paths
    }
    # A script a widget needs at once (checks.js on the action plan) is no part on demand there.
    at_once = {
        path
        for selector, paths in WIDGETS.items()
        if "data-opened=" not in selector
        for path in paths
    }
    on_demand -= at_once
    assert on_demand, "mkdocs.yml lists no part loaded on demand"
    offered = set()
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        # No part is opened by the build itself: only the reader's use opens one.
        assert not re.search(r"<[a-z][^>]*\sdata-opened\b", html), page
        assert not on_demand & set(scripts_loaded_on(html)), page
        offered |= set(scripts_loaded_on(html, opened=True)) & on_demand
    assert offered == on_demand


def test_a_page_loads_the_scripts_of_the_widgets_it_shows():
    """The measure above follows the selectors: a page without widgets loads none."""
    table = {"[data-a]": ["a.js"], "[data-b=x], [data-c]": ["a.js", "b.js"]}
    assert scripts_loaded_on("<p>text</p>", table) == []
    assert scripts_loaded_on("<div data-a></div>", table) == ["a.js"]
    assert scripts_loaded_on('<i data-b="y"></i>', table) == []
    assert scripts_loaded_on('<i data-b="x"></i><p data-a>', table) == ["a.js", "b.js"]
    # A part on demand counts only once opened.
    more = {"[data-opened=c]": ["c.js"]}
    assert scripts_loaded_on('<details data-more="c">', more) == []
    assert scripts_loaded_on('<details data-more="c">', more, opened=True) == ["c.js"]


def test_a_selector_the_measure_cannot_follow_is_refused():
    with pytest.raises(AssetError, match="attribute selectors only"):
        selector_parts(".checklist")
    assert selector_parts("[data-a], [data-b=x]") == [("data-a", None), ("data-b", "x")]


def test_the_cached_measure_counts_every_file_a_page_loads(tmp_path):
    """So the budget above can fail: a bigger bundle is counted in full, the strings apart."""
    folder = tmp_path / "assets" / "javascripts"
    folder.mkdir(parents=True)
    (folder / "playbook.0123abcd.min.js").write_bytes(os.urandom(20000))
    (folder / "playbook.strings.en.0123abcd.min.js").write_text("x", encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    assert list(cached_sizes(tmp_path)) == ["playbook.0123abcd.min.js"]
    assert cached_sizes(tmp_path)["playbook.0123abcd.min.js"] > CACHED_BUDGET


@pytest.mark.build
def test_no_page_inlines_more_than_512_bytes_gzipped_of_ours(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    worst = max(pages, key=lambda page: len(own_inline_bytes(page.read_text(encoding="utf-8"))))
    size = gzipped(own_inline_bytes(worst.read_text(encoding="utf-8")))
    assert size <= INLINE_BUDGET, (worst, size)
    # The UI strings, 3 KB gzipped, are no longer in any page.
    assert not any("smp-strings" in page.read_text(encoding="utf-8") for page in pages)


def test_the_inline_measure_sees_our_inline_strings():
    """So the budget above can fail: strings inlined as before are counted."""
    page = '<script>window.PlaybookStrings={"a": "' + "x" * 600 + '"}</script>'
    assert len(own_inline_bytes(page)) > 600
