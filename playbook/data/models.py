"""Typed views of the validated data, and the Project that ties them together.

Each model is declared once, as a frozen dataclass. One generic loader (Model.from_dict) builds it
from validated data by reading the type hints: ``tuple[X, ...]`` becomes a tuple of X, ``X | None``
stays None when the key is absent, and a nested dataclass is built the same way. A field whose data
lives under another key says so in its metadata (``source``), as does a field taken from the
enclosing entity (``parent``).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from functools import cache

# Each folder of data/ holds one kind of entity, validated by data/schema/<kind>.schema.json.
KINDS: dict[str, str] = {
    "frameworks": "framework",
    "assessments": "assessment",
    "checklists": "checklist",
    "glossary": "term",
    "tools": "tool",
    "concerns": "concern",
    "scales": "scale",
    "strings": "strings",
}

# Kinds with a page per entity, at <folder>/<id>/: Markdown in data links to one as [text](kind:id).
PAGE_LINKS: dict[str, str] = {
    "framework": "frameworks",
    "assessment": "assessments",
    "checklist": "checklists",
}


class Model:
    """A model built from validated data by from_dict, with no per-class loading code."""

    @classmethod
    def from_dict(cls, data: dict, parent: dict | None = None):
        """Build the model from its validated data (and ``parent`` fields from its entity)."""
        values = {}
        for name, parent_key, key, path, convert, none_when_absent in _plan(cls):
            if parent_key is not None:
                values[name] = (parent or {})[parent_key]
                continue
            # Most fields are one key of the entity's own mapping: looked up directly.
            value = data.get(key, _ABSENT) if key is not None else _lookup(data, path)
            # An absent key keeps the dataclass default, or None for an optional field without one;
            # the schema has made sure that it may be absent.
            if value is not _ABSENT:
                values[name] = value if convert is None else convert(value, data)
            elif none_when_absent:
                values[name] = None
        return cls(**values)


# What _lookup finds at a path that the data does not have.
_ABSENT = object()


@cache
def _plan(cls: type) -> tuple:
    """How to fill each field of ``cls``: from the parent, or from a key path through a converter.

    Worked out once per class from its type hints, so that building thousands of models stays cheap.
    """
    hints = typing.get_type_hints(cls)
    plan = []
    for spec in dataclasses.fields(cls):
        hint = hints[spec.name]
        none_when_absent = _optional(hint) and spec.default is dataclasses.MISSING
        path = spec.metadata.get("source", (spec.name,))
        plan.append(
            (
                spec.name,
                spec.metadata.get("parent"),
                path[0] if len(path) == 1 else None,
                path,
                _converter(hint),
                none_when_absent,
            )
        )
    return tuple(plan)


def _lookup(data: dict, path: tuple[str, ...]) -> object:
    """The value at ``path`` through nested mappings, or _ABSENT."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return _ABSENT
        data = data[key]
    return data


def _optional(hint) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in (
        typing.get_args(hint)
    )


@cache
def _converter(hint):
    """A function (value, parent data) -> value shaped as ``hint``; None when kept as it is."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        inner = _converter(options[0])
        if inner is None:
            return None
        return lambda value, parent: None if value is None else inner(value, parent)
    if origin is tuple:
        inner = _converter(typing.get_args(hint)[0])
        if inner is None:
            return lambda value, parent: tuple(value)
        return lambda value, parent: tuple([inner(item, parent) for item in value])
    if isinstance(hint, type) and issubclass(hint, Model):
        return hint.from_dict
    return None


@dataclass(frozen=True)
class Source(Model):
    """Credit for a framework."""

    title: str
    author: str
    year: int | None = None
    url: str | None = None
    publication: str | None = None
    note: str | None = None
    # primary, supporting, background or internal (common.schema.json, $defs/source).
    role: str = "primary"


@dataclass(frozen=True)
class ChecklistItem(Model):
    """One item to tick; ``id`` is unique across the playbook."""

    id: str
    text: str
    help: str | None = None
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Substep(Model):
    id: str
    title: str
    label: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class Relation(Model):
    to: str
    concern: str
    note: str | None = None


@dataclass(frozen=True)
class Element(Model):
    """A component, phase, step, principle, task or concept of a framework."""

    framework_id: str = field(metadata={"parent": "id"})
    id: str
    kind: str
    title: str
    summary: str
    label: str | None = None
    body: str | None = None
    origin: str = "source"
    priority: int | None = None
    practices: tuple[str, ...] = ()
    substeps: tuple[Substep, ...] = ()
    prompts: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    relations: tuple[Relation, ...] = ()

    @property
    def ref(self) -> str:
        """The element's reference, framework-id/element-id."""
        return f"{self.framework_id}/{self.id}"

    @property
    def heading(self) -> str:
        """Title prefixed with the source's label, such as 'A. Objectives'."""
        return f"{self.label}. {self.title}" if self.label else self.title


@dataclass(frozen=True)
class Block(Model):
    id: str
    title: str


@dataclass(frozen=True)
class Schedule(Model):
    day_start: str
    day_end: str
    blocks: tuple[Block, ...]
    note: str | None = None
    # As the data says it: "weekdays", "every day" or a list of day names (worktools.working_days).
    days: str | tuple[str, ...] = "every day"


@dataclass(frozen=True)
class Framework(Model):
    """A framework and its ordered elements."""

    id: str
    title: str
    summary: str
    tags: tuple[str, ...]
    how_to_use: str
    elements: tuple[Element, ...]
    order: int = 100
    intro: str | None = None
    element_kind_label: str | None = None
    schedule: Schedule | None = None
    # The data may give one source (source:), a list (sources:) or both; see ``sources``.
    source: Source | None = None
    listed_sources: tuple[Source, ...] = field(default=(), metadata={"source": ("sources",)})

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every credited source in order: source: first, then the sources: list."""
        return ((self.source,) if self.source else ()) + self.listed_sources


@dataclass(frozen=True)
class Level(Model):
    value: int
    label: str


@dataclass(frozen=True)
class Question(Model):
    id: str
    text: str
    help: str | None = None
    refs: tuple[str, ...] = ()
    # How much the answer counts in its dimension's mean, relative to the other questions.
    weight: int | float = 1


@dataclass(frozen=True)
class Dimension(Model):
    id: str
    title: str
    questions: tuple[Question, ...]
    summary: str | None = None


@dataclass(frozen=True)
class Stage(Model):
    id: str
    title: str
    description: str
    min: float
    max: float


@dataclass(frozen=True)
class AgreementBand(Model):
    """A team's agreement on a dimension: this band's id while the standard deviation <= max_sd."""

    id: str
    max_sd: float | None = None


@dataclass(frozen=True)
class Recommendation(Model):
    dimension: str
    stage: str
    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Assessment(Model):
    """A maturity self-assessment."""

    id: str
    title: str
    summary: str
    version: int
    levels: tuple[Level, ...] = field(metadata={"source": ("scale", "levels")})
    not_applicable: str | None = field(metadata={"source": ("scale", "not_applicable", "label")})
    dimensions: tuple[Dimension, ...]
    stages: tuple[Stage, ...]
    recommendations: tuple[Recommendation, ...]
    order: int = 100
    frameworks: tuple[str, ...] = ()
    source_note: str | None = None
    retired_questions: tuple[str, ...] = ()
    agreement: tuple[AgreementBand, ...] = ()

    @property
    def questions(self) -> list[Question]:
        """Every question, in page order."""
        return [q for dim in self.dimensions for q in dim.questions]


@dataclass(frozen=True)
class Section:
    """A resolved checklist section: its own items, or an element's checklist."""

    id: str
    title: str
    items: tuple[ChecklistItem, ...]
    include: str | None = None


@dataclass(frozen=True)
class Checklist(Model):
    """A checklist page; included sections share saved progress with their element."""

    id: str
    title: str
    summary: str
    raw_sections: tuple[dict, ...] = field(metadata={"source": ("sections",)})
    order: int = 100
    recurrence: str = "none"
    frameworks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term(Model):
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tool(Model):
    id: str
    name: str
    purpose: str
    status: str
    discontinued: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Concern(Model):
    id: str
    title: str
    summary: str
    order: int = 100


def with_scale(assessment: dict, scales: dict[str, dict]) -> dict:
    """The assessment's data with a chosen scale (scale: <id>) written out as its own levels."""
    chosen = assessment["scale"]
    if not isinstance(chosen, str):
        return assessment
    scale = scales[chosen]
    return {
        **assessment,
        "scale": {k: scale[k] for k in ("levels", "not_applicable") if k in scale},
    }


def _sorted(items, key=lambda x: (x.order, x.title.lower())):
    return {x.id: x for x in sorted(items, key=key)}


@dataclass
class Project:
    """Everything in data/, validated, with lookups the renderers need."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    terms: dict[str, Term] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    concerns: dict[str, Concern] = field(default_factory=dict)
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    raw: dict[str, dict[str, dict]] = field(default_factory=dict)
    # (kind, id) of the entities a fork added in data/local/ (not its overrides of upstream's).
    fork_additions: frozenset[tuple[str, str]] = frozenset()

    def added_by_fork(self, kind: str, entity_id: str) -> bool:
        """Whether the entity is the fork's own, added in data/local/ rather than upstream."""
        return (kind, entity_id) in self.fork_additions

    @classmethod
    def from_documents(cls, by_kind: dict[str, list[dict]]) -> Project:
        """Build the project from validated data, grouped by kind."""
        scales = {d["id"]: d for d in by_kind.get("scale", [])}
        return cls(
            frameworks=_sorted(Framework.from_dict(d) for d in by_kind.get("framework", [])),
            assessments=_sorted(
                Assessment.from_dict(with_scale(d, scales)) for d in by_kind.get("assessment", [])
            ),
            checklists=_sorted(Checklist.from_dict(d) for d in by_kind.get("checklist", [])),
            terms=_sorted(
                (Term.from_dict(d) for d in by_kind.get("term", [])), key=lambda t: t.term.lower()
            ),
            tools=_sorted(
                (Tool.from_dict(d) for d in by_kind.get("tool", [])),
                key=lambda t: (t.purpose, t.name.lower()),
            ),
            concerns=_sorted(Concern.from_dict(d) for d in by_kind.get("concern", [])),
            strings={d["id"]: dict(d["strings"]) for d in by_kind.get("strings", [])},
            raw={kind: {d["id"]: d for d in docs} for kind, docs in by_kind.items()},
        )

    def ui(self, language: str | None) -> dict[str, str]:
        """UI strings for a language; keys it lacks fall back to English."""
        english = self.strings.get("en", {})
        return {**english, **self.strings.get(language or "en", {})}

    def element(self, ref: str) -> Element:
        """The element named by framework-id/element-id."""
        framework_id, element_id = ref.split("/", 1)
        for element in self.frameworks[framework_id].elements:
            if element.id == element_id:
                return element
        raise KeyError(ref)

    def sections(self, checklist: Checklist) -> list[Section]:
        """The checklist's sections with included element checklists resolved."""
        out = []
        for raw in checklist.raw_sections:
            if "include" in raw:
                element = self.element(raw["include"])
                out.append(
                    Section(
                        raw.get("id", element.id),
                        raw.get("title", element.heading),
                        element.checklist,
                        raw["include"],
                    )
                )
            else:
                out.append(
                    Section(
                        raw["id"],
                        raw["title"],
                        tuple(ChecklistItem.from_dict(i) for i in raw["items"]),
                    )
                )
        return out

    def assessments_for(self, framework_id: str) -> list[Assessment]:
        """Assessments that draw on a framework."""
        return [a for a in self.assessments.values() if framework_id in a.frameworks]

    def checklists_for(self, framework_id: str) -> list[Checklist]:
        """Checklists that draw on a framework or include one of its elements."""
        return [
            c
            for c in self.checklists.values()
            if framework_id in c.frameworks
            or any(s.get("include", "").startswith(framework_id + "/") for s in c.raw_sections)
        ]

    def related(self, ref: str) -> list[tuple[Element, str, str | None]]:
        """Elements of other frameworks related to ``ref`` either way, with concern and note."""
        out = []
        for framework in self.frameworks.values():
            for element in framework.elements:
                for rel in element.relations:
                    if element.ref == ref:
                        out.append((self.element(rel.to), rel.concern, rel.note))
                    elif rel.to == ref:
                        out.append((element, rel.concern, rel.note))
        return out

    def concern_map(self) -> dict[str, list[Element]]:
        """For each concern, the elements that relations tie to it, in framework order."""
        members: dict[str, set[str]] = {cid: set() for cid in self.concerns}
        for framework in self.frameworks.values():
            for element in framework.elements:
                for rel in element.relations:
                    members[rel.concern].update({element.ref, rel.to})
        order = {
            e.ref: i for i, e in enumerate(e for f in self.frameworks.values() for e in f.elements)
        }
        return {
            cid: [self.element(r) for r in sorted(refs, key=order.__getitem__)]
            for cid, refs in members.items()
        }
