"""The JSON Schemas themselves: valid draft 2020-12, closed objects, a
description on every property."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from playbook.data.models import KINDS

from .conftest import ROOT

SCHEMA_DIR = ROOT / "data" / "schema"
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Objects that are deliberately open maps: any key, each value checked by
# the additionalProperties schema.
ALLOWED_MAPS = {
    "strings.schema.json#/properties/strings": (
        "UI strings keyed by dotted name; propertyNames checks the keys"
    ),
    "api-index.schema.json#/properties/collections": (
        "collections keyed by folder name; propertyNames lists them"
    ),
    "export.schema.json#/$defs/assessment-data/properties/answers": (
        "answers keyed by question id; propertyNames checks the ids"
    ),
    "export.schema.json#/$defs/assessment-data/properties/notes": (
        "notes keyed by question id; propertyNames checks the ids"
    ),
    "export.schema.json#/$defs/target/properties/dimensions": (
        "target stages keyed by dimension id; propertyNames checks the ids"
    ),
    "export.schema.json#/$defs/team-data/properties/teams": (
        "figures keyed by team name; propertyNames bounds the names"
    ),
}

# Schemas that describe no data folder: shared definitions and the formats
# the site publishes or exports.
NOT_ENTITIES = {"common.schema.json", "api-index.schema.json", "export.schema.json"}

# Keywords whose value is one schema, a name-to-schema mapping, or a list of schemas.
_ONE = (
    "items",
    "additionalProperties",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
)
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")


def load(path: Path) -> dict:
    """One schema file as JSON."""
    return json.loads(path.read_text(encoding="utf-8"))


def escape(token: str) -> str:
    """Escape one JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def subschemas(schema, pointer: str = "") -> Iterator[tuple[str, dict]]:
    """Every schema object inside ``schema``, with its JSON pointer, the root included."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _ONE:
        yield from subschemas(schema.get(key), f"{pointer}/{key}")
    for key in _MAP:
        for name, sub in (schema.get(key) or {}).items():
            yield from subschemas(sub, f"{pointer}/{key}/{escape(name)}")
    for key in _LIST:
        for i, sub in enumerate(schema.get(key) or ()):
            yield from subschemas(sub, f"{pointer}/{key}/{i}")


def is_object_schema(schema: dict) -> bool:
    """Whether the schema describes a JSON object (by type or by listing properties)."""
    kind = schema.get("type")
    return (
        kind == "object"
        or (isinstance(kind, list) and "object" in kind)
        or "properties" in schema
        or "patternProperties" in schema
    )


def open_objects(name: str, schema: dict) -> list[str]:
    """Pointers of object schemas that accept unknown keys without being an allowed map."""
    bad = []
    for pointer, sub in subschemas(schema):
        if not is_object_schema(sub):
            continue
        extra = sub.get("additionalProperties", True)
        if extra is False:
            continue
        if f"{name}#{pointer}" in ALLOWED_MAPS and isinstance(extra, dict):
            continue
        bad.append(f"{name}#{pointer}")
    return bad


def undescribed(name: str, schema: dict) -> list[str]:
    """Pointers of properties and $defs entries that have no description."""
    bad = []
    for pointer, sub in subschemas(schema):
        for key in ("properties", "$defs"):
            for prop, value in (sub.get(key) or {}).items():
                text = value.get("description") if isinstance(value, dict) else None
                if not (isinstance(text, str) and text.strip()):
                    bad.append(f"{name}#{pointer}/{key}/{escape(prop)}")
    return bad


def resolve_pointer(schema: dict, pointer: str):
    """The value at a JSON pointer inside ``schema``."""
    node = schema
    for token in pointer.lstrip("/").split("/") if pointer else ():
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


# Collection must find the schemas, or the parametrized tests below would vanish.
def test_every_kind_has_a_schema_and_no_schema_is_stray():
    names = {p.name for p in SCHEMA_FILES}
    expected = {f"{kind}.schema.json" for kind in KINDS.values()}
    assert expected <= names
    assert names - expected <= NOT_ENTITIES


# jsonschema's metaschema check catches misspelt keywords' types, bad patterns and the like.
@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_schema_is_valid_draft_2020_12(path: Path):
    schema = load(path)
    assert schema.get("$schema") == DRAFT
    Draft202012Validator.check_schema(schema)
    assert schema.get("title") and schema.get("description")


# Closed objects are what turn a typo such as 'summery:' into an error
# instead of silently dropped data.
@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_every_object_schema_is_closed(path: Path):
    bad = open_objects(path.name, load(path))
    assert not bad, "object schemas without additionalProperties: false:\n" + "\n".join(bad)


# Descriptions feed the validator's hints and the editor's tooltips.
@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_every_property_has_a_description(path: Path):
    bad = undescribed(path.name, load(path))
    assert not bad, "properties without a description:\n" + "\n".join(bad)


# An allowlisted map that was removed or closed must leave the allowlist, so that it
# cannot hide a new open object.
@pytest.mark.parametrize("where", sorted(ALLOWED_MAPS), ids=sorted(ALLOWED_MAPS))
def test_allowed_maps_are_still_maps(where: str):
    name, pointer = where.split("#", 1)
    sub = resolve_pointer(load(SCHEMA_DIR / name), pointer)
    assert isinstance(sub.get("additionalProperties"), dict), f"{where} is no longer a map"
    assert "properties" not in sub, f"{where} mixes fixed properties into a map"


# Every $ref must resolve offline between the schema files, as the validator resolves it.
def test_every_ref_resolves():
    schemas = {p.name: load(p) for p in SCHEMA_FILES}
    registry = Registry().with_resources(
        (name, Resource.from_contents(s)) for name, s in schemas.items()
    )
    refs = [
        (name, pointer, sub["$ref"])
        for name, schema in schemas.items()
        for pointer, sub in subschemas(schema)
        if "$ref" in sub
    ]
    assert refs
    broken = []
    for name, pointer, ref in refs:
        try:
            registry.resolver(base_uri=name).lookup(ref)
        except Exception as error:
            broken.append(f"{name}#{pointer}: {ref} ({type(error).__name__})")
    assert not broken, "\n".join(broken)


# The checkers above must be able to fail: show them a schema with every fault,
# nested where the walk must reach.
def test_checkers_catch_open_objects_and_missing_descriptions():
    bad = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "a": {
                "description": "fine",
                "type": "array",
                "items": {"type": "object", "properties": {"b": {"type": "string"}}},
            },
            "m": {
                "description": "open map",
                "type": "object",
                "additionalProperties": {"type": "string"},
            },
        },
        "$defs": {"d": {"oneOf": [{"properties": {"c/d": {"description": "x"}}}]}},
    }
    assert open_objects("x.schema.json", bad) == [
        "x.schema.json#/properties/a/items",
        "x.schema.json#/properties/m",
        "x.schema.json#/$defs/d/oneOf/0",
    ]
    assert sorted(undescribed("x.schema.json", bad)) == [
        "x.schema.json#/$defs/d",
        "x.schema.json#/properties/a/items/properties/b",
    ]


def test_each_schema_text_is_checked_against_the_meta_schema_once(tmp_path, monkeypatch):
    """Two copies of the schema folder (two checkouts, or two tests' data) cost one meta-schema
    check per text; a changed text is checked again and its mistake reported."""
    import jsonschema_rs

    from playbook.data import schemas

    checked = []
    real_check = jsonschema_rs.meta.is_valid
    monkeypatch.setattr(
        jsonschema_rs.meta, "is_valid", lambda schema: checked.append(schema) or real_check(schema)
    )
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        for path in SCHEMA_FILES:
            (folder / path.name).write_bytes(path.read_bytes())
    schemas.meta_schema_error.cache_clear()
    schemas.load_schemas(first)
    assert len(checked) == len(SCHEMA_FILES)
    schemas.load_schemas(second)
    assert len(checked) == len(SCHEMA_FILES)
    (second / SCHEMA_FILES[0].name).write_text('{"type": 5}', encoding="utf-8")
    with pytest.raises(schemas.SchemaFileError, match="not a valid JSON Schema"):
        schemas.load_schemas(second)
    assert len(checked) == len(SCHEMA_FILES) + 1


def inlined_both_ways(schema_set, name: str) -> tuple[dict, dict]:
    """``name``'s schema inlined by the local resolver, and by referencing."""
    from playbook.data import schemas

    local = schemas.inline_references(
        schema_set.schemas[name], schemas.LocalResolver(schema_set.schemas, name)
    )
    return local, schema_set.validator(name, inline_refs=True).schema


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=[p.name for p in SCHEMA_FILES])
def test_each_schema_is_inlined_without_referencing_as_referencing_inlines_it(path: Path):
    from playbook.data import schemas

    schema_set = schemas.load_schemas(SCHEMA_DIR)
    assert not schema_set.moves_bases
    local, by_referencing = inlined_both_ways(schema_set, path.name)
    assert local == by_referencing


def hand_made_set(tmp_path: Path, files: dict[str, dict]):
    """A schema set of ``files`` (name: schema), loaded as a data folder's would be."""
    from playbook.data import schemas

    folder = tmp_path / "schema"
    folder.mkdir(parents=True)
    for name, schema in files.items():
        (folder / name).write_text(json.dumps({"$schema": DRAFT, **schema}), encoding="utf-8")
    return schemas.load_schemas(folder)


def test_references_of_every_local_form_inline_as_referencing_inlines_them(tmp_path):
    # Pointer tokens with ~0, ~1 and percent-escapes, an index into a list, a file by itself,
    # a file written as ./name, a chain through another file back to the first, and a loop.
    defs = {
        "a/b": {"type": "string"},
        "m~n": {"type": "integer"},
        "t~1": {"type": "number"},
        "sp ace": {"type": "boolean"},
        "list": {"anyOf": [{"type": "null"}, {"minimum": 3}]},
        "loop": {"$ref": "#/$defs/loop", "description": "a loop"},
    }
    schema_set = hand_made_set(
        tmp_path,
        {
            "main.schema.json": {
                "$defs": defs,
                "properties": {
                    "slash": {"$ref": "#/$defs/a~1b"},
                    "tilde": {"$ref": "#/$defs/m~0n"},
                    "order": {"$ref": "#/$defs/t~01"},
                    "space": {"$ref": "#/$defs/sp%20ace"},
                    "index": {"$ref": "#/$defs/list/anyOf/1", "maximum": 9},
                    "whole": {"$ref": "other.schema.json", "description": "the field's"},
                    "dot": {"$ref": "./other.schema.json#/$defs/back"},
                    "loop": {"$ref": "#/$defs/loop"},
                },
            },
            "other.schema.json": {
                "type": "object",
                "$defs": {"back": {"$ref": "main.schema.json#/$defs/m~0n"}},
            },
        },
    )
    for name in schema_set.schemas:
        local, by_referencing = inlined_both_ways(schema_set, name)
        assert local == by_referencing, name
    properties = schema_set.inlined("main.schema.json")["properties"]
    assert properties["slash"] == {"type": "string"}
    assert properties["order"] == {"type": "number"}
    assert properties["index"] == {"maximum": 9, "allOf": [{"minimum": 3}]}
    assert properties["dot"] == {"type": "integer"}
    assert properties["whole"]["x-field-description"] == "the field's"


def test_a_reference_local_inlining_cannot_follow_is_left_to_referencing(tmp_path, monkeypatch):
    from referencing.exceptions import Unresolvable

    from playbook.data import schemas

    broken = hand_made_set(
        tmp_path / "broken",
        {"main.schema.json": {"properties": {"a": {"$ref": "#/$defs/missing"}}}},
    )
    with pytest.raises(schemas.NotLocal):
        schemas.LocalResolver(broken.schemas, "main.schema.json").lookup("#/$defs/missing")
    # Referencing says why, as it did before local inlining.
    with pytest.raises(Unresolvable):
        broken.inlined("main.schema.json")

    moved = hand_made_set(
        tmp_path / "moved",
        {
            "main.schema.json": {
                "$id": "https://example.org/schemas/main.schema.json",
                "$defs": {"x": {"type": "string"}},
                "properties": {"a": {"$ref": "#/$defs/x"}},
            }
        },
    )
    assert moved.moves_bases
    looked_up = []
    real_lookup = schemas.LocalResolver.lookup
    monkeypatch.setattr(
        schemas.LocalResolver,
        "lookup",
        lambda self, reference: looked_up.append(reference) or real_lookup(self, reference),
    )
    assert moved.inlined("main.schema.json")["properties"]["a"] == {"type": "string"}
    assert looked_up == []
