"""axe-core finds no serious or critical violation on any page type, search dialog included."""

from __future__ import annotations

import pytest

from .conftest import run_axe

pytestmark = pytest.mark.browser

PAGE_TYPES = [
    "",
    "frameworks/some-model/",
    "assessments/some-model/",
    "checklists/phase-0-readiness/",
    "glossary/",
    "map/",
    "tools/",
    "scoring/",
]


@pytest.mark.parametrize("path", PAGE_TYPES, ids=lambda p: p or "home")
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
