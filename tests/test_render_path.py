"""The rendering path's per-build indexes give the same answers as the model's per-call scans."""

from __future__ import annotations

from playbook.data.project import load_project
from playbook.site.rendering import Renderer

from .conftest import ROOT

PROJECT = load_project(ROOT / "data", ROOT)


def test_related_index_matches_project_related():
    """The index of related elements built once per build gives what
    Project.related gives, for every element."""
    renderer = Renderer(PROJECT, "", True, PROJECT.ui("en"))
    refs = [e.ref for f in PROJECT.frameworks.values() for e in f.elements]
    assert any(PROJECT.related(ref) for ref in refs)
    for ref in refs:
        assert renderer.related_to(ref) == PROJECT.related(ref), ref
