"""Data is never code: in a build whose titles hold Jinja and markup,
everything shows as the text it is.

One hostile build (tests/security/hostile.py) puts ``{{ 7*7 }}`` and an ``<img onerror>``
into a framework title, a UI string that titles a nav section, a data/local/ override,
and a title of every other kind.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup as MarkupString

from playbook.site.theme import ellipsis_class

from .hostile import FRAMEWORK_TITLE, LINK_TITLE, LOCAL_TITLE, NAV_SECTION, OTHER, WIDGET_STRING

pytestmark = pytest.mark.build


def text_of(fragment: str) -> str:
    """The text a browser shows for an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", fragment)).split())


def page(hostile, path: str) -> str:
    return (hostile.site / path / "index.html").read_text(encoding="utf-8")


def h1(document: str) -> str:
    return text_of(
        re.search(r"<h1\b[^>]*>(.*?)(?:<a class=\"headerlink\"|</h1>)", document, re.S)[1]
    )


def html_title(document: str) -> str:
    return text_of(re.search(r"<title>(.*?)</title>", document, re.S)[1])


def primary_nav(document: str) -> str:
    return re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', document, re.S)[0]


def nav_labels(document: str) -> list[str]:
    """The text of every label in the primary navigation (links and section titles)."""
    labels = re.findall(
        r'<span class="(?:md|smp)-ellipsis">(.*?)</span>', primary_nav(document), re.S
    )
    return [text_of(label) for label in labels]


class Markup(HTMLParser):
    """Every start tag of a page, with its attributes decoded as a browser would."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(document: str) -> list[tuple[str, dict]]:
    parser = Markup()
    parser.feed(document)
    return parser.tags


def test_the_hostile_build_passes_the_strict_build(hostile):
    """Markup and Jinja in titles are text, not errors: the strict build
    succeeds (the fixture asserts it)."""
    assert (hostile.site / "index.html").is_file()


def test_framework_title_is_literal_on_its_page_in_title_nav_and_home(hostile):
    """The issue's example title shows as itself in the h1,
    <title>, nav and the home page's card."""
    document = page(hostile, f"frameworks/{hostile.framework_id}")
    assert h1(document) == FRAMEWORK_TITLE
    assert html_title(document) == f"{FRAMEWORK_TITLE} - {hostile.site_name}"
    assert FRAMEWORK_TITLE in nav_labels(document)
    home = page(hostile, "")
    card = re.search(
        rf'data-framework="{hostile.framework_id}">\s*<p class="smp-card__title">(.*?)</p>',
        home,
        re.S,
    )
    assert text_of(card[1]) == FRAMEWORK_TITLE
    assert FRAMEWORK_TITLE in nav_labels(home)


def test_header_and_footer_show_titles_as_text(hostile):
    """Material's header topic and the footer's previous/next links (text
    and aria-label) print titles too."""
    document = page(hostile, f"frameworks/{hostile.framework_id}")
    topic = re.search(
        r'data-md-component="header-topic">\s*<span class="[^"]*">(.*?)</span>', document, re.S
    )
    assert text_of(topic[1]) == FRAMEWORK_TITLE
    footer_titles, footer_labels = [], []
    for path in sorted(hostile.site.rglob("*.html")):
        for link in re.findall(
            r'<a [^>]*class="md-footer__link[^"]*".*?</a>', path.read_text(encoding="utf-8"), re.S
        ):
            footer_labels.append(html.unescape(re.search(r'aria-label="([^"]*)"', link)[1]))
            footer_titles.append(
                text_of(re.search(r'<div class="[^"]*ellipsis">(.*?)</div>', link, re.S)[1])
            )
    assert FRAMEWORK_TITLE in footer_titles
    assert any(label.endswith(f": {FRAMEWORK_TITLE}") for label in footer_labels)


def test_nav_labels_that_show_a_less_than_sign_get_no_tooltip_class(hostile):
    """Every label of the navigation gets the class the smp_ellipsis filter gives its HTML: the
    hostile titles smp-ellipsis (no HTML tooltip), the others md-ellipsis, on three kinds of
    page."""
    for path in ("", f"frameworks/{hostile.framework_id}", "glossary"):
        spans = re.findall(
            r'<span class="((?:md|smp)-ellipsis)">(.*?)</span>',
            primary_nav(page(hostile, path)),
            re.S,
        )
        classes = {text_of(label): kind for kind, label in spans}
        assert classes[FRAMEWORK_TITLE] == "smp-ellipsis", path
        assert classes[NAV_SECTION] == "smp-ellipsis", path
        assert "md-ellipsis" in classes.values(), path
        for kind, label in spans:
            assert kind == ellipsis_class(MarkupString(label.strip())), (path, label)


def test_ui_string_nav_section_title_is_literal(hostile):
    """A UI string from data/strings that titles a nav section shows as its text on every page."""
    for path in ("", f"frameworks/{hostile.framework_id}", "glossary"):
        assert NAV_SECTION in nav_labels(page(hostile, path)), path


def test_ui_strings_for_page_titles_and_widgets_are_literal(hostile):
    """A UI string that titles a page (the action plan) and one the
    widgets show are text and JSON."""
    document = page(hostile, "action-plan")
    assert h1(document) == WIDGET_STRING
    assert WIDGET_STRING in nav_labels(document)
    strings = re.search(
        r'<script type="application/json" id="smp-strings">(.*?)</script>', document, re.S
    )
    if strings:
        assert "<img" not in strings[1]
        assert json.loads(strings[1])["assessment.overall"] == WIDGET_STRING
    overall = re.search(
        r'<p class="smp-score"[^>]*>(.*?)<strong',
        page(hostile, f"assessments/{hostile.assessment_id}"),
        re.S,
    )
    assert text_of(overall[1]) == WIDGET_STRING


def test_local_override_title_is_literal(hostile):
    """A title from a data/local/ override lands like upstream data:
    escaped in h1, <title> and nav."""
    document = page(hostile, f"checklists/{hostile.checklist_id}")
    assert h1(document) == LOCAL_TITLE
    assert html_title(document) == f"{LOCAL_TITLE} - {hostile.site_name}"
    assert LOCAL_TITLE in nav_labels(document)


@pytest.mark.parametrize(
    ("where", "pattern"),
    [
        ("assessment", r"<h1\b[^>]*>(.*?)<a class=\"headerlink\""),
        ("dimension", r'<h2 id="dim-{dimension_id}">(.*?)</h2>'),
        ("element", r'<h3 id="{element_id}">(.*?)<a class="headerlink"'),
        ("term", r'<h2 id="{term_id}">(.*?)<a class="headerlink"'),
        ("concern", r'<h2 id="{concern_id}">(.*?)<a class="headerlink"'),
        ("tool", r'<tr id="{tool_id}"><th scope="row">(.*?)</th>'),
    ],
)
def test_every_kind_of_title_is_literal(hostile, where, pattern):
    """Assessments, dimensions, elements, terms, concerns and
    tools: each title shows as its text."""
    path = {
        "assessment": f"assessments/{hostile.assessment_id}",
        "dimension": f"assessments/{hostile.assessment_id}",
        "element": f"frameworks/{hostile.framework_id}",
        "term": "glossary",
        "concern": "map",
        "tool": "tools",
    }[where]
    found = re.search(pattern.format(**vars(hostile)), page(hostile, path), re.S)
    assert found is not None and text_of(found[1]) == OTHER


def test_no_page_carries_markup_from_the_data(hostile):
    """No built page has an event-handler attribute or the payloads'
    <img>: every payload stayed text."""
    pages = sorted(hostile.site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        for tag, attributes in tags_of(path.read_text(encoding="utf-8")):
            handlers = [name for name in attributes if name.startswith("on")]
            assert handlers == [], f"{path}: <{tag}> has {handlers}"
            assert not (tag == "img" and attributes.get("src") == "x"), f"{path}: live <img src=x>"


def test_title_attributes_in_content_are_text_for_materials_tooltips(hostile):
    """Material shows a content title attribute as HTML: each must decode to text without markup."""
    checked = 0
    for path in sorted(hostile.site.rglob("*.html")):
        document = path.read_text(encoding="utf-8")
        article = re.search(
            r'<article class="md-content__inner md-typeset">(.*)</article>', document, re.S
        )
        for _, attributes in tags_of(article[1] if article else ""):
            if "title" in attributes:
                checked += 1
                assert "<" not in attributes["title"], f"{path}: title={attributes['title']!r}"
    home = page(hostile, "")
    assert f'title="{html.escape(html.escape(LINK_TITLE, quote=False))}"' in home
    assert checked > 10


def test_templates_never_evaluate_data(hostile):
    """``{{ 7*7 }}`` is printed as written everywhere; nothing read it as a template."""
    for path in sorted(hostile.site.rglob("*.html")):
        document = path.read_text(encoding="utf-8")
        assert not re.search(r"49\s*(&lt;|<)img", document), path
    assert "{{ 7*7 }}" in page(hostile, f"frameworks/{hostile.framework_id}")


def test_search_index_holds_titles_as_escaped_html(hostile):
    """Material's search shows index titles as HTML: each decodes to
    the data's text, with no tags."""
    index = json.loads((hostile.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    framework = titles[f"frameworks/{hostile.framework_id}/"]
    assert "<" not in framework and text_of(framework) == FRAMEWORK_TITLE
    local = titles[f"checklists/{hostile.checklist_id}/"]
    assert "<" not in local and text_of(local) == LOCAL_TITLE
    for doc in index["docs"]:
        assert "<img" not in doc["title"] + doc["text"], doc["location"]


def test_json_api_carries_titles_as_plain_strings(hostile):
    """The JSON API is data: titles are JSON strings equal to the data, for consumers to escape."""
    frameworks = json.loads((hostile.site / "api" / "frameworks.json").read_text(encoding="utf-8"))
    assert FRAMEWORK_TITLE in [framework["title"] for framework in frameworks]


def test_widget_data_in_attributes_is_escaped(hostile):
    """The assessment's data for its script sits in an attribute; decoded, it is the data's JSON."""
    document = page(hostile, f"assessments/{hostile.assessment_id}")
    model = next(
        attributes["data-model"]
        for tag, attributes in tags_of(document)
        if tag == "form" and "data-model" in attributes
    )
    dimensions = json.loads(model)["dimensions"]
    assert dimensions[0]["title"] == OTHER
