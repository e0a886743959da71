"""The workflow planner: the day plan matches playbook/tools/worktools.py, it is saved, and the .ics
file passes a standards check and repeats on the working days."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from playbook.data.project import load_project
from playbook.tools.worktools import (
    block_times,
    day_plan,
    first_working_day,
    planner_frameworks,
    tasks,
    unplanned,
    working_days,
)

from .tools_helpers import (
    BLOCKED,
    EN,
    ROOT,
    answer_next_dialog,
    download,
    enable_instant,
    instant,
    print_check,
    second_tab,
    seed,
    stored,
)

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
FRAMEWORK = next(f for f in planner_frameworks(PROJECT) if f.id == "social-media-workflow")
PATH = f"planner/{FRAMEWORK.id}/"
KEY = f"smp:v1:planner:{FRAMEWORK.id}"
BLOCKS = [b.id for b in FRAMEWORK.schedule.blocks]
# A choice a user might make: three tasks in the first block, the next three in the second...
CHOSEN = {t.id: BLOCKS[min(i // 3, len(BLOCKS) - 1)] for i, t in enumerate(tasks(FRAMEWORK))}


def shown(page):
    """The table as (task id, block id, "HH:MM–HH:MM") rows, in page order."""
    return page.locator("[data-task]").evaluate_all(
        "rows => rows.map(r => [r.dataset.task, r.querySelector('select').value,"
        " r.querySelector('[data-time]').textContent])"
    )


def expected(start=None, end=None, assignment=None):
    """Planned tasks in block order, then the others in priority order, with no block or time."""
    planned = [
        [s.task.id, s.block.id, f"{s.start}–{s.end}"]
        for s in day_plan(FRAMEWORK, start, end, assignment)
    ]
    unplanned_rows = [[t.id, "", EN["planner.unplanned"]] for t in unplanned(FRAMEWORK, assignment)]
    return planned + unplanned_rows


def shown_blocks(page):
    return page.locator("[data-block]").evaluate_all(
        "rows => rows.map(r => [r.dataset.block, r.querySelector('[data-time]').textContent])"
    )


def choose(page, assignment: dict[str, str]) -> None:
    """Pick a block for each task, as a person would with the menus."""
    for task, block in assignment.items():
        page.locator(f"[data-task={task}] select").select_option(block)


def hours(page, start=None, end=None):
    """Type into the start and end fields (those given), as a person would."""
    for i, value in enumerate((start, end)):
        if value is not None:
            page.locator("[data-hour]").nth(i).fill(value)


def notice(page):
    return page.locator("[data-planner] [data-smp-notice]")


def calendar(raw: bytes) -> Calendar:
    """Parse an .ics export after the checks RFC 5545 asks of its lines.

    No component may have parse errors.
    """
    # CRLF line endings only, lines at most 75 octets, continuation lines start with one space.
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "a long line should have been folded"
    cal = Calendar.from_ical(raw)
    assert [(c.name, c.errors) for c in cal.walk() if getattr(c, "errors", None)] == []
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    return cal


def check_events(cal: Calendar, day: str, start: str, end: str, assignment=None) -> None:
    """An event per planned task and per block without one, weekly on the working days.

    The first is on the first working day on or after day; an event past midnight ends the next day.
    """
    events = cal.walk("VEVENT")
    planned = day_plan(FRAMEWORK, start, end, assignment)
    slots = []
    for block in block_times(FRAMEWORK, start, end):
        slots += [s for s in planned if s.block.id == block.block.id] or [block]
    assert len(events) == len(slots)
    days = working_days(FRAMEWORK.schedule)
    first_day = first_working_day(date.fromisoformat(day), days)
    first = datetime.fromisoformat(f"{first_day}T{start}")
    for event, slot in zip(events, slots, strict=True):
        begins, ends = event.decoded("DTSTART"), event.decoded("DTEND")
        assert ends > begins, event["SUMMARY"]
        # Clock times as planned, on the day or the next one (never before the day starts).
        assert (begins.time(), ends.time()) == (
            time.fromisoformat(slot.start),
            time.fromisoformat(slot.end),
        )
        assert first <= begins < ends <= first + timedelta(days=1)
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        assert event["RRULE"]["BYDAY"] == list(days)
        if slot.task is None:
            assert str(event["SUMMARY"]) == f"{slot.block.title}: {FRAMEWORK.title}"
        # A rising SEQUENCE lets a calendar take a re-import as an update.
        assert event.decoded("SEQUENCE") > 0


def test_by_default_no_task_has_a_block():
    """The data does not say which task goes where (issue 16), so the planner does not either."""
    assert day_plan(FRAMEWORK) == []
    assert unplanned(FRAMEWORK) == tasks(FRAMEWORK)
    assert block_times(FRAMEWORK)[0].start == FRAMEWORK.schedule.day_start
    assert block_times(FRAMEWORK)[-1].end == FRAMEWORK.schedule.day_end


def test_the_script_shows_the_same_plan_as_the_build(page):
    page.goto(PATH)
    assert [i.input_value() for i in page.locator("[data-hour]").all()] == [
        FRAMEWORK.schedule.day_start,
        FRAMEWORK.schedule.day_end,
    ]
    assert shown(page) == expected()
    assert all(block == "" for _, block, _ in shown(page))
    blocks = [[b.block.id, f"{b.start}–{b.end}"] for b in block_times(FRAMEWORK)]
    assert shown_blocks(page) == blocks


def test_hours_and_blocks_change_the_plan_and_are_saved(page):
    page.goto(PATH)
    hours = page.locator("[data-hour]")
    hours.nth(0).fill("08:30")
    hours.nth(1).fill("17:00")
    assert shown(page) == expected("08:30", "17:00")
    choose(page, CHOSEN)
    assert shown(page) == expected("08:30", "17:00", CHOSEN)
    # Engagement (priority 8) moves to the morning: last among the morning tasks, which share it.
    page.locator("[data-task=engagement] select").select_option("morning")
    moved = {**CHOSEN, "engagement": "morning"}
    assert shown(page) == expected("08:30", "17:00", moved)
    assert [r[0] for r in shown(page)][:4] == [
        "reputation-listening",
        "updating",
        "distribution",
        "engagement",
    ]
    assert stored(page, KEY) == {"start": "08:30", "end": "17:00", "blocks": moved}
    page.reload()
    assert shown(page) == expected("08:30", "17:00", moved)
    # "No block yet" takes a task out of the plan again.
    page.locator("[data-task=updating] select").select_option("")
    moved.pop("updating")
    assert shown(page) == expected("08:30", "17:00", moved)
    assert shown(page)[-1] == ["updating", "", EN["planner.unplanned"]]
    assert stored(page, KEY)["blocks"] == moved
    # Reset asks first: no keeps the plan, yes goes back to the defaults and forgets the choices.
    asked = answer_next_dialog(page, accept=False)
    page.locator("[data-act=reset]").click()
    assert asked == [EN["planner.confirm_reset"]]
    assert shown(page) == expected("08:30", "17:00", moved)
    answer_next_dialog(page, accept=True)
    page.locator("[data-act=reset]").click()
    assert shown(page) == expected()
    assert stored(page, KEY) is None


@pytest.mark.parametrize(
    ("start", "end"), [("08:13", "17:00"), ("07:59", "19:01"), ("00:00", "23:59")]
)
def test_odd_hours_give_the_same_minutes_as_python(page, start, end):
    seed(page, {KEY: json.dumps({"blocks": CHOSEN})})
    page.goto(PATH)
    page.locator("[data-hour]").nth(0).fill(start)
    page.locator("[data-hour]").nth(1).fill(end)
    assert shown(page) == expected(start, end, CHOSEN)
    blocks = [[b.block.id, f"{b.start}–{b.end}"] for b in block_times(FRAMEWORK, start, end)]
    assert shown_blocks(page) == blocks
    assert shown(page)[-1][2].endswith(end)


def test_impossible_hours_keep_the_last_plan_and_say_why(page):
    seed(page, {KEY: json.dumps({"blocks": CHOSEN})})
    page.goto(PATH)
    # Two minutes for eight tasks: Python refuses it too.
    with pytest.raises(ValueError):
        day_plan(FRAMEWORK, "09:00", "09:02", CHOSEN)
    hours(page, end="09:02")
    assert notice(page).inner_text() == EN["planner.bad_hours"]
    assert shown(page) == expected(None, None, CHOSEN)
    hours(page, end="19:00")
    assert notice(page).is_hidden()
    assert shown(page) == expected("09:00", "19:00", CHOSEN)
    # An emptied time is refused the same way.
    hours(page, start="")
    assert notice(page).inner_text() == EN["planner.bad_hours"]
    assert shown(page) == expected("09:00", "19:00", CHOSEN)
    hours(page, start="10:00")
    assert notice(page).is_hidden()
    assert shown(page) == expected("10:00", "19:00", CHOSEN)


def test_with_no_task_in_a_block_the_blocks_still_need_a_minute_each(page):
    page.goto(PATH)
    hours(page, end="09:02")
    assert notice(page).inner_text() == EN["planner.bad_hours"]
    assert shown(page) == expected()
    hours(page, start="")
    assert notice(page).inner_text() == EN["planner.bad_hours"]


def test_impossible_hours_are_not_saved_and_the_export_uses_the_last_plan(page):
    seed(page, {KEY: json.dumps({"blocks": CHOSEN})})
    page.clock.install(time=datetime(2026, 4, 7, 11, 0))
    page.goto(PATH)
    hours(page, start="08:00")
    hours(page, end="08:02")
    assert notice(page).inner_text() == EN["planner.bad_hours"]
    # Storage keeps the last hours that made a plan; a reload shows them.
    assert stored(page, KEY)["end"] == FRAMEWORK.schedule.day_end
    page.reload()
    assert [i.input_value() for i in page.locator("[data-hour]").all()] == [
        "08:00",
        FRAMEWORK.schedule.day_end,
    ]
    assert shown(page) == expected("08:00", None, CHOSEN)
    # While the hours are impossible, the calendar gets the plan shown.
    hours(page, start="")
    name, raw = download(page, page.locator("[data-act=ics]"))
    assert name == f"{FRAMEWORK.id}.ics"
    check_events(calendar(raw), "2026-04-07", "08:00", FRAMEWORK.schedule.day_end, CHOSEN)


def test_saved_hours_without_a_plan_fall_back_to_the_defaults(page):
    seed(page, {KEY: '{"start": "09:00", "end": "09:01", "blocks": {"engagement": "morning"}}'})
    page.goto(PATH)
    assert [i.input_value() for i in page.locator("[data-hour]").all()] == [
        FRAMEWORK.schedule.day_start,
        FRAMEWORK.schedule.day_end,
    ]
    assert shown(page) == expected(assignment={"engagement": "morning"})
    assert notice(page).is_hidden()


@pytest.mark.parametrize(("start", "end"), [("18:00", "00:00"), ("22:00", "06:00")])
def test_a_day_past_midnight_plans_and_exports(page, start, end):
    seed(page, {KEY: json.dumps({"blocks": CHOSEN})})
    page.clock.install(time=datetime(2026, 4, 7, 11, 0))
    page.goto(PATH)
    hours(page, start, end)
    # An end before the start is after midnight; the clock times wrap, as in Python.
    assert notice(page).is_hidden()
    assert shown(page) == expected(start, end, CHOSEN)
    assert shown(page)[0][2].startswith(start) and shown(page)[-1][2].endswith(end)
    assert stored(page, KEY)["end"] == end
    _, raw = download(page, page.locator("[data-act=ics]"))
    cal = calendar(raw)
    check_events(cal, "2026-04-07", start, end, CHOSEN)
    # The last event ends on the next day.
    assert cal.walk("VEVENT")[-1].decoded("DTEND") == datetime.fromisoformat(f"2026-04-08T{end}")


def test_a_block_changed_with_the_keyboard_keeps_the_focus(page):
    page.goto(PATH)
    select = page.locator("[data-task=engagement] select")
    select.focus()
    # Arrow keys change a closed select at once; rows move, and the focus must stay on this select.
    for block in BLOCKS[:2]:
        page.keyboard.press("ArrowDown")
        assert select.input_value() == block
        assert shown(page) == expected(assignment={"engagement": block})
        assert select.evaluate("s => s === document.activeElement")


def test_two_tabs_keep_each_others_choices(page, base_url):
    page.goto(PATH)
    with second_tab(page, base_url) as other:
        other.goto(PATH)
        # Hours in one tab, a block in the other: both are kept, and both tabs show both.
        hours(page, start="08:00")
        other.wait_for_function("() => document.querySelector('[data-hour]').value === '08:00'")
        other.locator("[data-task=engagement] select").select_option("morning")
        moved = {"engagement": "morning"}
        page.wait_for_function(
            "() => document.querySelector('[data-task=engagement] select').value === 'morning'"
        )
        assert shown(page) == shown(other) == expected("08:00", None, moved)
        assert stored(page, KEY) == {
            "start": "08:00",
            "end": FRAMEWORK.schedule.day_end,
            "blocks": moved,
        }


def test_a_saved_block_that_no_longer_exists_falls_back_to_the_default(page):
    seed(
        page,
        {
            KEY: '{"start": "10:00", "end": "16:00",'
            ' "blocks": {"engagement": "evening", "old-task": "noon"}}'
        },
    )
    page.goto(PATH)
    assert shown(page) == expected("10:00", "16:00")


def test_ics_export_passes_a_standards_check(page):
    seed(page, {KEY: json.dumps({"blocks": CHOSEN})})
    page.clock.install(time=datetime(2026, 4, 7, 11, 0))
    page.goto(PATH)
    page.locator("[data-hour]").nth(0).fill("08:00")
    name, raw = download(page, page.locator("[data-act=ics]"))
    assert name == f"{FRAMEWORK.id}.ics"
    cal = calendar(raw)
    check_events(cal, "2026-04-07", "08:00", FRAMEWORK.schedule.day_end, CHOSEN)
    now = datetime(2026, 4, 7, 11, 0)
    uids = set()
    plan = day_plan(FRAMEWORK, "08:00", FRAMEWORK.schedule.day_end, CHOSEN)
    for event, slot in zip(cal.walk("VEVENT"), plan, strict=True):
        assert (
            event.decoded("DTSTART").tzinfo is None
        )  # floating local time: the same working hours wherever the calendar is
        assert event.decoded("DTSTAMP").tzinfo is not None
        # SEQUENCE is the export's time in seconds (the page clock runs on), so a later
        # export always counts as newer.
        assert 0 <= event.decoded("SEQUENCE") - now.timestamp() < 60
        assert str(event["SUMMARY"]) == f"{slot.task.priority}. {slot.task.title}"
        assert str(event["DESCRIPTION"]) == " ".join(slot.task.summary.split())
        assert str(event["URL"]).endswith(f"frameworks/{FRAMEWORK.id}/#{slot.task.id}")
        uids.add(str(event["UID"]))
    assert len(uids) == 8 and all(u.startswith(f"{FRAMEWORK.id}-") for u in uids)


def test_with_no_task_chosen_the_export_has_the_blocks_from_the_next_working_day(page):
    saturday = datetime(2026, 4, 11, 11, 0)
    assert saturday.strftime("%a") == "Sat"
    page.clock.install(time=saturday)
    page.goto(PATH)
    _, raw = download(page, page.locator("[data-act=ics]"))
    cal = calendar(raw)
    start, end = FRAMEWORK.schedule.day_start, FRAMEWORK.schedule.day_end
    check_events(cal, "2026-04-11", start, end)
    first = cal.walk("VEVENT")[0].decoded("DTSTART")
    assert first.date() == first_working_day(saturday.date(), working_days(FRAMEWORK.schedule))
    if "SA" not in working_days(FRAMEWORK.schedule):
        assert first.date() > saturday.date()
    ranked = "; ".join(f"{t.priority}. {t.title}" for t in tasks(FRAMEWORK))
    description = EN["planner.ics_block_tasks"].replace("{tasks}", ranked)
    assert [str(e["DESCRIPTION"]) for e in cal.walk("VEVENT")] == [description] * len(BLOCKS)


def test_blocked_storage_still_plans_and_exports(page):
    page.add_init_script(BLOCKED)
    page.goto(PATH)
    assert shown(page) == expected()
    page.locator("[data-hour]").nth(0).fill("07:00")
    notice = page.locator("[data-planner] [data-smp-notice]")
    assert "not saving" in notice.inner_text()
    _, raw = download(page, notice.get_by_role("button"))
    assert len(Calendar.from_ical(raw).walk("VEVENT")) == len(BLOCKS)


def test_instant_navigation_applies_the_saved_plan(page, site, base_url):
    enable_instant(page, site, base_url)
    page.goto(PATH)
    page.locator("[data-hour]").nth(0).fill("10:00")
    page.goto("")
    instant(page, page.locator(f".md-nav a[href$='{PATH}']").first, PATH, "[data-planner]")
    page.wait_for_function(
        "() => document.querySelector('[data-block] [data-time]').textContent.startsWith('10:00')"
    )
    assert shown(page) == expected("10:00")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_print_hides_the_controls(page, scheme):
    print_check(page, scheme, PATH, "[data-act=print]")
    assert not page.locator("[data-act=ics]").is_visible()
    assert page.locator("[data-planner] table").first.is_visible()
