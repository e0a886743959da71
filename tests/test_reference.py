"""The generated data reference documents every field of every schema,
with an example from the data."""

from __future__ import annotations

import html
import json
import re

import pytest

from playbook.data.models import KINDS
from playbook.data.project import load_project
from playbook.site.reference import schema_docs

from .conftest import ROOT


def _descriptions(node) -> list[str]:
    """Every property description in a schema, found by walking it directly
    (not through macros.reference)."""
    found = []
    if isinstance(node, dict):
        for prop in node.get("properties", {}).values():
            if isinstance(prop, dict) and "description" in prop:
                found.append(prop["description"])
        for value in node.values():
            found += _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            found += _descriptions(value)
    return found


@pytest.mark.build
@pytest.mark.parametrize(
    "schema",
    sorted(
        p.name
        for p in (ROOT / "data" / "schema").glob("*.schema.json")
        if p.name != "common.schema.json"
    ),
)
def test_every_field_description_is_on_the_reference_page(site, schema):
    """Each property description of each schema appears on the built data reference page."""
    page = html.unescape(
        re.sub(
            r"<[^>]+>",
            "",
            (site / "maintainers" / "data-reference" / "index.html").read_text(encoding="utf-8"),
        )
    )
    page = " ".join(page.split())
    descriptions = _descriptions(
        json.loads((ROOT / "data" / "schema" / schema).read_text(encoding="utf-8"))
    )
    assert descriptions
    missing = [d for d in descriptions if " ".join(d.split()) not in page]
    assert missing == []


def test_fields_carry_examples_from_the_data():
    """Fields get an example from the real data: the SoMe model's
    id, a question id, a stage band."""
    project = load_project(ROOT / "data", ROOT)
    docs = {d.name: d for d in schema_docs(ROOT / "data" / "schema", project.raw, KINDS)}
    fields = {f.path: f for f in docs["framework.schema.json"].fields}
    assert fields["id"].required and fields["id"].example in project.frameworks
    item_ids = {i.id for f in project.frameworks.values() for e in f.elements for i in e.checklist}
    assert fields["elements[].checklist[].id"].example in item_ids
    questions = {f.path: f for f in docs["assessment.schema.json"].fields}
    assert questions["dimensions[].questions[].id"].type == "string"
    assert questions["stages[].min"].example == "0"
    assert docs["framework.schema.json"].folder == "frameworks"


def test_reference_says_what_fields_with_side_effects_do():
    """Fields that create pages or change the navigation say so where a maintainer looks."""
    project = load_project(ROOT / "data", ROOT)
    docs = {d.name: d for d in schema_docs(ROOT / "data" / "schema", project.raw, KINDS)}
    fields = {f.path: f.description for f in docs["framework.schema.json"].fields}
    prompts = fields["elements[].prompts"]
    assert "worksheet" in prompts and "navigation entry" in prompts, prompts
    assert "planner" in fields["schedule"] and "navigation entry" in fields["schedule"]
    assert "planner" in fields["elements[].priority"]
    stages = {f.path: f.description for f in docs["assessment.schema.json"].fields}
    assert "0–49" in stages["stages[].max"]
    weight = stages["dimensions[].questions[].weight"]
    assert "weighted mean" in weight, weight
