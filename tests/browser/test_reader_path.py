"""Issue 3's reader path, clicked through: a framework, its assessment, a
recommendation, the step, its checklist."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_framework_to_assessment_to_step_to_checklist(page):
    """Every hop is a real link on the page before it, and the tick at the end is saved."""
    page.goto("frameworks/some-model/")
    # 1. From the framework page to its self-assessment.
    page.locator(
        "#assessments-and-checklists ~ .smp-next a[href*='assessments/some-model']"
    ).first.click()
    page.wait_for_url("**/assessments/some-model/")
    form = page.locator("[data-assessment='some-model']")
    # 2. Answer every question with the lowest level, so the weakest dimensions get recommendations.
    for fieldset in form.locator("fieldset[data-question]").all():
        fieldset.locator("input[type=radio]").first.check()
    result = page.locator("[data-assessment-result]")
    assert result.get_attribute("data-score") == "0"
    recommendation = page.locator("[data-rec]:visible").first
    link = recommendation.locator("a[href*='frameworks/']").first
    href = link.get_attribute("href")
    # 3. Follow the recommendation to the step it names.
    link.click()
    anchor = href.split("#", 1)[1]
    page.wait_for_url(f"**#{anchor}")
    step = page.locator(f"[id='{anchor}']")
    assert step.is_visible()
    # 4. Tick the first item of that step's checklist; it is saved and survives a reload.
    framework = href.split("frameworks/", 1)[1].split("/", 1)[0]
    box = page.locator(f"[data-unit='{framework}/{anchor}'] input[type=checkbox]").first
    assert box.count() == 1, f"the step {framework}/{anchor} has no checklist"
    box.check()
    item = box.get_attribute("id")
    page.reload()
    assert page.locator(f"[id='{item}']").is_checked()
