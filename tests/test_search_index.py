"""The search index holds what readers search for, not the widgets' controls (issue 14, item 3).

Material's search plugin skips elements marked ``data-search-exclude``; the templates mark form
controls, notices, script-filled results and tool buttons, so the index stays small and useful.
Expectations come from the data, so a fork's assessments are checked the same way.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from playbook.data.project import load_project

from .conftest import ROOT

PROJECT = load_project(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def index(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def page_text(index: list[dict], location: str) -> str:
    """Every title and text the index holds for one page (all its sections), unescaped."""
    return html.unescape(
        " ".join(
            f"{doc['title']} {doc['text']}"
            for doc in index
            if doc["location"].split("#")[0] == location
        )
    )


@pytest.mark.parametrize("assessment", PROJECT.assessments.values(), ids=lambda a: a.id)
def test_questions_are_found_and_answer_labels_are_not_indexed_per_question(index, assessment):
    """Each question's text is in the index; the scale's labels are not repeated per question."""
    text = page_text(index, f"assessments/{assessment.id}/")
    assert text, f"assessments/{assessment.id}/ is missing from the search index"
    for question in assessment.questions:
        assert " ".join(question.text.split()) in text, question.id
    labels = [level.label for level in assessment.levels]
    if assessment.not_applicable:
        labels.append(assessment.not_applicable)
    questions = len(assessment.questions)
    for label in labels:
        # A label may appear in prose (the stage table, a help text), but never once per question.
        assert text.count(label) < questions, (label, text.count(label), questions)


def test_tool_buttons_are_not_indexed(index):
    """The export buttons of the generated tool pages are not search results.

    Hand-written pages may still name the buttons in prose (the export format does).
    """
    from playbook.site.pages import generated_pages

    english = PROJECT.ui("en")
    locations = {page.src_uri.removesuffix(".md") + "/" for page in generated_pages(PROJECT, "en")}
    tool_text = " ".join(doc["text"] for doc in index if doc["location"].split("#")[0] in locations)
    assert tool_text
    for key in ("assessment.export_json", "assessment.export_csv", "checklist.add_unchecked"):
        assert english[key] not in tool_text, key


def test_the_action_plan_indexes_its_intro_but_not_its_table(index):
    """The plan's row template and column labels stay out of the
    index; its introduction stays in."""
    english = PROJECT.ui("en")
    text = page_text(index, "action-plan/")
    assert english["actions.intro"].split(".")[0] in text
    for key in ("actions.status_todo", "actions.status_doing", "actions.empty"):
        assert english[key] not in text, key


def test_excluded_blocks_hold_no_element_of_their_own_tag(site: Path):
    """Material's search parser compares elements by tag name, so the first closing tag of the same
    name inside an excluded block would end the exclusion early: no page may have that shape."""
    from html.parser import HTMLParser

    void = {"input", "br", "img", "hr", "meta", "link", "source", "area", "col", "embed", "wbr"}

    class Shapes(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open: list[tuple[str, bool]] = []
            self.bad: list[str] = []

        def handle_starttag(self, tag, attrs):
            if any(t == tag and excluded for t, excluded in self.open):
                self.bad.append(tag)
            if tag not in void:
                excluded = any(name == "data-search-exclude" for name, _ in attrs)
                self.open.append((tag, excluded))

        def handle_endtag(self, tag):
            # Close up to the matching tag, as a browser would.
            for depth in range(len(self.open) - 1, -1, -1):
                if self.open[depth][0] == tag:
                    del self.open[depth:]
                    break

    for page in site.rglob("*.html"):
        parser = Shapes()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.bad == [], page


@pytest.mark.parametrize("framework", PROJECT.frameworks.values(), ids=lambda f: f.id)
def test_framework_pages_index_every_element_and_keep_their_own_markup(site, index, framework):
    """Search reads a framework page through its search view (search_view.py): every element's
    heading and checklist item is found, and the page served keeps the markup the view drops."""
    text = " ".join(page_text(index, f"frameworks/{framework.id}/").split())
    page = (site / "frameworks" / framework.id / "index.html").read_text(encoding="utf-8")
    for element in framework.elements:
        assert " ".join(element.heading.split()) in text, element.ref
        assert f'data-element="{element.ref}"' in page, element.ref
        for item in element.checklist:
            assert " ".join(item.text.split()) in text, item.id
            assert f'data-item="{item.id}"' in page and f'--{item.id}">' in page, item.id


def test_hidden_widget_headings_make_no_empty_entries(index):
    """A widget's headings that search leaves out (results, team view, progress) make no entry.

    Material's parser starts a section at every heading, also inside an element marked
    data-search-exclude, and titles the empty entry with the page's name; the plugin holds such
    elements until the index has read the page. Every generated page and the home page are
    checked: an entry with neither text nor a heading of its own there would be one of those.
    """
    from playbook.site.pages import generated_pages

    locations = {page.src_uri.removesuffix(".md") + "/" for page in generated_pages(PROJECT)}
    locations.add("")
    checked = [doc for doc in index if doc["location"].split("#")[0] in locations]
    assert len({doc["location"].split("#")[0] for doc in checked}) == len(locations)
    empty = [doc["location"] for doc in checked if "#" in doc["location"] and not doc["text"]]
    assert empty == []
