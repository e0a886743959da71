"""The fast schema check (jsonschema-rs) never lets through what jsonschema refuses (issue 14).

Validation trusts only the fast check's "valid"; anything it refuses goes to jsonschema for
located errors. So the one thing that must hold is: whatever jsonschema refuses, the fast check
refuses too. It is checked on every data file and on many broken copies of them.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from playbook.data.models import KINDS
from playbook.data.schemas import load_schemas, quick_meta_check

from .conftest import ROOT

SCHEMAS = load_schemas(ROOT / "data" / "schema")
DOCUMENTS = [
    (KINDS[path.parent.name], yaml.safe_load(path.read_text(encoding="utf-8")))
    for folder in KINDS
    for path in sorted((ROOT / "data" / folder).glob("*.yaml"))
]


def checks(kind: str):
    name = f"{kind}.schema.json"
    return SCHEMAS.validator(name, inline_refs=True), SCHEMAS.quick_check(name)


@pytest.mark.parametrize("kind", sorted(set(KINDS.values())))
def test_every_kind_has_a_quick_check(kind):
    """Without one, validation would silently fall back to the slow path for that kind."""
    assert checks(kind)[1] is not None


def test_every_data_file_passes_both_checks():
    assert DOCUMENTS
    for kind, document in DOCUMENTS:
        reference, quick = checks(kind)
        assert reference.is_valid(document) and quick.is_valid(document), document.get("id")


def paths(value, at=()):
    """Every path into a document (mapping keys and list indexes), the root included."""
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*at, index))


# Values that break a rule somewhere: wrong types, empty or multi-line text, bad ids, odd
# numbers, unknown keys, and text whose digits or letters only Python's regexes accept.
BREAKERS = [
    None,
    True,
    0,
    -1,
    1.5,
    10**6,
    "",
    " ",
    "x\n",
    "Not An Id",
    "a--b",
    "١٢",
    "Über",
    "javascript:alert(1)",
    "x" * 5000,
    [],
    [1],
    {},
    {"unknown": 1},
    "2026-13-45",
    "25:61",
]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_what_jsonschema_refuses_the_quick_check_refuses(data):
    kind, document = data.draw(st.sampled_from(DOCUMENTS))
    broken = copy.deepcopy(document)
    target = data.draw(st.sampled_from(list(paths(broken))[1:]))
    parent = broken
    for step in target[:-1]:
        parent = parent[step]
    if data.draw(st.booleans(), label="delete") and isinstance(parent, dict):
        del parent[target[-1]]
    else:
        parent[target[-1]] = data.draw(st.sampled_from(BREAKERS))
    reference, quick = checks(kind)
    if not reference.is_valid(broken):
        assert not quick.is_valid(broken), (kind, target)


SCHEMA_DOCUMENTS = [
    yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "data" / "schema").glob("*.schema.json"))
]
# Values that break a schema: wrong types for keywords, and patterns that only some regex
# dialects accept (jsonschema compiles patterns with Python's re).
SCHEMA_BREAKERS = [*BREAKERS, "[", "(?<name>x)", "\\p{L}", "a{2,1}", "(?i)x", {"type": "nope"}]


def test_every_schema_passes_the_quick_meta_check():
    assert SCHEMA_DOCUMENTS
    for schema in SCHEMA_DOCUMENTS:
        assert quick_meta_check(schema), schema.get("$id")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_what_jsonschema_refuses_as_a_schema_the_quick_meta_check_refuses(data):
    schema = copy.deepcopy(data.draw(st.sampled_from(SCHEMA_DOCUMENTS)))
    every_path = list(paths(schema))[1:]
    # Half the draws aim at a pattern, where the two checkers' regex dialects differ.
    patterns = [path for path in every_path if path[-1] == "pattern"]
    aim = patterns if patterns and data.draw(st.booleans(), label="at a pattern") else every_path
    target = data.draw(st.sampled_from(aim))
    parent = schema
    for step in target[:-1]:
        parent = parent[step]
    if data.draw(st.booleans(), label="delete") and isinstance(parent, dict):
        del parent[target[-1]]
    elif data.draw(st.booleans(), label="rename") and isinstance(parent, dict):
        # A key renamed to a pattern: patternProperties keys must be regexes too.
        parent[data.draw(st.sampled_from(["[", "^ok$", "(?<n>x)"]))] = parent.pop(target[-1])
    else:
        parent[target[-1]] = data.draw(st.sampled_from(SCHEMA_BREAKERS))
    if not accepted_by_jsonschema(schema):
        assert not quick_meta_check(schema), target


def accepted_by_jsonschema(schema) -> bool:
    """Whether jsonschema's own schema check (with its regex format check) accepts ``schema``."""
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError:
        return False
    return True
