"""Macros for the working tools' pages: the strategy worksheet, the day planner and the action plan."""

from __future__ import annotations

from markupsafe import Markup

from .rendering import Renderer
from .worktools import day_plan, tasks


def define_env(env) -> None:
    """Register the working tools' macros with mkdocs-macros."""
    from .page_macros import _lookup, _project

    def render(template: str, **context) -> Markup:
        project = _project(env)
        page_url = env.page.url if getattr(env, "page", None) is not None else ""
        renderer = Renderer(project, page_url, env.conf["use_directory_urls"], project.ui(env.conf["theme"]["language"]))
        return Markup(renderer.render(template, **context))

    @env.macro
    def worksheet_page(framework_id: str) -> Markup:
        """A worksheet with a free-text field per prompt, substep and step of a framework."""
        return render("worksheet.md.j2", framework=_lookup(_project(env).frameworks, framework_id, "framework"))

    @env.macro
    def planner_page(framework_id: str) -> Markup:
        """The day planner of a framework with a schedule, showing the default plan until the script adjusts it."""
        framework = _lookup(_project(env).frameworks, framework_id, "framework")
        return render("planner.md.j2", framework=framework, slots=day_plan(framework), tasks=tasks(framework))

    @env.macro
    def action_plan_page() -> Markup:
        """The action plan: actions gathered from checklists and assessments, kept in the browser."""
        return render("action_plan.md.j2")
