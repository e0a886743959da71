"""The static JSON API: api/index.json and one file per entity, valid
against the published schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from playbook.data.project import load_project

from .conftest import ROOT

pytestmark = pytest.mark.build


def validator(api: Path, schema: str) -> Draft202012Validator:
    """A validator for one schema of api/schema/, resolving its $refs
    among the published schemas only."""
    schemas = {
        p.name: json.loads(p.read_text(encoding="utf-8")) for p in (api / "schema").glob("*.json")
    }
    registry = Registry().with_resources(
        (name, Resource.from_contents(s)) for name, s in schemas.items()
    )
    return Draft202012Validator(schemas[Path(schema).name], registry=registry)


def api_problems(api: Path) -> list[str]:
    """Everything wrong with a built API folder: schema errors, missing files and pages."""
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    found = [f"index.json: {e.message}" for e in validator(api, index["schema"]).iter_errors(index)]
    for folder, collection in index["collections"].items():
        check = validator(api, collection["schema"])
        everything = json.loads((api / f"{folder}.json").read_text(encoding="utf-8"))
        if [e["id"] for e in everything] != [i["id"] for i in collection["items"]]:
            found.append(f"{folder}.json does not list the same entities as the index")
        for item in collection["items"]:
            data = json.loads((api / item["json"]).read_text(encoding="utf-8"))
            found += [f"{item['json']}: {e.message}" for e in check.iter_errors(data)]
            if "page" in item and not (api / item["page"] / "index.html").is_file():
                found.append(f"{item['json']}: page {item['page']} does not exist")
    return found


def test_api_is_valid_and_complete(each_build):
    """Every entity of the data is published, valid against the published schemas, with its page."""
    api = each_build.site / "api"
    assert api_problems(api) == []
    index = json.loads((api / "index.json").read_text(encoding="utf-8"))
    project = load_project(each_build.project / "data", each_build.project)
    for folder, entities in (
        ("frameworks", project.frameworks),
        ("assessments", project.assessments),
        ("checklists", project.checklists),
        ("glossary", project.terms),
    ):
        assert [i["id"] for i in index["collections"][folder]["items"]] == list(entities), folder
    assert "strings" not in index["collections"]


def test_entity_json_is_the_validated_yaml(site):
    """An entity's JSON holds exactly the data of its YAML file."""
    project = load_project(ROOT / "data", ROOT)
    published = json.loads(
        (site / "api" / "frameworks" / "some-model.json").read_text(encoding="utf-8")
    )
    assert published == project.raw["framework"]["some-model"]
    assessments = json.loads((site / "api" / "assessments.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in assessments} == set(project.assessments)


def test_check_catches_a_broken_entity(site, tmp_path):
    """An unknown key or a missing page in a copy of the API is
    reported, so the check above can fail."""
    import shutil

    api = tmp_path / "site" / "api"
    shutil.copytree(site, tmp_path / "site")
    path = api / "frameworks" / "some-model.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["surprise"] = True
    path.write_text(json.dumps(data), encoding="utf-8")
    shutil.rmtree(tmp_path / "site" / "checklists" / "social-audit")
    found = api_problems(api)
    assert any("some-model.json" in p and "surprise" in p for p in found), found
    assert any("checklists/social-audit/" in p for p in found), found
