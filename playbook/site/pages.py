"""Which pages the data produces, and the navigation that lists them."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment

from ..data.models import Project
from ..tools.worktools import planner_frameworks, worksheet_frameworks

# Placeholders in mkdocs.yml's nav that the plugin replaces with generated sections.
NAV_PLACEHOLDER = "playbook:"

_STUB = Environment(autoescape=False).from_string(
    "---\ntitle: {{ title|tojson }}\nrender_macros: true\n{% if hide %}hide: [{{ hide }}]\n{% endif %}---\n\n# {{ title }}\n\n{{ '{{' }} {{ call }} {{ '}}' }}\n"
)


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page that exists only in the build: a title and one macro call."""

    src_uri: str
    title: str
    call: str
    section: str
    hide: str = ""

    @property
    def content(self) -> str:
        """The page's Markdown source."""
        return _STUB.render(title=self.title.replace("\n", " "), call=self.call, hide=self.hide)


def generated_pages(project: Project, language: str | None = None) -> list[GeneratedPage]:
    """One page per framework, assessment and checklist, the reference pages and the working tools, titled in ``language``."""
    ui = project.ui(language)
    pages = [GeneratedPage(f"frameworks/{f.id}.md", f.title, f"framework_page({f.id!r})", "frameworks") for f in project.frameworks.values()]
    pages += [GeneratedPage(f"assessments/{a.id}.md", a.title, f"assessment_page({a.id!r})", "assessments") for a in project.assessments.values()]
    pages += [GeneratedPage(f"checklists/{c.id}.md", c.title, f"checklist_page({c.id!r})", "checklists") for c in project.checklists.values()]
    pages += [
        GeneratedPage("map.md", ui["page.map"], "map_page()", "reference"),
        GeneratedPage("glossary.md", ui["page.glossary"], "glossary_page()", "reference"),
        GeneratedPage("tools.md", ui["page.tools"], "tools_page()", "reference"),
    ]
    return pages + tool_pages(project, language)


def tool_pages(project: Project, language: str | None = None) -> list[GeneratedPage]:
    """A worksheet per framework whose every element has prompts, a planner per scheduled framework, and the action plan."""
    ui = project.ui(language)

    def title(key: str, framework, count: int) -> str:
        # With more than one page of a kind, each title names its framework.
        return ui[key] if count == 1 else f"{ui[key]}: {framework.title}"

    sheets, planners = worksheet_frameworks(project), planner_frameworks(project)
    pages = [GeneratedPage(f"worksheets/{f.id}.md", title("worksheet.title", f, len(sheets)), f"worksheet_page({f.id!r})", "tools") for f in sheets]
    pages += [GeneratedPage(f"planner/{f.id}.md", title("planner.title", f, len(planners)), f"planner_page({f.id!r})", "tools") for f in planners]
    return pages + [GeneratedPage("action-plan.md", ui["actions.title"], "action_plan_page()", "tools")]


def expand_nav(nav: list | None, pages: list[GeneratedPage], titles: dict[str, str] | None = None) -> tuple[list | None, list[str]]:
    """Replace 'playbook:<section>' placeholders in the nav; return the nav and unknown placeholders.

    Under a title of its own (``- Frameworks: playbook:frameworks``) a placeholder becomes that section's pages.
    Bare in a list (``- playbook:frameworks``) it becomes a section titled from ``titles`` (the UI strings), so
    that the navigation follows the language; an empty bare section is left out.
    """
    if nav is None:
        return None, []
    unknown: list[str] = []
    titles = titles or {}
    sections = {p.section for p in pages} | {"frameworks", "assessments", "checklists", "reference", "tools"}

    def section_of(entry) -> str | None:
        if isinstance(entry, str) and entry.startswith(NAV_PLACEHOLDER):
            section = entry[len(NAV_PLACEHOLDER):]
            if section in sections:
                return section
            unknown.append(entry)
        return None

    def listing(section: str) -> list:
        return [{p.title: p.src_uri} for p in pages if p.section == section]

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
                        out.append({titles.get(bare, bare.capitalize()): listing(bare)})
                else:
                    out.append(expand(item))
            return out
        return entry

    return expand(nav), unknown
