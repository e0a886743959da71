"""A fork's own content in data/local/: new entities, deep-merged overrides and removals by id.

Upstream files are never edited by a fork, so pulling upstream updates
cannot conflict with company edits.

- A file whose id is new adds an entity.
- A file with ``override: true`` deep-merges onto the upstream entity of the same id: mappings
  merge key by key, lists of items that have ids merge item by item (an item with
  ``remove: true`` is dropped, a new id is appended), and any other value replaces the upstream
  one.
- A file with ``remove: true`` (and only its id) removes the upstream entity.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .files import UnsafeFileError, read_bounded
from .loading import Document, data_files, display_path, load_document
from .problems import Problem, json_path

LOCAL = "local"
LOCK = "upstream.lock.json"
# A lock lists a fingerprint per overridden file: a few kilobytes.
MAX_LOCK_BYTES = 1024 * 1024
_FLAGS = ("override", "remove")


@dataclass
class MergedDocument(Document):
    """An upstream document with an override applied.

    Problems point at whichever file supplied the value.
    """

    origins: dict[tuple, tuple[Document, tuple]] = field(default_factory=dict)

    def _origin(self, path: tuple) -> tuple[Document, tuple]:
        probe = tuple(path)
        while probe not in self.origins and probe:
            probe = probe[:-1]
        doc, source = self.origins.get(probe, (self, ()))
        return doc, source + tuple(path[len(probe) :])

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        doc, source = self._origin(path)
        return Document.where(doc, source, key)

    def problem(
        self, path: tuple, message: str, hint: str = "", key: bool = False, needle: str = ""
    ) -> Problem:
        doc, source = self._origin(path)
        located = Document.problem(doc, source, message, hint, key=key, needle=needle)
        # Keep the JSON path of the merged entity: that is what the schema and the reader see.
        return Problem(located.file, located.line, located.col, message, json_path(path), hint)


def _has_ids(items) -> bool:
    return (
        isinstance(items, list)
        and bool(items)
        and all(isinstance(i, dict) and "id" in i for i in items)
    )


def deep_merge(
    base,
    change,
    base_path: tuple,
    change_path: tuple,
    out_path: tuple,
    base_doc: Document,
    change_doc: Document,
    origins: dict,
):
    """Merge ``change`` onto ``base`` as the module docstring describes.

    ``origins`` records where each value came from.
    """
    if isinstance(base, dict) and isinstance(change, dict):
        origins.setdefault(out_path, (base_doc, base_path))
        result = {}
        for key, value in base.items():
            result[key] = value
            _record(value, base_path + (key,), out_path + (key,), base_doc, origins)
        for key, value in change.items():
            if key in _FLAGS and not out_path:
                continue
            if key in base:
                result[key] = deep_merge(
                    base[key],
                    value,
                    base_path + (key,),
                    change_path + (key,),
                    out_path + (key,),
                    base_doc,
                    change_doc,
                    origins,
                )
            else:
                result[key] = value
                _record(value, change_path + (key,), out_path + (key,), change_doc, origins)
        return result
    if _has_ids(base) and _has_ids(change):
        index = {item["id"]: i for i, item in enumerate(base)}
        merged: list = list(base)
        sources: list = [(base_doc, base_path + (i,)) for i in range(len(base))]
        removed = set()
        for j, item in enumerate(change):
            if item["id"] in index:
                i = index[item["id"]]
                if item.get("remove") is True:
                    removed.add(i)
                    continue
                merged[i] = ("merge", item, j)
            else:
                merged.append(("new", item, j))
                sources.append((change_doc, change_path + (j,)))
        result = []
        for i, entry in enumerate(merged):
            if i in removed:
                continue
            k = len(result)
            if isinstance(entry, tuple) and entry[0] == "merge":
                item = {key: v for key, v in entry[1].items() if key != "remove"}
                result.append(
                    deep_merge(
                        base[i],
                        item,
                        base_path + (i,),
                        change_path + (entry[2],),
                        out_path + (k,),
                        base_doc,
                        change_doc,
                        origins,
                    )
                )
            elif isinstance(entry, tuple) and entry[0] == "new":
                result.append(entry[1])
                _record(entry[1], change_path + (entry[2],), out_path + (k,), change_doc, origins)
            else:
                result.append(entry)
                _record(entry, sources[i][1], out_path + (k,), base_doc, origins)
        origins[out_path] = (change_doc, change_path)
        return result
    _record(change, change_path, out_path, change_doc, origins)
    return change


def _record(value, source_path: tuple, out_path: tuple, doc: Document, origins: dict) -> None:
    """Map a value (and everything under it) in the merged entity back to its file and path."""
    origins[out_path] = (doc, source_path)
    if isinstance(value, dict):
        for key, item in value.items():
            _record(item, source_path + (key,), out_path + (key,), doc, origins)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _record(item, source_path + (i,), out_path + (i,), doc, origins)


def apply_overlay(
    upstream: list[tuple[Document, str]], local: list[tuple[Document, str]]
) -> tuple[list[tuple[Document, str]], list[Problem]]:
    """Combine upstream and local documents of every kind.

    Overrides and removals of ids that upstream does not have are reported.
    """
    by_id = {(kind, doc.data["id"]): i for i, (doc, kind) in enumerate(upstream)}
    result: list[tuple[Document, str] | None] = list(upstream)
    problems: list[Problem] = []
    seen: dict[tuple[str, str], Document] = {}
    for doc, kind in local:
        entity = doc.data.get("id")
        identity = _identity_problem(doc, kind, entity, seen)
        if identity:
            problems.append(identity)
            continue
        target = by_id.get((kind, entity))
        flags = [f for f in _FLAGS if doc.data.get(f) is True]
        if len(flags) == 2:
            problems.append(
                doc.problem(
                    ("remove",),
                    "a local file cannot both override and remove",
                    "Keep override: true to change the entity, or remove: true to drop it.",
                )
            )
            continue
        if flags and target is None:
            problems.append(
                doc.problem(
                    (flags[0],),
                    f"this file {flags[0]}s the upstream {kind} '{entity}',"
                    " which no longer exists upstream",
                    f"Delete {doc.display}, or drop '{flags[0]}: true'"
                    f" to keep it as a {kind} of your own.",
                )
            )
            continue
        if not flags and target is not None:
            problems.append(
                doc.problem(
                    ("id",),
                    f"the upstream playbook already has a {kind} '{entity}'",
                    "Add override: true to change it, remove: true to drop it,"
                    " or choose another id.",
                )
            )
            continue
        if flags == ["remove"]:
            extra = [k for k in doc.data if k not in ("id", "remove")]
            if extra:
                problems.append(
                    doc.problem(
                        (extra[0],),
                        f"a removal holds only id and remove: true, not '{extra[0]}'",
                        "Delete the other fields, or use override: true to change the entity.",
                    )
                )
            result[target] = None
            continue
        if flags == ["override"]:
            base = upstream[target][0]
            origins: dict = {}
            data = deep_merge(base.data, doc.data, (), (), (), base, doc, origins)
            merged = MergedDocument(
                base.path,
                base.display,
                data,
                base.positions,
                base.key_positions,
                base.text,
                origins=origins,
            )
            result[target] = (merged, kind)
            continue
        result.append((doc, kind))
    return [r for r in result if r is not None], problems


def _identity_problem(
    doc: Document, kind: str, entity, seen: dict[tuple[str, str], Document]
) -> Problem | None:
    """A local file's id must be text, be the only local file with that id, match its name."""
    if not isinstance(entity, str):
        return doc.problem(
            ("id",),
            "the id must be text (lowercase words joined by hyphens)",
            f"Write id: {doc.path.stem}, the file's name without .yaml.",
        )
    other = seen.get((kind, entity))
    if other is not None:
        return doc.problem(
            ("id",),
            f"{other.display} and {doc.display} both define the {kind} '{entity}'",
            "Keep one local file per id: merge the two into one and delete the other.",
        )
    seen[(kind, entity)] = doc
    if entity != doc.path.stem:
        return doc.problem(
            ("id",),
            f"id '{entity}' does not match the file name '{doc.path.name}'",
            f"Rename the file to {entity}.yaml, or set id: {doc.path.stem}.",
        )
    return None


def digest(path: Path) -> str:
    """A stable fingerprint of an upstream file's content."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class SyncEntry:
    """One upstream entity that the fork overrides or removes.

    ``status`` says whether upstream changed it since the last sync.
    """

    kind: str
    entity: str
    action: str
    local_file: str
    status: str


def sync_report(data_dir: Path, root: Path | None = None) -> list[SyncEntry]:
    """Which upstream entities data/local/ overrides or removes.

    Each says whether upstream changed it since the recorded sync.
    """
    lock = _read_lock(data_dir)
    entries = []
    for path, kind in data_files(data_dir / LOCAL):
        doc, problems = load_document(path, root)
        if doc is None or problems or not isinstance(doc.data, dict):
            continue
        flags = [f for f in _FLAGS if doc.data.get(f) is True]
        if not flags:
            continue
        folder = path.parent.name
        upstream = data_dir / folder / path.name
        key = f"{folder}/{path.name}"
        if not upstream.is_file():
            status = "missing upstream"
        elif key not in lock:
            status = "not synced yet"
        else:
            status = "unchanged" if lock[key] == digest(upstream) else "changed upstream"
        entries.append(
            SyncEntry(kind, str(doc.data.get("id")), flags[0], display_path(path, root), status)
        )
    return entries


class LockFileError(Exception):
    """The sync lock file cannot be used; the message names it and says what to do."""


def record_sync(data_dir: Path) -> Path:
    """Record the upstream fingerprints of every overridden or removed entity as 'synced'."""
    target = data_dir / LOCAL / LOCK
    # Writing through a link would overwrite whatever file it points at.
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise LockFileError(
            f"{target}: is a symbolic link or not a regular file; refusing to write through it."
            f" Delete it and run: playbook sync --mark"
        )
    lock = {}
    for path, _kind in data_files(data_dir / LOCAL):
        upstream = data_dir / path.parent.name / path.name
        if upstream.is_file():
            lock[f"{path.parent.name}/{path.name}"] = digest(upstream)
    # Write beside it and rename: the replace swaps the directory entry and never follows a link.
    partial = target.with_name(f".{LOCK}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return target


def _read_lock(data_dir: Path) -> dict:
    """The recorded fingerprints.

    None when the file does not exist yet; LockFileError when it is unusable.
    """
    path = data_dir / LOCAL / LOCK
    if not path.exists() and not path.is_symlink():
        return {}
    redo = (
        "Delete it and run: playbook sync --mark (after checking your overrides against upstream)."
    )
    if path.is_symlink():
        raise LockFileError(f"{path}: is a symbolic link; it is not read. {redo}")
    try:
        text = read_bounded(path, MAX_LOCK_BYTES).decode("utf-8")
        lock = json.loads(text)
    except UnsafeFileError as error:
        raise LockFileError(f"{path}: {error.message}. {redo}") from None
    except UnicodeDecodeError:
        raise LockFileError(f"{path}: is not UTF-8 text. {redo}") from None
    except json.JSONDecodeError as error:
        raise LockFileError(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}). {redo}"
        ) from None
    except (ValueError, RecursionError):
        raise LockFileError(f"{path}: not valid JSON. {redo}") from None
    if not isinstance(lock, dict) or not all(isinstance(v, str) for v in lock.values()):
        raise LockFileError(
            f"{path}: must map file names to fingerprints,"
            f" as playbook sync --mark writes it. {redo}"
        )
    return lock
