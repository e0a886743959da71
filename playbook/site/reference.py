"""The data reference: every field of every JSON Schema, its type, description and an example."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..data.schemas import load_schemas

# The entity kinds first, in the order a maintainer meets them; other schemas follow alphabetically.
ORDER = [
    "framework",
    "assessment",
    "checklist",
    "scale",
    "term",
    "tool",
    "concern",
    "strings",
    "export",
    "api-index",
    "common",
]


@dataclass(frozen=True)
class Field:
    """One field of a schema, flattened to a path such as elements[].checklist[].id."""

    path: str
    type: str
    required: bool
    description: str
    example: str


@dataclass(frozen=True)
class SchemaDoc:
    """One schema, ready to document."""

    name: str
    title: str
    description: str
    folder: str
    fields: list[Field]


def _resolve(schema: dict, schemas: dict[str, dict], current: str) -> tuple[dict, str]:
    """Follow $ref (local or to a sibling schema) to a schema, with the nearest description."""
    description = schema.get("description")
    while "$ref" in schema:
        target = schema["$ref"]
        file, _, pointer = target.partition("#")
        current = file or current
        node = schemas[current]
        for part in filter(None, pointer.split("/")):
            node = node[part]
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
        if "$ref" not in schema:
            break
    if description:
        schema = {**schema, "description": description}
    return schema, current


def _type(schema: dict) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    kind = schema.get("type")
    if kind == "array":
        return "list"
    if kind == "object":
        return "mapping"
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind:
        return kind
    if "oneOf" in schema or "anyOf" in schema or "if" in schema:
        return "one of several shapes"
    return "any"


def _example(values: list, path: list[str]):
    """The first value found at ``path`` in any of ``values``."""
    for value in values:
        found = _walk(value, path)
        if found is not None:
            return found
    return None


def _walk(value, path: list[str]):
    if not path:
        return value
    head, rest = path[0], path[1:]
    if head == "[]":
        for item in value if isinstance(value, list) else []:
            found = _walk(item, rest)
            if found is not None:
                return found
        return None
    if isinstance(value, dict) and head in value:
        return _walk(value[head], rest)
    return None


def _format_example(value) -> str:
    if isinstance(value, list) and value and not isinstance(value[0], (dict, list)):
        return _format_example(value[0]) + (" …" if len(value) > 1 else "")
    if value is None or isinstance(value, (dict, list)):
        return ""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "…"


def _fields(
    schema: dict,
    schemas: dict,
    current: str,
    prefix: list[str],
    examples: list,
    out: list[Field],
    depth: int = 0,
) -> None:
    schema, current = _resolve(schema, schemas, current)
    if depth > 8:
        return
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        resolved, where = _resolve(sub, schemas, current)
        path = [*prefix, name]
        _add(
            out,
            Field(
                _label(path),
                _type(resolved),
                name in required,
                resolved.get("description", ""),
                _format_example(_example(examples, path)),
            ),
        )
        _nested(resolved, schemas, where, path, examples, out, depth)
    # Open maps (UI strings, API collections) document their values under a <key> placeholder.
    maps = list(schema.get("patternProperties", {}).values())
    if isinstance(schema.get("additionalProperties"), dict):
        maps.append(schema["additionalProperties"])
    for value in maps:
        extra, where = _resolve(value, schemas, current)
        path = [*prefix, "<key>"]
        _add(out, Field(_label(path), _type(extra), False, extra.get("description", ""), ""))
        _nested(extra, schemas, where, path, examples, out, depth)
    # Alternatives (such as the export kinds) each contribute their fields at the same place.
    for keyword in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(keyword, []):
            _fields(branch, schemas, current, prefix, examples, out, depth + 1)
    # A conditional rule (such as "the English file defines every string") documents its fields too.
    for keyword in ("if", "then", "else"):
        if isinstance(schema.get(keyword), dict):
            _fields(schema[keyword], schemas, current, prefix, examples, out, depth + 1)


def _nested(
    resolved: dict,
    schemas: dict,
    where: str,
    path: list[str],
    examples: list,
    out: list[Field],
    depth: int,
) -> None:
    """Descend into a property that is itself a mapping, or a list of mappings."""
    # "else": a field of either shape (a scale's id, or its levels written out) documents both.
    if resolved.get("type") == "object" or {"properties", "oneOf", "else"} & set(resolved):
        _fields(resolved, schemas, where, path, examples, out, depth + 1)
    elif resolved.get("type") == "array" and "items" in resolved:
        items, item_where = _resolve(resolved["items"], schemas, where)
        if "properties" in items or "oneOf" in items:
            _fields(items, schemas, item_where, [*path, "[]"], examples, out, depth + 1)


def _label(path: list[str]) -> str:
    return ".".join(path).replace(".[]", "[]")


def _add(out: list[Field], field: Field) -> None:
    # The same field reached through two alternatives is listed once.
    if not any(f.path == field.path and f.description == field.description for f in out):
        out.append(field)


def schema_docs(
    schema_dir: Path, raw: dict[str, dict[str, dict]], folders: dict[str, str]
) -> list[SchemaDoc]:
    """Every schema in schema_dir, flattened, with examples from the project's raw data by kind."""
    schemas = load_schemas(schema_dir).schemas
    names = sorted(
        schemas,
        key=lambda n: (
            ORDER.index(n[: -len(".schema.json")])
            if n[: -len(".schema.json")] in ORDER
            else len(ORDER),
            n,
        ),
    )
    kinds = {kind: folder for folder, kind in folders.items()}
    docs = []
    for name in names:
        kind = name[: -len(".schema.json")]
        if kind == "common":
            continue
        schema = schemas[name]
        fields: list[Field] = []
        _fields(schema, schemas, name, [], list(raw.get(kind, {}).values()), fields)
        docs.append(
            SchemaDoc(
                name,
                schema.get("title", kind),
                schema.get("description", ""),
                kinds.get(kind, ""),
                fields,
            )
        )
    return docs
