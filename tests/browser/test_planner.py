"""The workflow planner: the day plan matches macros/worktools.py, it is saved, and the .ics file passes a standards check."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from icalendar import Calendar

from macros.project import load_project
from macros.worktools import day_plan, default_blocks, planner_frameworks, tasks

from .tools_helpers import BLOCKED, ROOT, download, enable_instant, instant, print_check, seed, stored

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
FRAMEWORK = next(f for f in planner_frameworks(PROJECT) if f.id == "social-media-workflow")
PATH = f"planner/{FRAMEWORK.id}/"
KEY = f"smp:v1:planner:{FRAMEWORK.id}"


def shown(page):
    """The table as (task id, block id, "HH:MM–HH:MM") rows, in page order."""
    return page.locator("[data-task]").evaluate_all("rows => rows.map(r => [r.dataset.task, r.querySelector('select').value, r.querySelector('[data-time]').textContent])")


def expected(start=None, end=None, assignment=None):
    return [[s.task.id, s.block.id, f"{s.start}–{s.end}"] for s in day_plan(FRAMEWORK, start, end, assignment)]


def test_default_plan_fills_the_blocks_by_priority():
    plan = day_plan(FRAMEWORK)
    assert [s.task.priority for s in plan] == sorted(s.task.priority for s in plan)
    assert len(plan) == len(tasks(FRAMEWORK)) == 8
    assert plan[0].start == FRAMEWORK.schedule.day_start and plan[-1].end == FRAMEWORK.schedule.day_end
    assert [s.block.id for s in plan] == ["morning"] * 3 + ["noon"] * 3 + ["afternoon"] * 2


def test_the_script_shows_the_same_plan_as_the_build(page):
    page.goto(PATH)
    assert [i.input_value() for i in page.locator("[data-hour]").all()] == ["09:00", "18:00"]
    assert shown(page) == expected()


def test_hours_and_blocks_change_the_plan_and_are_saved(page):
    page.goto(PATH)
    hours = page.locator("[data-hour]")
    hours.nth(0).fill("08:30")
    hours.nth(1).fill("17:00")
    assert shown(page) == expected("08:30", "17:00")
    # Engagement (priority 8) moves to the morning: it goes last among the morning tasks, which share the block.
    page.locator("[data-task=engagement] select").select_option("morning")
    moved = {**default_blocks(FRAMEWORK), "engagement": "morning"}
    assert shown(page) == expected("08:30", "17:00", moved)
    assert [r[0] for r in shown(page)][:4] == ["reputation-listening", "updating", "distribution", "engagement"]
    assert stored(page, KEY) == {"start": "08:30", "end": "17:00", "blocks": moved}
    page.reload()
    assert shown(page) == expected("08:30", "17:00", moved)
    page.locator("[data-act=reset]").click()
    assert shown(page) == expected()
    assert stored(page, KEY) is None


@pytest.mark.parametrize(("start", "end"), [("08:13", "17:00"), ("07:59", "19:01"), ("00:00", "23:59")])
def test_odd_hours_give_the_same_minutes_as_python(page, start, end):
    page.goto(PATH)
    page.locator("[data-hour]").nth(0).fill(start)
    page.locator("[data-hour]").nth(1).fill(end)
    assert shown(page) == expected(start, end)
    assert shown(page)[-1][2].endswith(end)


def test_impossible_hours_keep_the_last_plan_and_say_why(page):
    page.goto(PATH)
    page.locator("[data-hour]").nth(1).fill("08:00")
    notice = page.locator("[data-planner] [data-smp-notice]")
    assert "must end after it starts" in notice.inner_text()
    assert shown(page) == expected()
    page.locator("[data-hour]").nth(1).fill("19:00")
    assert notice.is_hidden()
    page.locator("[data-hour]").nth(0).fill("")
    assert "must end after it starts" in notice.inner_text()
    page.locator("[data-hour]").nth(0).fill("09:00")
    assert shown(page) == expected("09:00", "19:00")


def test_a_saved_block_that_no_longer_exists_falls_back_to_the_default(page):
    seed(page, {KEY: '{"start": "10:00", "end": "16:00", "blocks": {"engagement": "evening", "old-task": "noon"}}'})
    page.goto(PATH)
    assert shown(page) == expected("10:00", "16:00")


def test_ics_export_passes_a_standards_check(page):
    page.clock.install(time=datetime(2026, 4, 7, 11, 0))
    page.goto(PATH)
    page.locator("[data-hour]").nth(0).fill("08:00")
    name, raw = download(page, page.locator("[data-act=ics]"))
    assert name == f"{FRAMEWORK.id}.ics"
    # RFC 5545: CRLF line endings only, lines at most 75 octets, continuation lines start with one space.
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "a long line should have been folded"
    cal = Calendar.from_ical(raw)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    events = cal.walk("VEVENT")
    plan = day_plan(FRAMEWORK, "08:00", FRAMEWORK.schedule.day_end)
    assert len(events) == len(plan) == 8
    uids = set()
    for event, slot in zip(events, plan, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert (start.date().isoformat(), start.time(), end.time()) == ("2026-04-07", time.fromisoformat(slot.start), time.fromisoformat(slot.end))
        assert start.tzinfo is None  # floating local time: the same working hours wherever the calendar is
        assert event["RRULE"]["FREQ"] == ["DAILY"]
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert str(event["SUMMARY"]) == f"{slot.task.priority}. {slot.task.title}"
        assert str(event["DESCRIPTION"]) == " ".join(slot.task.summary.split())
        assert str(event["URL"]).endswith(f"frameworks/{FRAMEWORK.id}/#{slot.task.id}")
        uids.add(str(event["UID"]))
    assert len(uids) == 8 and all(u.startswith(f"{FRAMEWORK.id}-") for u in uids)


def test_blocked_storage_still_plans_and_exports(page):
    page.add_init_script(BLOCKED)
    page.goto(PATH)
    assert shown(page) == expected()
    page.locator("[data-hour]").nth(0).fill("07:00")
    notice = page.locator("[data-planner] [data-smp-notice]")
    assert "not saving" in notice.inner_text()
    _, raw = download(page, notice.get_by_role("button"))
    assert len(Calendar.from_ical(raw).walk("VEVENT")) == 8


def test_instant_navigation_applies_the_saved_plan(page, site, base_url):
    enable_instant(page, site, base_url)
    page.goto(PATH)
    page.locator("[data-hour]").nth(0).fill("10:00")
    page.goto("")
    instant(page, page.locator(f".md-nav a[href$='{PATH}']").first, PATH, "[data-planner]")
    page.wait_for_function("document.querySelector('[data-task] [data-time]').textContent.startsWith('10:00')")
    assert shown(page) == expected("10:00")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_print_and_accessibility(page, scheme):
    print_check(page, scheme, PATH, "[data-act=print]")
    assert not page.locator("[data-act=ics]").is_visible()
    assert page.locator("[data-planner] table").is_visible()
