"""Every built page carries a Content-Security-Policy whose script-src
allows exactly its inline scripts."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from playbook.site.csp import SIDEBARS_END, SIDEBARS_START, inline_scripts, policy, with_policy

pytestmark = pytest.mark.build

REQUIRED = ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")
# What a browser runs as classic or module script; every other type is a data block.
JAVASCRIPT_TYPES = {None, "", "module", "text/javascript", "application/javascript"}


class Scripts(HTMLParser):
    """The inline executable scripts of a page and its CSP meta tags,
    read by the standard HTML parser."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.policies: list[str] = []
        self.first_script_at: int | None = None
        self.policy_at: int | None = None
        self._open: dict | None = None
        self._text: list[str] = []
        self._tags = 0

    def handle_starttag(self, tag, attrs):
        self._tags += 1
        attributes = dict(attrs)
        if (
            tag == "meta"
            and (attributes.get("http-equiv") or "").lower() == "content-security-policy"
        ):
            self.policies.append(attributes["content"])
            self.policy_at = self._tags
        if tag == "script":
            if self.first_script_at is None:
                self.first_script_at = self._tags
            self._open, self._text = attributes, []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            kind = self._open.get("type")
            if "src" not in self._open and (kind or "").lower() in JAVASCRIPT_TYPES:
                self.scripts.append("".join(self._text))
            self._open = None


def sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def directives(content: str) -> dict[str, list[str]]:
    parsed = {}
    for part in filter(None, (p.strip() for p in content.split(";"))):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def read(document: str) -> Scripts:
    parser = Scripts()
    parser.feed(document)
    parser.close()
    return parser


def test_every_page_has_a_policy_with_exactly_its_inline_scripts(site):
    """All HTML pages (404 included): one CSP meta before any script;
    script-src = 'self' + their hashes."""
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages
    for path in pages:
        found = read(path.read_text(encoding="utf-8"))
        assert len(found.policies) == 1, path
        assert found.first_script_at is None or found.policy_at < found.first_script_at, path
        policy_of_page = directives(found.policies[0])
        for required in REQUIRED:
            name, value = required.split(" ", 1)
            assert policy_of_page.get(name) == [value], (path, name)
        script_src = policy_of_page["script-src"]
        assert script_src[0] == "'self'", path
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert sorted(script_src[1:]) == sorted({sha256(s) for s in found.scripts}), path
        assert found.scripts, f"{path}: expected Material's inline scripts"


def test_material_pages_have_no_inline_styles_or_event_handlers(site):
    """style-src stays 'self' without 'unsafe-inline': no page has a <style> element or a style
    attribute; no page has an inline event handler (which no hash could allow)."""
    for path in sorted(site.rglob("*.html")):
        document = path.read_text(encoding="utf-8")
        assert not re.search(r"<style\b", document, re.I), path
        assert not re.search(r"<[a-z][^>]*\sstyle\s*=", document, re.I), path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", document, re.I), path


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("<script>a()</script>", ["a()"]),
        ('<script type="module">m()</script>', ["m()"]),
        ("<script type='text/javascript'>b()</script>", ["b()"]),
        ('<script type="application/json">{"a": 1}</script>', []),
        ('<script id="__config" type="application/json">{}</script>', []),
        ('<script src="x.js"></script>', []),
        ("<!-- <script>c()</script> -->", []),
        ("<SCRIPT>d()</SCRIPT >", ["d()"]),
    ],
)
def test_inline_scripts_are_the_executable_ones(snippet, expected):
    assert inline_scripts(f"<html><head></head><body>{snippet}</body></html>") == expected


def test_every_page_marks_its_sidebars_and_nothing_else(site):
    """The policy pass skips the marked sidebars (overrides/main.html): on every page the marks
    come once each, in order, around the navigation and the table of contents, and the article
    stays outside them."""
    for path in sorted(site.rglob("*.html")):
        document = path.read_text(encoding="utf-8")
        assert document.count(SIDEBARS_START) == document.count(SIDEBARS_END) == 1, path
        start, end = document.index(SIDEBARS_START), document.index(SIDEBARS_END)
        assert start < document.index('data-md-type="navigation"') < end, path
        assert end < document.index('<article class="md-content__inner'), path


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            f"<script>a()</script>{SIDEBARS_START}<script>n()</script>{SIDEBARS_END}"
            "<script>b()</script>",
            ["a()", "b()"],
        ),
        # Marks missing or out of order: the whole page is read.
        (f"<script>a()</script>{SIDEBARS_START}<script>n()</script>", ["a()", "n()"]),
        (f"<script>a()</script>{SIDEBARS_END}<script>n()</script>{SIDEBARS_START}", ["a()", "n()"]),
        # A mark in a title of the navigation widens what is skipped, never what is hashed.
        (
            f"{SIDEBARS_START}<script>n()</script>{SIDEBARS_END}x{SIDEBARS_END}"
            "<script>b()</script>",
            ["b()"],
        ),
    ],
)
def test_a_script_in_the_marked_sidebars_gets_no_hash(page, expected):
    """What stands between the marks is not read: a script there is not allowed to run."""
    assert inline_scripts(f"<html><head></head><body>{page}</body></html>") == expected
    assert sha256("n()") not in policy(page) or "n()" in expected


def test_policy_is_inserted_before_the_first_script():
    page = '<html><head><meta charset="utf-8"><script>x()</script></head><body></body></html>'
    out = with_policy(page)
    assert out.index("Content-Security-Policy") < out.index("<script>")
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy")
    assert sha256("x()") in policy(page)


@pytest.mark.parametrize(
    "page",
    [
        '<html><head><meta charset="utf-8"><script>x()</script></head><body>é</body></html>',
        "<html><HEAD lang=en><script>x()</script></HEAD><body><head>“</head></body></html>",
        "<!-- <head> --><html><head></head><body><p>&lt;head&gt; <head> ✓</p></body></html>",
        "<html><head><head><script>y()</script></head></html>",
    ],
)
def test_the_policy_goes_right_after_the_first_head_tag_and_its_charset(page):
    """The page comes back whole, with the policy inserted where the first <head ...> tag (and
    the charset declaration right after it) ends, even when the same text occurs later."""
    head = re.search(r"<head\b[^>]*>", page, re.I)
    at = head.end()
    charset = re.match(r'<meta charset="utf-8">', page[at:])
    at += charset.end() if charset else 0
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(page)}">'
    assert with_policy(page) == page[:at] + meta + page[at:]
