"""The home page as the start of the reader's path: hero, progress from saved state, steps, tools.

Expectations come from the data (the first assessment by order, the tool pages the build
makes), so a fork with other content stays green.
"""

from __future__ import annotations

import json

import pytest

from playbook.data.project import load_project
from playbook.site.pages import tool_pages
from playbook.tools.scoring import score

from ..conftest import ROOT
from .conftest import NO_VIOLATIONS, axe_in_both_schemes
from .tools_helpers import BLOCKED

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
# The home page starts readers on the first assessment in the data's order.
MAIN = next(iter(PROJECT.assessments.values()))
# A checklist whose ticks count as work in progress (recurring ones start over).
CHECKLIST = next(c for c in PROJECT.checklists.values() if c.recurrence == "none")
FIRST_SECTION = PROJECT.sections(CHECKLIST)[0]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])


def page_path(src_uri: str) -> str:
    return src_uri.removesuffix(".md") + "/"


def saved_state(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def figure(page, kind: str, entity_id: str | None = None):
    selector = f"[data-progress-kind={kind}]"
    if entity_id:
        selector += f"[data-progress-id='{entity_id}']"
    return page.locator(f"{selector} [data-figure]")


def test_the_hero_leads_to_the_first_assessment_and_to_the_frameworks(page):
    page.goto("")
    primary = page.locator(".smp-hero .md-button--primary")
    assert primary.inner_text() == "Assess your maturity"
    primary.click()
    page.wait_for_url(f"**/assessments/{MAIN.id}/")
    page.goto("")
    page.get_by_role("link", name="Browse the frameworks").click()
    assert page.locator("#frameworks").is_visible()
    about = page.locator(".smp-hero .smp-muted").inner_text()
    assert f"{len(MAIN.questions)} questions" in about


@VIEWPORTS
def test_a_first_visit_shows_the_three_steps_and_no_progress(page, viewport):
    page.set_viewport_size(viewport)
    page.goto("")
    steps = page.locator("[data-first-visit] li")
    assert steps.count() == 3 and page.locator("[data-first-visit]").is_visible()
    hrefs = [
        steps.nth(i).locator("a").evaluate("a => new URL(a.href).pathname + new URL(a.href).hash")
        for i in range(3)
    ]
    assert hrefs[0].endswith(f"/assessments/{MAIN.id}/")
    assert hrefs[1].endswith("/action-plan/") and hrefs[2].endswith("/#checklists")
    assert page.locator("[data-progress]").is_hidden()


def test_your_progress_reads_saved_state_and_writes_nothing(page):
    question = MAIN.questions[0]
    level = MAIN.levels[-1].value
    unit = FIRST_SECTION.include or CHECKLIST.id
    item = FIRST_SECTION.items[0].id
    total = sum(len(section.items) for section in PROJECT.sections(CHECKLIST))
    plan = {
        "items": [
            {"id": "a", "text": "One", "status": "todo"},
            {"id": "b", "text": "Two", "status": "done"},
            "not an action",
        ]
    }
    seeded = {
        f"smp:v1:assessment:{MAIN.id}": {"version": MAIN.version, "answers": {question.id: level}},
        f"smp:v1:checklist:{unit}": {"items": {item: {"done": True}}},
        "smp:v1:actions:plan": plan,
    }
    page.goto("")
    page.evaluate(
        "s => { for (const [k, v] of Object.entries(s))"
        " localStorage.setItem(k, JSON.stringify(v)) }",
        seeded,
    )
    before = saved_state(page)
    page.reload()
    expected = score(MAIN, {question.id: level})
    assert figure(page, "assessment", MAIN.id).inner_text() == (
        f"Score {expected.score}, 1 of {len(MAIN.questions)} answered"
    )
    assert figure(page, "checklist", CHECKLIST.id).inner_text() == f"1 of {total} done"
    assert figure(page, "plan").inner_text() == "1 open item"
    # Only what was started shows; the steps give way to the progress row.
    shown = page.locator("[data-progress-kind]:visible")
    assert shown.count() == 3
    assert page.locator("[data-first-visit]").is_hidden()
    assert saved_state(page) == before


@pytest.mark.parametrize("fault", ["blocked", "corrupt"])
def test_storage_trouble_leaves_the_first_visit_view(page, fault):
    if fault == "blocked":
        page.add_init_script(BLOCKED)
    else:
        page.add_init_script(
            f"localStorage.setItem('smp:v1:assessment:{MAIN.id}', '{{oops');"
            "localStorage.setItem('smp:v1:actions:plan', '[1, 2');"
        )
    page.goto("")
    assert page.locator("[data-first-visit]").is_visible()
    assert page.locator("[data-progress]").is_hidden()
    if fault == "corrupt":
        # Read-only: the unreadable value is left where it was, for the tool to set aside.
        assert (
            page.evaluate(f"() => localStorage.getItem('smp:v1:assessment:{MAIN.id}')") == "{oops"
        )


@VIEWPORTS
def test_every_tool_is_reachable_from_home(page, viewport):
    page.set_viewport_size(viewport)
    page.goto("")
    for tool in tool_pages(PROJECT):
        link = page.locator(f".smp-home-tools a[href$='{page_path(tool.src_uri)}']")
        assert link.count() == 1, tool.src_uri
        link.scroll_into_view_if_needed()
        assert link.is_visible(), tool.src_uri


def test_axe_on_home_with_progress_and_on_a_shared_view_in_either_scheme(page):
    page.add_init_script(
        "localStorage.setItem('smp:v1:actions:plan',"
        + json.dumps(json.dumps({"items": [{"id": "a", "text": "One", "status": "todo"}]}))
        + ")"
    )
    page.goto("")
    assert page.locator("[data-progress]").is_visible()
    assert axe_in_both_schemes(page) == NO_VIOLATIONS
    question = MAIN.questions[0]
    page.goto(f"assessments/{MAIN.id}/#answers={MAIN.version},{question.id}:{MAIN.levels[0].value}")
    assert page.locator("[data-a=shared] [data-smp-notice]").is_visible()
    assert axe_in_both_schemes(page) == NO_VIOLATIONS
