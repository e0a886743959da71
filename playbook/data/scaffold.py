"""`playbook new <kind> <id>`: write a commented starter file that already passes validation."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .models import Project
from .problems import printable

KINDS = {"framework": "frameworks", "assessment": "assessments", "checklist": "checklists"}
# The id rule of data/schema/common.schema.json ($defs/id), which a test keeps equal to this one.
ID_PATTERN_START = "^[a-z][a-z0-9]*(-[a-z0-9]+)*"
ID = re.compile(ID_PATTERN_START[1:])
MAX_ID_LENGTH = 80

TEMPLATES = Path(__file__).parent / "templates" / "scaffold"


class ScaffoldError(Exception):
    """The starter file cannot be written; the message says why and what to do."""


def check_id(entity_id: str) -> None:
    """Raise ScaffoldError unless ``entity_id`` follows the schema's id rule and length."""
    if len(entity_id) > MAX_ID_LENGTH:
        raise ScaffoldError(
            f"the id is {len(entity_id)} characters long; an id has at most {MAX_ID_LENGTH}"
        )
    # fullmatch: re's $ would let a final line break through.
    if not ID.fullmatch(entity_id):
        raise ScaffoldError(
            f"{printable(repr(entity_id))} is not a valid id:"
            " start with a lowercase letter, then use"
            f" lowercase letters, digits and single hyphens, such as '{suggest_id(entity_id)}'"
        )


def suggest_id(text: str) -> str:
    """A valid id close to ``text``: lowercase words joined by hyphens, leading digits last."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    # An id starts with a letter: "2024-plan" becomes "plan-2024".
    leading = re.match(r"^[0-9-]*", words).group().strip("-")
    rest = words[len(re.match(r"^[0-9-]*", words).group()) :]
    suggestion = "-".join(part for part in (rest, leading) if part)
    return suggestion[:MAX_ID_LENGTH].strip("-") if suggestion[:1].isalpha() else "my-id"


def starter(
    kind: str, entity_id: str, project: Project | None, schema_dir: str = "../schema"
) -> str:
    """The text of a starter file; assessments link to the first element of the first framework."""
    check_id(entity_id)
    framework, ref = entity_id, f"{entity_id}/first-step"
    if kind == "assessment":
        if project is None or not project.frameworks:
            raise ScaffoldError(
                "an assessment links to framework elements, and the data has no framework yet;"
                " create one first with: playbook new framework <id>"
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
    """Write the starter under data/<kind>/ (data/local/<kind>/ for a fork); never overwrite."""
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
