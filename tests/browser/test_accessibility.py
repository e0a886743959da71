"""axe-core finds no serious or critical violation on the pages without widgets, in both
colour schemes, and in the open search dialog."""

from __future__ import annotations

import pytest

from .conftest import run_axe

pytestmark = pytest.mark.browser

# Pages without widgets. Pages with widgets get their axe runs in their own tests, in both schemes
# and with their widgets filled in: home (test_home.py), assessments (test_assessment.py),
# checklists and framework pages (test_checklists.py), the tools (test_actions.py).
PAGE_TYPES = ["glossary/", "map/", "tools/", "scoring/"]


@pytest.mark.parametrize("path", PAGE_TYPES, ids=str)
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_violations(page, path, scheme):
    page.add_init_script(
        "try { localStorage.setItem('/.__palette', JSON.stringify("
        f"{{index: {0 if scheme == 'default' else 1}, color: {{scheme: '{scheme}'}}}})) }}"
        " catch (e) {}"
    )
    page.goto(path)
    assert page.locator("body").get_attribute("data-md-color-scheme") == scheme
    violations = run_axe(page)
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


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
