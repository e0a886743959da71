"""A framework credits one source (source:) or several (sources:, each with a role); the source box
lists them, and names the fork's organisation on the fork's own frameworks."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from playbook.data.models import Framework
from playbook.data.project import check
from playbook.site import views
from playbook.site.config import organisation_name
from playbook.site.rendering import Renderer

from .test_data_files import hint_problem

TWO_SOURCES = """sources:
  - title: Alpha paper
    author: Test Author
    year: 2020
  - title: A reply to the paper
    author: Second Author
    role: supporting
    note: It adds the third step.
"""


def write_local_framework(data: Path, framework_id: str, sources: str) -> Path:
    """A fork's own framework in data/local/frameworks/, valid as it is."""
    path = data / "local" / "frameworks" / f"{framework_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"id: {framework_id}\ntitle: Our plan\nsummary: Ours.\ntags: [ours]\n{sources}"
        "how_to_use: Use it.\nelements:\n  - id: one\n    kind: step\n    title: One\n"
        "    summary: The first step.\n",
        encoding="utf-8",
    )
    return path


def source_box(data: Path, framework_id: str, organisation: str = "Acme Communications") -> str:
    """The framework page's source box, rendered as the build does."""
    project, problems = check(data, data.parent)
    assert problems == [], [p.format() for p in problems]
    renderer = Renderer(project, "", True, project.ui("en"), organisation=organisation)
    page = str(views.framework_page(renderer, framework_id))
    return re.search(r'<details class="note smp-source".*?</details>', page, re.S).group(0)


def test_old_single_source_is_one_primary_source():
    """source: (the shape upstream's files and older forks use) still reads, as a primary source."""
    data = {"title": "T", "author": "A"}
    framework = Framework.from_dict(
        {"id": "x", "title": "X", "summary": "S", "tags": [], "how_to_use": "H", "elements": []}
        | {"source": data}
    )
    assert [(s.title, s.role) for s in framework.sources] == [("T", "primary")]
    both = Framework.from_dict(
        {"id": "x", "title": "X", "summary": "S", "tags": [], "how_to_use": "H", "elements": []}
        | {"source": data, "sources": [{"title": "U", "author": "B", "role": "background"}]}
    )
    assert [(s.title, s.role) for s in both.sources] == [("T", "primary"), ("U", "background")]


def test_source_box_lists_every_source_with_its_role(minimal_data):
    """Several sources: the summary names the first and counts the rest; each is listed with
    its role and its note."""
    write_local_framework(minimal_data, "our-plan", TWO_SOURCES)
    box = source_box(minimal_data, "our-plan")
    summary = re.search(r"<summary.*?</summary>", box, re.S).group(0)
    assert "<em>Alpha paper</em>, Test Author and 1 more" in summary
    roles = re.findall(r'data-source-role="([a-z]+)">([^<]+)<', box)
    assert roles == [("primary", "Source"), ("supporting", "Also drawn on")]
    assert "<cite>A reply to the paper</cite>, Second Author." in box
    assert "It adds the third step." in box


def test_fork_framework_names_the_organisation_not_community_additions(minimal_data):
    """The fork's own framework says whose it is; upstream's keep the playbook's own-words note."""
    write_local_framework(minimal_data, "our-plan", TWO_SOURCES)
    own = source_box(minimal_data, "our-plan")
    assert "Acme Communications added this framework" in own
    assert "community additions" not in own
    upstream = source_box(minimal_data, "alpha")
    assert "community additions" in upstream and "Acme" not in upstream
    assert "data-source-role" not in upstream, "one primary source needs no role label"


def test_an_override_is_not_the_forks_own(minimal_data):
    """Overriding an upstream framework keeps it upstream's: no organisation claim."""
    path = minimal_data / "local" / "frameworks" / "alpha.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("id: alpha\noverride: true\ntitle: Alpha, our way\n", encoding="utf-8")
    assert "Acme" not in source_box(minimal_data, "alpha")


def test_organisation_is_escaped(minimal_data):
    write_local_framework(minimal_data, "our-plan", TWO_SOURCES)
    box = source_box(minimal_data, "our-plan", organisation="<b>Acme</b>")
    assert "<b>" not in box and "&lt;b&gt;Acme&lt;/b&gt; added this framework" in box


def test_organisation_comes_from_extra_or_the_site_name():
    config = SimpleNamespace(extra={"organisation": " Acme Communications "}, site_name="Site")
    assert organisation_name(config) == "Acme Communications"
    assert organisation_name(SimpleNamespace(extra={}, site_name="Acme Playbook")) == (
        "Acme Playbook"
    )
    for bad in (["Acme"], "", "Acme\nEvil"):
        with pytest.raises(ValueError, match=r"extra\.organisation must be"):
            organisation_name(SimpleNamespace(extra={"organisation": bad}, site_name="S"))


def test_new_framework_starter_uses_sources(minimal_data, capsys, monkeypatch):
    """The starter a fork gets lists its source under sources:, with a role, and validates."""
    from .hostile.helpers import cli

    assert cli(capsys, monkeypatch, minimal_data, "new", "framework", "ours", "--local").code == 0
    path = minimal_data / "local" / "frameworks" / "ours.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nsources:\n" in text and "role:" in text
    assert hint_problem(path, "framework", minimal_data) is None
    project, problems = check(minimal_data, minimal_data.parent)
    assert problems == [] and project.frameworks["ours"].sources[0].role
