"""In the browser, hostile titles stay text: on the page, in the nav (hovered, with Material's
tooltips on), in a content tooltip and in search results; no payload runs and no dialog opens."""

from __future__ import annotations

import pytest

from ..security.hostile import (
    FRAMEWORK_TITLE,
    LINK_TITLE,
    LOCAL_TITLE,
    NAV_SECTION,
    WIDGET_STRING,
    hostile_site,
)
from .conftest import serve_site
from .tools_helpers import checked_context

pytestmark = [pytest.mark.browser, pytest.mark.build]

# Anything a payload runs sets window.__pwned or opens a dialog; live
# payload images would request /x.
RAN = '() => [window.__pwned, document.querySelectorAll(\'img[src="x"], img[src$="/x"]\').length]'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile build (shared with tests/security in this session), served over local HTTP."""
    built = hostile_site(tmp_path_factory)
    # The real index: one test reads the hostile title in the search results.
    with serve_site(built.site, real_search=True) as url:
        yield built, url


@pytest.fixture
def hostile_page(browser, hostile):
    """A page on the hostile site, checked for errors and foreign
    requests, recording every dialog."""
    built, url = hostile
    with checked_context(browser, url) as page:
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        yield page, built


def label_text(locator) -> str:
    return " ".join(locator.text_content().split())


def test_titles_show_literally_and_nothing_runs(hostile_page):
    """The h1, <title>, the nav's labels and section title all show the data's text as written."""
    page, built = hostile_page
    page.goto(f"frameworks/{built.framework_id}/")
    heading = page.locator("article h1")
    assert label_text(heading).removesuffix("¶").strip() == FRAMEWORK_TITLE
    assert page.title() == f"{FRAMEWORK_TITLE} - {built.site_name}"
    nav = page.locator("nav.md-nav--primary")
    link = nav.locator(f'a[href$="frameworks/{built.framework_id}/"]').first
    assert label_text(link) == FRAMEWORK_TITLE
    assert nav.get_by_text(NAV_SECTION, exact=True).count() >= 1
    link.hover()
    assert page.evaluate(RAN) == [None, 0] and page.dialogs == []


def test_hovering_an_overflowing_hostile_nav_label_runs_nothing(hostile_page):
    """Material copies an overflowing nav label into an HTML tooltip; the long hostile
    label overflows, is hovered, and still runs nothing (it carries .smp-ellipsis,
    which Material's tooltip ignores)."""
    page, built = hostile_page
    page.goto(f"checklists/{built.checklist_id}/")
    link = page.locator(f'nav.md-nav--primary a[href$="checklists/{built.checklist_id}/"]').first
    label = link.locator("span").first
    label.scroll_into_view_if_needed()
    assert label.evaluate("e => e.scrollWidth > e.offsetWidth"), (
        "the label must overflow for this test"
    )
    assert label_text(link) == LOCAL_TITLE
    link.hover()
    # Material would add its tooltip on hover; give its scheduler a few frames, then look.
    page.evaluate("() => new Promise((done) => setTimeout(done, 600))")
    assert page.evaluate(RAN) == [None, 0] and page.dialogs == []
    assert label_text(link) == LOCAL_TITLE


def test_content_tooltip_shows_a_hostile_link_title_as_text(hostile_page):
    """A link title from data Markdown becomes Material's tooltip,
    showing the text, running nothing."""
    page, _ = hostile_page
    page.goto("")
    link = page.locator("article a[href='https://example.org/']").first
    link.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip2").filter(has_text="onerror").first
    tooltip.wait_for()
    assert label_text(tooltip) == LINK_TITLE
    assert page.evaluate(RAN) == [None, 0] and page.dialogs == []


def test_search_results_show_the_hostile_title_as_text(hostile_page):
    """Material's search renders result titles as HTML: the hostile title
    shows as text and runs nothing."""
    page, built = hostile_page
    page.goto("")
    page.locator(".md-search__input").first.focus()
    page.keyboard.type("onerror")
    result = page.locator(
        f'.md-search-result__link[href*="frameworks/{built.framework_id}/"]'
    ).first
    result.wait_for()
    assert FRAMEWORK_TITLE in label_text(result.locator("h1").first)
    assert page.evaluate(RAN) == [None, 0] and page.dialogs == []


def test_widgets_with_hostile_strings_and_titles_run_nothing(hostile_page):
    """The assessment (hostile title, dimension, stage and UI string) and the action plan
    (hostile title) load and score with their scripts; the payloads stay text."""
    page, built = hostile_page
    page.goto(f"assessments/{built.assessment_id}/")
    page.locator("fieldset[data-question] input[type=radio]").first.check()
    page.locator("[data-a='res']:not([hidden])").wait_for()
    assert WIDGET_STRING in label_text(page.locator(".smp-score"))
    assert page.evaluate(RAN) == [None, 0] and page.dialogs == []
    page.goto("action-plan/")
    assert label_text(page.locator("article h1")).removesuffix("¶").strip() == WIDGET_STRING
    assert page.evaluate(RAN) == [None, 0] and page.dialogs == []
