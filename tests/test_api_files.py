"""The JSON API's files as the build writes them, without a build: each collection is exactly what
the JSON encoder writes for the list of its entities, though each entity is encoded only once."""

from __future__ import annotations

import json
from dataclasses import replace

from playbook.data.project import load_project
from playbook.tools.api import PUBLISHED, api_files

from .conftest import ROOT


def encoded(value) -> bytes:
    """What the API wrote before it reused each entity's file: one encoding of the whole list."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


def test_each_collection_is_the_encoding_of_its_entities_files():
    project = load_project(ROOT / "data", ROOT)
    files = api_files(project, ROOT / "data" / "schema")
    index = json.loads(files["api/index.json"])
    assert set(index["collections"]) == set(PUBLISHED)
    for folder, collection in index["collections"].items():
        entities = [json.loads(files[f"api/{item['json']}"]) for item in collection["items"]]
        assert files[f"api/{folder}.json"] == encoded(entities), folder


def test_an_empty_collection_is_an_empty_list(minimal_data):
    # A fork may publish no entity of a kind: its collection is still a JSON list.
    project = replace(load_project(minimal_data, minimal_data.parent), concerns={})
    project.raw["concern"] = {}
    files = api_files(project, minimal_data / "schema")
    assert files["api/concerns.json"] == b"[]\n"
    assert json.loads(files["api/index.json"])["collections"]["concerns"]["items"] == []
