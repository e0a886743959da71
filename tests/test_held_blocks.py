"""HTML blocks held aside from Markdown and search (playbook/site/slots.py), and data texts
written without the converter (playbook/site/shortcut.py), change nothing.

Every generated page, of the real data and of a copy with markup in every title, is converted with
mkdocs.yml's Markdown extensions twice: whole, with every data text through the converter, as
before either shortcut, and as the build does it, with its blocks held aside and put back at their
stages. The article HTML, the search entries and the anchors must come out the same (issue 14: no
feature or content changes), and so must the entries made from the page's search view.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from material.plugins.search.plugin import Parser as SearchParser
from mkdocs.config import load_config

from playbook.data.project import load_project
from playbook.site import views
from playbook.site.pages import generated_pages
from playbook.site.rendering import Renderer
from playbook.site.search_view import search_view
from playbook.site.slots import PLACEHOLDER, SlotError, Slots

from .conftest import ROOT
from .security.hostile import customise_hostile


@pytest.fixture(scope="module")
def converter_options() -> dict:
    """The Markdown extensions and their settings from mkdocs.yml, as MkDocs passes them."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return {
        "extensions": config["markdown_extensions"],
        "extension_configs": config["mdx_configs"] or {},
    }


@pytest.fixture(scope="module", params=["real", "hostile"])
def project(request, tmp_path_factory):
    """The real data, and a copy with markup and Jinja in a title of every kind."""
    if request.param == "real":
        return load_project(ROOT / "data", ROOT)
    copy = tmp_path_factory.mktemp("hostile-data")
    shutil.copytree(ROOT / "data", copy / "data")
    customise_hostile(copy)
    return load_project(copy / "data", copy)


class _Anchors(HTMLParser):
    """Every id, and every link's name, as MkDocs' anchor check collects them from HTML."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)


def search_entries(text: str) -> list[tuple]:
    """The entries Material's search plugin makes of a page's HTML: anchor, title and text."""
    parser = SearchParser()
    parser.feed(text)
    parser.close()
    return [
        (section.id, "".join(section.title).strip(), "".join(section.text).strip())
        for section in parser.data
        if not section.is_excluded()
    ]


def with_text(entries: list[tuple]) -> list[tuple]:
    """Entries without the empty ones a heading makes inside an element search leaves out.

    The parser starts a section at every heading, also one it skips the text of: such a section
    comes out with neither title nor text, and Material titles its entry with the page's name.
    The build holds those elements aside until the index has read the page, so their headings
    make no entry; any text after such an element still belongs to a section, and is compared.
    """
    return [entry for entry in entries if entry[1] or entry[2]]


def same_words(entries: list[tuple]) -> list[tuple]:
    """Entries with each run of white space as one space."""
    return [tuple(" ".join(part.split()) if part else part for part in entry) for entry in entries]


def held_like_whole(whole_source: str, source: str, slots: Slots, options: dict, name: str) -> bool:
    """Check that ``source``, its blocks held in ``slots``, builds as ``whole_source`` does.

    The article HTML, the search entries (but the empty ones, see ``with_text``) and the anchors
    must be the same, and so must the entries made from the search view; returns whether there
    is a view.
    """
    whole = markdown.Markdown(**options).convert(whole_source)
    converted = markdown.Markdown(**options).convert(source)
    # As the plugin does, before the blocks come back (and let their text go).
    held_ids = slots.anchor_ids()
    at_search = slots.fill(converted, "html")
    article = slots.fill(at_search, "unindexed")
    assert article == whole, name
    assert not PLACEHOLDER.search(article), name
    assert search_entries(at_search) == with_text(search_entries(whole)), name
    # Search reads the page's search view where it has one: the same entries, white space runs
    # aside (search_view.py).
    view = search_view(at_search)
    if view is not None:
        assert same_words(search_entries(view)) == same_words(search_entries(at_search)), name
    # MkDocs' anchor check sees the converted Markdown; the plugin adds the held blocks' ids.
    assert _Anchors(converted).ids | held_ids == _Anchors(whole).ids, name
    return view is not None


def test_every_generated_page_is_the_same_with_its_blocks_held_aside(project, converter_options):
    renderer = Renderer(project, "", True, project.ui(None))
    # The reference sends every data text through the converter too (no plain-text shortcut).
    reference = Renderer(project, "", True, project.ui(None), plain_text_shortcut=False)
    pages = generated_pages(project)
    held_somewhere = 0
    viewed = set()
    for page in pages:
        url = page.src_uri.removesuffix(".md") + "/"
        renderer.at(url)
        whole = page.markdown(reference.at(url))
        source, slots = page.markdown_and_slots(renderer)
        held_somewhere += len(slots.blocks)
        if held_like_whole(whole, source, slots, converter_options, page.src_uri):
            viewed.add(page.src_uri)
    # The blocks are held aside on every kind of page, so the comparison above compares something.
    assert held_somewhere > len(pages)
    # Every generated page has a search view (nothing in the data can stop one): what search
    # leaves out is held until it has read the page.
    assert viewed == {page.src_uri for page in pages}


# The macros of hand-written pages that no generated page shows (macros/__init__.py).
MACRO_VIEWS = {
    "catalogue": views.catalogue,
    "data_reference": lambda renderer: views.data_reference(renderer, ROOT / "data" / "schema"),
}


@pytest.mark.parametrize("name", sorted(MACRO_VIEWS))
def test_a_macro_output_is_the_same_with_its_blocks_held_aside(project, converter_options, name):
    """A macro's blocks are held with its page's (the plugin's renderer_for_macro)."""
    view = MACRO_VIEWS[name]
    page = "# A page\n\nIt says why.\n\n{}\n\nAnd ends.\n"
    reference = Renderer(project, "about/", True, project.ui(None), plain_text_shortcut=False)
    renderer = Renderer(project, "about/", True, project.ui(None))
    slots = renderer.hold_blocks()
    source = page.format(view(renderer))
    renderer.release_blocks()
    assert slots.blocks, name
    held_like_whole(page.format(view(reference)), source, slots, converter_options, name)


def test_unindexed_holds_only_what_search_leaves_out():
    slots = Slots()
    slots.keep('<div class="x" data-search-exclude>controls</div>\n', "unindexed")
    slots.keep('<input type="checkbox" id="a">\n', "unindexed")
    slots.keep('<textarea id="b" rows="2"></textarea>\n', "unindexed")
    with pytest.raises(SlotError, match="empty <textarea>"):
        slots.keep('<textarea id="b">text search must index</textarea>\n', "unindexed")
    with pytest.raises(SlotError, match="data-search-exclude"):
        slots.keep('<div class="x">text search must index</div>\n', "unindexed")
    with pytest.raises(SlotError, match="data-search-exclude"):
        slots.keep('<input id="a"><label for="a">text search must index</label>\n', "unindexed")


def test_a_block_that_does_not_come_back_fails_the_page():
    slots = Slots()
    kept = slots.keep("<div>one</div>\n", "html")
    slots.keep("<div>two</div>\n", "html")
    with pytest.raises(SlotError, match="1 html block"):
        slots.fill(f"<p>a step dropped the second placeholder</p>{kept}", "html")


def test_a_block_nested_in_an_unindexed_one_comes_back_with_it():
    slots = Slots()
    inner = slots.keep("<p>inner</p>\n", "html")
    outer = slots.keep(f'<div data-search-exclude="">{inner}</div>\n', "unindexed")
    at_search = slots.fill(f"<main>{outer}</main>", "html")
    assert "inner" not in at_search
    assert slots.fill(at_search, "unindexed") == (
        '<main><div data-search-exclude=""><p>inner</p>\n</div>\n</main>'
    )


def test_blocks_let_their_text_go_once_back_and_never_come_back_twice():
    slots = Slots()
    inner = slots.keep("<p>inner</p>\n", "html")
    outer = slots.keep(f'<div data-search-exclude="">{inner}</div>\n', "unindexed")
    at_search = slots.fill(f"<main>{outer}</main>", "html")
    # The html block is in the page (and in the unindexed block that held it): its copy goes.
    assert slots.blocks == ["", '<div data-search-exclude=""><p>inner</p>\n</div>']
    whole = slots.fill(at_search, "unindexed")
    assert "inner" in whole and slots.blocks == ["", ""]
    # A placeholder that came back already fails the page rather than come back empty.
    with pytest.raises(SlotError, match="came back twice"):
        slots.fill(f"{whole}{outer}", "unindexed")


def test_held_blocks_name_their_anchors_as_mkdocs_would():
    slots = Slots()
    slots.keep(
        '<section id="a&amp;b"><a name="top"></a><input name="q1" data-id="no">'
        '<p title="x > y" id="after-quoted">t</p></section>\n',
        "html",
    )
    assert slots.anchor_ids() == {"a&b", "top", "after-quoted"}


def test_the_build_puts_every_block_back(site: Path):
    pages = [path for path in site.rglob("*.html")]
    assert pages
    for path in pages:
        assert "<!--smp-" not in path.read_text(encoding="utf-8"), path
