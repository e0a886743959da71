"""The bodies of the playbook's pages, rendered from the data with the autoescaping templates.

Each function takes a ``Renderer`` bound to the page being built and returns Markdown with HTML
blocks. The plugin calls them for the generated pages; ``macros/`` calls the few that hand-written
pages use.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter
from pathlib import Path

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ..data.models import KINDS, Project
from ..tools.worktools import (
    ICAL_DAYS,
    block_times,
    calendar_path,
    checklist_days,
    day_plan,
    planner_frameworks,
    recurrences,
    unplanned,
    working_days,
    worksheet_frameworks,
)
from .assessment_view import page_data, plain, radar, scoring_data
from .reference import schema_docs
from .rendering import Renderer
from .team_view import team_page_data


def lookup(table: dict, key: str, kind: str):
    """The entity ``key`` of ``table``, or a KeyError that lists the ids that exist."""
    if key not in table:
        raise KeyError(f"no {kind} with id '{key}' (known: {', '.join(table) or 'none'})")
    return table[key]


def framework_page(renderer: Renderer, framework_id: str) -> Markup:
    """The body of a framework page."""
    framework = lookup(renderer.project.frameworks, framework_id, "framework")
    return Markup(renderer.render("framework.md.j2", framework=framework))


def _assessment_view(renderer: Renderer, assessment_id: str, template: str, data_for) -> Markup:
    """An assessment's page body from template, with its radar and the widget's data_for()."""
    assessment = lookup(renderer.project.assessments, assessment_id, "assessment")
    return Markup(
        renderer.render(
            template,
            assessment=assessment,
            data=data_for(assessment, renderer),
            radar=radar(assessment),
            plain=lambda text: plain(renderer, text),
        )
    )


def assessment_page(renderer: Renderer, assessment_id: str) -> Markup:
    """The body of an assessment page: the questions, the results area and the widget's data."""
    return _assessment_view(renderer, assessment_id, "assessment.md.j2", page_data)


def team_page(renderer: Renderer, assessment_id: str) -> Markup:
    """The team view of an assessment: members' exports dropped in, aggregated in the browser."""
    return _assessment_view(renderer, assessment_id, "team.md.j2", team_page_data)


def checklist_page(renderer: Renderer, checklist_id: str) -> Markup:
    """The body of a checklist page."""
    checklist = lookup(renderer.project.checklists, checklist_id, "checklist")
    days = checklist_days(renderer.project, checklist)
    page = renderer.render("checklist.md.j2", checklist=checklist, days=days, all_days=ICAL_DAYS)
    return Markup(page)


def glossary_page(renderer: Renderer) -> Markup:
    """Every glossary term."""
    return Markup(renderer.render("glossary.md.j2"))


def tools_page(renderer: Renderer) -> Markup:
    """Tools named by the sources, grouped by purpose, each with the elements that use it."""
    uses: dict[str, list] = {}
    for framework in renderer.project.frameworks.values():
        for element in framework.elements:
            for tool_id in element.tools:
                uses.setdefault(tool_id, []).append(element)
    return Markup(renderer.render("tools.md.j2", tool_uses=uses))


def map_page(renderer: Renderer) -> Markup:
    """The cross-framework map."""
    project = renderer.project
    members = project.concern_map()
    # Each concern's rows and connections, gathered in one pass over the data: looked up per
    # concern and framework in the template, they grew with frameworks times concerns.
    rows = {
        concern_id: [
            (project.frameworks[framework_id], list(group))
            for framework_id, group in groupby(elements, key=attrgetter("framework_id"))
        ]
        for concern_id, elements in members.items()
    }
    connections: dict[str, list] = {concern_id: [] for concern_id in project.concerns}
    for framework in project.frameworks.values():
        for element in framework.elements:
            for relation in element.relations:
                connections[relation.concern].append((framework, element, relation))
    return Markup(
        renderer.render(
            "map.md.j2", concern_map=members, concern_rows=rows, connections=connections
        )
    )


# A rough reading pace for the home page's time estimate: seconds per question.
SECONDS_PER_QUESTION = 15


def catalogue(renderer: Renderer) -> Markup:
    """The home page: the hero, the reader's progress, the tools, then the whole playbook."""
    project = renderer.project
    # The first assessment in the data's order is the one the home page starts readers on.
    main = next(iter(project.assessments.values()), None)
    minutes = -(-len(main.questions) * SECONDS_PER_QUESTION // 60) if main else 0
    return Markup(
        renderer.render(
            "catalogue.html.j2",
            main=main,
            minutes=minutes,
            worksheets=worksheet_frameworks(project),
            planners=planner_frameworks(project),
            progress=progress_sources(project),
        )
    )


def progress_sources(project: Project) -> dict:
    """What the home page's progress row needs to read saved state: scoring data, checklist units.

    Recurring checklists and units are left out: their ticks belong to a day or a week, not to
    work in progress.
    """
    checklists = {}
    recurring_units = recurrences(project)
    for checklist in project.checklists.values():
        if checklist.recurrence != "none":
            continue
        units = {}
        for section in project.sections(checklist):
            unit = section.include or checklist.id
            if section.include in recurring_units:
                continue
            units.setdefault(unit, []).extend(item.id for item in section.items)
        checklists[checklist.id] = units
    assessments = {a.id: scoring_data(a) for a in project.assessments.values()}
    return {"assessments": assessments, "checklists": checklists}


def data_reference(renderer: Renderer, schema_dir: Path) -> Markup:
    """Every field of every data schema, for maintainers."""
    docs = schema_docs(schema_dir, renderer.project.raw, KINDS)
    return Markup(renderer.render("data_reference.md.j2", docs=docs))


def worksheet_page(renderer: Renderer, framework_id: str) -> Markup:
    """A worksheet with a free-text field per prompt, substep and step of a framework."""
    framework = lookup(renderer.project.frameworks, framework_id, "framework")
    return Markup(renderer.render("worksheet.md.j2", framework=framework))


def planner_page(renderer: Renderer, framework_id: str) -> Markup:
    """The day planner of a scheduled framework, showing the default plan until the script runs."""
    framework = lookup(renderer.project.frameworks, framework_id, "framework")
    here = renderer.linker.page_url or "."
    return Markup(
        renderer.render(
            "planner.md.j2",
            framework=framework,
            slots=day_plan(framework),
            unplanned=unplanned(framework),
            blocks=block_times(framework),
            days=working_days(framework.schedule),
            calendar_href=get_relative_url(calendar_path(framework.id), here),
        )
    )


def action_plan_page(renderer: Renderer) -> Markup:
    """The action plan: actions gathered from checklists and assessments, kept in the browser."""
    project = renderer.project
    # Item id to [unit, rhythm] (item ids are unique across the playbook): elements' items, then
    # the items that checklists list themselves. An element's pair is found once for all its
    # items: a big fork has tens of thousands.
    checklist_items = {}
    for framework in project.frameworks.values():
        for element in framework.elements:
            unit = [element.ref, renderer.recurrence_of(element.ref)]
            for item in element.checklist:
                checklist_items[item.id] = unit
    checklist_items |= {
        item.id: [checklist.id, checklist.recurrence]
        for checklist in project.checklists.values()
        for section in project.sections(checklist)
        if not section.include
        for item in section.items
    }
    return Markup(renderer.render("action_plan.md.j2", checklist_items=checklist_items))
