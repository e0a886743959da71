"""The macros of hand-written pages (macros/__init__.py): with the playbook plugin, their HTML
blocks are held aside with the page's and come back in the built page; without it, they stay."""

from __future__ import annotations

from types import SimpleNamespace

import markdown
import pytest
from mkdocs.config import load_config

import macros
from playbook.site.slots import PLACEHOLDER

from .conftest import ROOT


class FakeEnv:
    """What define_env uses of mkdocs-macros' environment."""

    def __init__(self, conf, page):
        self.conf, self.page, self.project_dir = conf, page, str(ROOT)
        self.macros: dict = {}

    def macro(self, function, name):
        self.macros[name] = function


def hand_written_page(src_uri: str):
    """A hand-written page as the plugin's events see it."""
    url = src_uri.removesuffix(".md") + "/"
    return SimpleNamespace(
        url=url,
        title=src_uri,
        toc=[],
        file=SimpleNamespace(src_uri=src_uri, generated_by=None),
        meta={"render_macros": True},
        present_anchor_ids=set(),
    )


@pytest.fixture(scope="module")
def config():
    loaded = load_config(str(ROOT / "mkdocs.yml"))
    # MkDocs keeps plugin instances between loads of one config in a process (for serve), so the
    # search plugin may hold an index from another test's build: give it a fresh one, as a build
    # does, so that every order of the tests sees the same.
    loaded.plugins["material/search"].on_config(loaded)
    loaded.plugins["playbook"].on_config(loaded)
    # Events driven by hand, with no build to end: the objects set aside come back now.
    loaded.plugins["playbook"].put_objects_back()
    return loaded


@pytest.mark.parametrize("name", ["catalogue", "data_reference"])
def test_a_macro_holds_its_blocks_with_the_page_and_they_come_back(config, name):
    plugin = config.plugins["playbook"]
    page = hand_written_page(f"maintainers/{name}.md")
    env = FakeEnv(config, page)
    macros.define_env(env)
    output = str(env.macros[name]())
    assert PLACEHOLDER.search(output), name
    slots = plugin.slots[page.file.src_uri]
    # Copies: the blocks let their text go as they come back.
    held, held_ids = list(slots.blocks), slots.anchor_ids()
    assert held
    converted = markdown.Markdown(extensions=["attr_list", "md_in_html"]).convert(output)
    at_search = plugin.on_page_content(converted, page=page, config=config, files=None)
    # The held HTML's ids reach MkDocs' anchor check; a hand-written page keeps its meta.
    assert page.present_anchor_ids == held_ids
    assert page.meta == {"render_macros": True}
    # The plugin's page_context handlers, before and after the search plugin's.
    page.content = at_search
    for handler in type(plugin).on_page_context.methods:
        handler(plugin, {}, page=page, config=config, nav=None)
    filled = page.content
    assert not PLACEHOLDER.search(filled)
    # The page's text reached the search index, from the page with its blocks held aside.
    index = config.plugins["material/search"].search_index
    assert any(entry["location"].startswith(page.url) for entry in index.entries)
    # Each block is back in place (up to the first block it holds, which is back in it).
    assert all(PLACEHOLDER.split(block)[0] in filled for block in held)
    assert slots.blocks == [""] * len(held)
    assert page.file.src_uri not in plugin.slots
    # The renderer holds nothing once the macro has returned.
    assert plugin.renderer.slots is None


def test_without_the_plugin_a_macro_leaves_its_html_in_place(config):
    plugin = config.plugins["playbook"]
    renderer, plugin.renderer = plugin.renderer, None
    try:
        env = FakeEnv(config, hand_written_page("index.md"))
        macros.define_env(env)
        output = str(env.macros["catalogue"]())
    finally:
        plugin.renderer = renderer
    assert not PLACEHOLDER.search(output)
    assert '<div class="smp-hero">' in output
