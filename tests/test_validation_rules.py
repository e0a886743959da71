"""Every schema rule family and every semantic rule fires on a broken copy of the minimal
fixture, at the right file:line:col.

Each case edits the YAML text of a fresh copy (exact string replacements, so line numbers stay
predictable), runs the same in-process check the CLI and the build run, and compares the problems
reported for the files it names with the expected (file, line, col, message fragment) list.
Problems in other files (for example references that dangle because an edited file no longer
validates) are not part of the comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from playbook.data import loading
from playbook.data.loading import MAX_BYTES
from playbook.data.project import check
from playbook.data.validation import RESERVED_ANCHORS

A = "frameworks/alpha.yaml"
B = "frameworks/beta.yaml"
S = "assessments/alpha-check.yaml"
C = "checklists/launch.yaml"
T = "glossary/listening-term.yaml"
TOOL = "tools/radar.yaml"
CON = "concerns/listening.yaml"
EN = "strings/en.yaml"
DE = "strings/de.yaml"


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (which must occur exactly once) with ``new`` in ``file``."""

    file: str
    old: str
    new: str

    def apply(self, data: Path) -> None:
        path = data / self.file
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} must occur exactly once in {self.file}"
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")


@dataclass(frozen=True)
class Append:
    """Add lines at the end of ``file``."""

    file: str
    text: str

    def apply(self, data: Path) -> None:
        path = data / self.file
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n")
        path.write_text(text + self.text, encoding="utf-8")


@dataclass(frozen=True)
class Write:
    """Create (or overwrite) ``file`` with ``content``, as text or raw bytes."""

    file: str
    content: str | bytes

    def apply(self, data: Path) -> None:
        path = data / self.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")
        )


@dataclass(frozen=True)
class Rename:
    """Move ``file`` to ``new``."""

    file: str
    new: str

    def apply(self, data: Path) -> None:
        (data / self.file).rename(data / self.new)


@dataclass(frozen=True)
class Delete:
    """Remove ``file``."""

    file: str

    def apply(self, data: Path) -> None:
        (data / self.file).unlink()


def case(case_id: str, ops, *expected, hint: str = ""):
    """One rule: the edits to make and the (file, line, col, fragment) problems they must cause."""
    ops = ops if isinstance(ops, list) else [ops]
    return pytest.param(ops, list(expected), hint, id=case_id)


def problems_after(data: Path, ops) -> list:
    """Apply the edits to the data copy and return every problem the validator reports."""
    for op in ops:
        op.apply(data)
    project, problems = check(data, data.parent)
    assert (project is None) == bool(problems)
    return problems


def assert_reported(problems, expected, hint: str = "") -> None:
    """The problems in the named files are exactly the expected ones,
    located and worded as expected."""
    named = {f"data/{file}" for file, *_ in expected}
    # Summaries of references to a broken file are tested on their own (tests/hostile/).
    actual = [p for p in problems if p.file in named and not p.cascade]
    listing = "\n".join(p.format() for p in problems)
    assert len(actual) == len(expected), (
        f"expected {len(expected)} problem(s) in {sorted(named)}, got:\n{listing}"
    )
    for file, line, col, fragment in expected:
        found = [
            p
            for p in actual
            if (p.file, p.line, p.col) == (f"data/{file}", line, col) and fragment in p.message
        ]
        assert found, f"no problem '{fragment}' at data/{file}:{line}:{col}; got:\n{listing}"
        assert found[0].format().startswith(f"data/{file}:{line}:{col}: ")
    for p in actual:
        assert p.hint.strip(), f"no hint for {p.format()}"
        assert p.json_path.startswith("$")
    if hint:
        assert any(hint in p.hint for p in actual), f"no hint containing {hint!r}:\n{listing}"


# Each rule family of playbook/data/validation.py:_schema_problem, on each kind of file.
SCHEMA_CASES = [
    case(
        "unknown-key-nested",
        Edit(A, "    practices:\n", "    practises:\n"),
        (A, 21, 5, "unknown key 'practises'"),
        hint="Did you mean 'practices'?",
    ),
    case(
        "unknown-key-top-level",
        Append(B, "colour: red\n"),
        (B, 19, 1, "unknown key 'colour'"),
        hint="Allowed keys here:",
    ),
    case("unknown-key-concern", Append(CON, "colour: red\n"), (CON, 5, 1, "unknown key 'colour'")),
    case(
        "required-nested",
        Edit(B, "    summary: Turn feedback into change.\n", ""),
        (B, 12, 5, "missing required key 'summary'"),
        hint="One-line gist",
    ),
    case(
        "required-top-level",
        Edit(B, "how_to_use: Use it after Alpha.\n", ""),
        (B, 2, 1, "missing required key 'how_to_use'"),
    ),
    case(
        "required-term", Edit(T, "term: Listening\n", ""), (T, 2, 1, "missing required key 'term'")
    ),
    case(
        "type-true-for-text",
        Edit(A, "title: Alpha model", "title: true"),
        (A, 3, 8, "expected string, got true/false"),
        hint="quotes",
    ),
    case(
        "type-number-for-text",
        Edit(A, "    label: A\n", "    label: 1\n"),
        (A, 17, 12, "expected string, got a number"),
        hint="quotes",
    ),
    case(
        "type-octal-looking-id",
        Edit(C, "\nid: launch\n", "\nid: 0755\n"),
        (C, 2, 5, "expected string, got a number"),
        hint="quotes",
    ),
    case(
        "type-empty-value",
        Edit(A, "    summary: Hear what people say.\n", "    summary:\n"),
        (A, 19, 13, "expected string, got nothing"),
        hint="empty",
    ),
    case(
        "type-text-for-list",
        Edit(A, "tags: [testing]", "tags: testing"),
        (A, 6, 7, "expected array, got text"),
    ),
    case(
        "type-text-for-mapping-in-list",
        Edit(C, "  - include: alpha/listen\n", "  - alpha/listen\n"),
        (C, 7, 5, "expected object, got text"),
        hint="a mapping (key: value lines)",
    ),
    case(
        "type-text-for-mapping",
        Edit(
            B,
            "source:\n  title: Beta post\n  author: Other Author\n",
            "source: Beta post by Other Author\n",
        ),
        (B, 7, 9, "expected object, got text"),
    ),
    case(
        "type-text-for-integer",
        Edit(A, "order: 1", "order: first"),
        (A, 5, 8, "expected integer, got text"),
    ),
    case(
        "enum",
        Edit(A, "    kind: step\n    label: A", "    kind: stage\n    label: A"),
        (A, 16, 11, "'stage' is not an allowed value"),
        hint="Use one of:",
    ),
    case(
        "enum-yaml-1-1-no-stays-text",
        Edit(TOOL, "purpose: listening", "purpose: no"),
        (TOOL, 4, 10, "'no' is not an allowed value"),
    ),
    case(
        "pattern-id",
        Edit(C, "  - id: extra", "  - id: Extra"),
        (C, 8, 9, "'Extra' is not a valid id"),
        hint="'extra'",
    ),
    case(
        "pattern-ref",
        Edit(A, "      - to: beta/act", "      - to: beta:act"),
        (A, 32, 13, "'beta:act' is not a valid reference"),
    ),
    case(
        "pattern-url",
        Edit(A, "  year: 2020\n", "  year: 2020\n  url: www.example.com\n"),
        (A, 11, 8, "does not have the expected format"),
        hint="Address of the source",
    ),
    case(
        "pattern-single-line-text",
        Edit(A, "title: Alpha model", 'title: "Alpha\\nmodel"'),
        (A, 3, 8, "does not have the expected format"),
        hint="single-line",
    ),
    case(
        "oneof-include-and-items",
        Edit(
            C,
            "  - include: alpha/listen\n",
            "  - include: alpha/listen\n    items:\n      - {id: launch-own, text: Own item.}\n",
        ),
        (C, 7, 5, "either include: or id:"),
    ),
    case(
        "min-items",
        Edit(
            S,
            "    questions:\n      - id: q-respond-fast\n"
            "        text: We answer within a day.\n        refs: [alpha/respond]\n",
            "    questions: []\n",
        ),
        (S, 25, 16, "this is empty"),
    ),
    case(
        "min-length", Edit(A, "  author: Test Author", '  author: ""'), (A, 9, 11, "this is empty")
    ),
    case(
        "unique-items",
        Edit(A, "tags: [testing]", "tags: [testing, testing]"),
        (A, 6, 7, "the list repeats an entry"),
    ),
    case("minimum", Edit(A, "order: 1", "order: -1"), (A, 5, 8, "less than the minimum of 0")),
    case(
        "maximum",
        Edit(S, "min: 50, max: 100}", "min: 50, max: 101}"),
        (S, 32, 76, "greater than the maximum of 100"),
    ),
    case(
        "max-length",
        Edit(A, "title: Alpha model", "title: " + "A" * 301),
        (A, 3, 8, "too long (301 characters; at most 300)"),
    ),
    case(
        "strings-key-format",
        Write(DE, "id: de\nlanguage: Deutsch\nstrings:\n  x.y: Gut\n  Export Now: Jetzt\n"),
        (DE, 5, 3, "key 'Export Now' does not have the expected format"),
    ),
    case(
        "strings-value-type",
        Write(DE, "id: de\nlanguage: Deutsch\nstrings:\n  x.y: 5\n"),
        (DE, 4, 8, "expected string, got a number"),
    ),
]

# Every rule of playbook/data/validation.py:semantic_problems and playbook/data/project.py:check.
SEMANTIC_CASES = [
    case(
        "file-name-differs-from-id",
        Edit(S, "id: alpha-check", "id: alpha-checks"),
        (S, 2, 5, "id 'alpha-checks' does not match the file name 'alpha-check.yaml'"),
    ),
    case(
        "file-name-differs-from-language",
        Write(DE, "id: fr\nlanguage: Français\nstrings: {}\n"),
        (DE, 1, 5, "id 'fr' does not match the file name 'de.yaml'"),
    ),
    case(
        "yml-extension",
        Rename(TOOL, "tools/radar.yml"),
        ("tools/radar.yml", 2, 1, "data files must end in .yaml"),
        hint="radar.yaml",
    ),
    case(
        "english-strings-missing", Delete(EN), (EN, 1, 1, "the English UI strings file is missing")
    ),
    case(
        "strings-key-unknown-to-english",
        Write(DE, "id: de\nlanguage: Deutsch\nstrings:\n  storage.exprot: Tippfehler\n"),
        (DE, 4, 3, "string 'storage.exprot' is not defined in data/strings/en.yaml"),
    ),
    case(
        "duplicate-element-id",
        Edit(A, "  - id: respond\n", "  - id: listen\n"),
        (A, 35, 9, "element id 'listen' is already used (first at line 15)"),
    ),
    case(
        "duplicate-substep-id",
        Edit(A, "      - id: respond-fast", "      - id: respond"),
        (A, 41, 13, "element id 'respond' is already used (first at line 35)"),
    ),
    case(
        "duplicate-item-id-in-element",
        Edit(A, "      - id: alpha-listen-review", "      - id: alpha-listen-set-up"),
        (A, 29, 13, "checklist item id 'alpha-listen-set-up' is already used (first at line 27)"),
    ),
    case(
        "duplicate-item-id-across-frameworks",
        Edit(B, "      - id: beta-act-log", "      - id: alpha-listen-set-up"),
        (B, 17, 13, "is already used (first at data/frameworks/alpha.yaml:27)"),
    ),
    case(
        "duplicate-item-id-checklist-vs-framework",
        Edit(C, "      - id: launch-extra-announce", "      - id: beta-act-log"),
        (C, 11, 13, "is already used (first at data/frameworks/beta.yaml:17)"),
    ),
    case(
        "duplicate-item-id-across-checklists",
        Write(
            "checklists/other.yaml",
            "id: other\ntitle: Other\nsummary: Another list.\nsections:\n  - id: more\n"
            "    title: More\n    items:\n"
            "      - id: launch-extra-announce\n        text: Again.\n",
        ),
        (
            "checklists/other.yaml",
            8,
            13,
            "is already used (first at data/checklists/launch.yaml:11)",
        ),
    ),
    case(
        "duplicate-item-id-in-checklist",
        Edit(
            C,
            "        refs: [alpha/respond]\n",
            "        refs: [alpha/respond]\n"
            "      - id: launch-extra-announce\n        text: Twice.\n",
        ),
        (C, 14, 13, "checklist item id 'launch-extra-announce' is already used (first at line 11)"),
    ),
    case(
        "unknown-tool",
        Edit(A, "    tools: [radar]", "    tools: [radar, radr]"),
        (A, 25, 20, "unknown tool 'radr'"),
        hint="Did you mean 'radar'?",
    ),
    case(
        "relation-to-unknown-element",
        Edit(A, "      - to: beta/act", "      - to: beta/ack"),
        (A, 32, 13, "reference 'beta/ack' does not match any element"),
        hint="beta/act",
    ),
    case(
        "relation-to-unknown-framework",
        Edit(A, "      - to: beta/act", "      - to: gamma/act"),
        (A, 32, 13, "names an unknown framework 'gamma'"),
    ),
    case(
        "relation-to-unknown-concern",
        Edit(A, "        concern: listening", "        concern: speaking"),
        (A, 33, 18, "unknown concern 'speaking'"),
    ),
    case(
        "relation-to-same-framework",
        Edit(A, "      - to: beta/act", "      - to: alpha/respond"),
        (A, 32, 13, "a relation must point to another framework"),
    ),
    case(
        "framework-item-ref-dangling",
        Edit(
            A,
            "        text: Set up a listening tool.\n",
            "        text: Set up a listening tool.\n        refs: [beta/nope]\n",
        ),
        (A, 29, 16, "reference 'beta/nope' does not match any element"),
    ),
    case(
        "schedule-day-ends-before-it-starts",
        Append(
            B,
            'schedule:\n  day_start: "17:00"\n  day_end: 09:00\n'
            "  blocks:\n    - {id: morning, title: Morning}\n",
        ),
        (B, 21, 12, "the day ends (09:00) before it starts (17:00)"),
    ),
    case(
        "duplicate-schedule-block",
        Append(
            B,
            "schedule:\n  day_start: 09:00\n  day_end: 17:00\n  blocks:\n"
            "    - {id: morning, title: Morning}\n    - {id: morning, title: Again}\n",
        ),
        (B, 24, 12, "block id 'morning' is already used (first at line 23)"),
    ),
    case(
        "level-values-not-rising",
        Edit(S, '    - {value: 2, label: "Yes"}', '    - {value: 1, label: "Yes"}'),
        (S, 11, 15, "level values must rise: 1 follows 1"),
    ),
    case(
        "level-values-falling",
        Edit(S, '    - {value: 2, label: "Yes"}', '    - {value: 0, label: "Yes"}'),
        (S, 11, 15, "level values must rise: 0 follows 1"),
    ),
    case(
        "duplicate-dimension-id",
        Edit(S, "  - id: responding", "  - id: listening"),
        (S, 23, 9, "dimension id 'listening' is already used (first at line 14)"),
        (S, 36, 17, "unknown dimension 'responding'"),
        (S, 37, 17, "unknown dimension 'responding'"),
    ),
    case(
        "duplicate-stage-id",
        Edit(S, "  - {id: doing,", "  - {id: starting,"),
        (S, 32, 10, "stage id 'starting' is already used (first at line 31)"),
        (S, 35, 35, "unknown stage 'doing'"),
        (S, 37, 36, "unknown stage 'doing'"),
    ),
    case(
        "duplicate-question-id-in-dimension",
        Edit(S, "      - id: q-listen-weekly", "      - id: q-listen-tool"),
        (S, 21, 13, "question id 'q-listen-tool' is already used (first at line 17)"),
    ),
    case(
        "duplicate-question-id-across-dimensions",
        Edit(S, "      - id: q-respond-fast", "      - id: q-listen-tool"),
        (S, 26, 13, "question id 'q-listen-tool' is already used (first at line 17)"),
    ),
    case(
        "retired-question-id-reused",
        Edit(S, "      - id: q-listen-weekly", "      - id: q-old"),
        (S, 21, 13, "question id 'q-old' was retired"),
        hint="new id",
    ),
    case(
        "question-ref-dangling",
        Edit(
            S,
            "        refs: [alpha/listen]\n      - id: q-listen-weekly",
            "        refs: [alpha/lsten]\n      - id: q-listen-weekly",
        ),
        (S, 20, 16, "reference 'alpha/lsten' does not match any element"),
    ),
    case(
        "band-max-not-above-min",
        Edit(S, "min: 0, max: 50}", "min: 0, max: 0}"),
        (S, 31, 84, "stage 'starting' has max 0 not above its min 0"),
        (S, 32, 67, "gap in score bands: nothing covers 0 to 50"),
    ),
    case(
        "band-gap",
        Edit(S, "min: 0, max: 50}", "min: 0, max: 40}"),
        (S, 32, 67, "gap in score bands: nothing covers 40 to 50"),
    ),
    case(
        "band-overlap",
        Edit(S, "min: 0, max: 50}", "min: 0, max: 60}"),
        (S, 32, 67, "score bands overlap: 50 to 60 is covered twice"),
    ),
    case(
        "band-not-ending-at-100",
        Edit(S, "min: 50, max: 100}", "min: 50, max: 90}"),
        (S, 32, 76, "score bands end at 90, not 100"),
    ),
    case(
        "band-holds-no-whole-score",
        [
            Edit(
                S,
                "min: 0, max: 50}\n",
                "min: 0, max: 49.2}\n  - {id: between, title: Between, description: Odd.,"
                " min: 49.2, max: 49.8}\n",
            ),
            Edit(S, "min: 50, max: 100}", "min: 49.8, max: 100}"),
        ],
        (S, 32, 70, "stage 'between' (49.2 to 49.8) holds no whole score"),
        (S, 35, 3, "no recommendation for dimension 'listening' at stage 'between'"),
        (S, 35, 3, "no recommendation for dimension 'responding' at stage 'between'"),
    ),
    case(
        "band-not-starting-at-0",
        Edit(S, "min: 0, max: 50}", "min: 10, max: 50}"),
        (S, 31, 76, "gap in score bands: nothing covers 0 to 10"),
    ),
    case(
        "recommendation-unknown-dimension",
        Edit(
            S, "  - {dimension: responding, stage: doing", "  - {dimension: reacting, stage: doing"
        ),
        (S, 37, 17, "unknown dimension 'reacting'"),
        (S, 34, 3, "no recommendation for dimension 'responding' at stage 'doing'"),
    ),
    case(
        "recommendation-unknown-stage",
        Edit(
            S, "  - {dimension: responding, stage: doing", "  - {dimension: responding, stage: done"
        ),
        (S, 37, 36, "unknown stage 'done'"),
        (S, 34, 3, "no recommendation for dimension 'responding' at stage 'doing'"),
    ),
    case(
        "recommendation-ref-dangling",
        Edit(S, "refs: [beta/act]}", "refs: [beta/acts]}"),
        (S, 37, 74, "reference 'beta/acts' does not match any element"),
    ),
    case(
        "recommendation-missing",
        Edit(
            S,
            "  - {dimension: responding, stage: doing, text: Act on feedback., refs: [beta/act]}\n",
            "",
        ),
        (S, 34, 3, "no recommendation for dimension 'responding' at stage 'doing'"),
        hint="dimension: responding and stage: doing",
    ),
    case(
        "assessment-framework-unknown",
        Edit(S, "frameworks: [alpha]", "frameworks: [alpha, gamma]"),
        (S, 6, 21, "unknown framework 'gamma'"),
    ),
    case(
        "include-unknown-element",
        Edit(C, "  - include: alpha/listen", "  - include: alpha/lisen"),
        (C, 7, 14, "reference 'alpha/lisen' does not match any element"),
        hint="alpha/listen",
    ),
    case(
        "include-unknown-framework",
        Edit(C, "  - include: alpha/listen", "  - include: gamma/listen"),
        (C, 7, 14, "names an unknown framework 'gamma'"),
    ),
    case(
        "include-element-without-checklist",
        Edit(C, "  - include: alpha/listen", "  - include: alpha/respond"),
        (C, 7, 14, "element 'alpha/respond' has no checklist to include"),
    ),
    case(
        "duplicate-section-id",
        Edit(C, "  - id: extra", "  - id: listen"),
        (C, 8, 9, "section id 'listen' is already used (first at line 7)"),
    ),
    case(
        "duplicate-include",
        Edit(
            C,
            "  - include: alpha/listen\n",
            "  - include: alpha/listen\n  - include: alpha/listen\n",
        ),
        (C, 8, 5, "section id 'listen' is already used (first at line 7)"),
    ),
    case(
        "checklist-item-ref-dangling",
        Edit(C, "refs: [alpha/respond]", "refs: [alpha/reply]"),
        (C, 13, 16, "reference 'alpha/reply' does not match any element"),
    ),
    case(
        "checklist-framework-unknown",
        Edit(C, "frameworks: [alpha]", "frameworks: [gamma]"),
        (C, 5, 14, "unknown framework 'gamma'"),
    ),
    case(
        "term-ref-dangling",
        Edit(T, "refs: [alpha/listen]", "refs: [alpha/lsten]"),
        (T, 6, 8, "reference 'alpha/lsten' does not match any element"),
    ),
    case(
        "term-see-also-unknown",
        Append(T, "see_also: [hearing]\n"),
        (T, 7, 12, "unknown term 'hearing'"),
    ),
    case(
        "link-ref-unknown-element",
        Edit(A, "(ref:alpha/listen)", "(ref:alpha/lsten)"),
        (A, 13, 29, "reference 'alpha/lsten' does not match any element"),
    ),
    case(
        "link-ref-unknown-framework",
        Edit(A, "(ref:beta/act)", "(ref:gamma/act)"),
        (A, 13, 58, "names an unknown framework 'gamma'"),
    ),
    case(
        "link-ref-without-element",
        Edit(A, "(ref:alpha/listen)", "(ref:alpha)"),
        (A, 13, 29, "link 'ref:alpha' must name framework-id/element-id"),
    ),
    case(
        "link-glossary-unknown",
        Edit(A, "(glossary:listening-term)", "(glossary:listening-terms)"),
        (A, 12, 44, "unknown term 'listening-terms'"),
    ),
    case(
        "framework-without-source",
        Edit(
            A,
            "source:\n  title: Alpha paper\n  author: Test Author\n  year: 2020\n"
            "  note: The paper leaves step three out.\n",
            "",
        ),
        (A, 2, 1, "framework 'alpha' credits no source"),
        hint="Add sources:",
    ),
    case(
        "source-role-unknown",
        Edit(A, "  year: 2020\n", "  year: 2020\n  role: main\n"),
        (A, 11, 9, "'main' is not an allowed value"),
        hint="Use one of: primary, supporting, background, internal.",
    ),
    # Links to a page by kind and id: the column is where the link's target starts.
    case(
        "link-checklist-unknown",
        Edit(A, "(glossary:listening-term)", "(checklist:lanch)"),
        (A, 12, 44, "unknown checklist 'lanch'"),
        hint="Did you mean 'launch'?",
    ),
    case(
        "link-assessment-unknown",
        Edit(A, "(glossary:listening-term)", "(assessment:omega)"),
        (A, 12, 44, "unknown assessment 'omega'"),
        hint="Add data/assessments/omega.yaml or fix the id.",
    ),
    case(
        "link-framework-unknown",
        Edit(A, "(ref:beta/act)", "(framework:betta)"),
        (A, 13, 58, "unknown framework 'betta'"),
        hint="Did you mean 'beta'?",
    ),
    case(
        "link-in-block-scalar",
        Edit(
            A,
            "    body: Listening comes **first**.\n",
            "    body: >-\n      Listening comes **first**;\n      then [act](ref:beta/acts).\n",
        ),
        (A, 22, 18, "reference 'beta/acts' does not match any element"),
    ),
    case(
        "link-in-glossary-definition",
        Edit(T, "(ref:alpha/listen)", "(ref:alpha/lsten)"),
        (T, 5, 65, "reference 'alpha/lsten' does not match any element"),
    ),
]

# The loader's own rules, as the whole check meets them (the CLI corpus covers more shapes).
LOADER_CASES = [
    case(
        "duplicate-key",
        Edit(A, "  author: Test Author\n", "  author: Test Author\n  title: Again\n"),
        (A, 10, 3, "duplicate key 'title' (first defined on line 8)"),
    ),
    case(
        "tab-indentation",
        Edit(B, "    kind: principle", "\tkind: principle"),
        (B, 13, 1, "a tab character is used for indentation"),
    ),
    case(
        "anchor",
        Edit(A, "tags: [testing]", "tags: &t [testing]"),
        (A, 6, 7, "anchors (&name) are not supported"),
    ),
    case(
        "custom-tag",
        Edit(A, "title: Alpha model", "title: !!python/name:os.system"),
        (A, 3, 8, "custom YAML tags"),
    ),
    case(
        "bare-list",
        Write("frameworks/gamma.yaml", "- id: gamma\n- title: Gamma\n"),
        ("frameworks/gamma.yaml", 1, 1, "must hold a mapping"),
    ),
    case(
        "empty-file",
        Write(
            "frameworks/gamma.yaml",
            "# yaml-language-server: $schema=../schema/framework.schema.json\n\n",
        ),
        ("frameworks/gamma.yaml", 1, 1, "the file is empty"),
    ),
    case(
        "not-utf-8",
        Write("frameworks/gamma.yaml", b"id: gamma\ntitle: Caf\xe9\n"),
        ("frameworks/gamma.yaml", 2, 11, "not valid UTF-8"),
    ),
    case(
        "control-character",
        Write("frameworks/gamma.yaml", "id: gamma\ntitle: Bell\x07\n"),
        ("frameworks/gamma.yaml", 2, 12, "control character (U+0007)"),
    ),
    case(
        "too-large",
        Write("frameworks/gamma.yaml", "id: gamma\nsummary: " + "x" * MAX_BYTES + "\n"),
        ("frameworks/gamma.yaml", 1, 1, "file is too large"),
    ),
    case(
        "tag-on-a-list",
        Edit(A, "tags: [testing]", "tags: !!set {testing}"),
        (A, 6, 7, "custom YAML tags"),
    ),
    case(
        "tag-on-a-mapping",
        Edit(A, "source:\n", "source: !!python/object:os.system\n"),
        (A, 7, 9, "custom YAML tags"),
    ),
    case(
        "yaml-1-1-timestamp-tag",
        Edit(TOOL, "discontinued: 2015", "discontinued: !!timestamp 2015-01-01"),
        (TOOL, 6, 15, "custom YAML tags"),
    ),
    case(
        "multiple-documents",
        Append(B, "---\nid: gamma\n"),
        (B, 19, 1, "more than one YAML document"),
    ),
    case(
        "nested-too-deep",
        Write("frameworks/gamma.yaml", "id: gamma\ntags: " + "[" * 70 + "]" * 70 + "\n"),
        ("frameworks/gamma.yaml", 2, 70, "nested more than 64 levels deep"),
    ),
    case(
        "unclosed-quote",
        Edit(
            B,
            "summary: A second framework, for relations.",
            'summary: "A second framework, for relations.',
        ),
        (B, 4, 10, "a quoted value is never closed"),
    ),
    case(
        "key-not-plain-text", Append(B, "? [a, b]\n: c\n"), (B, 19, 3, "a key must be plain text")
    ),
]


# The fixture itself must be valid, or every case below would measure noise.
def test_minimal_fixture_is_valid(minimal_data: Path):
    project, problems = check(minimal_data, minimal_data.parent)
    assert problems == [], "\n".join(p.format() for p in problems)
    assert project is not None and set(project.frameworks) == {"alpha", "beta"}


# Schema rules: unknown keys, required keys, types, enums, patterns, sizes, oneOf.
@pytest.mark.parametrize(("ops", "expected", "hint"), SCHEMA_CASES)
def test_schema_rule(minimal_data: Path, ops, expected, hint):
    assert_reported(problems_after(minimal_data, ops), expected, hint)


# Semantic rules: ids, references, bands, recommendations, links, strings, file names.
@pytest.mark.parametrize(("ops", "expected", "hint"), SEMANTIC_CASES)
def test_semantic_rule(minimal_data: Path, ops, expected, hint):
    assert_reported(problems_after(minimal_data, ops), expected, hint)


# Loader rules, reached through the same check as everything else.
@pytest.mark.parametrize(("ops", "expected", "hint"), LOADER_CASES)
def test_loader_rule(minimal_data: Path, ops, expected, hint):
    assert_reported(problems_after(minimal_data, ops), expected, hint)


# Installs without libyaml use PyYAML's pure-Python reader and parser; they must report the
# same problems at the same places.
@pytest.mark.parametrize(("ops", "expected", "hint"), LOADER_CASES)
def test_loader_rule_with_pure_python_parser(minimal_data: Path, monkeypatch, ops, expected, hint):
    monkeypatch.setattr(loading, "StrictLoader", loading.loader_class(loading.PythonParser))
    assert_reported(problems_after(minimal_data, ops), expected, hint)


# Reserved anchors are the framework page's own sections; each one must be refused as an element id.
@pytest.mark.parametrize("anchor", sorted(RESERVED_ANCHORS))
def test_reserved_anchor(minimal_data: Path, anchor: str):
    ops = [Append(A, f"  - id: {anchor}\n    kind: step\n    title: X\n    summary: Y.\n")]
    assert_reported(
        problems_after(minimal_data, ops), [(A, 44, 9, f"element id '{anchor}' is reserved")]
    )


# All problems are reported at once: a file that fails its schema does not hide
# another file's semantic problem.
def test_problems_in_several_files_are_reported_together(minimal_data: Path):
    ops = [
        Edit(TOOL, "purpose: listening", "purpose: no"),
        Edit(S, "      - id: q-listen-weekly", "      - id: q-old"),
    ]
    problems = problems_after(minimal_data, ops)
    assert_reported(
        problems, [(TOOL, 4, 10, "'no' is not an allowed value"), (S, 21, 13, "was retired")]
    )
    # The tool that failed its schema is left out of the index: its use in alpha is summarised at
    # the tool's own file, after the root causes, instead of as an unknown tool in alpha.
    assert not any(p.file == f"data/{A}" and "unknown tool" in p.message for p in problems)
    summary = [p for p in problems if p.cascade]
    assert [(p.file, p.message[:40]) for p in summary] == [
        (f"data/{TOOL}", "1 reference to the tool 'radar' cannot b")
    ]
    assert f"data/{A}" in summary[0].message and problems[-1] is summary[0]


# The helper must refuse an edit that does not match, or a stale case would
# silently test the unedited fixture.
def test_edit_helper_refuses_a_missing_needle(minimal_data: Path):
    with pytest.raises(AssertionError, match="exactly once"):
        Edit(A, "no such text", "x").apply(minimal_data)
