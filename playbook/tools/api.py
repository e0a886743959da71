"""The static JSON API: the validated data, published with the site for other tools."""

from __future__ import annotations

import json
from pathlib import Path

from ..data.models import KINDS, Project

API_VERSION = 1
# Kinds published under api/; UI strings are configuration, not content.
PUBLISHED = {folder: kind for folder, kind in KINDS.items() if kind != "strings"}
PAGES = {"frameworks", "assessments", "checklists"}
_ATTRIBUTE = {"glossary": "terms"}


def _dump(value) -> bytes:
    # Compact, because with an indent Python's json falls back to its pure-Python encoder, several
    # times slower on the megabytes a big fork publishes. allow_nan=False: NaN and infinities are
    # not JSON; validation refuses them, this is the backstop.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # As UTF-8 at once: the build holds every file until it writes it, and a text with one
    # character beyond Latin-1 takes two or four bytes a character in memory.
    return text.encode("utf-8") + b"\n"


def api_files(project: Project, schema_dir: Path, directory_urls: bool = True) -> dict[str, bytes]:
    """Every API file by its path in the site, in UTF-8.

    That is api/index.json, api/<kind>.json, api/<kind>/<id>.json and api/schema/.
    """
    # The schemas travel with the data so that consumers can validate what they read.
    files: dict[str, bytes] = {
        f"api/schema/{p.name}": p.read_bytes() for p in sorted(schema_dir.glob("*.schema.json"))
    }
    index = {
        "api_version": API_VERSION,
        "schema": "schema/api-index.schema.json",
        "collections": {},
    }
    for folder, kind in PUBLISHED.items():
        # The playbook's own order (order:, then title), as on the home page.
        raw = project.raw.get(kind, {})
        entities = (
            {i: raw[i] for i in getattr(project, _ATTRIBUTE.get(folder, folder))}
            if hasattr(project, _ATTRIBUTE.get(folder, folder))
            else raw
        )
        listing, dumped = [], []
        for entity_id, data in entities.items():
            dumped.append(_dump(data))
            files[f"api/{folder}/{entity_id}.json"] = dumped[-1]
            entry = {
                "id": entity_id,
                "title": data.get("title") or data.get("term") or data.get("name") or entity_id,
                "json": f"{folder}/{entity_id}.json",
            }
            if folder in PAGES:
                entry["page"] = (
                    f"../{folder}/{entity_id}/"
                    if directory_urls
                    else f"../{folder}/{entity_id}.html"
                )
            listing.append(entry)
        # The collection is its entities' own files in a list: each is encoded once, not twice.
        files[f"api/{folder}.json"] = b"[" + b",".join(text[:-1] for text in dumped) + b"]\n"
        index["collections"][folder] = {
            "kind": kind,
            "schema": f"schema/{kind}.schema.json",
            "items": listing,
        }
    files["api/index.json"] = _dump(index)
    return files
