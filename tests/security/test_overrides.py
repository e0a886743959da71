"""Material's partials that print a title on one line are overridden,
and differ only where intended."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from playbook.site.theme import ellipsis_class, unsafe_titles

from ..conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
# nav-item's class: a lookup in the set of unsafe titles rather than a filter call per item,
# the set read once as the partial is imported.
NAV_SET = "{% set smp_nav_unsafe_titles = smp_unsafe_titles %}\n"
NAV_CLASS = re.escape(
    'class="{% if smp_nav_unsafe_titles and ref.title in smp_nav_unsafe_titles %}smp-ellipsis'
    '{% else %}md-ellipsis{% endif %}"'
)


def test_every_partial_with_md_ellipsis_is_overridden():
    """Material's JS turns an overflowing .md-ellipsis into an HTML tooltip: every theme
    partial that has one (blog templates aside, the playbook has no blog) has an
    override choosing the class per title."""
    with_ellipsis = {
        path.relative_to(MATERIAL)
        for path in MATERIAL.rglob("*.html")
        if "md-ellipsis" in path.read_text(encoding="utf-8") and "blog" not in path.name
    }
    assert with_ellipsis, "Material no longer uses .md-ellipsis: review overrides/partials"
    for relative in with_ellipsis:
        override = OVERRIDES / relative
        assert override.is_file(), f"{relative} has .md-ellipsis but no override"
        assert 'class="md-ellipsis"' not in override.read_text(encoding="utf-8"), relative


def test_overrides_match_materials_partials_but_for_the_class():
    """Each override is Material's partial with only the header and the ellipsis class changed,
    so an upgrade of Material that changes a partial fails here until the override follows it."""
    for override in sorted((OVERRIDES / "partials").glob("*.html")):
        text = override.read_text(encoding="utf-8")
        if "smp_ellipsis" not in text and "smp_unsafe_titles" not in text:
            continue
        original = (MATERIAL / "partials" / override.name).read_text(encoding="utf-8")
        body = text.split("-#}\n", 1)[1]
        body = body.removeprefix(NAV_SET) if override.name == "nav-item.html" else body
        body = re.sub(r'class="\{\{ \([^"]*\) \| smp_ellipsis \}\}"', 'class="md-ellipsis"', body)
        body = re.sub(NAV_CLASS, 'class="md-ellipsis"', body)
        assert GENERATED + body == original, f"{override.name} drifted from Material's partial"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Plain title", "md-ellipsis"),
        (Markup("A &lt;b&gt; title"), "smp-ellipsis"),
        ("<img src=x>", "smp-ellipsis"),
        (Markup("&#60;img&#62;"), "smp-ellipsis"),
        (Markup("&LT;img"), "smp-ellipsis"),
        (Markup("Fish &amp; chips"), "md-ellipsis"),
        ("", "md-ellipsis"),
        (None, "md-ellipsis"),
    ],
)
def test_a_title_that_shows_a_less_than_sign_gets_no_tooltip_class(title, expected):
    assert ellipsis_class(title) == expected


def a_nav(tmp_path: Path, titles: dict[str, str]) -> tuple[Navigation, Files]:
    """A site of one page per title (file name: title): the first page, then a section titled
    "A &lt;b&gt; section" holding the others, then a link titled "<i>Home</i>"."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "S", "docs_dir": str(tmp_path / "docs"), "site_dir": "site"})
    files = Files([File(name, config.docs_dir, config.site_dir, False) for name in titles])
    pages = []
    for file in files:
        file.page = Page(None, file, config)
        file.page.meta = {"title": titles[file.src_uri]}
        file.page.markdown = ""
        pages.append(file.page)
    section = Section("A &lt;b&gt; section", pages[1:])
    link = Link("<i>Home</i>", "https://example.org/")
    return Navigation([pages[0], section, link], pages), files


def test_unsafe_titles_are_found_in_pages_sections_and_links(tmp_path):
    nav, files = a_nav(
        tmp_path, {"a.md": "Plain", "b.md": "A <b> page", "c.md": "Fish &amp; chips"}
    )
    found = unsafe_titles(nav.items, [file.page for file in files])
    assert found == {"A <b> page", "A &lt;b&gt; section", "<i>Home</i>"}


def test_the_theme_filter_and_titles_are_there_even_with_the_plugin_off(tmp_path):
    """The overrides call smp_ellipsis and read smp_unsafe_titles on every page: enabled: false
    must not break the theme, nor send every title out with the tooltip class."""
    from jinja2 import Environment

    from playbook.site.plugin import PlaybookPlugin

    off = PlaybookPlugin()
    assert off.load_config({"enabled": False}) == ([], [])
    nav, files = a_nav(tmp_path, {"a.md": "Plain", "b.md": "A <b> page"})
    off.on_nav(nav, config=None, files=files)
    env = off.on_env(Environment(), config=None, files=files)
    assert env.from_string("{{ t | smp_ellipsis }}").render(t="<x>") == "smp-ellipsis"
    assert env.globals["smp_unsafe_titles"] == {"A <b> page", "A &lt;b&gt; section", "<i>Home</i>"}
