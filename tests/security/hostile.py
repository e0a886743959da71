"""One hostile copy of the playbook, built once per test session (across xdist workers): markup
and Jinja in every kind of title.

Each payload shows ``{{ 7*7 }}`` (evaluated by any template engine that reads it as source) and an
``<img>`` whose onerror runs if the text ever lands as markup; the browser tests watch
``window.__pwned`` and dialogs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from playbook.data.project import load_project

from ..conftest import ROOT, build_once, shared_dir

# The issue's own example, as the retitled framework's title.
FRAMEWORK_TITLE = "{{ 7*7 }} <img src=x onerror=alert(1)>"
# The nav section title of the frameworks, from the UI strings.
NAV_SECTION = "Frameworks {{ 7*7 }} <img src=x onerror=window.__pwned=1>"
# A data/local/ override's checklist title, ending in one long word so that its nav label overflows
# and Material would copy it into a tooltip.
LOCAL_TITLE = "{{ 7*7 }} <img src=x onerror=window.__pwned=2> Overflowing" + "x" * 60
# Every other kind: a term, a concern, a tool, an element, an
# assessment with a dimension and a stage.
OTHER = "{{ 7*7 }} <img src=x onerror=window.__pwned=3> &amp; </title></script>"
# UI strings that are a page title (the action plan's) and widget text (the
# assessment's results heading).
WIDGET_STRING = "{{ 7*7 }} <img src=x onerror=window.__pwned=5>"
HOSTILE_STRINGS = {
    "nav.frameworks": NAV_SECTION,
    "actions.title": WIDGET_STRING,
    "assessment.overall": WIDGET_STRING,
}
# A Markdown link title in a summary: Material shows title attributes as HTML tooltips.
LINK_TITLE = "<img src=x onerror=window.__pwned=4>"


@dataclass(frozen=True)
class Hostile:
    """The hostile build: its site folder and where each payload went."""

    site: Path
    site_name: str
    framework_id: str
    element_id: str
    checklist_id: str
    assessment_id: str
    dimension_id: str
    term_id: str
    concern_id: str
    tool_id: str


def _edit(path: Path, change) -> None:
    """Load a data file with its comments, change it, write it back."""
    yaml = YAML()
    yaml.width = 4096
    document = yaml.load(path.read_text(encoding="utf-8"))
    change(document)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(document, out)


def customise_hostile(project_dir: Path) -> None:
    """Put markup and Jinja into a title of every kind in the copy at ``project_dir``."""
    data = project_dir / "data"
    project = load_project(ROOT / "data", ROOT)
    framework = next(iter(project.frameworks.values()))
    checklist = next(iter(project.checklists.values()))
    assessment = next(iter(project.assessments.values()))
    term, concern, tool = (
        next(iter(t.values())) for t in (project.terms, project.concerns, project.tools)
    )

    def framework_change(doc):
        doc["title"] = FRAMEWORK_TITLE
        doc["elements"][0]["title"] = OTHER
        doc["summary"] = f'{doc["summary"]} [A link](https://example.org/ "{LINK_TITLE}")'

    def assessment_change(doc):
        doc["title"] = OTHER
        doc["dimensions"][0]["title"] = OTHER
        doc["stages"][0]["title"] = OTHER

    _edit(data / "frameworks" / f"{framework.id}.yaml", framework_change)
    _edit(data / "assessments" / f"{assessment.id}.yaml", assessment_change)
    _edit(data / "glossary" / f"{term.id}.yaml", lambda doc: doc.__setitem__("term", OTHER))
    _edit(data / "concerns" / f"{concern.id}.yaml", lambda doc: doc.__setitem__("title", OTHER))
    _edit(data / "tools" / f"{tool.id}.yaml", lambda doc: doc.__setitem__("name", OTHER))
    _edit(data / "strings" / "en.yaml", lambda doc: doc["strings"].update(HOSTILE_STRINGS))
    local = data / "local" / "checklists"
    local.mkdir(parents=True, exist_ok=True)
    override = {"id": checklist.id, "override": True, "title": LOCAL_TITLE}
    (local / f"{checklist.id}.yaml").write_text(
        "# yaml-language-server: $schema=../../schema/checklist.schema.json\n"
        + "\n".join(f"{key}: {json.dumps(value)}" for key, value in override.items())
        + "\n",
        encoding="utf-8",
    )


def hostile_site(factory) -> Hostile:
    """The hostile copy, built once per session (``factory`` is pytest's
    tmp_path_factory), and where each payload went."""
    built = build_once(shared_dir(factory), "hostile", customise_hostile)
    site = built.require_ok()
    project = load_project(ROOT / "data", ROOT)
    framework = next(iter(project.frameworks.values()))
    assessment = next(iter(project.assessments.values()))
    site_name = YAML(typ="safe").load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))[
        "site_name"
    ]
    return Hostile(
        site=site,
        site_name=site_name,
        framework_id=framework.id,
        element_id=framework.elements[0].id,
        checklist_id=next(iter(project.checklists)),
        assessment_id=assessment.id,
        dimension_id=assessment.dimensions[0].id,
        term_id=next(iter(project.terms)),
        concern_id=next(iter(project.concerns)),
        tool_id=next(iter(project.tools)),
    )
