"""`playbook new <kind> <id>`: write a commented starter file that already passes validation."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .models import Framework, Project
from .problems import printable

KINDS = {"framework": "frameworks", "assessment": "assessments", "checklist": "checklists"}
# The id rule of data/schema/common.schema.json ($defs/id), which a test keeps equal to this one.
ID_PATTERN_START = "^[a-z][a-z0-9]*(-[a-z0-9]+)*"
ID = re.compile(ID_PATTERN_START[1:])
MAX_ID_LENGTH = 80

TEMPLATES = Path(__file__).parent / "templates" / "scaffold"
# The editor hint's folder, the same in data/<kind>/ and data/local/<kind>/: from data/local/ it
# reaches data/local/schema/, whose files only point on to data/schema/ (write_schema_pointers).
SCHEMA_HINT = "../schema"


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
    kind: str,
    entity_id: str,
    project: Project | None,
    framework_id: str | None = None,
) -> str:
    """The text of a starter file; assessments and checklists link to ``framework_id``.

    An assessment must draw on a framework: without ``framework_id`` it takes the only one there
    is, and asks for ``--framework`` when there are several. A checklist links one only if asked.
    """
    check_id(entity_id)
    if kind == "framework" and framework_id is not None:
        raise ScaffoldError("--framework is for a new assessment or checklist; leave it out here")
    framework, ref = entity_id, f"{entity_id}/first-step"
    if kind == "assessment" or (kind == "checklist" and framework_id is not None):
        linked = chosen_framework(kind, project, framework_id)
        framework, ref = linked.id, linked.elements[0].ref
    elif kind == "checklist":
        framework, ref = None, None
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )
    title = entity_id.replace("-", " ").capitalize()
    return env.get_template(f"{kind}.yaml.j2").render(
        id=entity_id, title=title, framework=framework, ref=ref, schema_dir=SCHEMA_HINT
    )


def chosen_framework(kind: str, project: Project | None, framework_id: str | None) -> Framework:
    """The framework a new assessment or checklist links to; ScaffoldError says what to pass."""
    frameworks = project.frameworks if project is not None else {}
    if not frameworks:
        raise ScaffoldError(
            f"a {kind} links to framework elements, and the data has no framework yet;"
            " create one first with: playbook new framework <id>"
        )
    known = ", ".join(frameworks)
    if framework_id is None:
        # Guessing among several would link the wrong one: only a single framework is a safe guess.
        if len(frameworks) == 1:
            return next(iter(frameworks.values()))
        raise ScaffoldError(
            f"which framework does the {kind} draw on? Add --framework <id>, one of: {known}"
        )
    if framework_id not in frameworks:
        close = difflib.get_close_matches(framework_id, list(frameworks), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ScaffoldError(
            f"unknown framework {printable(repr(framework_id))}: {hint}"
            f"--framework takes the id of one of: {known}"
        )
    return frameworks[framework_id]


def write_starter(
    data_dir: Path,
    kind: str,
    entity_id: str,
    project: Project | None,
    local: bool = False,
    framework_id: str | None = None,
) -> Path:
    """Write the starter under data/<kind>/ (data/local/<kind>/ for a fork); never overwrite."""
    base = data_dir / "local" if local else data_dir
    target = base / KINDS[kind] / f"{entity_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another id or edit that file")
    if project is not None and entity_id in getattr(project, KINDS[kind]):
        raise ScaffoldError(f"a {kind} with id '{entity_id}' already exists; choose another id")
    text = starter(kind, entity_id, project, framework_id)
    # A fork's files carry upstream's hint line; data/local/schema/ makes it lead to data/schema/.
    if local:
        write_schema_pointers(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def schema_pointer(schema_name: str) -> str:
    """A schema in data/local/schema/ that only points at data/schema/<schema_name>."""
    pointer = {
        "$comment": "Written by playbook new --local, so that files in data/local/ carry the same"
        " editor hint as those in data/ (../schema/<kind>.schema.json). It points at upstream's"
        " schema and holds nothing else: do not edit it; playbook new --local rewrites it.",
        "$ref": f"../../schema/{schema_name}",
    }
    return json.dumps(pointer, indent=2) + "\n"


def write_schema_pointers(data_dir: Path) -> list[Path]:
    """Give data/local/schema/ a pointer for every schema in data/schema/; return those written."""
    folder = data_dir / "local" / "schema"
    written = []
    for schema in sorted((data_dir / "schema").glob("*.schema.json")):
        target = folder / schema.name
        text = schema_pointer(schema.name)
        # Rewrite only what differs, so that an unchanged fork shows no change in git.
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            folder.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written
