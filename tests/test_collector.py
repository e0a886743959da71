"""The plugin sets the objects alive after loading the data aside from the collector's full passes
(gc.freeze) for the build, puts the full passes off to the build's end, and always hands both
back."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from playbook.site.plugin import FULL_PASSES_PUT_OFF, PlaybookPlugin

from .conftest import copy_project

# Not the interpreter's defaults (700, 10, 10): a build must put back what it found.
FOUND = (500, 7, 9)


@pytest.fixture
def no_frozen_objects() -> Iterator[None]:
    """A test that starts with nothing frozen and known thresholds, and leaves both as found."""
    assert gc.get_freeze_count() == 0
    before = gc.get_threshold()
    gc.set_threshold(*FOUND)
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_objects_set_aside_come_back_when_the_build_ends(no_frozen_objects):
    plugin = PlaybookPlugin()
    plugin.set_objects_aside()
    assert plugin.froze_objects and gc.get_freeze_count() > 0
    # The young generations as found; full passes only after many passes of the middle one.
    assert gc.get_threshold() == (500, 7, FULL_PASSES_PUT_OFF)
    plugin.on_post_build(config=None)
    assert gc.get_freeze_count() == 0 and not plugin.froze_objects
    assert gc.get_threshold() == FOUND


def test_objects_set_aside_come_back_when_the_build_fails(no_frozen_objects):
    plugin = PlaybookPlugin()
    plugin.set_objects_aside()
    plugin.on_build_error(error=RuntimeError("a page failed"))
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == FOUND


def test_cycles_are_still_collected_while_the_full_passes_are_put_off(no_frozen_objects):
    """Under the build's thresholds the young generations' passes still run and free garbage in
    cycles (a build that turned the collector off would hold all of it to the end)."""
    plugin = PlaybookPlugin()
    plugin.set_objects_aside()
    try:
        collected = []

        def count(phase, info):
            if phase == "stop":
                collected.append((info["generation"], info["collected"]))

        gc.callbacks.append(count)
        try:
            for _ in range(20_000):
                cycle = []
                cycle.append(cycle)
            del cycle
        finally:
            gc.callbacks.remove(count)
    finally:
        plugin.on_post_build(config=None)
    assert sum(freed for generation, freed in collected if generation < 2) >= 10_000


def test_objects_frozen_by_someone_else_are_left_alone(no_frozen_objects):
    """Unfreezing is global: when the process froze objects of its own, the plugin neither
    freezes more nor unfreezes theirs, nor changes the thresholds they chose."""
    gc.freeze()
    theirs = gc.get_freeze_count()
    plugin = PlaybookPlugin()
    plugin.set_objects_aside()
    assert gc.get_threshold() == FOUND
    plugin.on_post_build(config=None)
    assert not plugin.froze_objects
    # Still frozen, and no more than before: a frozen object that the test's own run lets go of
    # leaves the count (what a test ran before decides how many), unfreezing would empty it.
    assert 0 < gc.get_freeze_count() <= theirs
    assert gc.get_threshold() == FOUND


@pytest.mark.build
def test_a_real_build_sets_its_data_aside_and_hands_it_back(
    tmp_path, monkeypatch, no_frozen_objects
):
    """Frozen, and full passes put off, from the end of on_config to the end of the build, in
    this process."""
    project = copy_project(tmp_path / "project")
    frozen_while_building = []
    on_files = PlaybookPlugin.on_files

    def counting_on_files(self, files, config):
        frozen_while_building.append((gc.get_freeze_count(), gc.get_threshold()))
        return on_files(self, files, config)

    monkeypatch.setattr(PlaybookPlugin, "on_files", counting_on_files)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(project)
    build(load_config(os.fspath(project / "mkdocs.yml"), site_dir=os.fspath(tmp_path / "site")))

    [(frozen, thresholds)] = frozen_while_building
    assert frozen > 0 and thresholds == (500, 7, FULL_PASSES_PUT_OFF)
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == FOUND
    assert (tmp_path / "site" / "index.html").is_file()
