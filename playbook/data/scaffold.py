"""`playbook new <kind> <id>`: write a commented starter file that already passes validation."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .models import Project

KINDS = {"framework": "frameworks", "assessment": "assessments", "checklist": "checklists"}
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TEMPLATES = Path(__file__).parent / "templates" / "scaffold"


class ScaffoldError(Exception):
    """The starter file cannot be written; the message says why and what to do."""


def starter(
    kind: str, entity_id: str, project: Project | None, schema_dir: str = "../schema"
) -> str:
    """The text of a starter file; assessments link to the first element of the first framework."""
    if not ID.match(entity_id):
        raise ScaffoldError(
            f"'{entity_id}' is not a valid id: use lowercase letters, digits and single hyphens, such as our-launch-plan"
        )
    framework, ref = entity_id, f"{entity_id}/first-step"
    if kind == "assessment":
        if project is None or not project.frameworks:
            raise ScaffoldError(
                "an assessment links to framework elements, and the data has no framework yet; create one first with: playbook new framework <id>"
            )
        first = next(iter(project.frameworks.values()))
        framework, ref = first.id, first.elements[0].ref
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    title = entity_id.replace("-", " ").capitalize()
    return env.get_template(f"{kind}.yaml.j2").render(
        id=entity_id, title=title, framework=framework, ref=ref, schema_dir=schema_dir
    )


def write_starter(
    data_dir: Path, kind: str, entity_id: str, project: Project | None, local: bool = False
) -> Path:
    """Write the starter under data/<kind>/ (or data/local/<kind>/ for a fork); never overwrite a file."""
    base = data_dir / "local" if local else data_dir
    target = base / KINDS[kind] / f"{entity_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another id or edit that file")
    if project is not None and entity_id in getattr(project, KINDS[kind]):
        raise ScaffoldError(f"a {kind} with id '{entity_id}' already exists; choose another id")
    text = starter(kind, entity_id, project, "../../schema" if local else "../schema")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
