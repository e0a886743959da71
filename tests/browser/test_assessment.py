"""The self-assessment page in Chromium: scoring, saving, snapshots, files, share links, storage
faults, navigation, print, a11y."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.data.project import load_project
from playbook.tools.scoring import score

from ..conftest import ROOT, add_big_assessment
from ..test_scoring import VECTORS, check_result, export_validator, vector_page_data
from .conftest import NO_VIOLATIONS, axe_in_both_schemes, serve_site
from .tools_helpers import checked_context

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
A = PROJECT.assessments["some-model"]
URL = "assessments/some-model/"
KEY = "smp:v1:assessment:some-model"
# The real-content vector: 16 of 20 answered, overall 64, Established; weakest
# Manage (25) then Optimize (50).
REAL = next(v for v in VECTORS["vectors"] if v["assessment"] == "data:some-model")

BLOCKED = (
    "Object.defineProperty(window, 'localStorage', {configurable: true,"
    " get() { throw new DOMException('blocked', 'SecurityError'); }});"
)
# Nearly full storage: reads work and the small probe of core.js fits,
# but saving the assessment fails.
FULL = (
    "const set = Storage.prototype.setItem; Storage.prototype.setItem = function (k, v) {"
    " if (String(k).startsWith('smp:v1:assessment'))"
    " throw new DOMException('full', 'QuotaExceededError');"
    " return set.call(this, k, v); };"
)
NO_PRINT = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"


def answer(page, qid: str, value) -> None:
    page.locator(f"input[name='{qid}'][value='{value}']").check()


def fill(page, answers: dict) -> None:
    for qid, value in answers.items():
        answer(page, qid, value)


def result(page) -> tuple[str | None, str | None]:
    root = page.locator("[data-assessment-result]")
    return root.get_attribute("data-score"), root.get_attribute("data-stage")


def stored(page, key: str = KEY):
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def seed(page, values: dict) -> None:
    """Put raw strings into localStorage before the first load only (not again on reload)."""
    page.add_init_script(
        "if (!sessionStorage.getItem('__seeded')) { sessionStorage.setItem('__seeded', '1');"
        f" for (const [k, v] of Object.entries({json.dumps(values)}))"
        " localStorage.setItem(k, v); }"
    )


def checked(page) -> dict:
    """The answers the form shows, as {question id: value string}."""
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll("
        "'[data-assessment] [data-question] :checked')].map(i => [i.name, i.value]))"
    )


def download(page, locator) -> tuple[str, bytes]:
    with page.expect_download() as info:
        locator.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def notice(page, area: str):
    return page.locator(f"[data-a={area}] [data-smp-notice]")


def act(page, name: str):
    return page.locator(f"[data-assessment] [data-act={name}]")


def expected(answers: dict) -> tuple[str, str]:
    """What result() shows for these answers, by the Python scoring."""
    got = score(A, answers)
    return str(got.score), got.stage.id


def dialogs(page, accept: bool = True) -> list[str]:
    """Accept (or dismiss) every confirm() from now on; the list collects their messages."""
    seen = []
    page.on("dialog", lambda d: (seen.append(d.message), d.accept() if accept else d.dismiss()))
    return seen


def upload(page, doc) -> None:
    """Choose a file for Import JSON: a dict (written as JSON) or raw text."""
    text = doc if isinstance(doc, str) else json.dumps(doc)
    page.locator("[data-a=file]").set_input_files(
        files=[{"name": "import.json", "mimeType": "application/json", "buffer": text.encode()}]
    )


def upload_and_confirm(page, doc, accept: bool) -> str:
    """Import a file whose envelope is valid, answer the confirm() it
    asks, and return the question."""
    with page.expect_event("dialog") as info:
        upload(page, doc)
    info.value.accept() if accept else info.value.dismiss()
    return info.value.message


def wait_notice(page, area: str, text: str) -> None:
    page.wait_for_function(
        "([a, m]) => document.querySelector(`[data-a=${a}] [data-smp-notice]`).textContent === m",
        arg=[area, text],
    )


# ---- scoring and results -------------------------------------------------------------------------


def test_filling_in_gives_the_score_stage_dimensions_and_recommendations(page):
    page.goto(URL)
    assert result(page) == ("", "")
    assert page.locator("[data-a=progress]").inner_text() == f"0 of {len(A.questions)} answered"
    assert page.locator("[data-a=norecs]").is_visible()
    fill(page, REAL["answers"])
    assert result(page) == ("64", "established")
    assert page.locator("[data-a=score]").inner_text() == "64"
    assert page.locator("[data-a=stage]").inner_text() == "Established"
    assert page.locator("[data-a=desc]").inner_text().startswith("All four components")
    assert page.locator("[data-a=progress]").inner_text() == "16 of 20 answered"
    rows = {
        d: page.locator(f"[data-dim-row={d}] td").all_inner_texts()
        for d in ("share", "optimize", "manage", "engage", "authenticity")
    }
    assert rows == {
        "share": ["100", "4 of 4 answered"],
        "optimize": ["50", "4 of 4 answered"],
        "manage": ["25", "4 of 4 answered"],
        "engage": ["not yet scored", "0 of 4 answered"],
        "authenticity": ["81", "4 of 4 answered"],
    }
    # The radar's first axis (Share) points up: at 100 the polygon reaches the axis end.
    points = page.locator("[data-a=poly]").get_attribute("points").split()
    assert len(points) == 5 and points[0] == "0,-100" and points[3] == "0,0"
    # Weakest first: Manage at its own stage (25: Developing), then Optimize (50: Established).
    shown = page.locator("[data-rec]:visible")
    assert [shown.nth(i).get_attribute("data-rec") for i in range(shown.count())] == [
        "manage:developing",
        "optimize:established",
    ]
    assert not page.locator("[data-a=norecs]").is_visible()
    link = shown.first.locator("a").first
    assert (
        link.evaluate("a => new URL(a.href).pathname + new URL(a.href).hash")
        == "/frameworks/some-model/#manage"
    )
    # The score line is the polite live region that announces each update.
    assert page.locator(".smp-score").get_attribute("aria-live") == "polite"


def test_the_page_agrees_with_the_cli_on_an_export(page, tmp_path):
    page.goto(URL)
    fill(page, REAL["answers"])
    _, body = download(page, act(page, "json"))
    path = tmp_path / "export.json"
    path.write_bytes(body)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "playbook.cli",
            "--data",
            str(ROOT / "data"),
            "score",
            "--json",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)
    assert (str(cli["score"]), cli["stage"]) == result(page)
    js = page.evaluate(
        "a => PlaybookAssessment.score("
        "JSON.parse(document.querySelector('[data-assessment]').dataset.model), a)",
        json.loads(body)["data"]["answers"],
    )
    assert js == {k: v for k, v in cli.items() if k != "id"}


def test_javascript_passes_the_shared_vectors_in_the_browser(page):
    page.goto(URL)
    for vector in VECTORS["vectors"]:
        got = page.evaluate(
            "([d, a]) => PlaybookAssessment.score(d, a)",
            [vector_page_data(vector["assessment"]), vector["answers"]],
        )
        check_result(got, vector["expected"])


def test_add_to_action_plan(page):
    page.goto(URL)
    fill(page, REAL["answers"])
    button = page.locator("[data-rec='manage:developing'] [data-act=add]")
    assert button.is_visible()
    button.click()
    assert button.inner_text() == "Added to your action plan"
    items = stored(page, "smp:v1:actions:plan")["items"]
    assert [(i["source"], i["text"].split(":")[0]) for i in items] == [
        ("assessment:some-model/manage", "Manage")
    ]
    assert items[0]["href"].endswith("/frameworks/some-model/#manage") and items[0][
        "href"
    ].startswith("http")


def test_add_buttons_are_hidden_until_the_action_plan_script_shows_them(page):
    """The served page hides every add button; only the action plan's script reveals them."""
    html = page.request.get(URL).text()
    buttons = re.findall(r"<button[^>]*data-act=\"add\"[^>]*>", html)
    assert buttons and all(" hidden" in button for button in buttons)
    page.goto(URL)
    fill(page, REAL["answers"])
    assert page.locator("[data-rec]:visible").count() == 2
    assert page.locator("[data-act=add]:visible").count() == 2


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_the_sticky_bar_shows_live_score_stage_and_count(page, viewport):
    page.set_viewport_size(viewport)
    page.goto(URL)
    bar = page.locator(".smp-bar")
    assert bar.locator("[data-a=barscore]").inner_text() == ""
    fill(page, REAL["answers"])
    total = len(A.questions)
    assert bar.locator("[data-a=barscore]").inner_text() == "Score 64 · Established ·"
    assert bar.locator("[data-a=progress]").inner_text() == f"16 of {total} answered"
    # Still in view, under the header, at the last question.
    page.locator("fieldset[data-question]").last.scroll_into_view_if_needed()
    box = bar.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    assert bar.locator("a").inner_text() == "Skip to your results"


def test_partial_results_are_marked_provisional_until_complete(page):
    page.goto(URL)
    total = len(A.questions)
    assert page.locator("[data-a=prov]").inner_text() == ""
    answer(page, "some-q-share-plan", 3)
    assert page.locator("[data-a=prov]").inner_text() == f"(provisional: 1 of {total} answered)"
    for question in page.locator("fieldset[data-question]").all():
        question.locator("input[type=radio]").first.check()
    assert page.locator("[data-a=prov]").inner_text() == ""


def test_the_scale_is_one_column_in_order(page):
    page.goto(URL)
    options = page.locator(f"#q-{A.questions[0].id} .smp-scale__option")
    boxes = [options.nth(i).bounding_box() for i in range(options.count())]
    labels = options.all_inner_texts()
    assert labels[: len(A.levels)] == [level.label for level in A.levels]
    assert len({round(box["x"]) for box in boxes}) == 1
    assert all(a["y"] < b["y"] for a, b in itertools.pairwise(boxes))


def test_keyboard_only(page):
    page.goto(URL)
    first = A.questions[0].id
    radio = page.locator(f"input[name='{first}']").first
    radio.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert checked(page) == {first: "1"}
    assert result(page) == ("25", "developing")
    outline = page.evaluate(
        "() => { const e = document.activeElement, s = getComputedStyle(e); return [e.name,"
        " s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] == first and outline[1] != "none" and outline[2] > 0
    # Tab reaches the note's disclosure (after the question's links), which opens with Enter.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert (
        page.evaluate("document.activeElement.closest('[data-question]').dataset.question") == first
    )
    page.keyboard.press("Enter")
    assert page.locator(f"#q-{first} details").evaluate("d => d.open")


# ---- saving, syncing, snapshots, migration -------------------------------------------------------


def test_answers_and_notes_persist_after_reload(page):
    page.goto(URL)
    answer(page, "some-q-share-plan", 3)
    answer(page, "some-q-opt-where", "na")
    page.locator("#q-some-q-share-plan summary").click()
    page.locator("[data-note='some-q-share-plan']").fill("Only on LinkedIn so far.")
    page.reload()
    assert checked(page) == {"some-q-share-plan": "3", "some-q-opt-where": "na"}
    assert (
        page.locator("[data-note='some-q-share-plan']").input_value() == "Only on LinkedIn so far."
    )
    assert page.locator("#q-some-q-share-plan details").evaluate("d => d.open")
    assert result(page) == ("75", "leading")
    saved = stored(page)
    assert saved["version"] == A.version
    assert saved["answers"] == {"some-q-share-plan": 3, "some-q-opt-where": "na"}
    assert saved["notes"] == {"some-q-share-plan": "Only on LinkedIn so far."}


def test_two_tabs_stay_in_sync(page):
    page.goto(URL)
    other = page.context.new_page()
    errors = []
    other.on("pageerror", lambda e: errors.append(str(e)))
    other.goto(URL)
    answer(page, "some-q-share-plan", 4)
    other.wait_for_function(
        "() => document.querySelector('[data-assessment-result]').dataset.score === '100'"
    )
    assert checked(other) == {"some-q-share-plan": "4"}
    answer(other, "some-q-man-target", 0)
    page.wait_for_function(
        "() => document.querySelector('[data-assessment-result]').dataset.score === '50'"
    )
    assert checked(page) == {"some-q-share-plan": "4", "some-q-man-target": "0"}
    assert errors == []


def test_start_over_asks_first(page):
    page.goto(URL)
    answer(page, "some-q-share-plan", 2)
    page.once("dialog", lambda d: d.dismiss())
    act(page, "reset").click()
    assert checked(page) == {"some-q-share-plan": "2"}
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    act(page, "reset").click()
    assert "Clear all your answers" in messages[0]
    assert checked(page) == {} and result(page) == ("", "")
    assert stored(page)["answers"] == {}


def test_snapshots_compare_per_dimension_and_persist(page):
    page.goto(URL)
    fill(page, {"some-q-share-plan": 1, "some-q-man-target": 2})
    act(page, "snap").click()
    # The notice appears right under the button that caused it, in a live region.
    saved = notice(page, "snapmsg")
    assert saved.inner_text().startswith("Snapshot saved")
    assert saved.evaluate("n => n.parentElement.getAttribute('aria-live')") == "polite"
    assert saved.evaluate(
        "n => n.parentElement.previousElementSibling"
        ".contains(document.querySelector('[data-act=snap]'))"
    )
    assert page.locator("[data-a=cmp]").is_hidden()
    assert page.locator("[data-a=overlay]").is_hidden()
    fill(page, {"some-q-share-plan": 4, "some-q-man-target": 0})
    select = page.locator("[data-a=snaps]")
    assert select.locator("option").count() == 2
    assert "(score 38)" in select.locator("option").nth(1).inner_text()
    select.select_option(index=1)
    table = page.locator("[data-a=cmp]")
    assert table.is_visible()
    rows = {
        r[0]: r[1:]
        for r in (
            table.locator("tbody tr").nth(i).locator("th, td").all_inner_texts() for i in range(6)
        )
    }
    assert rows["Share"] == ["25", "100", "+75"]
    assert rows["Manage"] == ["50", "0", "-50"]
    assert rows["Engage"] == ["not yet scored", "not yet scored", ""]
    assert rows["Overall"] == ["38", "50", "+12"]
    # The radar overlays the chosen snapshot: Share at 25 reaches a quarter of its axis.
    overlay = page.locator("[data-a=overlay]")
    assert overlay.is_visible()
    assert overlay.get_attribute("points").split()[0] == "0,-25"
    page.reload()
    assert page.locator("[data-a=snaps] option").count() == 2
    assert stored(page)["snapshots"][0]["answers"] == {
        "some-q-share-plan": 1,
        "some-q-man-target": 2,
    }
    page.locator("[data-a=snaps]").select_option(index=1)
    # Deleting asks first (test_deleting_a_snapshot_asks_first); yes deletes it.
    page.once("dialog", lambda d: d.accept())
    act(page, "unsnap").click()
    assert page.locator("[data-a=snaps] option").count() == 1 and stored(page)["snapshots"] == []


def test_deleting_a_snapshot_asks_first(page):
    seed(
        page,
        {
            KEY: json.dumps(
                {
                    "version": A.version,
                    "answers": {"some-q-share-plan": 4},
                    "notes": {},
                    "snapshots": [
                        {"at": "2026-05-01T09:30:00.000Z", "answers": {"some-q-share-plan": 1}}
                    ],
                }
            )
        },
    )
    page.goto(URL)
    # With no snapshot chosen there is nothing to delete, so the button is off.
    assert act(page, "unsnap").is_disabled()
    page.locator("[data-a=snaps]").select_option(index=1)
    assert act(page, "unsnap").is_enabled()
    # No keeps the snapshot, in the list, the comparison and storage.
    seen = dialogs(page, accept=False)
    act(page, "unsnap").click()
    assert seen == ["Delete this snapshot? This cannot be undone."]
    assert (
        page.locator("[data-a=snaps] option").count() == 2
        and page.locator("[data-a=cmp]").is_visible()
    )
    assert len(stored(page)["snapshots"]) == 1


def test_answers_from_an_older_content_version_are_migrated(page):
    saved = {
        "version": 0,
        "answers": {"some-q-share-plan": 2, "some-q-gone-a": 1, "some-q-gone-b": 3},
        "notes": {"some-q-gone-c": "old note", "some-q-man-target": "kept"},
        "snapshots": [],
    }
    seed(page, {KEY: json.dumps(saved)})
    page.goto(URL)
    assert (
        notice(page, "news").inner_text()
        == "3 questions changed since your last visit; your other answers are kept."
    )
    assert checked(page) == {"some-q-share-plan": "2"}
    assert page.locator("[data-note='some-q-man-target']").input_value() == "kept"
    migrated = stored(page)
    assert migrated["version"] == A.version
    assert migrated["answers"] == {"some-q-share-plan": 2} and migrated["notes"] == {
        "some-q-man-target": "kept"
    }


# ---- export and import ---------------------------------------------------------------------------


def test_export_start_over_import_round_trip(page):
    page.goto(URL)
    fill(page, REAL["answers"])
    page.locator("#q-some-q-man-target summary").click()
    page.locator("[data-note='some-q-man-target']").fill('Target: 2 hours, "business" days')
    name, body = download(page, act(page, "json"))
    assert name == "some-model-assessment.json"
    doc = json.loads(body)
    assert list(export_validator().iter_errors(doc)) == []
    assert (doc["kind"], doc["id"], doc["content_version"], doc["format_version"]) == (
        "assessment",
        "some-model",
        A.version,
        1,
    )
    assert doc["data"] == {
        "answers": REAL["answers"],
        "notes": {"some-q-man-target": 'Target: 2 hours, "business" days'},
    }
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", doc["exported_at"])

    name, body = download(page, act(page, "csv"))
    assert name == "some-model-assessment.csv"
    # UTF-8 with a BOM, for spreadsheets (test_csv_is_safe_for_spreadsheets).
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Dimension", "Question id", "Question", "Value", "Answer", "Note"]
    by_id = {r[1]: r for r in rows[1:] if r[1]}
    assert by_id["some-q-man-target"] == [
        "Manage",
        "some-q-man-target",
        "We have a target response time for each network and we meet it.",
        "1",
        "Occasionally, without a plan",
        'Target: 2 hours, "business" days',
    ]
    assert by_id["some-q-man-escalation"][3:5] == ["na", "Not applicable to us"]
    assert by_id["some-q-eng-audit"][3:] == ["", "", ""]
    assert ["Manage", "", "Score", "25"] in rows and rows[-1] == [
        "Overall",
        "",
        "Score",
        "64",
        "Established",
    ]

    page.once("dialog", lambda d: d.accept())
    act(page, "reset").click()
    assert checked(page) == {} and result(page) == ("", "")
    # Importing asks before it replaces anything (test_import_asks_before_replacing).
    upload_and_confirm(page, doc, accept=True)
    wait_notice(page, "msg", f"Imported {len(REAL['answers'])} answers.")
    assert checked(page) == {k: str(v) for k, v in REAL["answers"].items()}
    assert (
        page.locator("[data-note='some-q-man-target']").input_value()
        == 'Target: 2 hours, "business" days'
    )
    assert result(page) == ("64", "established")
    assert stored(page)["answers"] == REAL["answers"]


GOOD = {
    "format": "social-media-playbook",
    "format_version": 1,
    "kind": "assessment",
    "id": "some-model",
    "content_version": 1,
    "exported_at": "2026-05-01T09:30:00.000Z",
    "data": {"answers": {"some-q-share-plan": 4}},
}
MALFORMED = {
    "not json": ("{answers: 4", "it is not a JSON file"),
    "not an export": (
        json.dumps({"answers": {"some-q-share-plan": 4}}),
        "it is not an export from this playbook",
    ),
    "other assessment": (
        json.dumps({**GOOD, "id": "six-keys"}),
        "it belongs to assessment six-keys, not to this page",
    ),
    "other tool": (
        json.dumps({**GOOD, "kind": "checklist"}),
        "it belongs to checklist some-model, not to this page",
    ),
    "newer format": (
        json.dumps({**GOOD, "format_version": 2}),
        "it was made by a newer version of the playbook",
    ),
    "format_version null": (
        json.dumps({**GOOD, "format_version": None}),
        "it is not an export from this playbook",
    ),
    "format_version a string": (
        json.dumps({**GOOD, "format_version": "1"}),
        "it is not an export from this playbook",
    ),
    "format_version 1.5": (
        json.dumps({**GOOD, "format_version": 1.5}),
        "it is not an export from this playbook",
    ),
    "answers not a map": (
        json.dumps({**GOOD, "data": {"answers": 4}}),
        "data.answers does not follow the export format",
    ),
    # All or nothing: the good answer in the file is not taken either.
    "an answer off the scale": (
        json.dumps({**GOOD, "data": {"answers": {"some-q-man-target": 4, "some-q-share-plan": 7}}}),
        "its answer to some-q-share-plan is not on this assessment's scale",
    ),
}


def test_a_bad_import_says_why_and_leaves_answers_untouched(page):
    """Each malformed file in turn, on one page: the refusal names the reason, nothing is asked,
    and the answers, the saved state and the result stay as they were."""
    page.goto(URL)
    answer(page, "some-q-man-target", 2)
    before = stored(page)
    seen = dialogs(page)
    outcomes = {}
    for case, (text, reason) in MALFORMED.items():
        # Cleared first, so that a reason shared with the case before cannot pass unseen.
        notice(page, "msg").evaluate("node => { node.textContent = ''; }")
        upload(page, text)
        message = f"That file could not be imported: {reason}. Your current answers are unchanged."
        wait_notice(page, "msg", message)
        outcomes[case] = (
            notice(page, "msg").is_visible(),
            checked(page),
            stored(page) == before,
            result(page),
        )
    # The data is checked before the "replace?" question: a file that will be refused never asks.
    assert seen == []
    unchanged = (True, {"some-q-man-target": "2"}, True, ("50", "established"))
    assert outcomes == dict.fromkeys(MALFORMED, unchanged)


def test_an_import_from_an_older_version_reports_dropped_questions(page):
    page.goto(URL)
    doc = {
        **GOOD,
        "content_version": 1,
        "data": {
            "answers": {"some-q-share-plan": 4, "some-q-retired-one": 2},
            "notes": {"some-q-retired-two": "x"},
        },
    }
    upload_and_confirm(page, doc, accept=True)
    # One answer: the singular string; unknown questions are counted with the import's own message.
    wait_notice(
        page,
        "msg",
        "Imported 1 answer. 2 questions in the file are no longer in this assessment; their"
        " answers and notes were left out.",
    )
    assert checked(page) == {"some-q-share-plan": "4"}
    assert stored(page)["answers"] == {"some-q-share-plan": 4} and stored(page)["notes"] == {}


def test_an_empty_note_in_a_file_is_refused_as_the_cli_refuses_it(page):
    # export.schema.json wants notes of at least one character; the page
    # accepts nothing the CLI refuses.
    page.goto(URL)
    seen = dialogs(page)
    upload(
        page,
        json.dumps(
            {
                **GOOD,
                "data": {"answers": {"some-q-share-plan": 4}, "notes": {"some-q-share-plan": ""}},
            }
        ),
    )
    wait_notice(
        page,
        "msg",
        'That file could not be imported: data.notes["some-q-share-plan"] does not follow the'
        " export format. Your current answers are unchanged.",
    )
    assert seen == [] and checked(page) == {}


def test_import_asks_before_replacing(page):
    page.goto(URL)
    answer(page, "some-q-man-target", 2)
    before = stored(page)
    # No: nothing changes and nothing is said.
    assert upload_and_confirm(page, GOOD, accept=False).startswith(
        "Replace what you entered here with the contents of the file?"
    )
    assert checked(page) == {"some-q-man-target": "2"} and stored(page) == before
    assert notice(page, "msg").is_hidden()
    # Yes: the file replaces the answers.
    upload_and_confirm(page, GOOD, accept=True)
    wait_notice(page, "msg", "Imported 1 answer.")
    assert checked(page) == {"some-q-share-plan": "4"} and stored(page)["answers"] == {
        "some-q-share-plan": 4
    }
    assert result(page) == expected({"some-q-share-plan": 4})


# ---- share links ---------------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LEGACY = (
    f"{URL}#answers=1,some-q-share-plan:4,some-q-man-target:0,some-q-opt-where:na,some-q-unknown:3"
)


def share_link(page, answers: dict) -> str:
    """The link Share link makes for these answers, made on the page as a reader would."""
    page.goto(URL)
    fill(page, answers)
    act(page, "share").click()
    return page.locator("[data-a=link]").input_value()


def banner(page):
    return notice(page, "shared")


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def fresh_page(browser, base_url, viewport):
    """A page in a new browser context (nothing saved), failing on console errors like `page`."""
    context = browser.new_context(base_url=base_url, viewport=viewport)
    other = context.new_page()
    other.errors = []
    other.on("pageerror", lambda exc: other.errors.append(str(exc)))
    other.on("console", lambda m: m.type == "error" and other.errors.append(m.text))
    return context, other


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_share_link_in_a_fresh_browser_shows_the_answers_in_the_form(
    page, browser, base_url, viewport
):
    link = share_link(page, REAL["answers"])
    fragment = link.split("#", 1)[1]
    # One symbol per question, packed: far shorter than the ids and values of the old form.
    assert fragment.startswith(f"s=1.{A.version}.") and len(fragment) <= 40, fragment
    context, other = fresh_page(browser, base_url, viewport)
    try:
        other.goto(link)
        assert checked(other) == {qid: str(value) for qid, value in REAL["answers"].items()}
        assert result(other) == expected(REAL["answers"])
        shown = banner(other)
        assert shown.inner_text().startswith("Shared results, not saved: 16 answers")
        assert in_viewport(other, shown)
        # Read-only: every question is disabled, nothing is saved, and the banner stays on screen.
        assert other.locator("fieldset[data-question]:not([disabled])").count() == 0
        assert stored(other) is None
        other.locator("[data-assessment-result]").scroll_into_view_if_needed()
        assert in_viewport(other, shown)
        assert other.errors == []
    finally:
        context.close()


def test_while_shared_nothing_drops_the_view_or_touches_own_answers(page):
    page.goto(URL)
    answer(page, "some-q-share-plan", 1)
    own = stored(page)
    page.goto("about:blank")
    page.goto(LEGACY)
    # Controls that would act on the reader's own answers wait until the shared view ends.
    for name in ("json", "csv", "share", "reset", "snap"):
        assert act(page, name).is_disabled(), name
    assert page.locator("[data-assessment] [data-import]").is_disabled()
    assert act(page, "print").is_enabled()
    page.locator("input[name='some-q-man-target'][value='4']").click(force=True)
    page.locator("[data-note='some-q-share-plan']").evaluate(
        "n => n.closest('details').open = true"
    )
    assert page.locator("[data-note='some-q-share-plan']").is_disabled()
    # The skip link moves to the results and the address keeps the shared link for a reload.
    page.locator(".smp-progress a").click()
    assert page.evaluate("() => document.activeElement.id") == "results-some-model"
    assert page.evaluate("() => location.hash").startswith("#answers=")
    page.reload()
    assert banner(page).is_visible()
    assert checked(page)["some-q-man-target"] == "0" and stored(page) == own


def test_load_into_my_answers_asks_first_then_saves(page):
    page.goto(URL)
    answer(page, "some-q-share-plan", 1)
    page.goto("about:blank")
    page.goto(LEGACY)
    seen = []
    page.once("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    banner(page).get_by_role("button", name="Load into my answers").click()
    assert seen == [
        "Replace your 1 answer with the shared ones? Export first if you want to keep a copy."
    ]
    # Dismissed: still the shared view, own answers untouched.
    assert banner(page).inner_text().startswith("Shared results, not saved")
    assert stored(page)["answers"] == {"some-q-share-plan": 1}
    page.once("dialog", lambda d: d.accept())
    banner(page).get_by_role("button", name="Load into my answers").click()
    wanted = {"some-q-share-plan": 4, "some-q-man-target": 0, "some-q-opt-where": "na"}
    assert stored(page)["answers"] == wanted
    assert checked(page) == {qid: str(value) for qid, value in wanted.items()}
    assert (
        banner(page).inner_text()
        == "The shared answers are now your answers, saved in this browser."
    )
    assert "#" not in page.url
    assert page.locator("fieldset[data-question][disabled]").count() == 0


def test_compare_with_mine_shows_both_and_close_returns_to_mine(page):
    page.goto(f"{URL}?x=1")
    fill(page, {"some-q-share-plan": 1, "some-q-man-target": 2})
    page.goto("about:blank")
    page.goto(LEGACY.replace(URL, f"{URL}?x=1"))
    banner(page).get_by_role("button", name="Compare with mine").click()
    table = page.locator("[data-a=cmp]")
    assert table.is_visible()
    assert table.locator("thead th").all_inner_texts()[1:3] == ["Yours", "Shared"]
    rows = {
        r[0]: r[1:]
        for r in (
            table.locator("tbody tr").nth(i).locator("th, td").all_inner_texts() for i in range(6)
        )
    }
    assert rows["Share"] == ["25", "100", "+75"] and rows["Overall"] == ["38", "50", "+12"]
    assert page.locator("[data-a=overlay]").get_attribute("points").split()[0] == "0,-25"
    banner(page).get_by_role("button", name="Close").click()
    assert banner(page).inner_text() == "Shared results closed; your own answers are shown."
    assert page.url.endswith(f"/{URL}?x=1")
    assert checked(page) == {"some-q-share-plan": "1", "some-q-man-target": "2"}
    assert table.locator("thead th").all_inner_texts()[1:3] == ["Snapshot", "Now"]
    assert table.is_hidden()


def test_an_old_format_link_still_opens_and_counts_what_changed(page):
    page.goto(LEGACY)
    older = (
        " The link was made for version 1 of this assessment; answers to questions that changed"
        " since are left out."
        if A.version > 1
        else ""
    )
    assert (
        banner(page)
        .inner_text()
        .startswith(
            "Shared results, not saved: 3 answers, shown read-only. Your own answers are unchanged."
            + older
            + " 1 question changed since your last visit; your other answers are kept."
        )
    )
    assert checked(page) == {
        "some-q-share-plan": "4",
        "some-q-man-target": "0",
        "some-q-opt-where": "na",
    }
    assert result(page) == ("50", "established")


def layout_digits(page) -> str:
    """The 4 layout digits of a link made on this page."""
    return page.evaluate(
        "() => PlaybookAssessment.encodeShareLink("
        "JSON.parse(document.querySelector('[data-assessment]').dataset.model), {}).split('.')[2]"
        ".slice(0, 4)"
    )


# Share links that cannot be shown, and what the banner says of each.
UNSHOWABLE_LINKS = {
    "unreadable": (lambda layout: "answers=oops<b>", "This share link could not be read"),
    "empty": (lambda layout: "answers=1", "This share link could not be read"),
    "off-scale": (
        lambda layout: "answers=1,some-q-share-plan:7",
        "This share link could not be read",
    ),
    "format": (lambda layout: f"s=9.{A.version}.{layout}AAAA", "This share link could not be read"),
    "digits": (lambda layout: f"s=1.{A.version}.{layout}!", "This share link could not be read"),
    "newer": (
        lambda layout: f"s=1.{A.version + 1}.{layout}AAAA",
        f"made for version {A.version + 1}",
    ),
    "changed": (
        lambda layout: f"s=1.{A.version}.{'B' if layout[0] == 'A' else 'A'}{layout[1:]}AAAAAAAAAA",
        "its questions have changed since",
    ),
}


def test_a_link_that_cannot_be_shown_explains_itself_at_the_top(page):
    """Each link is opened afresh: its reason shows in the banner, in view, and the page shows
    and keeps the reader's own answers, editable."""
    page.goto(URL)
    answer(page, "some-q-share-plan", 2)
    layout = layout_digits(page)
    outcomes = {}
    for case, (make_fragment, message) in UNSHOWABLE_LINKS.items():
        page.goto("about:blank")
        page.goto(f"{URL}#{make_fragment(layout)}")
        shown = banner(page)
        outcomes[case] = (
            message in shown.inner_text(),
            in_viewport(page, shown),
            result(page),
            checked(page),
            page.locator("fieldset[data-question][disabled]").count(),
        )
    own = (True, True, ("50", "established"), {"some-q-share-plan": "2"}, 0)
    assert outcomes == dict.fromkeys(UNSHOWABLE_LINKS, own)


# ---- storage faults ------------------------------------------------------------------------------


def test_blocked_storage_keeps_the_page_working_with_a_notice(page):
    """localStorage throws on access: Material's guarded helpers (theme override) and
    core.js keep every script alive."""
    page.add_init_script(BLOCKED)
    page.goto(URL)
    assert (
        page.evaluate(
            "() => { try { localStorage; return 'open'; } catch (e) { return 'blocked'; } }"
        )
        == "blocked"
    )
    area = notice(page, "store")
    assert area.is_visible()
    assert area.inner_text().startswith("Your browser is not saving answers here")
    answer(page, "some-q-share-plan", 4)
    assert result(page) == ("100", "leading")
    name, body = download(page, area.get_by_role("button", name="Export now"))
    assert name == "some-model-assessment.json"
    assert json.loads(body)["data"]["answers"] == {"some-q-share-plan": 4}
    # Material's palette toggle still works (it saves through the guarded helper).
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


def test_full_storage_shows_the_notice_once_and_keeps_answers(page):
    page.add_init_script(FULL)
    page.goto(URL)
    assert notice(page, "store").is_hidden()
    answer(page, "some-q-share-plan", 4)
    assert notice(page, "store").inner_text().startswith("Your browser is not saving answers here")
    answer(page, "some-q-man-target", 4)
    assert result(page) == ("100", "leading")
    assert notice(page, "store").locator("button").count() == 1


def test_really_full_storage_still_shows_saved_answers(page):
    page.goto(URL)
    fill(page, {"some-q-share-plan": 3, "some-q-man-target": 1})
    page.locator("#q-some-q-man-target summary").click()
    page.locator("[data-note='some-q-man-target']").fill("Saved before the disk filled up")
    saved = stored(page)
    # Fill the origin's quota to the last character: the longest filler value
    # that still fits, found by halving.
    probe = page.evaluate("""() => {
        let lo = 0, hi = 16 * 1024 * 1024;
        while (lo < hi) {
            const mid = Math.ceil((lo + hi) / 2);
            try { localStorage.setItem('filler', 'x'.repeat(mid)); lo = mid; }
            catch (e) { if (e.name !== 'QuotaExceededError') throw e; hi = mid - 1; }
        }
        localStorage.setItem('filler', 'x'.repeat(lo));
        try { localStorage.setItem('smp:probe', '1'); return 'fits'; } catch (e) { return e.name; }
    }""")
    assert probe == "QuotaExceededError"
    page.reload()
    # The saved answers are read, shown and scored; the notice says nothing new is saved.
    assert checked(page) == {"some-q-share-plan": "3", "some-q-man-target": "1"}
    assert (
        page.locator("[data-note='some-q-man-target']").input_value()
        == "Saved before the disk filled up"
    )
    assert result(page) == expected(saved["answers"])
    area = notice(page, "store")
    assert area.inner_text().startswith("Your browser is not saving answers here")
    _, body = download(page, area.get_by_role("button", name="Export now"))
    assert json.loads(body)["data"] == {"answers": saved["answers"], "notes": saved["notes"]}
    # A new answer still scores; it does not fit, so storage keeps the last saved state.
    answer(page, "some-q-opt-where", 2)
    assert result(page) == expected({**saved["answers"], "some-q-opt-where": 2})
    assert stored(page) == saved and area.is_visible()


def test_corrupted_storage_is_set_aside(page):
    seed(page, {KEY: "{not json"})
    page.goto(URL)
    area = notice(page, "store")
    assert area.inner_text().startswith("Saved data for this page could not be read")
    assert area.get_by_role("button", name="Export now").is_visible()
    assert result(page) == ("", "")
    assert page.evaluate("k => localStorage.getItem(k + ':corrupt')", KEY) == "{not json"
    answer(page, "some-q-share-plan", 3)
    assert stored(page)["answers"] == {"some-q-share-plan": 3}


def test_saved_values_of_the_wrong_shape_are_ignored(page):
    seed(
        page,
        {
            KEY: json.dumps(
                {
                    "version": 1,
                    "answers": ["x"],
                    "notes": {"some-q-share-plan": 5, "constructor": "x"},
                    "snapshots": {"at": 3},
                }
            )
        },
    )
    page.goto(URL)
    assert result(page) == ("", "") and checked(page) == {}
    assert page.locator("[data-a=snaps] option").count() == 1


# ---- navigation, print, no JS, accessibility -----------------------------------------------------


def serve_sitemap_here(page, site: Path, base_url: str) -> None:
    """Material's instant navigation only follows links listed in the sitemap, which names
    site_url; rewrite it to this server."""
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    home = re.search(r"<loc>(.*?)</loc>", xml).group(1)
    page.route(
        "**/sitemap.xml",
        lambda route: route.fulfill(
            status=200, content_type="application/xml", body=xml.replace(home, base_url)
        ),
    )


def test_instant_navigation_reinitialises_once(page, site, base_url):
    serve_sitemap_here(page, site, base_url)
    # Instant navigation starts once Material has the sitemap; a click before that is a full load.
    with page.expect_response("**/sitemap.xml"):
        page.goto(URL)
    page.wait_for_load_state("networkidle")
    answer(page, "some-q-share-plan", 2)
    page.evaluate("window.__same_window = true")
    page.locator(".smp-how a").click()
    page.wait_for_url("**/scoring/")
    page.locator(f".md-nav--primary a[href$='{URL}']").first.click()
    page.wait_for_url(f"**/{URL}")
    page.wait_for_selector("[data-assessment-result]:not([hidden])")
    assert page.evaluate("window.__same_window === true"), (
        "the links caused full page loads, not instant navigation"
    )
    assert checked(page) == {"some-q-share-plan": "2"}
    # Count writes: one change must save once and redraw once, however
    # many times the page was shown.
    page.evaluate("""() => {
        window.__saves = 0;
        const save = Playbook.save;
        Playbook.save = function (kind) {
            if (kind === 'assessment') window.__saves++;
            return save.apply(this, arguments);
        };
        window.__renders = 0;
        new MutationObserver(() => window.__renders++).observe(
            document.querySelector('[data-assessment-result]'),
            {attributes: true, attributeFilter: ['data-stage']});
    }""")
    answer(page, "some-q-share-plan", 4)
    page.wait_for_timeout(50)
    assert page.evaluate("window.__saves") == 1
    assert page.evaluate("window.__renders") == 1
    assert result(page) == ("100", "leading")
    # A change from another tab reaches the new form once, and the old one is gone; as from a real
    # tab, storage holds the value before the event.
    page.evaluate(
        """k => {
        const v = JSON.stringify(
            {version: 1, answers: {'some-q-man-target': 0}, notes: {}, snapshots: []});
        localStorage.setItem(k, v);
        window.dispatchEvent(new StorageEvent('storage', {key: k, newValue: v}));
    }""",
        KEY,
    )
    assert checked(page) == {"some-q-man-target": "0"}
    assert page.locator("[data-assessment]").count() == 1


def test_back_shows_what_storage_holds(page):
    page.goto(URL)
    answer(page, "some-q-share-plan", 3)
    page.locator("#q-some-q-share-plan summary").click()
    page.locator("[data-note='some-q-share-plan']").fill("Typed before leaving")
    page.goto("scoring/")
    # Another page (or tab) changes the saved answers while this one is in the history.
    later = {"some-q-man-target": 4, "some-q-opt-where": "na"}
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)",
        [
            KEY,
            json.dumps(
                {
                    "version": A.version,
                    "answers": later,
                    "notes": {"some-q-man-target": "Saved elsewhere"},
                    "snapshots": [],
                }
            ),
        ],
    )
    page.go_back()
    page.wait_for_selector("[data-assessment-result]:not([hidden])")
    # The form is what storage holds, not what the browser remembers of the old form.
    assert checked(page) == {k: str(v) for k, v in later.items()}
    assert page.locator("[data-note='some-q-share-plan']").input_value() == ""
    assert page.locator("[data-note='some-q-man-target']").input_value() == "Saved elsewhere"
    assert page.locator("#q-some-q-man-target details").get_attribute("data-filled") is not None
    assert page.locator("#q-some-q-share-plan details").get_attribute("data-filled") is None
    assert result(page) == expected(later)


def test_print_gives_a_clean_report(page):
    page.add_init_script(NO_PRINT)
    page.goto(URL)
    fill(page, {"some-q-share-plan": 3, "some-q-man-target": 1})
    page.locator("#q-some-q-share-plan summary").click()
    page.locator("[data-note='some-q-share-plan']").fill("A note for the report")
    act(page, "print").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    results = page.locator("[data-assessment-result]")
    assert results.is_visible()
    assert (
        results.bounding_box()["y"] < page.locator("[data-question]").first.bounding_box()["y"]
    ), "the results print first"
    assert (
        page.locator(".smp-radar").is_visible()
        and page.locator("[data-dim-row=share]").is_visible()
    )
    # Only the chosen answers, the notes written, no buttons, notices or page chrome.
    assert page.locator("label:has(input[name='some-q-share-plan'][value='3'])").is_visible()
    assert page.locator("label:has(input[name='some-q-share-plan'][value='2'])").is_hidden()
    assert page.locator("[data-note='some-q-share-plan']").is_visible()
    assert page.locator("#q-some-q-opt-where .smp-note").is_hidden()
    for hidden in (
        "[data-act=json]",
        "[data-act=reset]",
        "[data-act=add]",
        ".smp-progress",
        ".md-header",
        ".md-sidebar--primary",
        ".smp-recommendations",
        ".smp-how",
    ):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("#stage-starting").is_visible()
    page.emulate_media(media="screen")
    assert act(page, "json").is_visible()


def test_print_shows_only_the_notes_written(page):
    page.add_init_script(NO_PRINT)
    page.goto(URL)
    answer(page, "some-q-share-plan", 3)
    page.locator("#q-some-q-share-plan summary").click()
    page.locator("[data-note='some-q-share-plan']").fill("The only note")
    # Material opens every <details> before printing, so [open] cannot tell
    # written notes from empty ones.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert page.locator(".smp-note").count() == len(A.questions)
    assert page.locator(".smp-note:visible").count() == 1
    assert (
        page.locator("#q-some-q-share-plan .smp-note").is_visible()
        and page.locator("[data-note='some-q-share-plan']").is_visible()
    )
    assert page.locator("#q-some-q-man-target .smp-note").is_hidden()
    # The "Your answers" block is about buttons, which do not print;
    # Snapshots only with a comparison.
    for hidden in (
        "#your-data-some-model",
        "#your-data-some-model + .smp-muted",
        "#snapshots-some-model",
    ):
        assert page.locator(hidden).is_hidden(), hidden
    results = page.locator("[data-assessment-result]")
    assert results.is_visible()
    assert (
        results.bounding_box()["y"] < page.locator("[data-question]").first.bounding_box()["y"]
    ), "the results print first"
    # With a snapshot chosen, the comparison prints under its heading.
    page.emulate_media(media="screen")
    act(page, "snap").click()
    page.locator("[data-a=snaps]").select_option(index=1)
    page.emulate_media(media="print")
    assert (
        page.locator("#snapshots-some-model").is_visible()
        and page.locator("[data-a=cmp]").is_visible()
    )


def test_csv_is_safe_for_spreadsheets(page):
    page.goto(URL)
    notes = {
        "some-q-man-target": "=1+1",
        "some-q-share-plan": "-5 followers",
        "some-q-opt-where": "a = b",
        "some-q-auth-read": "Überall",
    }
    for qid, text in notes.items():
        page.locator(f"#q-{qid} summary").click()
        page.locator(f"[data-note='{qid}']").fill(text)
    _, body = download(page, act(page, "csv"))
    # A BOM, so that spreadsheets read the accents as UTF-8.
    assert body.startswith("\ufeff".encode()) and not body.startswith("\ufeff\ufeff".encode())
    rows = {r[1]: r for r in csv.reader(io.StringIO(body.decode("utf-8-sig"))) if r[1]}
    # A cell that would start a formula gets a ' in front; others are as typed.
    assert rows["some-q-man-target"][5] == "'=1+1"
    assert rows["some-q-share-plan"][5] == "'-5 followers"
    assert rows["some-q-opt-where"][5] == "a = b"
    assert rows["some-q-auth-read"][5] == "Überall"


def test_without_javascript_the_questions_are_readable(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(URL)
        assert page.locator("[data-question]").count() == len(A.questions)
        assert page.locator("legend").first.is_visible()
        assert (
            page.locator("noscript p")
            .inner_text()
            .startswith("Scoring, saving and export need JavaScript")
        )
        assert page.locator("noscript p").is_visible()
        assert page.locator("[data-assessment-result]").is_hidden()
        assert page.locator("[data-rec]").first.is_hidden()
        assert page.locator(".smp-recommendations details").count() == len(A.dimensions)
    finally:
        context.close()


def test_no_text_is_a_missing_ui_string(page):
    page.goto(URL)
    fill(page, REAL["answers"])
    act(page, "snap").click()
    act(page, "share").click()
    text = page.locator("article").inner_text()
    assert "assessment." not in text and "{" not in text


def test_axe_with_results_showing_in_either_scheme(page):
    page.goto(URL)
    fill(page, REAL["answers"])
    act(page, "snap").click()
    page.locator("[data-a=snaps]").select_option(index=1)
    act(page, "share").click()
    assert (
        page.locator("[data-a=cmp]").is_visible()
        and page.locator("[data-rec]:visible").count() == 2
    )
    assert axe_in_both_schemes(page) == NO_VIOLATIONS


# ---- 200 questions (the timings are in `make bench`, not here) -----------------------------------

BIG_QUESTIONS = 200


@pytest.fixture(scope="module")
def big_site(variants_build, tmp_path_factory) -> tuple[Path, dict]:
    """The playbook plus a 200-question assessment (conftest's make_variants), built once per
    session, and an answer to every question (the same answers the assessment file was written
    with)."""
    built = variants_build
    scratch = tmp_path_factory.mktemp("big-answers")
    (scratch / "data" / "assessments").mkdir(parents=True)
    return built.project, add_big_assessment(scratch)


def test_200_saved_answers_restore_and_score(browser, big_site):
    """A 200-question form restores every saved answer, scores them, and
    keeps scoring as answers change."""
    project, answers = big_site
    site = project / "site"
    assert len(answers) == BIG_QUESTIONS
    big = load_project(project / "data", project).assessments["big-200"]
    expected = score(big, answers).score

    # Checked like the page fixture: no page error, no request to another host.
    with serve_site(site) as url, checked_context(browser, url) as page:
        page.add_init_script(
            "localStorage.setItem('smp:v1:assessment:big-200', JSON.stringify({version: 1,"
            f" answers: {json.dumps(answers)}, notes: {{}}, snapshots: []}}))"
        )
        page.goto("assessments/big-200/")
        result = page.locator("[data-assessment-result]")
        assert result.get_attribute("data-score") == str(expected)
        assert page.locator("[data-assessment] input[type=radio]:checked").count() == BIG_QUESTIONS
        page.locator("[data-assessment] input[type=radio][value='0']").first.check()
        page.locator("[data-assessment] input[type=radio][value='0']").nth(1).check()
        changed = {**answers, "big-q-0-0": 0, "big-q-0-1": 0}
        assert result.get_attribute("data-score") == str(score(big, changed).score)
