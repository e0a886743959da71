"""Typed views of the validated data, and the Project that ties them together."""

from __future__ import annotations

from dataclasses import dataclass, field

# Each folder of data/ holds one kind of entity, validated by data/schema/<kind>.schema.json.
KINDS: dict[str, str] = {
    "frameworks": "framework",
    "assessments": "assessment",
    "checklists": "checklist",
    "glossary": "term",
    "tools": "tool",
    "concerns": "concern",
    "strings": "strings",
}


@dataclass(frozen=True)
class Source:
    """Credit for a framework."""

    title: str
    author: str
    year: int | None = None
    url: str | None = None
    publication: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ChecklistItem:
    """One item to tick; ``id`` is unique across the playbook."""

    id: str
    text: str
    help: str | None = None
    refs: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> ChecklistItem:
        return cls(d["id"], d["text"], d.get("help"), tuple(d.get("refs", ())))


@dataclass(frozen=True)
class Substep:
    id: str
    title: str
    label: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class Relation:
    to: str
    concern: str
    note: str | None = None


@dataclass(frozen=True)
class Element:
    """A component, phase, step, principle, task or concept of a framework."""

    framework_id: str
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

    @classmethod
    def from_dict(cls, framework_id: str, d: dict) -> Element:
        return cls(
            framework_id=framework_id,
            id=d["id"],
            kind=d["kind"],
            title=d["title"],
            summary=d["summary"],
            label=d.get("label"),
            body=d.get("body"),
            origin=d.get("origin", "source"),
            priority=d.get("priority"),
            practices=tuple(d.get("practices", ())),
            substeps=tuple(
                Substep(s["id"], s["title"], s.get("label"), s.get("body"))
                for s in d.get("substeps", ())
            ),
            prompts=tuple(d.get("prompts", ())),
            tools=tuple(d.get("tools", ())),
            checklist=tuple(ChecklistItem.from_dict(i) for i in d.get("checklist", ())),
            relations=tuple(
                Relation(r["to"], r["concern"], r.get("note")) for r in d.get("relations", ())
            ),
        )


@dataclass(frozen=True)
class Block:
    id: str
    title: str


@dataclass(frozen=True)
class Schedule:
    day_start: str
    day_end: str
    blocks: tuple[Block, ...]
    note: str | None = None


@dataclass(frozen=True)
class Framework:
    """A framework and its ordered elements."""

    id: str
    title: str
    summary: str
    tags: tuple[str, ...]
    source: Source
    how_to_use: str
    elements: tuple[Element, ...]
    order: int = 100
    intro: str | None = None
    element_kind_label: str | None = None
    schedule: Schedule | None = None

    @classmethod
    def from_dict(cls, d: dict) -> Framework:
        sched = d.get("schedule")
        return cls(
            id=d["id"],
            title=d["title"],
            summary=d["summary"],
            tags=tuple(d["tags"]),
            source=Source(**d["source"]),
            how_to_use=d["how_to_use"],
            elements=tuple(Element.from_dict(d["id"], e) for e in d["elements"]),
            order=d.get("order", 100),
            intro=d.get("intro"),
            element_kind_label=d.get("element_kind_label"),
            schedule=Schedule(
                sched["day_start"],
                sched["day_end"],
                tuple(Block(b["id"], b["title"]) for b in sched["blocks"]),
                sched.get("note"),
            )
            if sched
            else None,
        )


@dataclass(frozen=True)
class Level:
    value: int
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str | None = None
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    questions: tuple[Question, ...]
    summary: str | None = None


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    description: str
    min: float
    max: float


@dataclass(frozen=True)
class AgreementBand:
    """A team's agreement on a dimension: this band's id while the standard deviation <= max_sd."""

    id: str
    max_sd: float | None = None


@dataclass(frozen=True)
class Recommendation:
    dimension: str
    stage: str
    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    """A maturity self-assessment."""

    id: str
    title: str
    summary: str
    version: int
    levels: tuple[Level, ...]
    not_applicable: str | None
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

    @classmethod
    def from_dict(cls, d: dict) -> Assessment:
        scale = d["scale"]
        return cls(
            id=d["id"],
            title=d["title"],
            summary=d["summary"],
            version=d["version"],
            levels=tuple(Level(x["value"], x["label"]) for x in scale["levels"]),
            not_applicable=scale.get("not_applicable", {}).get("label"),
            dimensions=tuple(
                Dimension(
                    x["id"],
                    x["title"],
                    tuple(
                        Question(q["id"], q["text"], q.get("help"), tuple(q.get("refs", ())))
                        for q in x["questions"]
                    ),
                    x.get("summary"),
                )
                for x in d["dimensions"]
            ),
            stages=tuple(
                Stage(s["id"], s["title"], s["description"], s["min"], s["max"])
                for s in d["stages"]
            ),
            recommendations=tuple(
                Recommendation(r["dimension"], r["stage"], r["text"], tuple(r["refs"]))
                for r in d["recommendations"]
            ),
            order=d.get("order", 100),
            frameworks=tuple(d.get("frameworks", ())),
            source_note=d.get("source_note"),
            retired_questions=tuple(d.get("retired_questions", ())),
            agreement=tuple(
                AgreementBand(band["id"], band.get("max_sd")) for band in d.get("agreement", ())
            ),
        )


@dataclass(frozen=True)
class Section:
    """A resolved checklist section: its own items, or an element's checklist."""

    id: str
    title: str
    items: tuple[ChecklistItem, ...]
    include: str | None = None


@dataclass(frozen=True)
class Checklist:
    """A checklist page; included sections share saved progress with their element."""

    id: str
    title: str
    summary: str
    raw_sections: tuple[dict, ...]
    order: int = 100
    recurrence: str = "none"
    frameworks: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> Checklist:
        return cls(
            d["id"],
            d["title"],
            d["summary"],
            tuple(d["sections"]),
            d.get("order", 100),
            d.get("recurrence", "none"),
            tuple(d.get("frameworks", ())),
        )


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, d: dict) -> Term:
        return cls(
            d["id"],
            d["term"],
            d["definition"],
            tuple(d.get("aliases", ())),
            tuple(d.get("refs", ())),
            tuple(d.get("see_also", ())),
        )


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    purpose: str
    status: str
    discontinued: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Concern:
    id: str
    title: str
    summary: str
    order: int = 100


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

    @classmethod
    def from_documents(cls, by_kind: dict[str, list[dict]]) -> Project:
        """Build the project from validated data, grouped by kind."""
        return cls(
            frameworks=_sorted(Framework.from_dict(d) for d in by_kind.get("framework", [])),
            assessments=_sorted(Assessment.from_dict(d) for d in by_kind.get("assessment", [])),
            checklists=_sorted(Checklist.from_dict(d) for d in by_kind.get("checklist", [])),
            terms=_sorted(
                (Term.from_dict(d) for d in by_kind.get("term", [])), key=lambda t: t.term.lower()
            ),
            tools=_sorted(
                (Tool(**d) for d in by_kind.get("tool", [])),
                key=lambda t: (t.purpose, t.name.lower()),
            ),
            concerns=_sorted(Concern(**d) for d in by_kind.get("concern", [])),
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
        """Elements of other frameworks related to ``ref`` in either direction, with concern and note."""
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
