"""The one JSON Schema registry: every schema file of a data folder, and a validator per schema.

``validate``, the build, ``score`` and imports all ask here, so a schema is read and compiled once
per process and ``$ref`` between schema files resolves offline.

jsonschema and referencing are imported only when they are needed: to explain a document or a
schema that the compiled checks (jsonschema-rs) refuse, or to inline references that move their
base (``$id`` and the like, which the schemas do not use). A build of valid data needs neither,
with its cache filled or empty, and importing them costs more than validating the data.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urldefrag, urljoin

import jsonschema_rs

from .files import UnsafeFileError, file_stamp, read_bounded
from .problems import Problem, json_path

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

    from .parse_cache import ParseCache

# The largest schema today is a few kilobytes.
MAX_SCHEMA_BYTES = 1024 * 1024


class SchemaFileError(Exception):
    """Schema files that are missing, not valid JSON or not valid schemas; the message names each.

    ``problems`` holds one located Problem per broken file, so that ``validate`` reports them all.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.file}:{p.line}:{p.col}: {p.message}" for p in problems))


@dataclass(frozen=True, eq=False)
class SchemaSet:
    """The schemas of one ``data/schema`` folder, by file name, and the registry joining them."""

    folder: Path
    schemas: dict[str, dict]
    # A hash of every schema file's name and text: what an inlined schema kept in a cache hangs on.
    digest: str = ""
    validators: dict[str, Draft202012Validator] = field(default_factory=dict)
    quick_checks: dict[str, object] = field(default_factory=dict)

    @cached_property
    def registry(self) -> Registry:
        """The schemas as one referencing registry, so that a $ref names another file offline."""
        from referencing import Registry, Resource

        resources = (
            (name, Resource.from_contents(schema)) for name, schema in self.schemas.items()
        )
        return Registry().with_resources(resources)

    def require(self, name: str) -> None:
        """Raise SchemaFileError, located at the missing file, unless the set has ``name``."""
        if name not in self.schemas:
            raise SchemaFileError(
                [
                    Problem(
                        str(self.folder / name),
                        1,
                        1,
                        "the schema is missing",
                        "$",
                        "Copy it from data/schema/ of the upstream playbook.",
                    )
                ]
            )

    def quick_check(self, name: str, cache: ParseCache | None = None):
        """A compiled yes/no check of ``name``'s rules (jsonschema-rs), or None if it has none.

        It is many times faster than jsonschema, which stays the reference: only its "valid" is
        trusted, and a document it refuses is validated again by jsonschema for located errors.
        Built from the schema with every $ref inlined, taken from ``cache`` when it holds it; a
        schema whose references loop keeps a $ref and gets no quick check.
        """
        if name not in self.quick_checks:
            schema = self.inlined(name, cache)
            has_ref = "$ref" in json.dumps(schema)
            self.quick_checks[name] = None if has_ref else jsonschema_rs.validator_for(schema)
        return self.quick_checks[name]

    def verdict_key(self, name: str, file_key: str, cache: ParseCache | None) -> str | None:
        """The cache key under which a file (by its bytes' key) is kept as valid under ``name``.

        It changes with the schema files, this module and the quick check's library.
        """
        if cache is None:
            return None
        tied = f"{name}\0{self.digest}\0{_SOURCE_DIGEST}\0{_quick_check_version()}"
        return cache.key(f"valid\0{file_key}\0{tied}".encode())

    def inlined(self, name: str, cache: ParseCache | None = None) -> dict:
        """``name``'s schema with every $ref replaced by its target (see ``validator``).

        ``cache`` keeps the result under the schema files' digest and this module's source, so a
        later run takes it from there.
        """
        if cache is None:
            return self._inlined_afresh(name)
        key = cache.key(f"inlined schema\0{name}\0{self.digest}\0{_SOURCE_DIGEST}".encode())
        kept = cache.get(key)
        if kept is not None:
            return kept[0]
        schema = self._inlined_afresh(name)
        cache.put(key, (schema,))
        return schema

    def _inlined_afresh(self, name: str) -> dict:
        """``name``'s schema inlined by LocalResolver, else through referencing.

        Referencing takes over when a reference is not one LocalResolver follows. Importing
        jsonschema and referencing costs a first build more than validating its data; the
        schemas' own references (a file of the set and a JSON pointer) need neither.
        """
        self.require(name)
        if not self.moves_bases:
            try:
                return inline_references(self.schemas[name], LocalResolver(self.schemas, name))
            except NotLocal:
                pass
        return self.validator(name, inline_refs=True).schema

    @cached_property
    def moves_bases(self) -> bool:
        """Whether a schema of the set moves the base its references resolve against.

        Such keywords ($id and the like) are left to referencing: LocalResolver does not follow
        them.
        """
        text = json.dumps(self.schemas)
        return any(json.dumps(keyword) in text for keyword in _BASE_CHANGING)

    def validator(self, name: str, inline_refs: bool = False) -> Draft202012Validator:
        """The validator of ``name`` (such as ``framework.schema.json``); built once per set.

        With ``inline_refs``, every $ref is replaced by the schema it names before the validator is
        built: the same rules, without a registry lookup per reference per value (most of the time
        of validating hundreds of files).
        """
        from jsonschema import Draft202012Validator

        key = f"{name}#inline" if inline_refs else name
        if key in self.validators:
            return self.validators[key]
        if inline_refs:
            schema = inline_references(
                self.validator(name).schema, self.registry.resolver(base_uri=name)
            )
            self.validators[key] = Draft202012Validator(schema, registry=self.registry)
            return self.validators[key]
        self.require(name)
        self.validators[name] = Draft202012Validator(self.schemas[name], registry=self.registry)
        return self.validators[name]


# What an inlined schema depends on besides the schema files: the inlining code, in this module.
_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _quick_check_version() -> str:
    """jsonschema-rs's version: a verdict kept from another version is not trusted."""
    from importlib.metadata import version

    return version("jsonschema-rs")


# Keywords that only annotate: a $ref beside nothing else keeps the target's own wording.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples"})
# A reference chain deeper than this is a loop; it is left as a $ref for jsonschema to follow.
_MAX_INLINE_DEPTH = 32


# Where an inlined $ref keeps the description written beside it (jsonschema ignores the keyword).
FIELD_DESCRIPTION = "x-field-description"


class NotLocal(Exception):
    """A $ref that LocalResolver does not follow: referencing resolves it, or says why not."""


# Keywords that change how references resolve below them; a set that uses them is left to
# referencing.
_BASE_CHANGING = ("$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef")


@dataclass(frozen=True)
class Resolved:
    """What a reference points at, and the resolver for the references inside it."""

    contents: object
    resolver: LocalResolver


@dataclass(frozen=True)
class LocalResolver:
    """Follows a $ref to a schema file of the set and a JSON pointer into it.

    It resolves as referencing does for schemas without $id: ``other.schema.json#/$defs/x``,
    ``#/$defs/x`` or a file alone. ``base`` is the file the reference is written in. Anything
    else raises NotLocal.
    """

    schemas: dict[str, dict]
    base: str

    def lookup(self, reference: str) -> Resolved:
        address, fragment = urldefrag(urljoin(self.base, reference))
        # A fragment that is not a JSON pointer names an anchor: referencing's to follow.
        if address not in self.schemas or (fragment and not fragment.startswith("/")):
            raise NotLocal(reference)
        node = self.schemas[address]
        # RFC 6901: each token percent-decoded, then ~1 and ~0 unescaped, in that order.
        for token in fragment.split("/")[1:] if fragment else ():
            token = unquote(token).replace("~1", "/").replace("~0", "~")
            node = _step(node, token, reference)
        return Resolved(node, LocalResolver(self.schemas, address))


def _step(node, token: str, reference: str):
    """``node``'s member ``token`` (a key, or an index into a list); NotLocal if none."""
    if isinstance(node, dict) and token in node:
        return node[token]
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    raise NotLocal(reference)


def inline_references(node, resolver, depth: int = 0):
    """``node`` with each $ref replaced by its target (beside sibling keywords, through allOf)."""
    if isinstance(node, list):
        return [inline_references(item, resolver, depth) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: inline_references(value, resolver, depth)
        for key, value in node.items()
        if key != "$ref"
    }
    reference = node.get("$ref")
    if not isinstance(reference, str) or depth >= _MAX_INLINE_DEPTH:
        return node if isinstance(reference, str) else out
    resolved = resolver.lookup(reference)
    target = inline_references(resolved.contents, resolved.resolver, depth + 1)
    # Errors then carry the target's schema, as they did through the $ref.
    rules = {key: value for key, value in out.items() if key not in _ANNOTATIONS}
    if rules:
        return {**out, "allOf": [target]}
    # The target's keywords win, as through the $ref; a description beside the $ref is the field's
    # own and is kept as x-field-description for hints about the field (such as a missing key).
    merged = {**out, **target}
    if "description" in out:
        merged[FIELD_DESCRIPTION] = out["description"]
    return merged


def load_schemas(schema_dir: Path | str) -> SchemaSet:
    """Every ``*.schema.json`` in ``schema_dir``, read once per process (until the files change)."""
    folder = Path(schema_dir)
    files = sorted(folder.glob("*.schema.json"))
    # The key includes each file's mtime and size, so `mkdocs serve` sees an edited schema.
    signature = tuple((p.name, *file_stamp(p)) for p in files)
    return _load(str(folder), signature)


@lru_cache(maxsize=8)
def _load(folder: str, signature: tuple) -> SchemaSet:
    schemas, problems = {}, []
    digest = hashlib.sha256()
    for name, _mtime, _size in signature:
        path = Path(folder) / name
        try:
            text, schemas[name] = _read_schema(path)
        except _BrokenSchema as error:
            problems.append(error.problem)
            continue
        digest.update(f"{name}\0{len(text)}\0{text}".encode())
    if problems:
        raise SchemaFileError(problems)
    return SchemaSet(Path(folder), schemas, digest.hexdigest())


class _BrokenSchema(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _read_schema(path: Path) -> tuple[str, dict]:
    """One schema file's text and content, checked against the JSON Schema meta-schema.

    _BrokenSchema says where it breaks.
    """
    hint = (
        "Restore the file from the upstream playbook (git checkout -- data/schema/),"
        " then redo your change."
    )

    def broken(message: str, line: int = 1, col: int = 1, at: str = "$") -> _BrokenSchema:
        return _BrokenSchema(Problem(str(path), line, col, message, at, hint))

    try:
        text = read_bounded(path, MAX_SCHEMA_BYTES).decode("utf-8")
        schema = json.loads(text)
    except UnsafeFileError as error:
        raise broken(error.message) from None
    except UnicodeDecodeError:
        raise broken("the schema is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise broken(
            f"the schema is not valid JSON: {error.msg}", error.lineno, error.colno
        ) from None
    except (ValueError, RecursionError) as error:
        raise broken(f"the schema is not valid JSON: {error}") from None
    meta_error = meta_schema_error(text)
    if meta_error is not None:
        message, where = meta_error
        raise broken(f"the schema is not a valid JSON Schema: {message}", at=where)
    return text, schema


def quick_meta_check(schema) -> bool:
    """Whether ``schema`` is surely a valid JSON Schema.

    jsonschema-rs checks it against the meta-schema, and every pattern must compile with Python's
    regexes, as jsonschema requires too (format "regex"). Only its "valid" is trusted: jsonschema
    checks whatever it refuses, for the message.
    """
    try:
        if not jsonschema_rs.meta.is_valid(schema):
            return False
    except (jsonschema_rs.ReferencingError, ValueError):
        return False
    return all(_compiles(pattern) for pattern in _patterns(schema))


def _patterns(node):
    """Every string under a ``pattern`` key and every key of a ``patternProperties`` mapping."""
    if isinstance(node, list):
        for item in node:
            yield from _patterns(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            if key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from _patterns(value)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


# Checking a schema against the meta-schema costs far more than reading it, and every copy of the
# project (a fork's checkout, each test's data folder) holds the same texts: check each text once.
@lru_cache(maxsize=64)
def meta_schema_error(text: str) -> tuple[str, str] | None:
    """Why the schema ``text`` (valid JSON) breaks the JSON Schema meta-schema.

    Returns (message, JSON path), or None when it is a valid schema.
    """
    schema = json.loads(text)
    # Most schemas are valid: the compiled check says so in a fraction of jsonschema's time.
    if quick_meta_check(schema):
        return None
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return error.message, json_path(tuple(error.absolute_path))
    return None
