"""Load the whole data folder once: read, validate, and build the Project."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .files import file_stamp
from .loading import Document, data_files, display_path, load_document, scan_data_files
from .models import KINDS, Project
from .overlay import LOCAL, apply_overlay
from .parse_cache import ParseCache
from .problems import DataError, Problem, ordered
from .schemas import SchemaFileError, load_schemas
from .validation import model_problems, schema_problems, semantic_problems

_cache: dict[str, tuple[tuple, Project]] = {}


def check(
    data_dir: Path, root: Path | None = None, cache_dir: Path | None = None
) -> tuple[Project | None, list[Problem]]:
    """Read and validate every file; return the project (if valid) and all problems.

    The build runs exactly this, so whatever ``playbook validate`` accepts, the build accepts.
    With ``cache_dir``, files read before with the same bytes are not parsed again
    (parse_cache.py); every rule still runs on every file.
    """
    cache = ParseCache(cache_dir) if cache_dir is not None else None
    try:
        return _check(data_dir, root, cache)
    finally:
        if cache is not None:
            cache.save()


def _check(
    data_dir: Path, root: Path | None, cache: ParseCache | None
) -> tuple[Project | None, list[Problem]]:
    schema_dir = data_dir / "schema"
    problems: list[Problem] = []
    # A broken schema file is the root cause of whatever its kind would report: say only that.
    schema_trouble = _schema_problems(schema_dir, root)
    problems += schema_trouble
    files, found = scan_data_files(data_dir, root)
    problems += found
    local_files, found = scan_data_files(data_dir / LOCAL, root, repository=data_dir.parent)
    problems += found
    # (kind, id) of every entity whose own file is broken, so references to it are summarised.
    broken: dict[tuple[str, str], str] = {}
    valid: list[tuple[Document, str]] = []
    # Loaded once here: looking the folder up again for each of hundreds of files costs time.
    schemas = None if schema_trouble else load_schemas(schema_dir)
    for path, kind in files:
        doc, found = _read(path, root, cache)
        if doc is not None and not found and not schema_trouble:
            found = schema_problems(doc, kind, schemas, cache)
        problems += found
        if doc is not None and not found:
            valid.append((doc, kind))
        elif found:
            broken[(kind, _entity_id(doc, path))] = found[0].file
    # A fork's data/local/ adds, overrides and removes entities; merged
    # results are validated like any file.
    local: list[tuple[Document, str]] = []
    for path, kind in local_files:
        doc, found = _read(path, root, cache)
        problems += found
        if doc is not None and not found:
            local.append((doc, kind))
        elif found:
            broken.setdefault((kind, _entity_id(doc, path)), found[0].file)
    if schema_trouble:
        return None, ordered(problems)
    if local:
        upstream_ids = {id(d) for d, _ in valid}
        valid, found = apply_overlay(valid, local)
        problems += found
        checked = []
        for doc, kind in valid:
            found = [] if id(doc) in upstream_ids else schema_problems(doc, kind, schemas, cache)
            problems += found
            if not found:
                checked.append((doc, kind))
            else:
                broken.setdefault((kind, str(doc.data.get("id"))), found[0].file)
        valid = checked
    problems += semantic_problems(valid, broken)
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
        return None, ordered(problems)
    by_kind: dict[str, list[dict]] = {}
    for doc, kind in valid:
        by_kind.setdefault(kind, []).append(doc.data)
    project = Project.from_documents(by_kind)
    # A local file that neither overrides nor removes passes the overlay as itself: the fork's own.
    local_docs = {id(doc) for doc, _ in local}
    project.fork_additions = frozenset(
        (kind, doc.data["id"]) for doc, kind in valid if id(doc) in local_docs
    )
    # The checks that need the built models, such as whether each day plan fits its day.
    problems = model_problems(project, valid)
    if problems:
        return None, ordered(problems)
    return project, []


def _entity_id(doc: Document | None, path: Path) -> str:
    """The id a broken file meant to define: its id: when readable, else its file name."""
    data = doc.data if doc is not None else None
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return data["id"]
    return path.stem


def _schema_problems(schema_dir: Path, root: Path | None) -> list[Problem]:
    """Every schema file that cannot be read or used, and every kind whose schema is missing."""
    try:
        schema_set = load_schemas(schema_dir)
        for kind in sorted(set(KINDS.values())):
            schema_set.require(f"{kind}.schema.json")
    except SchemaFileError as error:
        return [replace(p, file=display_path(Path(p.file), root)) for p in error.problems]
    return []


def _read(
    path: Path, root: Path | None, cache: ParseCache | None = None
) -> tuple[Document | None, list[Problem]]:
    """Load one file; data files must use the .yaml extension."""
    doc, found = load_document(path, root, cache)
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
    return tuple((str(p), *file_stamp(p)) for p in paths)


def require_data_dir(data_dir: Path, root: Path | None = None) -> None:
    """Raise DataError when the data folder is missing.

    That is the one problem to report, before any file inside it.
    """
    if not data_dir.is_dir():
        raise DataError(
            [
                Problem(
                    display_path(data_dir, root),
                    1,
                    1,
                    "the data folder does not exist",
                    "$",
                    "Create it, or point data_dir (mkdocs.yml) or --data (the playbook command)"
                    " at the right folder.",
                )
            ]
        )


def load_project(
    data_dir: Path | str, root: Path | None = None, cache_dir: Path | None = None
) -> Project:
    """The validated project; raises DataError listing every problem. Cached until files change.

    ``cache_dir`` keeps parsed files between runs (see ``check``).
    """
    data_dir = Path(data_dir).resolve()
    key = str(data_dir)
    signature = _signature(data_dir)
    cached = _cache.get(key)
    if cached and cached[0] == signature:
        return cached[1]
    require_data_dir(data_dir, root)
    project, problems = check(data_dir, root, cache_dir)
    if problems:
        raise DataError(problems)
    _cache[key] = (signature, project)
    return project


def forget_loaded_projects() -> None:
    """Drop the projects load_project keeps per data folder; the next call reads the files again."""
    _cache.clear()
