"""What Material's search plugin indexes of a generated page, kept between builds by its HTML.

The search plugin parses each page's HTML into sections (anchor, title, text) with Python's HTML
parser, a loop of Python calls per tag and per run of text. At 700 frameworks that is about 2.4 s
of every build, and cutting each page's search view (search_view.py) another second. A page's
sections depend on its HTML alone, and between two builds of `mkdocs serve` most generated pages do
not change. So the playbook indexes its generated pages itself:

- ``page_sections`` parses a page's search view with the search plugin's own parser and keeps the
  sections under a hash of the page's HTML, in ``.cache/playbook/search.marshal``; a page with the
  same HTML in a later build takes them from there, with neither the view nor the parse;
- ``add_entries`` turns them into the index's entries with the search plugin's own method, as its
  ``add_entry_from_context`` does, so the locations, titles, tags and boosts are made the same way.

The cache is tied to Material's version, Python's (its HTML parser) and the source of this module
and of search_view.py, so a change to any of them starts it afresh. Deleting it is always safe.
``tests/test_search_sections.py`` holds the entries to those the search plugin makes itself.
"""

from __future__ import annotations

from pathlib import Path

import material
from material.plugins.search.plugin import Element, Parser, SearchIndex, SearchPlugin, Section

from ..data.parse_cache import ParseCache, parser_version
from .search_view import search_view

CACHE_FILE = "search.marshal"

# A section as kept: its anchor (None for the first, untitled one), its title (None when it has
# none: the index then uses the page's) and its text, each as the search plugin joins them.
KeptSection = tuple[str | None, str | None, str]


def _sections_version() -> str:
    """What a page's sections depend on besides its HTML: the parser, the view and this module."""
    here = Path(__file__)
    return parser_version([here.with_name("search_view.py"), here], material.__version__)


def sections_cache(folder: Path) -> ParseCache:
    """The sections kept in ``folder`` by earlier builds."""
    return ParseCache(folder, CACHE_FILE, _sections_version())


def parsed_sections(html: str) -> tuple[KeptSection, ...]:
    """The sections the search plugin indexes of ``html``, as add_entry_from_context finds them."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return tuple(
        (section.id, "".join(section.title) if section.title else None, "".join(section.text))
        for section in parser.data
        if not section.is_excluded()
    )


def page_sections(html: str, cache: ParseCache | None) -> tuple[KeptSection, ...] | None:
    """The sections of a generated page whose HTML is ``html``, kept or from its search view.

    None when the page has no view: the search plugin must then read it whole.
    """
    key = ParseCache.key(html.encode("utf-8")) if cache is not None else None
    if key is not None:
        kept = cache.get(key)
        if kept is not None:
            return kept
    view = search_view(html)
    if view is None:
        return None
    sections = parsed_sections(view)
    if key is not None:
        cache.put(key, sections)
    return sections


def add_entries(index: SearchIndex, sections: tuple[KeptSection, ...], page) -> None:
    """Add a page's sections to the search index, as the search plugin adds those it parses."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    for anchor, title, text in sections:
        section = Section(Element("hx"))
        section.id = anchor
        # An empty title list is what makes the index use the page's title.
        section.title = [] if title is None else [title]
        section.text = [text]
        index.create_entry_for_section(section, page.toc, page.url, page)


def search_index(config) -> SearchIndex | None:
    """The index of Material's search plugin in this build, or None when it is not enabled."""
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
            return getattr(plugin, "search_index", None)
    return None
