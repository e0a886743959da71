"""Files exported by the page tools (data/schema/export.schema.json): reading them safely, and reporting an assessment's scores."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from ..data.models import Assessment, Project
from ..data.problems import json_path
from ..data.schemas import SchemaFileError, load_schemas
from ..site.assessment_view import plain
from ..site.rendering import Renderer
from .scoring import NOT_APPLICABLE, Result, clean_answers, recommendations

FORMAT = "social-media-playbook"
FORMAT_VERSION = 1


class ExportError(Exception):
    """An export file that cannot be used; the message names the file and says what is wrong."""


def _validator(schema_dir: Path) -> Draft202012Validator:
    """The export schema, from the shared registry (its $refs to other schema files resolve offline)."""
    try:
        return load_schemas(schema_dir).validator("export.schema.json")
    except SchemaFileError as error:
        raise ExportError(str(error)) from None


def read_export(path: Path, schema_dir: Path, kind: str | None = None) -> dict:
    """Read and check an export file; raise ExportError for anything that is not a valid export (of ``kind``, if given)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExportError(f"{path}: is a folder; give the exported .json file") from None
    except UnicodeDecodeError:
        raise ExportError(f"{path}: is not a text file; an export is UTF-8 JSON") from None
    except OSError as error:
        raise ExportError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(
            f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    # The envelope's own fields first, so that the usual mistakes get a plain answer.
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportError(
            f'{path}: is not an export from the playbook (it lacks "format": "{FORMAT}")'
        )
    version = doc.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise ExportError(
            f"{path}: was made by a newer version of the playbook (format_version {version}; this one reads up to {FORMAT_VERSION})"
        )
    if kind is not None and doc.get("kind") != kind:
        raise ExportError(f"{path}: is a {doc.get('kind')!r} export, not an {kind} export")
    error = best_match(_validator(schema_dir).iter_errors(doc))
    if error is not None:
        raise ExportError(f"{path}: {json_path(tuple(error.absolute_path))}: {error.message}")
    return doc


def assessment_report(project: Project, assessment: Assessment, doc: dict, result: Result) -> str:
    """The page's results as text: overall score and stage, each dimension, and the recommendations."""
    renderer = Renderer(project)
    answers = doc["data"]["answers"]
    kept, gone = clean_answers(assessment, answers)
    lines = [
        f"{assessment.title} ({assessment.id})",
        f"Exported {doc['exported_at']} under content version {doc['content_version']}.",
    ]
    if gone:
        lines.append(
            f"{len(gone)} answer{'s' if len(gone) != 1 else ''} to questions that no longer exist left out: {', '.join(gone)}."
        )
    off_scale = [q for q in answers if q not in gone and q not in kept]
    if off_scale:
        lines.append(
            f"{len(off_scale)} answer{'s' if len(off_scale) != 1 else ''} not on the scale left out: {', '.join(off_scale)}."
        )
    not_applicable = sum(1 for v in kept.values() if v == NOT_APPLICABLE)
    lines.append(
        f"Answered {result.answered} of {result.total} questions ({not_applicable} not applicable)."
    )
    if result.score is None:
        lines.append("Overall score: not yet scored (no question answered on the scale).")
    else:
        lines.append(
            f"Overall score: {result.score} of 100, stage: {result.stage.title if result.stage else '?'}"
        )
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
