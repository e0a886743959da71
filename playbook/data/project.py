"""Load the whole data folder once: read, validate, and build the Project."""

from __future__ import annotations

from pathlib import Path

from .loading import Document, data_files, display_path, load_document
from .models import Project
from .overlay import LOCAL, apply_overlay
from .problems import DataError, Problem
from .validation import schema_problems, semantic_problems

_cache: dict[str, tuple[tuple, Project]] = {}


def check(data_dir: Path, root: Path | None = None) -> tuple[Project | None, list[Problem]]:
    """Read and validate every file; return the project (if valid) and all problems."""
    schema_dir = data_dir / "schema"
    problems: list[Problem] = []
    valid: list[tuple[Document, str]] = []
    for path, kind in data_files(data_dir):
        doc, found = _read(path, root)
        if doc is not None and not found:
            found = schema_problems(doc, kind, schema_dir)
        problems += found
        if doc is not None and not found:
            valid.append((doc, kind))
    # A fork's data/local/ adds, overrides and removes entities; merged results are validated like any file.
    local: list[tuple[Document, str]] = []
    for path, kind in data_files(data_dir / LOCAL):
        doc, found = _read(path, root)
        problems += found
        if doc is not None and not found:
            local.append((doc, kind))
    if local:
        upstream_ids = {id(d) for d, _ in valid}
        valid, found = apply_overlay(valid, local)
        problems += found
        checked = []
        for doc, kind in valid:
            found = [] if id(doc) in upstream_ids else schema_problems(doc, kind, schema_dir)
            problems += found
            if not found:
                checked.append((doc, kind))
        valid = checked
    problems += semantic_problems(valid)
    # Templates and widgets take every UI string from here, so English must exist as the fallback.
    if not (data_dir / "strings" / "en.yaml").is_file():
        problems.append(
            Problem(
                display_path(data_dir / "strings" / "en.yaml", root),
                1,
                1,
                "the English UI strings file is missing",
                "$",
                "Copy data/strings/en.yaml from the upstream playbook.",
            )
        )
    if problems:
        return None, sorted(set(problems))
    by_kind: dict[str, list[dict]] = {}
    for doc, kind in valid:
        by_kind.setdefault(kind, []).append(doc.data)
    return Project.from_documents(by_kind), []


def _read(path: Path, root: Path | None) -> tuple[Document | None, list[Problem]]:
    """Load one file; data files must use the .yaml extension."""
    doc, found = load_document(path, root)
    if doc is not None and not found and path.suffix == ".yml":
        found.append(
            doc.problem((), "data files must end in .yaml", f"Rename the file to {path.stem}.yaml.")
        )
    return doc, found


def _signature(data_dir: Path) -> tuple:
    """What changes when any data or schema file changes."""
    paths = (
        [p for p, _ in data_files(data_dir)]
        + [p for p, _ in data_files(data_dir / LOCAL)]
        + sorted((data_dir / "schema").glob("*.json"))
    )
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


def require_data_dir(data_dir: Path, root: Path | None = None) -> None:
    """Raise DataError when the data folder is missing: the one problem to report, before any file inside it."""
    if not data_dir.is_dir():
        raise DataError(
            [
                Problem(
                    display_path(data_dir, root),
                    1,
                    1,
                    "the data folder does not exist",
                    "$",
                    "Create it, or point data_dir (mkdocs.yml) or --data (the playbook command) at the right folder.",
                )
            ]
        )


def load_project(data_dir: Path | str, root: Path | None = None) -> Project:
    """The validated project; raises DataError listing every problem. Cached until a file changes."""
    data_dir = Path(data_dir).resolve()
    key = str(data_dir)
    signature = _signature(data_dir)
    cached = _cache.get(key)
    if cached and cached[0] == signature:
        return cached[1]
    require_data_dir(data_dir, root)
    project, problems = check(data_dir, root)
    if problems:
        raise DataError(problems)
    _cache[key] = (signature, project)
    return project
