"""Material's partials that print a title on one line are overridden,
and differ only where intended."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from markupsafe import Markup

from playbook.site.theme import ellipsis_class

from ..conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"


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
        if "smp_ellipsis" not in text:
            continue
        original = (MATERIAL / "partials" / override.name).read_text(encoding="utf-8")
        body = text.split("-#}\n", 1)[1]
        body = re.sub(r'class="\{\{ \([^"]*\) \| smp_ellipsis \}\}"', 'class="md-ellipsis"', body)
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


def test_the_theme_filter_is_there_even_with_the_plugin_off():
    """The overrides call smp_ellipsis on every page: enabled: false must not break the theme."""
    from jinja2 import Environment

    from playbook.site.plugin import PlaybookPlugin

    off = PlaybookPlugin()
    assert off.load_config({"enabled": False}) == ([], [])
    env = off.on_env(Environment(), config=None, files=None)
    assert env.from_string("{{ t | smp_ellipsis }}").render(t="<x>") == "smp-ellipsis"
