"""The page's import and share-link decoders: the same verdicts as the CLI's schema, and no throw.

The decoders (docs/assets/js/checks.js, PlaybookAssessment.decodeShareLink) run in one node
process per test over a whole batch of inputs, loaded into node's vm with a DOM-free shim.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.data.project import load_project
from playbook.data.schemas import load_schemas
from playbook.site.assessment_view import scoring_data

from .conftest import ROOT, examples, node

JS = ROOT / "docs" / "assets" / "js"
VECTORS = json.loads((ROOT / "tests" / "import_vectors.json").read_text(encoding="utf-8"))[
    "vectors"
]
EXPORT_SCHEMA = load_schemas(ROOT / "data" / "schema").validator("export.schema.json")
REASONS = {"not_json", "not_export", "newer", "other", "invalid", "bad_link", "duplicate_id"}

# Loads the DOM-free modules into a vm context and runs each call of the batch on stdin.
RUNNER = """
const fs = require("fs"), vm = require("vm");
const context = { window: { Playbook: { mount() {} } }, URL, console };
vm.createContext(context);
for (const file of process.argv.slice(1)) vm.runInContext(fs.readFileSync(file, "utf8"), context);
const { PlaybookChecks, PlaybookAssessment } = context.window;
const calls = JSON.parse(fs.readFileSync(0, "utf8"));
const results = calls.map(([name, args]) => {
  try {
    const fn =
      name === "checkImport" ? PlaybookChecks.checkImport : PlaybookAssessment[name];
    return { result: fn(...args) ?? null };
  } catch (error) {
    return { threw: String(error && error.stack || error) };
  }
});
process.stdout.write(JSON.stringify(results));
"""


def run_batch(calls: list[tuple[str, list]]) -> list[dict]:
    """Each call's {result} or {threw}, from one node process."""
    out = subprocess.run(
        [
            node(),
            "-e",
            RUNNER,
            str(JS / "checks.js"),
            # The team export's shape, which the team view adds when a team export is dropped.
            str(JS / "teamcheck.js"),
            str(JS / "scoring.js"),
            str(JS / "assessment.js"),
        ],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def page_verdict(outcome: dict) -> str:
    """ok, or the refusal reason; fails the test on a throw."""
    assert "threw" not in outcome, outcome
    result = outcome["result"]
    return "ok" if "data" in result else result["reason"]


def schema_accepts(document) -> bool:
    return EXPORT_SCHEMA.is_valid(document)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_schema_gives_each_vector_its_verdict(vector):
    assert schema_accepts(vector["file"]) is vector["schema_valid"]


def test_the_page_gives_each_vector_its_verdict():
    calls = [("checkImport", [v["file"], v["page_kind"], v["page_id"]]) for v in VECTORS]
    verdicts = {v["name"]: page_verdict(o) for v, o in zip(VECTORS, run_batch(calls), strict=True)}
    assert verdicts == {v["name"]: v["page"] for v in VECTORS}


def test_the_page_never_accepts_a_vector_the_schema_refuses():
    assert [v["name"] for v in VECTORS if v["page"] == "ok" and not v["schema_valid"]] == []


# ---- property tests: any JSON at all, and near-valid exports ------------------------------------

EXAMPLES = examples()


def generated(strategy, count: int = EXAMPLES) -> list:
    """count examples that Hypothesis draws from strategy, varied as in a normal run.

    The checks then run once, in one node process, over all of them (a node start per example
    would take minutes).
    """
    examples = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def gather(value):
        examples.append(value)

    gather()
    return examples


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
ids = st.from_regex(r"[a-z0-9]{1,4}(-[a-z0-9]{1,3})?", fullmatch=True)
# A page's own id comes from validated data, so it always follows the id rule (a letter first).
page_ids = st.from_regex(r"[a-z][a-z0-9]{0,3}(-[a-z0-9]{1,3})?", fullmatch=True)
link = st.sampled_from(
    [
        "",
        "/a/#b",
        "https://x.org/",
        "mailto:a@b.c",
        "javascript:x",
        "JaVaScRiPt:x",
        " javascript:x",
        "java\tscript:x",
        "data:,x",
        "http://[",
        "vbscript:x",
        "//evil.example/",
        "#frag",
        "a\\b",
    ]
)
action = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b", "c", ""]),
        "text": st.text(max_size=5),
        "status": st.sampled_from(["todo", "doing", "done", "x"]),
    },
    optional={
        "href": link,
        "owner": st.text(max_size=3),
        "due": st.sampled_from(["", "2026-01-01", "x"]),
        "source": st.text(max_size=3),
        "extra": json_values,
    },
)
data_for = {
    "assessment": st.fixed_dictionaries(
        {
            "answers": st.dictionaries(
                ids, st.integers(-2, 5) | st.just("na") | json_values, max_size=4
            )
        },
        optional={"notes": st.dictionaries(ids, st.text(max_size=4) | json_values, max_size=3)},
    ),
    "checklist": st.fixed_dictionaries(
        {
            "units": st.dictionaries(
                ids,
                st.fixed_dictionaries(
                    {
                        "items": st.dictionaries(
                            ids,
                            st.fixed_dictionaries(
                                {},
                                optional={
                                    "done": st.booleans() | json_values,
                                    "note": st.text(max_size=3),
                                    "due": st.sampled_from(["", "2026-01-01", "1/1"]),
                                },
                            ),
                            max_size=3,
                        )
                    },
                    optional={
                        "period": st.text(max_size=10),
                        "history": st.dictionaries(
                            st.sampled_from(["2026-01-01", "x"]), st.integers(-1, 3), max_size=2
                        ),
                    },
                ),
                max_size=2,
            )
        }
    ),
    "worksheet": st.fixed_dictionaries(
        {
            "answers": st.dictionaries(
                st.from_regex(r"[a-z]{1,3}\.[a-z0-9]{1,2}", fullmatch=True) | st.text(max_size=4),
                st.text(max_size=4) | json_values,
                max_size=4,
            )
        }
    ),
    "actions": st.fixed_dictionaries({"items": st.lists(action, max_size=4)}),
}


BENT_ENVELOPE = {
    "format": ["other", "", None],
    "format_version": [2, 0, 1.5, "1", None],
    "content_version": [0, -1, "1", 1.5],
    "exported_at": ["", 5, None],
    "kind": ["checklists", None, 1],
    "id": ["", "Bad Id", 7],
}


@st.composite
def near_exports(draw):
    """An export of some kind: data near the schema, and now and then one envelope field bent."""
    kind = draw(st.sampled_from(sorted(data_for)))
    id_ = "plan" if kind == "actions" else draw(page_ids)
    document = {
        "format": "social-media-playbook",
        "format_version": 1,
        "kind": kind,
        "id": id_,
        "content_version": draw(st.sampled_from([1, 2])),
        "exported_at": "2026-01-01T00:00:00Z",
        "data": draw(data_for[kind] | json_values) if draw(st.booleans()) else draw(data_for[kind]),
    }
    if draw(st.integers(0, 3)) == 0:
        field = draw(st.sampled_from(sorted(BENT_ENVELOPE)))
        document[field] = draw(st.sampled_from(BENT_ENVELOPE[field]))
    if draw(st.integers(0, 7)) == 0:
        document[draw(st.sampled_from(["extra", "format_version"]))] = draw(json_values)
    # Who answered: allowed on assessments only, one short line.
    if draw(st.integers(0, 3)) == 0:
        document[draw(st.sampled_from(["respondent", "team"]))] = draw(
            st.text(max_size=4) | st.sampled_from(["Ann", "x" * 121, "a\nb", "\u0085"])
        )
    return document, kind, id_


def test_imports_of_near_valid_exports_never_throw_and_never_outdo_the_schema():
    """Bent exports: a clean verdict each, and the page accepts only what the schema accepts."""
    batch = generated(near_exports())
    outcomes = run_batch([("checkImport", [doc, kind, id_]) for doc, kind, id_ in batch])
    for (document, _kind, _id), outcome in zip(batch, outcomes, strict=True):
        verdict = page_verdict(outcome)
        assert verdict == "ok" or verdict in REASONS, outcome
        if verdict == "ok":
            assert schema_accepts(document), document


def test_imports_of_any_json_never_throw():
    batch = generated(json_values)
    outcomes = run_batch([("checkImport", [value, "assessment", "x"]) for value in batch])
    for outcome in outcomes:
        assert page_verdict(outcome) in REASONS | {"ok"}


MODEL = {
    "id": "m",
    "version": 3,
    "na": "N/A",
    "levels": [{"value": 0}, {"value": 1}, {"value": 2}],
    "dimensions": [{"id": "1st", "questions": ["q-1", "q-2"]}, {"id": "d", "questions": ["q-3"]}],
    "stages": [{"id": "s", "min": 0, "max": 100}],
}
share_links = st.one_of(
    st.text(max_size=30).map(lambda s: "#answers=" + s),
    st.text(max_size=30),
    st.builds(
        lambda version, pairs: f"#answers={version}" + "".join(f",{q}:{v}" for q, v in pairs),
        st.integers(-1, 10**20),
        st.lists(
            st.tuples(
                st.sampled_from(["q-1", "q-2", "q-3", "gone", "Q"]),
                st.sampled_from(["0", "2", "9", "na", "x", "1e3", ""]),
            ),
            max_size=4,
        ),
    ),
)


def test_share_links_decode_to_answers_on_the_scale_or_a_clean_refusal():
    batch = generated(share_links)
    outcomes = run_batch([("decodeShareLink", [link_text, MODEL]) for link_text in batch])
    for link_text, outcome in zip(batch, outcomes, strict=True):
        assert "threw" not in outcome, outcome
        result = outcome["result"]
        if result is None:
            assert not link_text.startswith("#answers=")
        elif "refusal" in result:
            assert result["refusal"] in {"share_bad", "share_newer"}
        else:
            # Only known questions, only values on the scale; an older link says so.
            assert set(result["answers"]) <= {"q-1", "q-2", "q-3"}
            assert all(v in (0, 1, 2, "na") for v in result["answers"].values())
            version = int(link_text.split(",")[0].removeprefix("#answers="))
            assert version <= MODEL["version"]
            assert result["outdatedVersion"] == (version if version < MODEL["version"] else None)


# ---- compact share links: round trip, size, and any fragment at all --------------------------


@st.composite
def models_and_answers(draw):
    """A model with 1 to 60 questions on a scale of 2 to 11 levels, and some of them answered."""
    level_values = sorted(draw(st.sets(st.integers(-3, 20), min_size=2, max_size=11)))
    has_na = draw(st.booleans())
    count = draw(st.integers(1, 60))
    questions = [f"q-{index}" for index in range(count)]
    cut = draw(st.integers(1, count))
    model = {
        "id": "m",
        "version": draw(st.integers(1, 10**6)),
        "na": "N/A" if has_na else None,
        "levels": [{"value": value} for value in level_values],
        "dimensions": [
            {"id": "a", "questions": questions[:cut]},
            {"id": "b", "questions": questions[cut:]},
        ],
        "stages": [{"id": "s", "min": 0, "max": 100}],
    }
    choices = st.sampled_from(level_values + (["na"] if has_na else []))
    answers = draw(st.dictionaries(st.sampled_from(questions), choices, min_size=1))
    return model, answers


def test_compact_share_links_round_trip():
    """decode(encode(answers)) gives the answers back, for any scale, size and set of answers."""
    batch = generated(models_and_answers())
    encoded = run_batch([("encodeShareLink", [model, answers]) for model, answers in batch])
    decoded = run_batch(
        [
            ("decodeShareLink", [out["result"], model])
            for out, (model, _) in zip(encoded, batch, strict=True)
        ]
    )
    for (_model, answers), fragment, outcome in zip(batch, encoded, decoded, strict=True):
        assert "threw" not in outcome, outcome
        assert outcome["result"] == {"answers": answers, "gone": 0, "outdatedVersion": None}, (
            fragment
        )


def thirty_questions(levels: int) -> dict:
    return {
        **MODEL,
        "levels": [{"value": value} for value in range(levels)],
        "dimensions": [{"id": "d", "questions": [f"q-{index}" for index in range(30)]}],
    }


@pytest.mark.parametrize("levels", [2, 5, 11, 62])
def test_a_30_question_link_fits_in_120_characters(levels):
    """Every question answered, the longest link there is, on scales up to 62 levels."""
    model = thirty_questions(levels)
    answers = {f"q-{index}": (index * 7) % levels for index in range(30)}
    [outcome] = run_batch([("encodeShareLink", [model, answers])])
    fragment = outcome["result"]
    assert fragment.startswith("#s=1.3.")
    assert len(fragment) <= 120, fragment


def test_a_link_changes_when_the_questions_or_the_scale_change():
    """The layout digits stop a link from landing on other questions or another scale."""
    model = thirty_questions(5)
    moved = {
        **model,
        "dimensions": [{"id": "d", "questions": ["q-1", "q-0"] + [f"q-{i}" for i in range(2, 30)]}],
    }
    rescaled = {**model, "levels": [{"value": value} for value in range(1, 6)]}
    [link] = [o["result"] for o in run_batch([("encodeShareLink", [model, {"q-0": 4}])])]
    outcomes = run_batch([("decodeShareLink", [link, other]) for other in (moved, rescaled)])
    assert [o["result"] for o in outcomes] == [{"refusal": "share_changed", "version": 3}] * 2


DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
digits = st.text(DIGITS, max_size=12)
compact_links = st.one_of(
    st.text(max_size=30).map(lambda s: "#s=" + s),
    st.builds(
        lambda fmt, version, layout, packed: f"#s={fmt}.{version}.{layout}{packed}",
        st.sampled_from(["1", "0", "2", "01", "x", ""]),
        st.integers(-1, 10**20).map(str) | st.sampled_from(["", "3.3", "-0"]),
        st.sampled_from(["", "AAAA"]) | digits,
        digits,
    ),
)


def test_compact_share_links_decode_to_answers_on_the_scale_or_a_clean_refusal():
    """Any fragment after #s=: known questions with values on the scale, or a refusal; no throw."""
    [layout_link] = run_batch([("encodeShareLink", [MODEL, {"q-1": 1}])])
    layout = layout_link["result"].split(".")[2][:4]
    # Links with the right layout and length (3 questions of 3 bits: 2 digits), every one of
    # the 4,096 pairs of digits: about 3 in 100 are answers on the scale with zero padding.
    every_pair = [first + second for first in DIGITS for second in DIGITS]
    batch = generated(compact_links) + [f"#s=1.3.{layout}{packed}" for packed in every_pair]
    outcomes = run_batch([("decodeShareLink", [link_text, MODEL]) for link_text in batch])
    accepted = {}
    for link_text, outcome in zip(batch, outcomes, strict=True):
        assert "threw" not in outcome, outcome
        result = outcome["result"]
        if "refusal" in result:
            assert result["refusal"] in {"share_bad", "share_newer", "share_changed"}, link_text
            continue
        assert result["answers"] and set(result["answers"]) <= {"q-1", "q-2", "q-3"}
        assert all(v in (0, 1, 2, "na") for v in result["answers"].values())
        accepted[link_text] = result["answers"]
    assert accepted
    # Only a link that the page itself would write is accepted: one spelling per answer set.
    again = run_batch([("encodeShareLink", [MODEL, answers]) for answers in accepted.values()])
    assert [outcome["result"] for outcome in again] == list(accepted)


def test_the_documented_share_link_opens_on_its_assessment():
    """docs/export-format.md's example link decodes to the answers the page says it holds."""
    docs = (ROOT / "docs" / "export-format.md").read_text(encoding="utf-8")
    fragment = "#" + docs.split("/assessments/some-model/#", 1)[1].split()[0]
    model = scoring_data(load_project(ROOT / "data", ROOT).assessments["some-model"])
    [outcome] = run_batch([("decodeShareLink", [fragment, model])])
    assert outcome["result"]["answers"] == {"some-q-share-plan": 3, "some-q-opt-where": "na"}
