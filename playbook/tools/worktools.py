"""The working tools built from the data.

Recurring checklist units and their working days, the strategy worksheet, the day planner and its
calendar.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..data.models import Block, Checklist, Element, Framework, Project, Schedule

# Day names as the data writes them, and as iCalendar's BYDAY writes them; Monday first.
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_SETS = {"weekdays": DAY_NAMES[:5], "every day": DAY_NAMES}

# The published calendar starts on a fixed Monday, so that each build writes the same file.
CALENDAR_FROM = date(2026, 1, 5)


def recurrences(project: Project) -> dict[str, str]:
    """How often each element's checklist starts over, for the elements that do: by element ref.

    That of the first recurring checklist including the element. Saved ticks are keyed by the
    element, so the framework page and every checklist that includes the element must agree on
    when they are cleared.
    """
    found: dict[str, str] = {}
    for checklist in project.checklists.values():
        if checklist.recurrence == "none":
            continue
        for section in checklist.raw_sections:
            if section.get("include") is not None:
                found.setdefault(section["include"], checklist.recurrence)
    return found


def working_days(schedule: Schedule | None) -> tuple[str, ...]:
    """The schedule's working days as iCalendar day codes (MO, TU, ...), Monday first.

    Without a schedule, or without `days`, every day is a working day.
    """
    said = schedule.days if schedule else "every day"
    names = DAY_SETS[said] if isinstance(said, str) else said
    return tuple(code for name, code in zip(DAY_NAMES, ICAL_DAYS, strict=True) if name in names)


def unit_days(project: Project, unit: str) -> tuple[str, ...]:
    """The working days of a checklist unit.

    Those of the framework whose element it is, or for a checklist's own items those of the
    frameworks it names (every day when none has a schedule).
    """
    if "/" in unit:
        framework_ids = [unit.split("/", 1)[0]]
    else:
        framework_ids = list(project.checklists[unit].frameworks)
    schedules = [project.frameworks[f].schedule for f in framework_ids]
    days = {day for schedule in schedules if schedule for day in working_days(schedule)}
    return tuple(code for code in ICAL_DAYS if code in days) or ICAL_DAYS


def checklist_days(project: Project, checklist: Checklist) -> tuple[str, ...]:
    """The days a checklist page counts in its streak: any working day of one of its units."""
    units = [s.include or checklist.id for s in project.sections(checklist)]
    days = {day for unit in units for day in unit_days(project, unit)}
    return tuple(code for code in ICAL_DAYS if code in days)


def worksheet_frameworks(project: Project) -> list[Framework]:
    """Frameworks that get a worksheet: plans of steps that all ask questions (prompts)."""
    return [
        f
        for f in project.frameworks.values()
        if f.elements and all(e.kind == "step" and e.prompts for e in f.elements)
    ]


def planner_frameworks(project: Project) -> list[Framework]:
    """Frameworks that get a day planner: a schedule with blocks, and tasks ranked by priority."""
    return [f for f in project.frameworks.values() if f.schedule and f.schedule.blocks and tasks(f)]


def tasks(framework: Framework) -> list[Element]:
    """The framework's tasks with a priority, highest priority (1) first."""
    return sorted(
        (e for e in framework.elements if e.kind == "task" and e.priority), key=lambda e: e.priority
    )


def minutes(hhmm: str) -> int:
    """Minutes since midnight of an "HH:MM" time."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(total: int) -> str:
    """An "HH:MM" time from minutes since midnight; past midnight wraps to the next day's clock."""
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


@dataclass(frozen=True)
class Slot:
    """One task's place in the day (task None: a block with no task in it yet)."""

    task: Element | None
    block: Block
    start: str
    end: str
    # Minutes after the day's midnight, past 1440 for a slot after midnight.
    start_minute: int = 0
    end_minute: int = 0


def _day(framework: Framework, start: str | None, end: str | None) -> tuple[int, float]:
    """The day's first minute and each block's length; an end not after the start is a day later."""
    schedule = framework.schedule
    first, last = minutes(start or schedule.day_start), minutes(end or schedule.day_end)
    last += 1440 if last <= first else 0
    return first, (last - first) / len(schedule.blocks)


def day_plan(
    framework: Framework,
    start: str | None = None,
    end: str | None = None,
    assignment: dict[str, str] | None = None,
) -> list[Slot]:
    """The tasks placed in blocks, with their times.

    The day between start and end is split evenly into the blocks; each block's tasks share its time
    in priority order. ``assignment`` maps task ids to block ids. The data assigns no task to a
    block, so by default no task has a time: which task goes where is the user's choice
    (planner.js). Times are rounded to the nearest minute (halves up), so that the last task ends
    exactly at the end of the day. Raises ValueError when a task would get less than a minute.

    planner.js does the same arithmetic in the same order, so the page shows this plan before and
    after the script runs.
    """
    first, length = _day(framework, start, end)
    assignment = assignment or {}
    slots = []
    for i, block in enumerate(framework.schedule.blocks):
        mine = [t for t in tasks(framework) if assignment.get(t.id) == block.id]
        for j, task in enumerate(mine):
            at = [math.floor(first + i * length + k * length / len(mine) + 0.5) for k in (j, j + 1)]
            if at[1] <= at[0]:
                last = round(first + length * len(framework.schedule.blocks))
                day = f"{hhmm(first)}-{hhmm(last)}"
                raise ValueError(f"{day} leaves {task.id} less than a minute")
            slots.append(Slot(task, block, hhmm(at[0]), hhmm(at[1]), *at))
    return slots


def block_times(
    framework: Framework, start: str | None = None, end: str | None = None
) -> list[Slot]:
    """Each block with its share of the day (rounded as day_plan rounds), as a task-less Slot."""
    first, length = _day(framework, start, end)
    slots = []
    for i, block in enumerate(framework.schedule.blocks):
        at = [math.floor(first + i * length + k * length + 0.5) for k in (0, 1)]
        slots.append(Slot(None, block, hhmm(at[0]), hhmm(at[1]), *at))
    return slots


def unplanned(framework: Framework, assignment: dict[str, str] | None = None) -> list[Element]:
    """The tasks in no block, in priority order."""
    blocks = {b.id for b in framework.schedule.blocks}
    return [t for t in tasks(framework) if (assignment or {}).get(t.id) not in blocks]


def check_room(framework: Framework) -> None:
    """Raises ValueError when the default day cannot hold every task in any one block."""
    for block in framework.schedule.blocks:
        day_plan(framework, assignment={t.id: block.id for t in tasks(framework)})


def fill(text: str, **values) -> str:
    """A UI string with its {placeholders} filled in, as core.js fills them."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def ics_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash ; , and line breaks escaped, control characters dropped."""
    value = re.sub(r"[\\;,]", lambda m: "\\" + m.group(0), value)
    value = re.sub(r"\r\n|\r|\n", r"\\n", value)
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "", value)


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a character."""
    # Most lines are ASCII, one octet a character: the first piece holds 75, each next one 74 after
    # the space that marks it as a continuation.
    if line.isascii():
        rest = (line[at : at + 74] for at in range(75, len(line), 74))
        return "\r\n ".join([line[:75], *rest])
    out, octets = [], 0
    for character in line:
        size = len(character.encode("utf-8"))
        if octets + size > 75:
            out.append("\r\n ")
            octets = 1
        out.append(character)
        octets += size
    return "".join(out)


def first_working_day(day: date, days: tuple[str, ...]) -> date:
    """The first day on or after ``day`` that is a working day."""
    while ICAL_DAYS[day.weekday()] not in days:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class CalendarText:
    """The UI strings and links a calendar's events carry."""

    block_summary: str  # "{block}: {framework}"
    block_description: str  # with {tasks}
    planner_url: str
    task_url: dict[str, str]
    host: str


def calendar(
    framework: Framework,
    text: CalendarText,
    assignment: dict[str, str] | None = None,
    start: date = CALENDAR_FROM,
    stamp: datetime | None = None,
) -> str:
    """The day plan as an iCalendar file.

    One event per planned task and per block with no task, repeating weekly on the working days
    (BYDAY), from the first working day on or after start. Times are floating local times: the
    same working hours wherever the calendar is opened.
    """
    days = working_days(framework.schedule)
    first = first_working_day(start, days)
    midnight = datetime(first.year, first.month, first.day)
    stamp = stamp or midnight
    planned = day_plan(framework, assignment=assignment)
    ranked = "; ".join(f"{t.priority}. {t.title}" for t in tasks(framework))
    slots = []
    for block in block_times(framework):
        mine = [s for s in planned if s.block.id == block.block.id]
        slots += mine or [block]

    def at(minute: int) -> str:
        return (midnight + timedelta(minutes=minute)).strftime("%Y%m%dT%H%M%S")

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Social Media Playbook//Planner//EN"]
    for slot in slots:
        if slot.task:
            uid, summary = slot.task.id, f"{slot.task.priority}. {slot.task.title}"
            description, url = slot.task.summary, text.task_url.get(slot.task.id, "")
        else:
            uid = f"block-{slot.block.id}"
            summary = fill(text.block_summary, block=slot.block.title, framework=framework.title)
            description, url = fill(text.block_description, tasks=ranked), text.planner_url
        lines += [
            "BEGIN:VEVENT",
            f"UID:{framework.id}-{uid}@{text.host}",
            "SEQUENCE:0",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%S')}Z",
            f"DTSTART:{at(slot.start_minute)}",
            f"DTEND:{at(slot.end_minute)}",
            f"RRULE:FREQ=WEEKLY;BYDAY={','.join(days)}",
            f"SUMMARY:{ics_text(summary)}",
            f"DESCRIPTION:{ics_text(' '.join(description.split()))}",
            *([f"URL:{url}"] if url else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in lines)


def calendar_path(framework_id: str) -> str:
    """Where the build publishes a planner framework's calendar: a stable URL to subscribe to."""
    return f"calendars/{framework_id}.ics"


def published_calendars(
    project: Project, ui: dict[str, str], site_url: str | None, directory_urls: bool = True
) -> dict[str, str]:
    """Path to content of each planner framework's default calendar, as the build publishes it.

    Links in the events are absolute when the site has a site_url, and left out otherwise.
    """
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    host = re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", base, flags=re.S) if base else "playbook"

    def page(stem: str, anchor: str = "") -> str:
        if not base:
            return ""
        return f"{base}{stem}{'/' if directory_urls else '.html'}{'#' + anchor if anchor else ''}"

    out = {}
    for framework in planner_frameworks(project):
        text = CalendarText(
            block_summary=ui["planner.ics_block"],
            block_description=ui["planner.ics_block_tasks"],
            planner_url=page(f"planner/{framework.id}"),
            task_url={t.id: page(f"frameworks/{framework.id}", t.id) for t in tasks(framework)},
            host=host,
        )
        out[calendar_path(framework.id)] = calendar(framework, text)
    return out
