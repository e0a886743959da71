"""The plugin sets the objects alive after loading the data aside from the collector's full passes
(gc.freeze) for the build, and always hands them back."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from playbook.site.plugin import PlaybookPlugin

from .conftest import copy_project


@pytest.fixture
def no_frozen_objects() -> Iterator[None]:
    """A test that starts with nothing frozen, and leaves nothing frozen behind."""
    assert gc.get_freeze_count() == 0
    yield
    gc.unfreeze()


def test_objects_set_aside_come_back_when_the_build_ends(no_frozen_objects):
    plugin = PlaybookPlugin()
    plugin.set_objects_aside()
    assert plugin.froze_objects and gc.get_freeze_count() > 0
    plugin.on_post_build(config=None)
    assert gc.get_freeze_count() == 0 and not plugin.froze_objects


def test_objects_set_aside_come_back_when_the_build_fails(no_frozen_objects):
    plugin = PlaybookPlugin()
    plugin.set_objects_aside()
    plugin.on_build_error(error=RuntimeError("a page failed"))
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_someone_else_are_left_alone(no_frozen_objects):
    """Unfreezing is global: when the process froze objects of its own, the plugin neither
    freezes more nor unfreezes theirs."""
    gc.freeze()
    theirs = gc.get_freeze_count()
    plugin = PlaybookPlugin()
    plugin.set_objects_aside()
    plugin.on_post_build(config=None)
    assert not plugin.froze_objects
    assert gc.get_freeze_count() == theirs


@pytest.mark.build
def test_a_real_build_sets_its_data_aside_and_hands_it_back(
    tmp_path, monkeypatch, no_frozen_objects
):
    """Frozen from the end of on_config to the end of the build, in this process."""
    project = copy_project(tmp_path / "project")
    frozen_while_building = []
    on_files = PlaybookPlugin.on_files

    def counting_on_files(self, files, config):
        frozen_while_building.append(gc.get_freeze_count())
        return on_files(self, files, config)

    monkeypatch.setattr(PlaybookPlugin, "on_files", counting_on_files)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)
    build(load_config(os.fspath(project / "mkdocs.yml"), site_dir=os.fspath(tmp_path / "site")))

    assert len(frozen_while_building) == 1 and frozen_while_building[0] > 0
    assert gc.get_freeze_count() == 0
    assert (tmp_path / "site" / "index.html").is_file()
