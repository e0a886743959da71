"""The one JSON Schema registry: every schema file of a data folder, and a validator per schema.

``validate``, the build, ``score`` and imports all ask here, so a schema is read and compiled once
per process and ``$ref`` between schema files resolves offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


class SchemaFileError(Exception):
    """A schema file that is missing or is not valid JSON; the message names the file."""


@dataclass(frozen=True, eq=False)
class SchemaSet:
    """The schemas of one ``data/schema`` folder, by file name, and the registry joining them."""

    folder: Path
    schemas: dict[str, dict]
    registry: Registry
    validators: dict[str, Draft202012Validator] = field(default_factory=dict)

    def validator(self, name: str) -> Draft202012Validator:
        """The validator of ``name`` (such as ``framework.schema.json``); built once per set."""
        if name not in self.validators:
            if name not in self.schemas:
                raise SchemaFileError(f"{self.folder / name}: the schema is missing")
            schema = self.schemas[name]
            self.validators[name] = Draft202012Validator(schema, registry=self.registry)
        return self.validators[name]


def load_schemas(schema_dir: Path | str) -> SchemaSet:
    """Every ``*.schema.json`` in ``schema_dir``, read once per process (until the files change)."""
    folder = Path(schema_dir)
    files = sorted(folder.glob("*.schema.json"))
    # The key includes each file's mtime and size, so `mkdocs serve` sees an edited schema.
    signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return _load(str(folder), signature)


@lru_cache(maxsize=8)
def _load(folder: str, signature: tuple) -> SchemaSet:
    schemas = {}
    for name, _mtime, _size in signature:
        path = Path(folder) / name
        try:
            schemas[name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise SchemaFileError(f"{path}: not a readable JSON schema ({error})") from None
    resources = ((name, Resource.from_contents(schema)) for name, schema in schemas.items())
    return SchemaSet(Path(folder), schemas, Registry().with_resources(resources))
