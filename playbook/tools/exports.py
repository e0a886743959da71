"""Files exported by the page tools (data/schema/export.schema.json).

Reading them safely, and reporting an assessment's scores.
"""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from ..data.files import UnsafeFileError, read_bounded
from ..data.models import Assessment, Project
from ..data.problems import json_path, printable
from ..data.schemas import SchemaFileError, load_schemas
from ..site.assessment_view import plain
from ..site.rendering import Renderer
from .scoring import NOT_APPLICABLE, Result, band_text, clean_answers, recommendations

FORMAT = "social-media-playbook"
FORMAT_VERSION = 1
# An export of the largest assessment is a few kilobytes; anything this big is not one.
MAX_EXPORT_BYTES = 4 * 1024 * 1024
# An export nests five levels; deeper JSON is refused before the schema walks it recursively.
MAX_DEPTH = 32


class ExportError(Exception):
    """An export file that cannot be used; the message names the file and says what is wrong."""


def _validator(schema_dir: Path) -> Draft202012Validator:
    """The export schema, from the shared registry (its $refs to other files resolve offline)."""
    try:
        return load_schemas(schema_dir).validator("export.schema.json")
    except SchemaFileError as error:
        raise ExportError(str(error)) from None


def read_export(path: Path, schema_dir: Path, kind: str | None = None) -> dict:
    """Read and check an export file.

    Raises ExportError for anything that is not a valid export (of ``kind``, if given).

    The file is untrusted: whatever it holds, the result is a checked export or an ExportError whose
    message starts with the file's name, never another exception.
    """
    try:
        raw = read_bounded(path, MAX_EXPORT_BYTES)
    except UnsafeFileError as error:
        raise ExportError(f"{path}: {error.message}") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise ExportError(f"{path}: is not a text file; an export is UTF-8 JSON") from None
    doc = _parse_json(path, text)
    # The envelope's own fields first, so that the usual mistakes get a plain answer.
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportError(
            f'{path}: is not an export from the playbook (it lacks "format": "{FORMAT}")'
        )
    _check_version(path, doc)
    if kind is not None and doc.get("kind") != kind:
        shown = _short(repr(doc.get("kind")))
        raise ExportError(f"{path}: is a {shown} export, not an {kind} export")
    error = best_match(_validator(schema_dir).iter_errors(doc))
    if error is not None:
        where = json_path(tuple(error.absolute_path))
        raise ExportError(f"{path}: {_short(where)}: {_short(error.message)}")
    return doc


def _parse_json(path: Path, text: str):
    """The JSON value of ``text``; NaN, infinities, huge numbers and deep nesting are refused."""
    try:
        doc = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ExportError(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise ExportError(f"{path}: the JSON is nested too deeply to be an export") from None
    except ValueError as error:
        # Python refuses integers of thousands of digits; json raises a plain ValueError for them.
        raise ExportError(f"{path}: not a usable export: {_short(str(error))}") from None
    if _depth(doc) > MAX_DEPTH:
        raise ExportError(
            f"{path}: the JSON is nested more than {MAX_DEPTH} levels deep; an export is not"
        )
    return doc


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number an export can hold")


def _depth(value) -> int:
    """How deeply lists and objects nest in ``value``, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _check_version(path: Path, doc: dict) -> None:
    """A missing, malformed, old or newer format_version, each said in plain words."""
    if "format_version" not in doc:
        raise ExportError(f"{path}: lacks format_version; an export from the playbook has one")
    version = doc["format_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise ExportError(
            f"{path}: format_version must be a whole number such as {FORMAT_VERSION},"
            f" not {_short(json.dumps(version))}"
        )
    if version > FORMAT_VERSION:
        raise ExportError(
            f"{path}: was made by a newer version of the playbook (format_version {version};"
            f" this one reads up to {FORMAT_VERSION})"
        )
    if version < 1:
        raise ExportError(
            f"{path}: format_version {version} was never written by the playbook"
            " (versions start at 1)"
        )


def _short(text: str, limit: int = 200) -> str:
    """At most ``limit`` characters of ``text``: an error message must not repeat a huge value."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def assessment_report(project: Project, assessment: Assessment, doc: dict, result: Result) -> str:
    """The page's results as text: overall score and stage, each dimension, the recommendations."""
    renderer = Renderer(project)
    answers = doc["data"]["answers"]
    kept, gone = clean_answers(assessment, answers)
    lines = [
        f"{assessment.title} ({assessment.id})",
        # The export is untrusted: a line break in it must not fake a line of the report.
        f"Exported {printable(doc['exported_at'])} under content version {doc['content_version']}.",
    ]
    if gone:
        lines.append(
            f"{_answers(len(gone))} to questions that no longer exist left out: {_some(gone)}."
        )
    # Sets: an export may hold many thousands of unknown answers.
    left_out = set(gone) | set(kept)
    off_scale = [q for q in answers if q not in left_out]
    if off_scale:
        lines.append(f"{_answers(len(off_scale))} not on the scale left out: {_some(off_scale)}.")
    not_applicable = sum(1 for v in kept.values() if v == NOT_APPLICABLE)
    lines.append(
        f"Answered {result.answered} of {result.total} questions ({not_applicable} not applicable)."
    )
    if result.score is None:
        lines.append("Overall score: not yet scored (no question answered on the scale).")
    else:
        stage = f"{result.stage.title} ({band_text(result.stage)})" if result.stage else "?"
        lines.append(f"Overall score: {result.score} of 100, stage: {stage}")
    width = max(len(d.title) for d in result.dimensions)
    for d in result.dimensions:
        shown = "-" if d.rounded is None else str(d.rounded)
        lines.append(f"  {d.title:<{width}}  {shown:>3}  ({d.answered} of {d.total} answered)")
    recs = recommendations(assessment, result)
    if recs:
        lines.append("What to work on next:")
        for dim, stage, rec in recs:
            lines.append(f"  {dim.title} ({stage.title}): {plain(renderer, rec.text)}")
            lines.append(f"    See: {', '.join(renderer.linker.element(ref) for ref in rec.refs)}")
    return "\n".join(lines)


def _answers(count: int) -> str:
    return f"{count} answer{'s' if count != 1 else ''}"


def _some(ids: list[str], shown: int = 10) -> str:
    """The first ``shown`` ids, and how many more: a long list would drown the report."""
    more = len(ids) - shown
    return ", ".join(ids[:shown]) + (f" and {more} more" if more > 0 else "")
