"""Which pages the data produces, their Markdown, and the navigation that lists them.

A generated page is rendered by the project's own code (``views`` with the autoescaping templates);
its Markdown never goes through mkdocs-macros, so no data string is ever part of a template's
source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..data.models import Project
from ..tools.worktools import planner_frameworks, worksheet_frameworks
from . import views
from .rendering import Renderer, escape_markdown
from .slots import Slots

# Placeholders in mkdocs.yml's nav that the plugin replaces with generated sections.
NAV_PLACEHOLDER = "playbook:"


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: its path, title, nav section and view."""

    src_uri: str
    title: str
    view: Callable[..., Markup]
    section: str
    entity_id: str | None = None

    @property
    def label(self) -> Markup:
        """The title as HTML, for MkDocs' nav and page title (the theme prints them unescaped)."""
        return escape(" ".join(self.title.split()))

    def markdown(self, renderer: Renderer) -> str:
        """The page's Markdown: the escaped title as its h1, then the view's output."""
        body = (
            self.view(renderer) if self.entity_id is None else self.view(renderer, self.entity_id)
        )
        return f"# {escape_markdown(' '.join(self.title.split()))}\n\n{body}"

    def markdown_and_slots(self, renderer: Renderer) -> tuple[str, Slots]:
        """The page's Markdown with its HTML blocks held aside, and the slots that hold them."""
        slots = renderer.hold_blocks()
        try:
            return self.markdown(renderer), slots
        finally:
            renderer.release_blocks()


def generated_pages(project: Project, language: str | None = None) -> list[GeneratedPage]:
    """One page per framework, assessment and checklist, the reference pages and the working tools.

    Titles are in ``language``.
    """
    ui = project.ui(language)
    pages = [
        GeneratedPage(f"frameworks/{f.id}.md", f.title, views.framework_page, "frameworks", f.id)
        for f in project.frameworks.values()
    ]
    pages += [
        GeneratedPage(f"assessments/{a.id}.md", a.title, views.assessment_page, "assessments", a.id)
        for a in project.assessments.values()
    ]
    pages += [
        GeneratedPage(f"checklists/{c.id}.md", c.title, views.checklist_page, "checklists", c.id)
        for c in project.checklists.values()
    ]
    pages += [
        GeneratedPage("map.md", ui["page.map"], views.map_page, "reference"),
        GeneratedPage("glossary.md", ui["page.glossary"], views.glossary_page, "reference"),
        GeneratedPage("tools.md", ui["page.tools"], views.tools_page, "reference"),
    ]
    return pages + tool_pages(project, language)


def tool_pages(project: Project, language: str | None = None) -> list[GeneratedPage]:
    """A worksheet per framework whose every element has prompts, a planner per scheduled framework.

    A team view per assessment, and the action plan.
    """
    ui = project.ui(language)

    def title(key: str, framework, count: int) -> str:
        # With more than one page of a kind, each title names its framework.
        return ui[key] if count == 1 else f"{ui[key]}: {framework.title}"

    sheets, planners = worksheet_frameworks(project), planner_frameworks(project)
    pages = [
        GeneratedPage(
            f"worksheets/{f.id}.md",
            title("worksheet.title", f, len(sheets)),
            views.worksheet_page,
            "tools",
            f.id,
        )
        for f in sheets
    ]
    pages += [
        GeneratedPage(
            f"planner/{f.id}.md",
            title("planner.title", f, len(planners)),
            views.planner_page,
            "tools",
            f.id,
        )
        for f in planners
    ]
    # A team view per assessment, beside the assessment's own page (assessments/<id>/team/).
    pages += [
        GeneratedPage(
            f"assessments/{a.id}/team.md",
            ui["team.title"].replace("{assessment}", a.title),
            views.team_page,
            "tools",
            a.id,
        )
        for a in project.assessments.values()
    ]
    return pages + [
        GeneratedPage("action-plan.md", ui["actions.title"], views.action_plan_page, "tools")
    ]


def expand_nav(
    nav: list | None, pages: list[GeneratedPage], titles: dict[str, str] | None = None
) -> tuple[list | None, list[str]]:
    """Replace 'playbook:<section>' placeholders in the nav; return it and unknown placeholders.

    Under a title of its own (``- Frameworks: playbook:frameworks``) a placeholder becomes that
    section's pages. Bare in a list (``- playbook:frameworks``) it becomes a section titled from
    ``titles`` (the UI strings), so that the navigation follows the language; an empty bare section
    is left out. Titles from the data enter the nav HTML-escaped (as Markup): the theme prints nav
    titles as they are.
    """
    if nav is None:
        return None, []
    unknown: list[str] = []
    titles = titles or {}
    sections = {p.section for p in pages} | {
        "frameworks",
        "assessments",
        "checklists",
        "reference",
        "tools",
    }

    def section_of(entry) -> str | None:
        if isinstance(entry, str) and entry.startswith(NAV_PLACEHOLDER):
            section = entry[len(NAV_PLACEHOLDER) :]
            if section in sections:
                return section
            unknown.append(entry)
        return None

    def listing(section: str) -> list:
        return [{p.label: p.src_uri} for p in pages if p.section == section]

    def expand(entry):
        section = section_of(entry)
        if section:
            return listing(section)
        if isinstance(entry, dict):
            return {k: expand(v) for k, v in entry.items()}
        if isinstance(entry, list):
            out = []
            for item in entry:
                bare = section_of(item)
                if bare:
                    if listing(bare):
                        out.append({escape(titles.get(bare, bare.capitalize())): listing(bare)})
                else:
                    out.append(expand(item))
            return out
        return entry

    return expand(nav), unknown
