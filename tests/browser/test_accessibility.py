"""axe-core finds no serious or critical violation on the pages without widgets, in both
colour schemes, and in the open search dialog."""

from __future__ import annotations

import pytest

from .conftest import NO_VIOLATIONS, axe_in_both_schemes, run_axe

pytestmark = pytest.mark.browser

# Pages without widgets. Pages with widgets get their axe runs in their own tests, in both schemes
# and with their widgets filled in: home (test_home.py), assessments (test_assessment.py),
# checklists and framework pages (test_checklists.py), the tools (test_actions.py).
PAGE_TYPES = ["glossary/", "map/", "tools/", "scoring/"]


@pytest.mark.parametrize("path", PAGE_TYPES, ids=str)
def test_no_serious_violations_in_either_scheme(page, path):
    page.goto(path)
    assert axe_in_both_schemes(page) == NO_VIOLATIONS


def test_the_run_in_the_dark_scheme_sees_the_dark_colours(page):
    """A planted fault that only the dark scheme has: dark grey text, fine on white and nearly
    invisible on slate. The second run must see the switched colours, not the first ones."""
    page.goto("about/")
    page.evaluate(
        "() => document.querySelectorAll('article p').forEach((p) => { p.style.color = '#333'; })"
    )
    found = axe_in_both_schemes(page)
    assert found["default"] == []
    assert [rule for rule, _ in found["slate"]] == ["color-contrast"]


@pytest.mark.real_search
def test_search_dialog_has_a_name_when_open(page):
    page.goto("")
    page.keyboard.press("s")
    dialog = page.locator(".md-search[role=dialog]")
    assert dialog.get_attribute("aria-label")
    # The search index loads in a web worker; under load a query typed before it
    # is ready is dropped, so retype.
    for _ in range(6):
        page.locator(".md-search__input").fill("")
        page.locator(".md-search__input").press_sequentially("listening")
        try:
            page.wait_for_selector(".md-search-result__item", timeout=5000)
            break
        except Exception:  # retry until the worker has the index
            continue
    assert page.locator(".md-search-result__item").count() > 0
    violations = run_axe(page)
    assert violations == [], [
        (v["id"], [n["target"] for n in v["nodes"]][:3], v["nodes"][0].get("failureSummary"))
        for v in violations
    ]
