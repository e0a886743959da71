"""Markdown in data links to a generated page by kind and id, such as [the audit](checklist:x):
resolved to a relative URL with the page's title as tooltip, and still sanitised."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.data.models import PAGE_LINKS, Project
from playbook.data.project import load_project
from playbook.site.rendering import Renderer


@pytest.fixture
def minimal(minimal_data: Path) -> Project:
    """The small fixture data set, loaded."""
    return load_project(minimal_data, minimal_data.parent)


@pytest.mark.parametrize("kind", sorted(PAGE_LINKS))
@pytest.mark.parametrize(
    ("page_url", "directory_urls", "prefix", "suffix"),
    [
        ("glossary/", True, "../", "/"),
        ("", True, "", "/"),
        ("tools/radar.html", False, "../", ".html"),
    ],
    ids=["from-a-page", "from-home", "without-directory-urls"],
)
def test_page_link_resolves_to_a_relative_url(
    minimal, kind, page_url, directory_urls, prefix, suffix
):
    entity = next(iter(getattr(minimal, PAGE_LINKS[kind]).values()))
    renderer = Renderer(minimal, page_url, directory_urls, minimal.ui("en"))
    html = str(renderer.markdown(f"See [that page]({kind}:{entity.id}) now."))
    href = f"{prefix}{PAGE_LINKS[kind]}/{entity.id}{suffix}"
    assert re.search(f'<a href="{re.escape(href)}" title="{entity.title}"[^>]*>that page</a>', html)


def test_page_link_tooltip_and_text_stay_escaped(minimal_data: Path):
    """A hostile title becomes escaped tooltip text; the link text is sanitised as any Markdown."""
    checklist = minimal_data / "checklists" / "launch.yaml"
    checklist.write_text(
        checklist.read_text(encoding="utf-8").replace(
            "title: Launch checklist", "title: '<img src=x onerror=alert(1)>'"
        ),
        encoding="utf-8",
    )
    project = load_project(minimal_data, minimal_data.parent)
    renderer = Renderer(project, "", True, project.ui("en"))
    html = str(renderer.markdown("[<script>alert(1)</script>go](checklist:launch)"))
    assert "<script" not in html and "<img" not in html
    assert 'href="checklists/launch/"' in html
    assert 'title="&amp;lt;img src=x onerror=alert(1)&amp;gt;"' in html, html


@pytest.mark.parametrize("shortcut", [True, False], ids=["shortcut", "converter"])
def test_one_renderer_links_each_page_from_where_it_stands(minimal, shortcut):
    """A text written once per build (no link in it) never carries one page's links to another."""
    entity = next(iter(minimal.frameworks.values()))
    renderer = Renderer(minimal, "", True, minimal.ui("en"), plain_text_shortcut=shortcut)
    linked = f"See [that page](framework:{entity.id}) now."
    from_home = str(renderer.at("").markdown(linked))
    from_a_page = str(renderer.at("glossary/").markdown(linked))
    assert f'href="frameworks/{entity.id}/"' in from_home
    assert f'href="../frameworks/{entity.id}/"' in from_a_page
    plain = "A sentence with *emphasis* and no link."
    assert renderer.at("").markdown(plain) == renderer.at("glossary/").markdown(plain)
    assert "<em>emphasis</em>" in renderer.markdown(plain)
