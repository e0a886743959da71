"""The macros that Markdown pages call to show the playbook's data."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .assessment_view import page_data, plain, radar
from .models import KINDS, Project
from .project import load_project
from .reference import schema_docs
from .rendering import Renderer


def _project(env) -> Project:
    """The project the playbook plugin loaded, or (without the plugin) a fresh load of data/."""
    plugin = env.conf.plugins.get("playbook")
    if plugin is not None and plugin.project is not None:
        return plugin.project
    return load_project(Path(env.project_dir) / "data", Path(env.project_dir))


def _lookup(table: dict, key: str, kind: str):
    if key not in table:
        raise KeyError(f"no {kind} with id '{key}' (known: {', '.join(table) or 'none'})")
    return table[key]


def define_env(env) -> None:
    """Register the playbook's macros with mkdocs-macros."""

    def renderer() -> Renderer:
        page_url = env.page.url if getattr(env, "page", None) is not None else ""
        project = _project(env)
        return Renderer(project, page_url, env.conf["use_directory_urls"], project.ui(env.conf["theme"]["language"]))

    def render(template: str, **context) -> Markup:
        r = renderer()
        return Markup(r.render(template, **context))

    @env.macro
    def framework_page(framework_id: str) -> Markup:
        """The body of a framework page."""
        project = _project(env)
        return render("framework.md.j2", framework=_lookup(project.frameworks, framework_id, "framework"))

    @env.macro
    def assessment_page(assessment_id: str) -> Markup:
        """The body of an assessment page."""
        r = renderer()
        assessment = _lookup(r.project.assessments, assessment_id, "assessment")
        return Markup(r.render("assessment.md.j2", assessment=assessment, data=page_data(assessment, r), radar=radar(assessment), plain=lambda text: plain(r, text)))

    @env.macro
    def checklist_page(checklist_id: str) -> Markup:
        """The body of a checklist page."""
        project = _project(env)
        return render("checklist.md.j2", checklist=_lookup(project.checklists, checklist_id, "checklist"))

    @env.macro
    def glossary_page() -> Markup:
        """Every glossary term."""
        return render("glossary.md.j2")

    @env.macro
    def tools_page() -> Markup:
        """Tools named by the sources, grouped by purpose."""
        project = _project(env)
        uses: dict[str, list] = {}
        for framework in project.frameworks.values():
            for element in framework.elements:
                for tool_id in element.tools:
                    uses.setdefault(tool_id, []).append(element)
        return render("tools.md.j2", tool_uses=uses)

    @env.macro
    def map_page() -> Markup:
        """The cross-framework map."""
        return render("map.md.j2")

    @env.macro
    def data_reference() -> Markup:
        """Every field of every data schema, for maintainers."""
        project = _project(env)
        schema_dir = Path(env.project_dir) / env.conf.plugins["playbook"].config.data_dir / "schema"
        return render("data_reference.md.j2", docs=schema_docs(schema_dir, project.raw, KINDS))

    @env.macro
    def catalogue() -> Markup:
        """Everything in the playbook, for the home page."""
        return render("catalogue.html.j2")
