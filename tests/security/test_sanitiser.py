"""Defence in depth in the renderer: URLs from data keep only safe
schemes; title attributes stay text."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import markdown
import pytest

from playbook.data.project import load_project
from playbook.site.pages import GeneratedPage
from playbook.site.rendering import Renderer, safe_url

from ..conftest import ROOT

PROJECT = load_project(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(PROJECT, "frameworks/x/", True, PROJECT.ui("en"))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
    ],
)
def test_markdown_links_with_other_schemes_lose_their_href(renderer, url):
    out = str(renderer.markdown(f"[click](<{url}>) and <a href='{url}'>raw</a>"))
    assert "href" not in out, out
    assert "click" in out and "raw" in out
    assert safe_url(url) == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c#d",
        "http://example.org",
        "mailto:team@example.org",
        "../glossary/#x",
        "#top",
        "notes.md",
    ],
)
def test_markdown_links_with_safe_urls_keep_them(renderer, url):
    out = str(renderer.markdown(f"[go]({url})"))
    assert f'href="{html.escape(url)}"' in out, out
    assert safe_url(url) == url


def test_title_attributes_are_escaped_text_for_tooltips(renderer):
    """Material's tooltips insert a title attribute as HTML, so its
    decoded value must be escaped text."""
    out = str(renderer.markdown('[a](https://example.org "<img src=x onerror=alert(1)> & b")'))
    assert 'title="&amp;lt;img src=x onerror=alert(1)&amp;gt; &amp;amp; b"' in out
    raw = str(renderer.markdown('<abbr title="<b>x</b>">X</abbr>'))
    assert 'title="&amp;lt;b&amp;gt;x&amp;lt;/b&amp;gt;"' in raw


def test_source_links_with_other_schemes_become_plain_citations(renderer):
    """The framework source box links only http(s), mailto or relative
    URLs; otherwise it cites the title."""
    framework = next(iter(PROJECT.frameworks.values()))
    for url, linked in (("javascript:alert(1)", False), ("https://example.org/", True)):
        source = SimpleNamespace(**{**vars(framework.sources[0]), "url": url})
        fake = SimpleNamespace(id=framework.id, sources=(source,))
        out = renderer.render("source_box.html.j2", framework=fake)
        assert ('href="https://example.org/"' in out) is linked
        assert "javascript" not in out
        assert ("<cite>" in out) is not linked


def test_generated_page_markdown_escapes_its_title(renderer):
    """The page's h1 is the title as text (HTML- and Markdown-escaped); its
    label for the nav is escaped HTML."""
    hostile = "{{ 7*7 }} <img src=x onerror=alert(1)> *b* {: #id }"
    page = GeneratedPage("map.md", hostile, lambda r: "BODY", "reference")
    first_line = page.markdown(renderer).splitlines()[0]
    assert "<img" not in first_line and "\\{\\{ 7\\*7 \\}\\}" in first_line
    assert str(page.label) == html.escape(hostile)
    # Converted as MkDocs does (attr_list included), the h1 holds exactly the title's text.
    heading = markdown.markdown(first_line, extensions=["attr_list", "toc"])
    assert "<img" not in heading and 'id="id"' not in heading
    assert html.unescape(re.sub(r"<[^>]+>", "", heading)) == hostile
