"""Compiled page templates are kept between builds (the plugin's ``cache`` and ``cache_dir``).

Compiling the playbook's templates costs more than rendering a small site, so a build reuses the
compiled code of the last one; Jinja compares each cached template with its source.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.structure.files import Files

from playbook.site.rendering import TEMPLATES, Renderer, use_template_cache

from .conftest import ROOT, copy_project


@pytest.fixture
def environment():
    """The build's Jinja environment, with its in-memory templates dropped before and after."""
    from playbook.data.project import load_project

    env = Renderer(load_project(ROOT / "data", ROOT)).env
    env.cache.clear()
    yield env
    use_template_cache(None)
    env.cache.clear()


def record_compiles(environment, monkeypatch) -> list[str]:
    """The names of the templates ``environment`` compiles from now on (not taken from a cache)."""
    compiled: list[str] = []
    real_compile = environment.compile

    def compile_and_record(source, name=None, *args, **kwargs):
        compiled.append(name)
        return real_compile(source, name, *args, **kwargs)

    monkeypatch.setattr(environment, "compile", compile_and_record)
    return compiled


def template_names() -> list[str]:
    return sorted(path.name for path in TEMPLATES.glob("*.j2"))


def test_a_second_build_reuses_the_compiled_templates(environment, tmp_path, monkeypatch):
    assert use_template_cache(tmp_path / "templates")
    for name in template_names():
        environment.get_template(name)
    assert len(list((tmp_path / "templates").iterdir())) == len(template_names())
    # A new build process starts with no template in memory: each must come from the folder.
    environment.cache.clear()
    compiled = record_compiles(environment, monkeypatch)
    for name in template_names():
        environment.get_template(name)
    assert compiled == []


def test_without_the_cache_every_process_compiles(environment, tmp_path, monkeypatch):
    assert not use_template_cache(None)
    compiled = record_compiles(environment, monkeypatch)
    environment.get_template(template_names()[0])
    assert compiled == [template_names()[0]]


def test_a_folder_that_cannot_be_made_means_no_cache(environment, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert not use_template_cache(blocker / "templates")
    assert environment.bytecode_cache is None
    # Templates still compile and render.
    assert environment.get_template(template_names()[0]) is not None


def test_the_build_keeps_its_templates_in_the_cache_folder(site: Path):
    """A real build fills the cache: the playbook's templates, the theme's, the parsed data and
    what search found in the generated pages."""
    cache = site.parent / ".cache" / "playbook"
    assert len(list((cache / "templates").iterdir())) == len(template_names())
    assert list((cache / "theme").iterdir())
    assert (cache / "parsed.marshal").is_file()
    assert (cache / "search.marshal").is_file()


@pytest.mark.parametrize("cache", [True, False])
def test_the_cache_option_decides_whether_templates_are_kept(tmp_path, cache, environment):
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["playbook"]
    plugin.config.cache = cache
    plugin.on_config(config)
    # Events driven by hand, with no build to end: the objects set aside come back now.
    plugin.put_objects_back()
    assert (project / ".cache" / "playbook" / "templates").is_dir() == cache
    assert (environment.bytecode_cache is not None) == cache
    # What search finds in the generated pages is kept too, or not.
    assert (plugin.search_sections is not None) == cache
    # The theme's own templates (Material's and the overrides) are kept the same way.
    theme = plugin.on_env(config.theme.get_env(), config=config, files=Files([]))
    assert (theme.bytecode_cache is not None) == cache
    assert (project / ".cache" / "playbook" / "theme").is_dir() == cache
