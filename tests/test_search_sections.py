"""Generated pages indexed by the playbook for Material's search (playbook/site/search_sections.py).

The entries must be those the search plugin makes itself of the page's search view: the same
locations, titles, texts, tags and boosts, in the same order. Sections kept from an earlier build
are used only for a page with the same HTML: an edited page is indexed afresh.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import assume, given, settings
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from playbook.site import search_sections
from playbook.site.plugin import PlaybookPlugin
from playbook.site.search_sections import add_entries, page_sections, sections_cache
from playbook.site.search_view import search_view
from playbook.site.slots import Slots

from .conftest import copy_project
from .test_held_blocks import same_words
from .test_search_view import PAGES

# A table of contents with a nested item, so that an entry's location comes from either level.
TOC = [AnchorLink("One", "h-1", 2)]
TOC[0].children.append(AnchorLink("Two", "h-2", 3))


def page(content: str, meta: dict | None = None) -> SimpleNamespace:
    """What the search plugin reads of a page."""
    return SimpleNamespace(
        content=content, toc=TOC, url="frameworks/x/", meta=meta or {}, title="Page title"
    )


def plugin_entries(html: str, meta: dict | None = None) -> list[dict]:
    """The entries Material's search plugin makes of a page whose HTML is ``html``."""
    index = SearchIndex()
    index.add_entry_from_context(page(html, meta))
    return index.entries


def our_entries(html: str, cache=None, meta: dict | None = None) -> list[dict]:
    """The entries the playbook adds for the same page, through its search view."""
    index = SearchIndex()
    sections = page_sections(html, cache)
    assert sections is not None, html
    add_entries(index, sections, page(html, meta))
    return index.entries


PAGE = (
    '<p class="intro">Before any <a href="#h-1">heading</a>.</p>\n'
    '<h2 id="h-1">One<a class="headerlink" href="#h-1" title="Permanent link">&para;</a></h2>\n'
    '<div class="smp-element"><p>Text &amp; more</p>\n<ul>\n<li><label>An item</label></li>\n'
    "<li></li>\n</ul></div>\n"
    '<h3 id="h-2"><span class="smp-letter">B</span> Two</h3>\n<pre><code>a  b\n\tc</code></pre>\n'
    '<h3 id="h-3"> </h3>\n<p>Under a blank heading, with no toc item.</p>\n'
    '<h3 id="h-4"></h3>\n<p>Under an empty one.</p>\n'
)


def test_a_page_gets_the_entries_the_search_plugin_makes_of_its_view():
    expected = plugin_entries(search_view(PAGE))
    assert our_entries(PAGE) == expected
    # The page's sections with their locations (the toc's nested item too) and titles: the one
    # before the first heading, and an empty heading's, take the page's title; a blank one not.
    assert [(entry["location"], entry["title"]) for entry in expected] == [
        ("frameworks/x/", "Page title"),
        ("frameworks/x/#h-1", "One"),
        ("frameworks/x/#h-2", "B Two"),
        ("frameworks/x/#h-3", ""),
        ("frameworks/x/#h-4", "Page title"),
    ]


def test_tags_boost_and_exclusion_come_from_the_page_as_the_plugin_reads_them():
    metas = ({"tags": ["strategy", 3]}, {"search": {"boost": 2}}, {"search": {"exclude": True}})
    for meta in metas:
        assert our_entries(PAGE, meta=meta) == plugin_entries(search_view(PAGE), meta), meta
    assert our_entries(PAGE, meta={"search": {"exclude": True}}) == []
    assert {entry["boost"] for entry in our_entries(PAGE, meta={"search": {"boost": 2}})} == {2}


@settings(max_examples=200)
@given(PAGES)
def test_any_page_gets_the_entries_the_search_plugin_makes_of_its_view(html):
    view = search_view(html)
    try:
        expected = plugin_entries(view if view is not None else html)
    except ValueError:
        # Material's parser fails on some headings inside a paragraph or a list item, which no
        # generated page has (see tests/test_search_view.py).
        assume(False)
    if view is None:
        assert page_sections(html, None) is None
    else:
        assert our_entries(html) == expected


def test_kept_sections_serve_a_page_with_the_same_html_and_only_that(tmp_path, monkeypatch):
    cache = sections_cache(tmp_path)
    first = our_entries(PAGE, cache)
    cache.save()

    def no_parsing(html):
        raise AssertionError("parsed again: " + html[:60])

    monkeypatch.setattr(search_sections, "parsed_sections", no_parsing)
    # A later build reads them back for the same HTML, without parsing.
    assert our_entries(PAGE, sections_cache(tmp_path)) == first
    # Changed HTML is parsed afresh.
    with pytest.raises(AssertionError, match="parsed again"):
        our_entries(PAGE.replace("An item", "An edited item"), sections_cache(tmp_path))


def test_sections_kept_by_another_parser_or_view_are_not_used(tmp_path, monkeypatch):
    cache = sections_cache(tmp_path)
    our_entries(PAGE, cache)
    cache.save()
    monkeypatch.setattr(search_sections.material, "__version__", "0.0.0-other")
    assert sections_cache(tmp_path).entries == {}
    # A damaged file starts the cache afresh too.
    monkeypatch.undo()
    (tmp_path / search_sections.CACHE_FILE).write_bytes(b"not marshal data")
    assert sections_cache(tmp_path).entries == {}
    assert our_entries(PAGE, sections_cache(tmp_path)) == plugin_entries(search_view(PAGE))


def search_config() -> tuple[SimpleNamespace, SearchIndex]:
    """A build's configuration with Material's search plugin in it, and that plugin's index."""
    search = SearchPlugin()
    search.load_config({})
    search.search_index = SearchIndex()
    return SimpleNamespace(plugins={"material/search": search}), search.search_index


def test_the_plugin_indexes_a_page_hides_it_from_search_and_gives_it_back():
    """The page is indexed before the search plugin's handler, which then finds nothing to add;
    the page gets its own HTML back after it; a plugin that changed the page in between would
    have its change, or the page's markup, lost: a build error."""
    plugin = PlaybookPlugin()
    plugin.load_config({})
    config, index = search_config()
    generated = page(PAGE)
    generated.file = SimpleNamespace(src_uri="frameworks/x.md")
    plugin.slots["frameworks/x.md"] = Slots()
    plugin._index_for_search({}, generated, config, None)
    expected = plugin_entries(search_view(PAGE))
    assert index.entries == expected
    # What the search plugin's handler does next adds nothing more.
    index.add_entry_from_context(generated)
    assert index.entries == expected
    plugin._page_gets_its_html_back({}, generated, config, None)
    assert generated.content == PAGE
    # The page's held blocks are all back: nothing is kept for it any more.
    assert "frameworks/x.md" not in plugin.slots

    plugin.slots["frameworks/x.md"] = Slots()
    plugin._index_for_search({}, generated, config, None)
    generated.content += "<p>added by another plugin</p>"
    with pytest.raises(PluginError, match=r"frameworks/x\.md"):
        plugin._page_gets_its_html_back({}, generated, config, None)


def test_without_materials_search_the_page_is_left_as_it_is():
    plugin = PlaybookPlugin()
    plugin.load_config({})
    config, index = search_config()
    config.plugins["material/search"].config.enabled = False
    for build_config in (config, SimpleNamespace(plugins={})):
        generated = page(PAGE)
        generated.file = SimpleNamespace(src_uri="frameworks/x.md")
        plugin.slots["frameworks/x.md"] = Slots()
        plugin._index_for_search({}, generated, build_config, None)
        assert generated.content == PAGE and plugin.content_aside == {}
    assert index.entries == []


def entry_values(index: list[dict]) -> list[tuple[str, ...]]:
    """The entries of an index as tuples of text."""
    return [tuple(str(value) for value in entry.values()) for entry in index]


def index_of(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.build
def test_a_rebuild_indexes_unchanged_pages_from_the_cache_and_edited_ones_afresh(
    tmp_path, monkeypatch
):
    """Three builds of one copy: the first fills the cache; the second, with nothing changed,
    parses no page and makes the same index; after an edit, the edited page is parsed again and
    the index holds its new text, not the old."""
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)

    def build_site(name: str) -> list[dict]:
        site = tmp_path / name
        build(load_config(os.fspath(project / "mkdocs.yml"), site_dir=os.fspath(site)))
        return index_of(site)

    # Material's search plugin reading every page whole, as it would without the playbook's help.
    with monkeypatch.context() as patched:
        patched.setattr("playbook.site.plugin.search_index", lambda config: None)
        whole = build_site("whole")
    first = build_site("first")
    # The same entries, each once, white space runs aside (see tests/test_search_view.py).
    assert same_words(entry_values(first)) == same_words(entry_values(whole))
    parse = search_sections.parsed_sections
    parsed: list[str] = []

    def counting(html: str):
        parsed.append(html)
        return parse(html)

    monkeypatch.setattr(search_sections, "parsed_sections", counting)
    assert build_site("second") == first
    assert parsed == []

    # A word of the first framework's summary, which its page shows, replaced by a new one.
    framework_file = sorted((project / "data" / "frameworks").glob("*.yaml"))[0]
    framework = yaml.safe_load(framework_file.read_text(encoding="utf-8"))
    old = next(word for word in framework["summary"].split() if word.isalpha())
    new = "Zyxwvutsrq"
    text = framework_file.read_text(encoding="utf-8")
    at = text.index("summary:")
    edited = text[:at] + re.sub(rf"\b{old}\b", new, text[at:], count=1)
    framework_file.write_text(edited, encoding="utf-8")
    third = build_site("third")

    def page_text(index: list[dict]) -> str:
        location = f"frameworks/{framework['id']}/"
        return " ".join(entry["text"] for entry in index if entry["location"] == location)

    # The page's entries hold the new word where they held the old one, and nothing else changed.
    assert new in page_text(third) and new not in page_text(first)
    assert page_text(third).replace(new, old) == page_text(first)
    # Only the pages whose HTML changed were parsed again: each holds the new word.
    assert parsed and all(new in html for html in parsed)
