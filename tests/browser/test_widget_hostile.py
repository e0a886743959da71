"""Issue 12's browser cases: hostile imports, links, stored state and
.ics text; nothing typed is lost."""

from __future__ import annotations

import json
import re

import pytest
from icalendar import Calendar

from playbook.data.project import load_project

from ..conftest import ROOT
from .tools_helpers import download, second_tab, seed, stored, wait_notice

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
ASSESSMENT = next(iter(PROJECT.assessments.values()))
ASSESSMENT_URL = f"assessments/{ASSESSMENT.id}/"
PLAN_KEY = "smp:v1:actions:plan"
FULL_STORAGE = (
    "const setItem = Storage.prototype.setItem;"
    "Storage.prototype.setItem = function (key, value) {"
    "  if (window.__full) throw new DOMException('full', 'QuotaExceededError');"
    "  return setItem.call(this, key, value); };"
)


def envelope(kind: str, id_: str, data: dict) -> dict:
    return {
        "format": "social-media-playbook",
        "format_version": 1,
        "kind": kind,
        "id": id_,
        "content_version": 1,
        "exported_at": "2026-01-01T00:00:00Z",
        "data": data,
    }


def action(**fields) -> dict:
    return {
        "id": "a1",
        "text": "Do it",
        "href": "",
        "source": "s",
        "owner": "",
        "due": "",
        "status": "todo",
        **fields,
    }


def choose_file(page, document: dict, root: str = "") -> None:
    page.locator(f"{root} [data-import]".strip()).first.set_input_files(
        files=[
            {
                "name": "x.json",
                "mimeType": "application/json",
                "buffer": json.dumps(document).encode(),
            }
        ]
    )


def test_an_imported_javascript_link_is_refused_and_names_the_action(page):
    page.goto("action-plan/")
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    choose_file(
        page,
        envelope("actions", "plan", {"items": [action(id="evil", href="javascript:alert(1)")]}),
    )
    wait_notice(page, "[data-action-plan]", "the link of action evil is not allowed")
    assert page.locator("[data-action-plan] tbody a").count() == 0 and asked == []


def test_a_javascript_link_already_in_storage_never_becomes_a_live_link(page):
    seed(page, {PLAN_KEY: json.dumps({"items": [action(href="java\tscript:alert(1)")]})})
    page.goto("action-plan/")
    link = page.locator("[data-action-plan] tbody a")
    assert link.inner_text() == "Do it" and link.get_attribute("href") is None


def test_duplicate_ids_and_unresolvable_links_are_refused(page):
    page.goto("action-plan/")
    choose_file(page, envelope("actions", "plan", {"items": [action(), action(text="Again")]}))
    wait_notice(page, "[data-action-plan]", "two actions have the id a1")
    choose_file(page, envelope("actions", "plan", {"items": [action(href="http://[bad")]}))
    wait_notice(page, "[data-action-plan]", "the link of action a1 is not allowed")


def test_a_worksheet_import_with_a_list_of_answers_changes_nothing(page):
    worksheet = next(p for p in ("worksheets/strategy-a-to-r/",))
    page.goto(worksheet)
    field = page.locator("[data-field]").first
    field.fill("Mine")
    wid = page.locator("[data-worksheet]").get_attribute("data-worksheet")
    choose_file(page, envelope("worksheet", wid, {"answers": []}))
    wait_notice(page, "[data-worksheet]", "data.answers does not follow the export format")
    assert field.input_value() == "Mine"


def other_tab_writes(other, key: str, path: list[str], text: str) -> None:
    """Write one field of a saved value from another tab, as that tab's widget would."""
    other.evaluate(
        """([k, path, text]) => { const v = JSON.parse(localStorage.getItem(k));
        let at = v; for (const p of path.slice(0, -1)) at = at[p];
        at[path.at(-1)] = text; localStorage.setItem(k, JSON.stringify(v)); }""",
        [key, path, text],
    )


def test_typing_in_a_note_survives_another_tabs_change(page, base_url):
    """Another tab's write to the field being typed in does not
    replace the text; leaving saves it."""
    question = ASSESSMENT.dimensions[0].questions[0].id
    key = f"smp:v1:assessment:{ASSESSMENT.id}"
    page.goto(ASSESSMENT_URL)
    page.locator(f"#q-{question} summary").click()
    note = page.locator(f"[data-note='{question}']")
    note.press_sequentially("typed here")
    with second_tab(page, base_url) as other:
        other.goto(ASSESSMENT_URL)
        page.bring_to_front()
        note.focus()
        other_tab_writes(other, key, ["notes", question], "typed there")
        page.wait_for_function("k => JSON.parse(localStorage.getItem(k)).notes", arg=key)
        page.evaluate("() => new Promise((done) => setTimeout(done, 100))")
        assert note.input_value() == "typed here"
        # Leaving the field records what was typed here; the other tab follows.
        note.press("Tab")
        other.wait_for_function(
            "q => document.querySelector(`[data-note='${q}']`).value === 'typed here'", arg=question
        )
    assert stored(page, key)["notes"][question] == "typed here"


def test_typing_in_a_worksheet_field_survives_another_tabs_change(page, base_url):
    page.goto("worksheets/strategy-a-to-r/")
    field = page.locator("[data-field]").first
    name = field.get_attribute("data-field")
    key = "smp:v1:worksheet:strategy-a-to-r"
    field.press_sequentially("mine")
    second = page.locator("[data-field]").nth(1)
    with second_tab(page, base_url) as other:
        other.goto("worksheets/strategy-a-to-r/")
        page.bring_to_front()
        field.focus()
        other_tab_writes(other, key, ["answers", name], "theirs")
        other_tab_writes(other, key, ["answers", second.get_attribute("data-field")], "added there")
        # Other fields follow the other tab; the one being typed in keeps its text.
        page.wait_for_function(
            "() => document.querySelectorAll('[data-field]')[1].value === 'added there'"
        )
        assert field.input_value() == "mine"
        field.press("End")
        field.press_sequentially("!")
    assert stored(page, key)["answers"] == {
        name: "mine!",
        second.get_attribute("data-field"): "added there",
    }


def test_a_full_storage_never_reports_an_import_as_done(page):
    page.add_init_script(FULL_STORAGE)
    page.goto("action-plan/")
    page.evaluate("window.__full = true")
    page.on("dialog", lambda d: d.accept())
    choose_file(page, envelope("actions", "plan", {"items": [action()]}))
    wait_notice(page, "[data-action-plan]", "not saving")
    assert "Imported" not in page.locator("[data-action-plan] [data-smp-notice]").inner_text()
    # Kept in memory for the visit.
    assert page.locator("[data-action-plan] tbody a").inner_text() == "Do it"


@pytest.mark.parametrize(
    "palette",
    ['{"index": "x", "color": 5}', '{"index": 0, "color": {"a b": "x"}}', "[1, 2]", '"text"'],
)
def test_a_wrong_shaped_saved_palette_is_ignored(page, palette):
    seed(page, {"/.__palette": palette})
    page.goto("")
    assert page.locator("body").get_attribute("data-md-color-scheme") in ("default", "slate")


def test_a_share_link_for_a_newer_version_explains_itself(page):
    question = ASSESSMENT.dimensions[0].questions[0].id
    value = ASSESSMENT.levels[-1].value
    page.goto(f"{ASSESSMENT_URL}#answers={ASSESSMENT.version + 1},{question}:{value}")
    # The explanation is at the top of the form, in the shared view's banner area.
    shown = page.locator("[data-a=shared] [data-smp-notice]")
    shown.wait_for()
    assert "newer than this page" in shown.inner_text()
    assert page.locator(f"input[name='{question}']:checked").count() == 0


def test_a_share_link_for_an_older_version_says_so(page):
    if ASSESSMENT.version < 2:
        pytest.skip("the first assessment has no older version")
    question = ASSESSMENT.dimensions[0].questions[0].id
    value = ASSESSMENT.levels[-1].value
    page.goto(f"{ASSESSMENT_URL}#answers=1,{question}:{value}")
    shared = page.locator("[data-a=shared] [data-smp-notice]")
    shared.wait_for()
    assert "made for version 1" in shared.inner_text()


def test_a_dimension_id_starting_with_a_digit_keeps_the_widget_alive(page):
    """Ids are matched as attribute values, never pasted into CSS selectors."""
    dimension = ASSESSMENT.dimensions[0].id
    renamed = f"9{dimension}"

    def rename(route):
        body = route.fetch().text()
        body = re.sub(
            rf'(data-dim-row="|data-dimension="|data-rec="|&#34;){re.escape(dimension)}\b',
            rf"\g<1>{renamed}",
            body,
        )
        route.fulfill(body=body, content_type="text/html")

    page.route(f"**/{ASSESSMENT_URL}", rename)
    page.goto(ASSESSMENT_URL)
    assert page.locator(f"[data-dim-row='{renamed}']").count() == 1
    question = ASSESSMENT.dimensions[0].questions[0].id
    top = ASSESSMENT.levels[-1].value
    page.locator(f"input[name='{question}'][value='{top}']").check()
    row = page.locator(f"[data-dim-row='{renamed}'] td").first
    assert row.inner_text() == "100"


def test_the_ics_export_escapes_text_per_rfc_5545(page):
    planner = next(iter(PROJECT.frameworks.values()))
    url = next(f"planner/{f.id}/" for f in PROJECT.frameworks.values() if f.schedule)
    page.goto(url)
    hostile = "Plan; review, post\\done\nnext\r\x07line"
    row = page.locator("[data-task]").first
    row.evaluate("(row, title) => row.dataset.title = title", hostile)
    # Only a task given a block becomes an event of its own (the data assigns none).
    row.locator("select").select_option(index=1)
    _, body = download(page, page.locator("[data-act=ics]"))
    assert b"\x07" not in body and planner
    calendar = Calendar.from_ical(body)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert "Plan; review, post\\done\nnext\nline" in summaries


def test_state_saved_by_the_previous_release_loads(page):
    """Saved answers in today's format (smp:v1) keep working across the upgrade, for each widget."""
    question = ASSESSMENT.dimensions[0].questions[0].id
    value = ASSESSMENT.levels[-1].value
    checklist = next(iter(PROJECT.checklists.values()))
    unit = (
        checklist.id
        if not PROJECT.sections(checklist)[0].include
        else PROJECT.sections(checklist)[0].include
    )
    item = PROJECT.sections(checklist)[0].items[0].id
    planner = next(f for f in PROJECT.frameworks.values() if f.schedule)
    seed(
        page,
        {
            f"smp:v1:assessment:{ASSESSMENT.id}": json.dumps(
                {
                    "version": ASSESSMENT.version,
                    "answers": {question: value},
                    "notes": {question: "Old note"},
                    "snapshots": [],
                }
            ),
            f"smp:v1:checklist:{unit}": json.dumps(
                {"items": {item: {"done": True, "owner": "Ann"}}}
            ),
            "smp:v1:worksheet:strategy-a-to-r": json.dumps({"answers": {"x.1": "kept"}}),
            f"smp:v1:planner:{planner.id}": json.dumps(
                {"start": "10:00", "end": "18:00", "blocks": {}}
            ),
            PLAN_KEY: json.dumps({"items": [action(text="Old action")]}),
        },
    )
    page.goto(ASSESSMENT_URL)
    assert page.locator(f"input[name='{question}'][value='{value}']").is_checked()
    assert page.locator(f"[data-note='{question}']").input_value() == "Old note"
    page.goto(f"checklists/{checklist.id}/")
    assert page.locator(f"[data-item-check='{item}']").is_checked()
    page.goto(f"planner/{planner.id}/")
    assert page.locator("[data-hour]").first.input_value() == "10:00"
    page.goto("action-plan/")
    assert page.locator("[data-action-plan] tbody a").inner_text() == "Old action"
    page.goto("worksheets/strategy-a-to-r/")
    assert stored(page, "smp:v1:worksheet:strategy-a-to-r") == {"answers": {"x.1": "kept"}}
