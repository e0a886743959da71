"""mkdocs-macros never reads a generated page as a template, even in a fork that renders every page.

The playbook's mkdocs.yml has ``render_by_default: false``; a fork may set it to true for its own
pages. The plugin marks each generated page ``render_macros: false`` for the page events, so that
neither its Markdown nor its title (both built from data) is ever rendered by mkdocs-macros.
"""

from __future__ import annotations

import shutil

import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from ..conftest import copy_project
from .hostile import FRAMEWORK_TITLE, customise_hostile


def test_generated_pages_are_not_rendered_when_a_fork_renders_every_page(tmp_path):
    project = copy_project(tmp_path / "fork")
    customise_hostile(project)
    # Hand-written pages that show template syntax as text would not survive rendering.
    shutil.rmtree(project / "docs" / "maintainers")
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in settings["plugins"]:
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin["macros"]["render_by_default"] = True
    settings["nav"] = [entry for entry in settings["nav"] if "Maintainers" not in str(entry)]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")

    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    # Events driven by hand, with no build to end: the objects set aside come back now.
    config.plugins["playbook"].put_objects_back()
    files = config.plugins.on_files(get_files(config), config=config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    framework = next(
        page for page in nav.pages if page.file.generated_by and "{{ 7*7 }}" in str(page.title)
    )
    assert isinstance(framework, Page)
    framework.read_source(config)
    markdown = config.plugins.on_page_markdown(
        framework.markdown, page=framework, config=config, files=files
    )
    assert "49" not in str(framework.title)
    assert "{{ 7*7 }}" in str(framework.title)
    assert FRAMEWORK_TITLE.split(" <")[0] in str(framework.title)
    assert "\\{\\{ 7\\*7 \\}\\}" in markdown
