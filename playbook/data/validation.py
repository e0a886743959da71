"""Check data against its JSON Schema, then against the rules a schema cannot express."""

from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict
from pathlib import Path

from ..tools.scoring import band_scores
from ..tools.worktools import check_room, planner_frameworks, tasks
from .loading import Document
from .models import PAGE_LINKS, Project, Stage
from .parse_cache import ParseCache
from .problems import Problem
from .scaffold import ID_PATTERN_START, suggest_id
from .schemas import FIELD_DESCRIPTION, SchemaSet, load_schemas

# Anchors the framework page template uses itself; an element id must not take them.
RESERVED_ANCHORS = frozenset(
    {"how-to-use-this", "source", "elements", "assessments-and-checklists", "related"}
)

# Markdown links into the playbook: [text](ref:framework/element), [text](glossary:term) and a
# page by kind and id, such as [text](checklist:social-audit).
LINK_RE = re.compile(rf"\]\((ref|glossary|{'|'.join(PAGE_LINKS)}):([^)\s]*)\)")

_TYPE_NAMES = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}

# JSON Schema's type names, said the way a YAML author writes them.
_WANTED = {
    "object": "a mapping (key: value lines)",
    "array": "a list ('- item' lines, or [a, b])",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
}


def _describe(value) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _schema_problem(doc: Document, error) -> Problem:
    """Translate one jsonschema error into a located message with a hint."""
    path = tuple(error.absolute_path)
    kind, schema, value = error.validator, error.schema, error.instance
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in value if k not in allowed]
        key = extra[0] if extra else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        return doc.problem(
            path + (key,),
            f"unknown key '{key}'",
            hint + f"Allowed keys here: {', '.join(allowed)}.",
            key=True,
        )
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        field = schema.get("properties", {}).get(name, {})
        desc = field.get(FIELD_DESCRIPTION) or field.get("description", "")
        return doc.problem(
            path,
            f"missing required key '{name}'",
            f"Add {name}: ({desc})" if desc else f"Add {name}:.",
        )
    if kind == "type":
        expected = schema["type"]
        # A field may take several types, such as a scale's id or its levels written out.
        wanted = expected if isinstance(expected, list) else [expected]
        expected = " or ".join(wanted)
        hint = f"Write {' or '.join(_WANTED.get(t, t) for t in wanted)} here."
        if isinstance(value, bool) and expected == "string":
            hint = "YAML read this as true/false. Put the value in quotes to keep it as text."
        elif value is None:
            hint = "The value is empty: fill it in or remove the key."
        elif isinstance(value, (int, float)) and expected == "string":
            hint = "YAML read this as a number. Put the value in quotes to keep it as text."
        return doc.problem(path, f"expected {expected}, got {_describe(value)}", hint)
    if kind == "enum":
        return doc.problem(
            path,
            f"'{value}' is not an allowed value",
            f"Use one of: {', '.join(map(str, schema['enum']))}.",
        )
    if kind == "pattern" and "propertyNames" in error.relative_schema_path:
        # A key of a map breaks the pattern: point at that key, not at the map's first line.
        return doc.problem(
            path + (value,),
            f"key '{value}' does not have the expected format",
            f"Keys here must match the pattern {schema['pattern']}.",
            key=True,
        )
    if kind == "pattern":
        if schema["pattern"].startswith(ID_PATTERN_START):
            what = "reference (framework-id/element-id)" if "/" in schema["pattern"] else "id"
            return doc.problem(
                path,
                f"'{value}' is not a valid {what}",
                "Start with a lowercase letter, then use lowercase letters, digits and single"
                f" hyphens, such as '{suggest_id(str(value))}'.",
            )
        return doc.problem(
            path,
            f"'{value}' does not have the expected format",
            schema.get("description", "Check the format described in the schema."),
        )
    if kind == "oneOf" and isinstance(value, dict):
        return doc.problem(
            path,
            "a section needs either include: or id:, title: and items:, not both",
            "Pull in an element's checklist with include: framework/element,"
            " or list the section's own items.",
        )
    if kind in ("minItems", "minLength"):
        return doc.problem(
            path, "this is empty but must not be", schema.get("description", "Fill it in.")
        )
    if kind == "uniqueItems":
        return doc.problem(path, "the list repeats an entry", "Remove the duplicate entry.")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return doc.problem(path, error.message, schema.get("description", "Change the number."))
    if kind == "maxLength":
        return doc.problem(
            path,
            f"the text is too long ({len(value)} characters; at most {schema['maxLength']})",
            "Shorten it; long explanations belong in a body or help field.",
        )
    return doc.problem(
        path, error.message, schema.get("description", "See the schema in data/schema/.")
    )


def schema_problems(
    doc: Document, kind: str, schemas: Path | SchemaSet, cache: ParseCache | None = None
) -> list[Problem]:
    """Validate one document against the schema of its kind.

    ``schemas`` is a schema folder or, to skip looking the folder up per file, its loaded set.
    ``cache`` may hold the fast check's inlined schema from an earlier run.
    """
    schema_set = schemas if isinstance(schemas, SchemaSet) else load_schemas(schemas)
    name = f"{kind}.schema.json"
    # A file with the same bytes passed the same schema in an earlier run: it passes again.
    passed = schema_set.verdict_key(name, doc.cache_key, cache) if doc.cache_key else None
    if passed is not None and cache.get(passed) is not None:
        return []
    # Most files are valid: the fast check says so, and jsonschema only explains refusals.
    quick = schema_set.quick_check(name, cache)
    if quick is not None and quick.is_valid(doc.data):
        if passed is not None:
            cache.put(passed, (True,))
        return []
    validator = schema_set.validator(name, inline_refs=True)
    errors = sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path)))
    # A oneOf on something that is not even a mapping only repeats the type error
    # beside it, in jsonschema's words.
    return [
        _schema_problem(doc, e)
        for e in errors
        if not (e.validator == "oneOf" and not isinstance(e.instance, dict))
    ]


class _Index:
    """Ids known across all valid documents, for resolving references.

    A reference to an entity whose own file is broken, or to an id no file has, is counted rather
    than reported one by one, so that one bad file does not bury the rest under its consequences.
    """

    def __init__(self, docs: list[tuple[Document, str]], broken: dict[tuple[str, str], str]):
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.elements: dict[str, dict] = {}
        # Scales by id, so that an assessment that chooses one is checked on its levels.
        self.scales: dict[str, dict] = {}
        self.broken = broken
        # (kind, id) -> the files that reference it, in the order met, for the summary lines.
        self.dangling: dict[tuple[str, str], list[Problem]] = defaultdict(list)
        for doc, kind in docs:
            self.ids[kind].add(doc.data["id"])
            if kind == "scale":
                self.scales[doc.data["id"]] = doc.data
            if kind == "framework":
                for element in doc.data["elements"]:
                    self.elements[f"{doc.data['id']}/{element['id']}"] = element

    def ref_problem(self, doc: Document, path: tuple, ref: str, needle: str = "") -> Problem | None:
        if ref in self.elements:
            return None
        framework_id, _, element_id = ref.partition("/")
        if framework_id not in self.ids["framework"]:
            return self._dangling(
                "framework",
                framework_id,
                doc.problem(
                    path,
                    f"reference '{ref}' names an unknown framework '{framework_id}'",
                    f"Known frameworks: {', '.join(sorted(self.ids['framework']))}.",
                    needle=needle,
                ),
            )
        known = sorted(
            r.split("/", 1)[1] for r in self.elements if r.startswith(framework_id + "/")
        )
        close = difflib.get_close_matches(element_id, known, n=1)
        hint = (
            f"Did you mean '{framework_id}/{close[0]}'?"
            if close
            else f"Elements of {framework_id}: {', '.join(known)}."
        )
        return doc.problem(
            path, f"reference '{ref}' does not match any element", hint, needle=needle
        )

    def id_problem(
        self, doc: Document, path: tuple, kind: str, value: str, folder: str, needle: str = ""
    ) -> Problem | None:
        if value in self.ids[kind]:
            return None
        close = difflib.get_close_matches(value, sorted(self.ids[kind]), n=1)
        hint = (
            f"Did you mean '{close[0]}'?"
            if close
            else f"Add data/{folder}/{value}.yaml or fix the id."
        )
        problem = doc.problem(path, f"unknown {kind} '{value}'", hint, needle=needle)
        return self._dangling(kind, value, problem)

    def _dangling(self, kind: str, value: str, problem: Problem) -> Problem | None:
        """Report the first reference to a missing id in full; count the others for summary()."""
        found = self.dangling[(kind, value)]
        found.append(problem)
        first = len(found) == 1 and (kind, value) not in self.broken
        return problem if first else None

    def summary(self) -> list[Problem]:
        """One line per missing or broken id: how many references it leaves dangling, and where."""
        out = []
        for (kind, value), found in self.dangling.items():
            files = sorted({p.file for p in found})
            shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
            count = len(found)
            refs = f"{count} reference{'s' if count != 1 else ''}"
            broken_file = self.broken.get((kind, value))
            if broken_file:
                out.append(
                    Problem(
                        broken_file,
                        1,
                        1,
                        f"{refs} to the {kind} '{value}' cannot be checked, because its file has"
                        f" the problems listed above (references in {shown})",
                        "$",
                        "Fix the problems in this file first; the references will then resolve.",
                        cascade=True,
                    )
                )
            elif count > 1:
                first = found[0]
                out.append(
                    Problem(
                        first.file,
                        first.line,
                        first.col,
                        f"{refs} in all to the unknown {kind} '{value}' (in {shown})",
                        first.json_path,
                        first.hint,
                        cascade=True,
                    )
                )
        return out


def _check_file_name(doc: Document, kind: str) -> list[Problem]:
    stem = doc.path.stem
    if doc.data["id"] != stem:
        return [
            doc.problem(
                ("id",),
                f"id '{doc.data['id']}' does not match the file name '{doc.path.name}'",
                f"Rename the file to {doc.data['id']}.yaml, or set id: {stem}.",
            )
        ]
    return []


def _check_strings(docs: list[Document]) -> list[Problem]:
    """Translations may only use keys the English file defines, since English is the fallback."""
    english = next((d for d in docs if d.data["id"] == "en"), None)
    if english is None:
        return []
    known = set(english.data["strings"])
    out = []
    for doc in docs:
        for key in doc.data["strings"]:
            if key not in known:
                out.append(
                    doc.problem(
                        ("strings", key),
                        f"string '{key}' is not defined in {english.display}",
                        "Fix the key's spelling, or add it to the English file first.",
                        key=True,
                    )
                )
    return out


def _check_duplicates(doc: Document, items, what: str, seen: dict | None = None) -> list[Problem]:
    """Report ids used twice; ``seen`` may be shared across documents."""
    seen = {} if seen is None else seen
    out = []
    for ident, path in items:
        if ident in seen:
            first_doc, first_path = seen[ident]
            line = first_doc.where(first_path)[0]
            where = f"line {line}" if first_doc is doc else f"{first_doc.display}:{line}"
            out.append(
                doc.problem(
                    path,
                    f"{what} '{ident}' is already used (first at {where})",
                    "Ids must be unique: give this one a new id.",
                )
            )
        else:
            seen[ident] = (doc, path)
    return out


def _check_framework(doc: Document, index: _Index, item_ids: dict) -> list[Problem]:
    data, out = doc.data, []
    fid = data["id"]
    # The schema cannot say "source: or sources:, or both" in words a maintainer reads.
    if "source" not in data and "sources" not in data:
        out.append(
            doc.problem(
                ("id",),
                f"framework '{fid}' credits no source",
                "Add sources: with at least one entry (title, author and role: primary for the"
                " work the framework is taken from, internal for your organisation's own).",
                key=True,
            )
        )
    ids = []
    for i, element in enumerate(data["elements"]):
        ids.append((element["id"], ("elements", i, "id")))
        if element["id"] in RESERVED_ANCHORS:
            out.append(
                doc.problem(
                    ("elements", i, "id"),
                    f"element id '{element['id']}' is reserved for a section of the framework page",
                    "Choose another id.",
                )
            )
        for j, sub in enumerate(element.get("substeps", ())):
            ids.append((sub["id"], ("elements", i, "substeps", j, "id")))
        out += _check_duplicates(
            doc,
            [
                (c["id"], ("elements", i, "checklist", j, "id"))
                for j, c in enumerate(element.get("checklist", ()))
            ],
            "checklist item id",
            item_ids,
        )
        for j, tool in enumerate(element.get("tools", ())):
            out.append(index.id_problem(doc, ("elements", i, "tools", j), "tool", tool, "tools"))
        for j, rel in enumerate(element.get("relations", ())):
            out.append(index.ref_problem(doc, ("elements", i, "relations", j, "to"), rel["to"]))
            out.append(
                index.id_problem(
                    doc,
                    ("elements", i, "relations", j, "concern"),
                    "concern",
                    rel["concern"],
                    "concerns",
                )
            )
            if rel["to"].split("/")[0] == fid:
                out.append(
                    doc.problem(
                        ("elements", i, "relations", j, "to"),
                        "a relation must point to another framework",
                        "Link elements of the same framework in the body text instead.",
                    )
                )
        for j, item in enumerate(element.get("checklist", ())):
            for k, ref in enumerate(item.get("refs", ())):
                out.append(index.ref_problem(doc, ("elements", i, "checklist", j, "refs", k), ref))
    out += _check_duplicates(doc, ids, "element id")
    sched = data.get("schedule")
    if sched:
        if sched["day_start"] >= sched["day_end"]:
            out.append(
                doc.problem(
                    ("schedule", "day_end"),
                    f"the day ends ({sched['day_end']}) before it starts ({sched['day_start']})",
                    "Set day_end later than day_start.",
                )
            )
        out += _check_duplicates(
            doc,
            [(b["id"], ("schedule", "blocks", i, "id")) for i, b in enumerate(sched["blocks"])],
            "block id",
        )
    return out


def _check_bands(doc: Document, stages: list[dict]) -> list[Problem]:
    """Stage bands, in order, must run from 0 to 100 with no gap or overlap."""
    out = []
    expected = 0
    for i, stage in enumerate(stages):
        lo, hi = stage["min"], stage["max"]
        if hi <= lo:
            out.append(
                doc.problem(
                    ("stages", i, "max"),
                    f"stage '{stage['id']}' has max {hi} not above its min {lo}",
                    "Each band runs from min (inclusive) up to max.",
                )
            )
        lowest, highest = band_scores(Stage.from_dict(stage))
        # Scores are whole numbers: a band between two of them could never be reached.
        if lo < hi and lowest > highest:
            out.append(
                doc.problem(
                    ("stages", i, "max"),
                    f"stage '{stage['id']}' ({lo} to {hi}) holds no whole score,"
                    " and scores are whole numbers",
                    "Move min or max so that the band holds at least one whole number.",
                )
            )
        if lo > expected:
            out.append(
                doc.problem(
                    ("stages", i, "min"),
                    f"gap in score bands: nothing covers {expected} to {lo}",
                    f"Set min: {expected} here, or extend the previous stage's max to {lo}.",
                )
            )
        elif lo < expected:
            out.append(
                doc.problem(
                    ("stages", i, "min"),
                    f"score bands overlap: {lo} to {expected} is covered twice",
                    f"Set min: {expected} here, or lower the previous stage's max to {lo}.",
                )
            )
        expected = max(expected, hi)
    if stages and expected != 100:
        out.append(
            doc.problem(
                ("stages", len(stages) - 1, "max"),
                f"score bands end at {expected}, not 100",
                "The last stage must end at max: 100.",
            )
        )
    return out


def _rising_levels(doc: Document, levels: list[dict], path: tuple) -> list[Problem]:
    """Level values must rise from the lowest to the highest level."""
    out = []
    values = [lvl["value"] for lvl in levels]
    for i in range(1, len(values)):
        if values[i] <= values[i - 1]:
            out.append(
                doc.problem(
                    path + (i, "value"),
                    f"level values must rise: {values[i]} follows {values[i - 1]}",
                    "List levels from lowest to highest with increasing values.",
                )
            )
    return out


def _check_assessment(doc: Document, index: _Index) -> list[Problem]:
    data, out = doc.data, []
    # A chosen scale (scale: <id>) is checked in its own file; the id must name one.
    if isinstance(data["scale"], str):
        out.append(index.id_problem(doc, ("scale",), "scale", data["scale"], "scales"))
    else:
        out += _rising_levels(doc, data["scale"]["levels"], ("scale", "levels"))
    dims = data["dimensions"]
    out += _check_duplicates(
        doc, [(d["id"], ("dimensions", i, "id")) for i, d in enumerate(dims)], "dimension id"
    )
    out += _check_duplicates(
        doc, [(s["id"], ("stages", i, "id")) for i, s in enumerate(data["stages"])], "stage id"
    )
    retired = {q: ("retired_questions", i) for i, q in enumerate(data.get("retired_questions", ()))}
    questions = [
        (q["id"], ("dimensions", i, "questions", j, "id"))
        for i, d in enumerate(dims)
        for j, q in enumerate(d["questions"])
    ]
    out += _check_duplicates(doc, questions, "question id")
    for qid, path in questions:
        if qid in retired:
            out.append(
                doc.problem(
                    path,
                    f"question id '{qid}' was retired and may not be reused",
                    "Saved answers to the old question would be read as answers to this one:"
                    " give it a new id.",
                )
            )
        for k, ref in enumerate(_get(data, path[:-1]).get("refs", ())):
            out.append(index.ref_problem(doc, path[:-1] + ("refs", k), ref))
    out += _check_bands(doc, data["stages"])
    dim_ids = {d["id"] for d in dims}
    stage_ids = {s["id"] for s in data["stages"]}
    covered = set()
    for i, rec in enumerate(data["recommendations"]):
        for field, known in (("dimension", dim_ids), ("stage", stage_ids)):
            if rec[field] not in known:
                out.append(
                    doc.problem(
                        ("recommendations", i, field),
                        f"unknown {field} '{rec[field]}'",
                        f"Use one of: {', '.join(sorted(known))}.",
                    )
                )
        covered.add((rec["dimension"], rec["stage"]))
        for k, ref in enumerate(rec["refs"]):
            out.append(index.ref_problem(doc, ("recommendations", i, "refs", k), ref))
    for dim in dims:
        for stage in data["stages"]:
            if (dim["id"], stage["id"]) not in covered:
                out.append(
                    doc.problem(
                        ("recommendations",),
                        f"no recommendation for dimension '{dim['id']}' at stage '{stage['id']}'",
                        f"Add an entry with dimension: {dim['id']} and stage: {stage['id']}.",
                    )
                )
    for i, fid in enumerate(data.get("frameworks", ())):
        out.append(index.id_problem(doc, ("frameworks", i), "framework", fid, "frameworks"))
    return out


def _check_checklist(doc: Document, index: _Index, item_ids: dict) -> list[Problem]:
    data, out = doc.data, []
    section_ids = []
    for i, section in enumerate(data["sections"]):
        if "include" in section:
            ref = section["include"]
            problem = index.ref_problem(doc, ("sections", i, "include"), ref)
            if ref not in index.elements:
                # Reported, or counted for the summary of a missing framework.
                out.append(problem)
            elif not index.elements[ref].get("checklist"):
                out.append(
                    doc.problem(
                        ("sections", i, "include"),
                        f"element '{ref}' has no checklist to include",
                        "Add checklist: items to that element, or list this section's own items.",
                    )
                )
            section_ids.append((section.get("id", ref.split("/")[1]), ("sections", i)))
        else:
            section_ids.append((section["id"], ("sections", i, "id")))
            out += _check_duplicates(
                doc,
                [
                    (c["id"], ("sections", i, "items", j, "id"))
                    for j, c in enumerate(section["items"])
                ],
                "checklist item id",
                item_ids,
            )
            for j, item in enumerate(section["items"]):
                for k, ref in enumerate(item.get("refs", ())):
                    out.append(index.ref_problem(doc, ("sections", i, "items", j, "refs", k), ref))
    out += _check_duplicates(doc, section_ids, "section id")
    for i, fid in enumerate(data.get("frameworks", ())):
        out.append(index.id_problem(doc, ("frameworks", i), "framework", fid, "frameworks"))
    return out


def _check_term(doc: Document, index: _Index) -> list[Problem]:
    out = [index.ref_problem(doc, ("refs", i), r) for i, r in enumerate(doc.data.get("refs", ()))]
    out += [
        index.id_problem(doc, ("see_also", i), "term", t, "glossary")
        for i, t in enumerate(doc.data.get("see_also", ()))
    ]
    return out


# Where a URL can hide in Markdown: inline links and images, reference
# definitions, autolinks, raw HTML.
# Each with a text it cannot match without, so most strings skip the regex.
_URL_SPOTS = (
    ("](", re.compile(r"\]\(\s*<?([^)>\s]*)")),
    ("]:", re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^>\s]+)", re.M)),
    ("<", re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>")),
    ("=", re.compile(r"\b(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", re.I)),
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# What a reader may be sent to; ref:, glossary: and the page kinds (checklist: and so on) are the
# playbook's own links, resolved at build.
SAFE_SCHEMES = frozenset({"https", "http", "mailto"})
PLAYBOOK_SCHEMES = frozenset({"ref", "glossary", *PAGE_LINKS})


def url_scheme_problem(url: str, allow: frozenset = SAFE_SCHEMES) -> str | None:
    """Why ``url`` may not be published (a scheme such as javascript:), or None when it may.

    Entities are decoded and spaces and control characters dropped first, as Markdown and browsers
    do, so that "jav&#97;script:" and "java script:" are seen for what they are.
    """
    plain = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(url))
    found = _SCHEME.match(plain)
    if found is None or found.group(1).lower() in allow:
        return None
    return (
        f"the link '{url}' uses the scheme '{found.group(1)}:', which is not allowed; links may"
        " only be https:, http:, mailto: or relative"
    )


def _check_urls(doc: Document, strings: list[tuple[tuple, str]]) -> list[Problem]:
    """Every URL in Markdown text and in url fields is https:, http:, mailto: or relative."""
    out = []
    hint = (
        "Link to a web page (https://...), an e-mail address (mailto:...) or a page of this site."
    )
    for path, text in strings:
        # A scheme needs a colon, written out or as an entity: most text has neither.
        if ":" not in text and "&" not in text:
            continue
        is_url_field = bool(path) and path[-1] == "url"
        if is_url_field:
            candidates = [text]
        else:
            candidates = [
                m.group(1)
                for needed, spot in _URL_SPOTS
                if needed in text
                for m in spot.finditer(text)
            ]
        allowed = SAFE_SCHEMES if is_url_field else SAFE_SCHEMES | PLAYBOOK_SCHEMES
        for url in candidates:
            message = url_scheme_problem(url, allowed)
            if message:
                out.append(doc.problem(path, message, hint, needle=url))
    return out


def _check_links(doc: Document, index: _Index) -> list[Problem]:
    """Links into the playbook (ref:, glossary:, checklist: ...) must resolve; others be safe."""
    strings = doc.linkable
    out = _check_urls(doc, strings)
    for path, text in strings:
        for scheme, target in LINK_RE.findall(text):
            needle = f"{scheme}:{target}"
            if scheme == "ref":
                out.append(
                    index.ref_problem(doc, path, target, needle)
                    if "/" in target
                    else doc.problem(
                        path,
                        f"link '{needle}' must name framework-id/element-id",
                        "Write ref:framework-id/element-id.",
                        needle=needle,
                    )
                )
            elif scheme == "glossary":
                out.append(index.id_problem(doc, path, "term", target, "glossary", needle))
            else:
                folder = PAGE_LINKS[scheme]
                out.append(index.id_problem(doc, path, scheme, target, folder, needle))
    return out


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def semantic_problems(
    docs: list[tuple[Document, str]], broken: dict[tuple[str, str], str] | None = None
) -> list[Problem]:
    """Cross-file rules: file names, unique ids, references, score bands.

    ``broken`` maps (kind, id) of entities whose file has problems of its own to that file:
    references to them are summarised, not reported one by one.
    """
    index = _Index(docs, broken or {})
    item_ids: dict = {}
    out: list[Problem | None] = []
    for doc, kind in docs:
        out += _check_file_name(doc, kind)
        out += _check_links(doc, index)
        if kind == "framework":
            out += _check_framework(doc, index, item_ids)
        elif kind == "assessment":
            out += _check_assessment(doc, index)
        elif kind == "term":
            out += _check_term(doc, index)
        elif kind == "scale":
            out += _rising_levels(doc, doc.data["levels"], ("levels",))
    out += _check_strings([doc for doc, kind in docs if kind == "strings"])
    # Checklist files run after frameworks so that item ids clash with
    # element checklists, not the reverse.
    for doc, kind in docs:
        if kind == "checklist":
            out += _check_checklist(doc, index, item_ids)
    out += index.summary()
    return [p for p in out if p is not None]


def model_problems(project: Project, docs: list[tuple[Document, str]]) -> list[Problem]:
    """Rules checked on the built models, exactly as the build will use them."""
    frameworks = {doc.data["id"]: doc for doc, kind in docs if kind == "framework"}
    out = []
    for framework in planner_frameworks(project):
        try:
            check_room(framework)
        except ValueError as error:
            schedule = framework.schedule
            out.append(
                frameworks[framework.id].problem(
                    ("schedule", "day_end"),
                    f"the day from {schedule.day_start} to {schedule.day_end} is too short for"
                    f" {len(tasks(framework))} tasks in {len(schedule.blocks)} blocks ({error})",
                    "Lengthen the day, or give fewer tasks a priority: each task needs a minute.",
                )
            )
    return out
