"""The working tools built from the data.

Recurring checklist units, the strategy worksheet and the day planner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..data.models import Block, Element, Framework, Project


def recurrence(project: Project, ref: str) -> str:
    """How often an element's checklist starts over.

    That is the recurrence of the first recurring checklist including it, else "none".

    Saved ticks are keyed by the element, so the framework page and every checklist that includes
    the element must agree on when they are cleared.
    """
    for checklist in project.checklists.values():
        if checklist.recurrence != "none" and any(
            s.get("include") == ref for s in checklist.raw_sections
        ):
            return checklist.recurrence
    return "none"


def worksheet_frameworks(project: Project) -> list[Framework]:
    """Frameworks that get a worksheet.

    They are plans made of steps, every step asking questions (prompts) to answer in writing.
    """
    return [
        f
        for f in project.frameworks.values()
        if f.elements and all(e.kind == "step" and e.prompts for e in f.elements)
    ]


def planner_frameworks(project: Project) -> list[Framework]:
    """Frameworks that get a day planner: a schedule with time blocks, tasks ranked by priority."""
    return [f for f in project.frameworks.values() if f.schedule and f.schedule.blocks and tasks(f)]


def tasks(framework: Framework) -> list[Element]:
    """The framework's tasks with a priority, highest priority (1) first."""
    return sorted(
        (e for e in framework.elements if e.kind == "task" and e.priority), key=lambda e: e.priority
    )


def default_blocks(framework: Framework) -> dict[str, str]:
    """Task id to block id.

    Tasks in priority order fill the blocks in turn, earlier blocks taking any extra task.
    """
    ranked, blocks = tasks(framework), framework.schedule.blocks
    size, extra = divmod(len(ranked), len(blocks))
    out, start = {}, 0
    for i, block in enumerate(blocks):
        end = start + size + (1 if i < extra else 0)
        out.update({task.id: block.id for task in ranked[start:end]})
        start = end
    return out


def minutes(hhmm: str) -> int:
    """Minutes since midnight of an "HH:MM" time."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(total: int) -> str:
    """An "HH:MM" time from minutes since midnight; past midnight wraps to the next day's clock."""
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


@dataclass(frozen=True)
class Slot:
    """One task's place in the day."""

    task: Element
    block: Block
    start: str
    end: str


def day_plan(
    framework: Framework,
    start: str | None = None,
    end: str | None = None,
    assignment: dict[str, str] | None = None,
) -> list[Slot]:
    """The day between start and end, split evenly into the blocks.

    Each block's tasks share its time in priority order.

    Times are rounded to the nearest minute (halves up), so that the last task ends exactly at the
    end of the day. An end at or before the start is on the next day (a shift past midnight). Raises
    ValueError when a task would get less than a minute.

    planner.js does the same arithmetic in the same order, so the page shows this plan
    before and after the script runs.
    """
    schedule = framework.schedule
    first, last = minutes(start or schedule.day_start), minutes(end or schedule.day_end)
    last += 1440 if last <= first else 0
    length = (last - first) / len(schedule.blocks)
    assignment = assignment or default_blocks(framework)
    slots = []
    for i, block in enumerate(schedule.blocks):
        mine = [t for t in tasks(framework) if assignment.get(t.id) == block.id]
        for j, task in enumerate(mine):
            at = [math.floor(first + i * length + k * length / len(mine) + 0.5) for k in (j, j + 1)]
            if at[1] <= at[0]:
                raise ValueError(f"{hhmm(first)}-{hhmm(last)} leaves {task.id} less than a minute")
            slots.append(Slot(task, block, hhmm(at[0]), hhmm(at[1])))
    return slots
