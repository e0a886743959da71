"""The macros that hand-written pages in docs/ call (mkdocs-macros' ``module_name: macros``).

Only ``define_env`` lives here: each macro is a thin call into ``playbook.site.views``. Pages
generated from the data do not go through mkdocs-macros.
"""

from __future__ import annotations

from pathlib import Path


def define_env(env) -> None:
    """Register the page macros with mkdocs-macros."""
    # Imported on use, so that loading this module costs nothing when no page calls a macro.
    from playbook.data.project import load_project
    from playbook.site import views
    from playbook.site.config import organisation_name
    from playbook.site.rendering import Renderer

    def rendered(view, *arguments):
        """``view``'s output for the page mkdocs-macros is rendering."""
        page = getattr(env, "page", None)
        # The playbook plugin's renderer, shared by the whole build, which holds the HTML blocks
        # aside with the page's; without the plugin, a fresh one that leaves them in place.
        plugin = env.conf.plugins.get("playbook")
        if plugin is not None and plugin.renderer is not None and page is not None:
            with plugin.renderer_for_macro(page) as renderer:
                return view(renderer, *arguments)
        loaded = load_project(Path(env.project_dir) / "data", Path(env.project_dir))
        strings = loaded.ui(env.conf["theme"]["language"])
        directory_urls = env.conf["use_directory_urls"]
        renderer = Renderer(
            loaded,
            page.url if page is not None else "",
            directory_urls,
            strings,
            organisation=organisation_name(env.conf),
        )
        return view(renderer, *arguments)

    def schema_dir() -> Path:
        return Path(env.project_dir) / env.conf.plugins["playbook"].config.data_dir / "schema"

    env.macro(lambda: rendered(views.catalogue), "catalogue")
    env.macro(lambda: rendered(views.data_reference, schema_dir()), "data_reference")
    # A hand-written page may also show an entity's page body (the
    # generated pages do not use these).
    for name in (
        "framework_page",
        "assessment_page",
        "checklist_page",
        "worksheet_page",
        "planner_page",
    ):
        env.macro(_one_id(getattr(views, name), rendered), name)
    for name in ("glossary_page", "tools_page", "map_page", "action_plan_page"):
        env.macro(_no_id(getattr(views, name), rendered), name)


def _one_id(view, rendered):
    return lambda entity_id: rendered(view, entity_id)


def _no_id(view, rendered):
    return lambda: rendered(view)
