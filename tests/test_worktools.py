"""The working tools' Python side: which pages exist, the default day plan, recurring units,
and the rendered DOM contract."""

from __future__ import annotations

import html as html_text
import re
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playbook.data.models import Block, Element, Schedule
from playbook.data.project import load_project
from playbook.site.pages import expand_nav, generated_pages
from playbook.tools.worktools import (
    CALENDAR_FROM,
    ICAL_DAYS,
    CalendarText,
    block_times,
    calendar,
    calendar_path,
    check_room,
    checklist_days,
    day_plan,
    fold,
    planner_frameworks,
    published_calendars,
    recurrences,
    tasks,
    unit_days,
    unplanned,
    working_days,
    worksheet_frameworks,
)

from .conftest import ROOT

PROJECT = load_project(ROOT / "data", ROOT)
# How often each element's checklist starts over, for those that do.
RHYTHMS = recurrences(PROJECT)
WORKFLOW = PROJECT.frameworks["social-media-workflow"]


def _with_tasks(n: int, blocks: int):
    """The workflow framework with n prioritised tasks (listed in reverse)
    and the given number of blocks."""
    els = tuple(
        Element("x", f"t{i}", "task", f"Task {i}", "s", priority=i) for i in range(n, 0, -1)
    )
    sched = Schedule("09:00", "17:00", tuple(Block(f"b{i}", f"B{i}") for i in range(blocks)))
    return replace(WORKFLOW, elements=els, schedule=sched)


def expected_tool_pages(raw_frameworks: dict[str, dict], assessment_ids=()) -> set[str]:
    """The tool pages the data calls for, read from the YAML itself rather than from the code.

    A worksheet for a framework made only of steps that all have prompts; a planner for a framework
    with a schedule of blocks and prioritised tasks; a team view per assessment; the action plan.
    """
    pages = {"action-plan.md"} | {f"assessments/{a}/team.md" for a in assessment_ids}
    for framework_id, raw in raw_frameworks.items():
        elements = raw.get("elements", [])
        if elements and all(e["kind"] == "step" and e.get("prompts") for e in elements):
            pages.add(f"worksheets/{framework_id}.md")
        blocks = (raw.get("schedule") or {}).get("blocks")
        if blocks and any(e["kind"] == "task" and e.get("priority") for e in elements):
            pages.add(f"planner/{framework_id}.md")
    return pages


def tool_pages(project) -> dict:
    return {p.src_uri: p for p in generated_pages(project) if p.section == "tools"}


def test_tool_pages_come_from_the_data():
    """Each framework whose YAML asks for a worksheet or a planner
    gets one, plus the action plan."""
    pages = tool_pages(PROJECT)
    expected = expected_tool_pages(PROJECT.raw["framework"], PROJECT.raw["assessment"])
    assert set(pages) == expected
    sheets = [p for p in pages.values() if p.src_uri.startswith("worksheets/")]
    if len(sheets) == 1:
        assert sheets[0].title == PROJECT.ui(None)["worksheet.title"]
    nav, unknown = expand_nav([{"Tools": "playbook:tools"}], list(pages.values()))
    assert unknown == [] and [next(iter(e.values())) for e in nav[0]["Tools"]] == list(pages)


def test_prompts_on_every_step_add_a_worksheet_named_after_its_framework():
    """Giving another framework's steps prompts adds its worksheet; with
    two, titles name the framework."""
    sheet = worksheet_frameworks(PROJECT)[0]
    other = next(f for f in PROJECT.frameworks.values() if f not in worksheet_frameworks(PROJECT))
    steps = tuple(replace(e, kind="step", prompts=("What will you do?",)) for e in other.elements)
    grown = replace(
        PROJECT, frameworks={**PROJECT.frameworks, other.id: replace(other, elements=steps)}
    )
    pages = tool_pages(grown)
    assert f"worksheets/{other.id}.md" in pages
    title = PROJECT.ui(None)["worksheet.title"]
    assert pages[f"worksheets/{other.id}.md"].title == f"{title}: {other.title}"
    assert pages[f"worksheets/{sheet.id}.md"].title == f"{title}: {sheet.title}"
    assert [f.id for f in planner_frameworks(grown)] == [f.id for f in planner_frameworks(PROJECT)]


def test_tools_section_is_known_even_without_worksheet_or_planner():
    nav, unknown = expand_nav(["playbook:tools"], [])
    assert unknown == [] and nav == []


def by_priority(framework, sizes: list[int]) -> dict[str, str]:
    """An assignment a user might choose: the first sizes[0] tasks in the first block, and so on."""
    ranked, out = iter(tasks(framework)), {}
    for block, size in zip(framework.schedule.blocks, sizes, strict=True):
        out.update({next(ranked).id: block.id for _ in range(size)})
    return out


def test_the_data_puts_no_task_in_a_block_so_none_is_planned_by_default():
    """Issue 16: the source does not say which task goes where, so neither does the code."""
    for framework in planner_frameworks(PROJECT):
        raw = PROJECT.raw["framework"][framework.id]
        assert all("block" not in e for e in raw["elements"]), "the data now assigns blocks"
        assert day_plan(framework) == []
        assert unplanned(framework) == tasks(framework)
    framework = _with_tasks(8, 3)
    chosen = {"t1": "b2", "t5": "b0"}
    assert [(s.task.id, s.block.id) for s in day_plan(framework, assignment=chosen)] == [
        ("t5", "b0"),
        ("t1", "b2"),
    ]
    assert [t.id for t in unplanned(framework, chosen)] == ["t2", "t3", "t4", "t6", "t7", "t8"]
    # A block that no longer exists counts as none.
    assert unplanned(framework, {"t1": "gone"})[0].id == "t1"


def test_blocks_share_the_day_evenly():
    blocks = block_times(WORKFLOW, "09:00", "17:07")
    assert (blocks[0].start, blocks[-1].end) == ("09:00", "17:07")
    for a, b in pairwise(blocks):
        assert a.end == b.start
    lengths = {b.end_minute - b.start_minute for b in blocks}
    assert max(lengths) - min(lengths) <= 1
    night = block_times(WORKFLOW, "22:00", "01:00")
    assert (night[0].start, night[-1].end, night[-1].end_minute) == ("22:00", "01:00", 1500)


def test_a_day_too_short_for_every_task_in_one_block_is_refused():
    check_room(WORKFLOW)
    short = replace(WORKFLOW, schedule=replace(WORKFLOW.schedule, day_end="09:20"))
    with pytest.raises(ValueError, match="less than a minute"):
        check_room(short)


def test_day_plan_splits_blocks_evenly_and_rounds_down():
    for a, b in pairwise(day_plan(WORKFLOW, "09:00", "17:07", by_priority(WORKFLOW, [3, 3, 2]))):
        assert a.end == b.start
    # Rounded, not truncated: floating-point sums must not end the day a minute early.
    assert day_plan(WORKFLOW, "08:13", "17:00", by_priority(WORKFLOW, [3, 3, 2]))[-1].end == "17:00"
    by_rank = by_priority(WORKFLOW, [3, 3, 2])
    plan = day_plan(WORKFLOW, "09:00", "17:07", by_rank)
    assert (plan[0].start, plan[0].end, plan[-1].end) == ("09:00", "09:54", "17:07")
    moved = day_plan(WORKFLOW, assignment={**by_rank, "engagement": "morning"})
    assert [s.task.id for s in moved[:4]] == [
        "reputation-listening",
        "updating",
        "distribution",
        "engagement",
    ]
    assert moved[3].end == "12:00" and moved[0].end == "09:45"


def test_day_plan_past_midnight_and_too_short_days():
    # An end before the start is on the next day; the clock wraps.
    chosen = by_priority(WORKFLOW, [3, 3, 2])
    night = day_plan(WORKFLOW, "18:00", "00:00", chosen)
    assert (night[0].start, night[-1].end) == ("18:00", "00:00")
    late = day_plan(WORKFLOW, "22:00", "02:00", chosen)
    assert (late[0].start, late[-1].end) == ("22:00", "02:00")
    assert any(s.start > s.end for s in late), "one slot spans midnight"
    # Eight tasks cannot share two minutes: refused rather than given empty slots.
    with pytest.raises(ValueError, match=r"^09:00-09:02 leaves .* less than a minute$"):
        day_plan(WORKFLOW, "09:00", "09:02", chosen)
    assert all(s.start != s.end for s in day_plan(WORKFLOW, "09:00", "09:30", chosen))


def test_recurrence_follows_the_recurring_checklist_that_includes_an_element():
    daily = next(c for c in PROJECT.checklists.values() if c.recurrence == "daily")
    included = [s["include"] for s in daily.raw_sections if "include" in s]
    assert included and all(RHYTHMS[ref] == "daily" for ref in included)
    assert "strategy-a-to-r/objectives" not in RHYTHMS


def test_an_element_in_two_recurring_checklists_starts_over_with_the_first():
    # Only the checklists' rhythms and sections matter; "none" checklists never set a rhythm.
    project = SimpleNamespace(
        checklists={
            "weekly-review": SimpleNamespace(
                recurrence="weekly",
                raw_sections=[{"include": "f/a"}, {"title": "Own", "items": []}],
            ),
            "daily-check": SimpleNamespace(
                recurrence="daily", raw_sections=[{"include": "f/a"}, {"include": "f/b"}]
            ),
            "launch": SimpleNamespace(recurrence="none", raw_sections=[{"include": "f/c"}]),
        }
    )

    # f/c is left out: its only checklist never starts over.
    assert recurrences(project) == {"f/a": "weekly", "f/b": "daily"}


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_checklist_pages_keep_the_dom_contract(site):
    for checklist in PROJECT.checklists.values():
        html = _html(site, f"checklists/{checklist.id}")
        items = [i for s in PROJECT.sections(checklist) for i in s.items]
        assert f'data-checklist="{checklist.id}" data-recurrence="{checklist.recurrence}"' in html
        assert f'data-checklist-progress data-done="0" data-total="{len(items)}"' in html
        for item in items:
            box = f"{checklist.id}--{item.id}"
            assert (
                f'<input type="checkbox" autocomplete="off" id="{box}" data-item-check="{item.id}">'
                in html
            )
            assert f'<label for="{box}">' in html
        for section in PROJECT.sections(checklist):
            unit = section.include or checklist.id
            expected = RHYTHMS.get(unit, "none") if section.include else checklist.recurrence
            assert f'data-unit="{unit}" data-recurrence="{expected}"' in html
        assert ("data-history" in html) == (checklist.recurrence != "none")
        assert 'class="task-list' not in html


def widget_pages() -> list[str]:
    """Every page whose controls a widget fills: tools, checklists,
    assessments, frameworks with lists."""
    pages = [p.src_uri.removesuffix(".md") for p in tool_pages(PROJECT).values()]
    pages += [f"checklists/{c}" for c in PROJECT.checklists]
    pages += [f"assessments/{a}" for a in PROJECT.assessments]
    pages += [
        f"frameworks/{f.id}"
        for f in PROJECT.frameworks.values()
        if any(e.checklist for e in f.elements)
    ]
    return pages


@pytest.mark.build
@pytest.mark.parametrize("path", widget_pages())
def test_controls_the_widgets_fill_opt_out_of_form_restore(site, path):
    """On Back, browsers restore form state over what the script drew from
    storage, unless autocomplete is off."""
    html = _html(site, path)
    controls = re.findall(r"<(?:input|textarea|select)\b[^>]*>", html)
    filled = [
        c
        for c in controls
        if 'type="file"' not in c
        and "readonly" not in c
        and "md-search__input" not in c
        and "md-toggle" not in c
        and 'type="radio"' not in c
    ]
    assert filled, "the page has widget controls"
    if "data-assessment=" in html:
        # The assessment's controls sit in one form, whose autocomplete="off" covers them all.
        assert '<form autocomplete="off" class="smp-assessment"' in html
    else:
        assert [c for c in filled if 'autocomplete="off"' not in c] == []


@pytest.mark.build
def test_framework_pages_show_element_checklists_with_their_rhythm(site):
    html = _html(site, "frameworks/social-media-workflow")
    for el in WORKFLOW.elements:
        if el.checklist:
            assert (
                f'data-checklist="{el.ref}" data-recurrence="{RHYTHMS.get(el.ref, "none")}"' in html
            )
            assert f'data-unit="{el.ref}"' in html
    assert re.search(
        r'data-checklist="social-media-workflow/engagement" data-recurrence="daily"', html
    )


@pytest.mark.build
def test_tool_pages_render_every_field_and_the_default_plan(site):
    """Each worksheet has a field per prompt, substep and notes; each planner shows the day plan."""
    sheets, planners = worksheet_frameworks(PROJECT), planner_frameworks(PROJECT)
    assert sheets and planners
    for framework in sheets:
        fields = re.findall(r'data-field="([^"]+)"', _html(site, f"worksheets/{framework.id}"))
        assert fields == [
            f"{e.id}.{x}"
            for e in framework.elements
            for x in [*range(1, len(e.prompts) + 1), *(s.id for s in e.substeps), "notes"]
        ]
    for framework in planners:
        planner = _html(site, f"planner/{framework.id}")
        # The blocks' times, then the tasks': none has a block until the user gives it one.
        unplanned_text = PROJECT.ui(None)["planner.unplanned"]
        assert re.findall(r"data-time>([^<]+)<", planner) == [
            *(f"{b.start}–{b.end}" for b in block_times(framework)),
            *(f"{s.start}–{s.end}" for s in day_plan(framework)),
            *(unplanned_text for _ in unplanned(framework)),
        ]
    assert re.search(r"<template[ >]", _html(site, "action-plan"))


# The days a schedule may name, as the schema lists them.
SCHEMA = __import__("json").loads(
    (ROOT / "data" / "schema" / "framework.schema.json").read_text(encoding="utf-8")
)
DAY_NAMES = SCHEMA["properties"]["schedule"]["properties"]["days"]["oneOf"][1]["items"]["enum"]


def _with_days(days) -> object:
    return replace(WORKFLOW, schedule=replace(WORKFLOW.schedule, days=days))


@pytest.mark.parametrize(
    ("days", "codes"),
    [
        ("weekdays", ("MO", "TU", "WE", "TH", "FR")),
        ("every day", ICAL_DAYS),
        (("sunday", "tuesday"), ("TU", "SU")),
    ],
)
def test_working_days_from_the_schedule(days, codes):
    assert working_days(_with_days(days).schedule) == codes
    assert working_days(None) == ICAL_DAYS
    assert [name[:2].upper() for name in DAY_NAMES] == list(ICAL_DAYS)


def test_the_daily_workflow_works_monday_to_friday_as_its_data_says():
    raw = PROJECT.raw["framework"]["social-media-workflow"]["schedule"]
    assert raw.get("days") == "weekdays"
    assert working_days(WORKFLOW.schedule) == ICAL_DAYS[:5]
    for checklist in PROJECT.checklists.values():
        units = [s.include or checklist.id for s in PROJECT.sections(checklist)]
        frameworks = {u.split("/")[0] for u in units if "/" in u} | set(checklist.frameworks)
        scheduled = [PROJECT.frameworks[f].schedule for f in frameworks]
        if any(s and s.days != "every day" for s in scheduled):
            assert set(checklist_days(PROJECT, checklist)) < set(ICAL_DAYS)
        else:
            assert checklist_days(PROJECT, checklist) == ICAL_DAYS
    assert unit_days(PROJECT, "social-media-workflow/engagement") == ICAL_DAYS[:5]


def _events(ics: str):
    from icalendar import Calendar

    raw = ics.encode("utf-8")
    # CRLF only, lines folded at 75 octets.
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    parsed = Calendar.from_ical(raw)
    assert [(c.name, c.errors) for c in parsed.walk() if getattr(c, "errors", None)] == []
    return parsed.walk("VEVENT")


TEXT = CalendarText("{block}: {framework}", "Tasks: {tasks}", "https://x.test/p/", {}, "x.test")


def test_calendar_repeats_on_the_working_days_with_byday():
    framework = _with_days(("tuesday", "thursday"))
    events = _events(calendar(framework, TEXT))
    assert len(events) == len(framework.schedule.blocks)
    for event, block in zip(events, block_times(framework), strict=True):
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        assert event["RRULE"]["BYDAY"] == ["TU", "TH"]
        begins = event.decoded("DTSTART")
        # The first occurrence is a working day on or after the start, at the block's time.
        assert begins.date() >= CALENDAR_FROM and begins.strftime("%a") == "Tue"
        assert begins.strftime("%H:%M") == block.start and begins.tzinfo is None
        assert str(event["SUMMARY"]) == f"{block.block.title}: {framework.title}"


def test_calendar_has_the_chosen_tasks_and_escapes_text():
    hostile = "A; b, c\\ d\nline two"
    first = replace(tasks(WORKFLOW)[0], title=hostile, summary=hostile * 4)
    elements = tuple(first if e.id == first.id else e for e in WORKFLOW.elements)
    framework = replace(WORKFLOW, elements=elements)
    chosen = {first.id: framework.schedule.blocks[0].id}
    events = _events(calendar(framework, TEXT, chosen))
    # The chosen task fills its block; the other blocks stay as blocks.
    assert len(events) == len(framework.schedule.blocks)
    assert str(events[0]["SUMMARY"]) == f"1. {hostile}"
    assert str(events[0]["DESCRIPTION"]) == " ".join((hostile * 4).split())
    ranked = "; ".join(f"{t.priority}. {' '.join(t.title.split())}" for t in tasks(framework))
    assert str(events[1]["DESCRIPTION"]) == f"Tasks: {ranked}"


@pytest.mark.build
def test_the_build_publishes_each_planners_calendar_and_links_it(site):
    ui = PROJECT.ui(None)
    published = published_calendars(PROJECT, ui, "https://example.org/social-media-playbook/")
    assert set(published) == {calendar_path(f.id) for f in planner_frameworks(PROJECT)}
    for framework in planner_frameworks(PROJECT):
        path = site / calendar_path(framework.id)
        # Bytes as served: read_text would turn the CRLF line ends into LF.
        events = _events(path.read_bytes().decode("utf-8"))
        days = list(working_days(framework.schedule))
        assert events and all(e["RRULE"]["BYDAY"] == days for e in events)
        planner = _html(site, f"planner/{framework.id}")
        assert f'href="../../{calendar_path(framework.id)}"' in planner
        assert ui["planner.subscribe"] in planner


@pytest.mark.build
def test_framework_pages_open_with_content_and_fold_the_source_notes(site):
    """The source credit is one line (a collapsed note); the notes on the source fold inside it."""
    for framework in PROJECT.frameworks.values():
        html = _html(site, f"frameworks/{framework.id}")
        box = re.search(r'<details class="note smp-source" id="source">(.*?)</details>', html, re.S)
        assert box, framework.id
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", box.group(1), re.S).group(1)
        assert "<em>" in summary and framework.source.author in html_text.unescape(summary)
        if framework.source.note:
            assert 'class="smp-source__note"' in box.group(1)
        # The summary (lead) comes first, then the folded box, then the elements.
        assert html.index('class="smp-lead"') < box.start() < html.index('id="elements"')


# What a content line can hold: text that UTF-8 encodes (no lone surrogates, which no data file
# can hold either), and no line break (ics_text escapes them, and the test splits on them).
_LINE_CHARACTER = {"codec": "utf-8", "exclude_characters": "\r\n"}


# ASCII lines take a path of their own: lengths around each break, and text of both kinds.
@given(
    st.one_of(
        st.text(st.characters(max_codepoint=127, **_LINE_CHARACTER), max_size=400),
        st.integers(0, 300).map(lambda n: "a" * n),
        st.text(st.characters(**_LINE_CHARACTER), max_size=200),
    )
)
def test_folding_breaks_lines_at_75_octets_and_unfolds_to_the_line(line):
    pieces = fold(line).split("\r\n")
    # Each continuation starts with the one space that unfolding removes.
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == line
    octets = [len(piece.encode("utf-8")) for piece in pieces]
    assert all(size <= 75 for size in octets)
    # A break comes only where the next character would pass 75 octets, never sooner.
    for size, following in zip(octets, pieces[1:], strict=False):
        assert size + len(following[1].encode("utf-8")) > 75
