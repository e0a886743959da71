"""The strategy worksheet: fields from the data, saving, storage faults, the Markdown
document and JSON round trips."""

from __future__ import annotations

import json

import pytest

from playbook.data.project import load_project
from playbook.tools.worktools import worksheet_frameworks

from .tools_helpers import (
    BLOCKED,
    COUNT_SAVES,
    EN,
    FULL,
    ROOT,
    answer_next_dialog,
    download,
    enable_instant,
    import_file,
    instant,
    print_check,
    second_tab,
    seed,
    stored,
    validate_export,
)

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
FRAMEWORK = next(f for f in worksheet_frameworks(PROJECT) if f.id == "strategy-a-to-r")
PATH = f"worksheets/{FRAMEWORK.id}/"
KEY = f"smp:v1:worksheet:{FRAMEWORK.id}"
FIRST = FRAMEWORK.elements[0]
WITH_SUBSTEPS = next(e for e in FRAMEWORK.elements if e.substeps)


def field(page, key):
    return page.locator(f"[data-field='{key}']")


def test_every_step_prompt_and_substep_has_a_labelled_field(page):
    page.goto(PATH)
    steps = page.locator("[data-step]")
    assert steps.evaluate_all("s => s.map(e => e.dataset.step)") == [
        e.id for e in FRAMEWORK.elements
    ]
    for el in FRAMEWORK.elements:
        labels = page.locator(f"[data-step='{el.id}'] [data-field]").evaluate_all(
            "fs => fs.map(f => f.labels[0].textContent)"
        )
        substeps = [f"{s.label}. {s.title}" if s.label else s.title for s in el.substeps]
        assert labels == list(el.prompts) + substeps + ["Other notes on this step"], el.id
    assert page.locator("h2").evaluate_all("hs => hs.map(h => h.id)") == [
        e.id for e in FRAMEWORK.elements
    ]


def test_answers_survive_a_reload(page):
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Grow qualified leads by 20 % in a year")
    field(page, f"{WITH_SUBSTEPS.id}.{WITH_SUBSTEPS.substeps[0].id}").fill("Done in March")
    page.reload()
    assert field(page, f"{FIRST.id}.1").input_value() == "Grow qualified leads by 20 % in a year"
    assert (
        field(page, f"{WITH_SUBSTEPS.id}.{WITH_SUBSTEPS.substeps[0].id}").input_value()
        == "Done in March"
    )
    assert stored(page, KEY)["answers"][f"{FIRST.id}.1"] == "Grow qualified leads by 20 % in a year"


def test_markdown_document_and_json_round_trip(page, tmp_path):
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Grow leads\n\n- by 20 %")
    field(page, f"{FIRST.id}.notes").fill("Agreed with sales\n# not a heading\n## nor this")
    name, body = download(page, page.locator("[data-act=md]"))
    md = body.decode()
    assert name == f"{FRAMEWORK.id}.md"
    assert md.startswith("# Our social media strategy\n")
    # An answer's own "#" lines are escaped, so they cannot become headings of the document.
    notes = "Agreed with sales\n\\# not a heading\n\\## nor this"
    assert (
        f"\n## {FIRST.heading}\n\n### {FIRST.prompts[0]}\n\nGrow leads\n\n- by 20 %\n\n"
        f"### Other notes on this step\n\n{notes}\n" in md
    )
    assert FIRST.prompts[1] not in md
    assert md.count("\n## ") == len(FRAMEWORK.elements)
    assert md.count("\n# ") == 0
    assert f"\n## {FRAMEWORK.elements[1].heading}\n\n_No answers yet._\n" in md

    name, body = download(page, page.locator("[data-act=json]"))
    export = json.loads(body)
    validate_export(export)
    assert (export["kind"], export["id"], export["data"]["answers"][f"{FIRST.id}.notes"]) == (
        "worksheet",
        FRAMEWORK.id,
        "Agreed with sales\n# not a heading\n## nor this",
    )
    path = tmp_path / name
    path.write_bytes(body)
    answer_next_dialog(page, accept=True)
    page.locator("[data-act=reset]").click()
    assert field(page, f"{FIRST.id}.1").input_value() == ""
    assert stored(page, KEY) is None
    # The import asks before replacing what is typed: no changes nothing, yes restores the answers.
    field(page, f"{FIRST.id}.2").fill("Typed since")
    assert import_file(page, path, accept=False) == EN["common.confirm_import"]
    assert (
        field(page, f"{FIRST.id}.2").input_value() == "Typed since"
        and field(page, f"{FIRST.id}.1").input_value() == ""
    )
    import_file(page, path, accept=True)
    page.wait_for_function(
        f"() => document.querySelector(\"[data-field='{FIRST.id}.1']\")"
        ".value.startsWith('Grow leads')"
    )
    assert field(page, f"{FIRST.id}.2").input_value() == ""
    assert (
        page.locator("[data-worksheet] [data-smp-notice]").inner_text() == EN["worksheet.imported"]
    )
    page.reload()
    assert field(page, f"{FIRST.id}.1").input_value() == "Grow leads\n\n- by 20 %"


def test_import_refuses_other_files(page, tmp_path):
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Keep me")
    not_json = tmp_path / "notes.json"
    not_json.write_text("hello")
    page.locator("[data-import]").set_input_files(str(not_json))
    notice = page.locator("[data-worksheet] [data-smp-notice]")
    notice.wait_for()
    assert "not a JSON file" in notice.inner_text()
    checklist = tmp_path / "checklist.json"
    checklist.write_text(
        json.dumps(
            {
                "format": "social-media-playbook",
                "format_version": 1,
                "kind": "checklist",
                "id": FRAMEWORK.id,
                "content_version": 1,
                "exported_at": "2026-01-01T00:00:00Z",
                "data": {"units": {}},
            }
        )
    )
    page.locator("[data-import]").set_input_files(str(checklist))
    page.wait_for_function(
        "() => document.querySelector('[data-worksheet] [data-smp-notice]')"
        ".textContent.includes('belongs to checklist')"
    )
    assert field(page, f"{FIRST.id}.1").input_value() == "Keep me"


@pytest.mark.parametrize("fault", [BLOCKED, FULL], ids=["blocked", "full"])
def test_unusable_storage_shows_a_notice(page, fault):
    page.add_init_script(fault)
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Typed anyway")
    notice = page.locator("[data-worksheet] [data-smp-notice]")
    assert "not saving" in notice.inner_text()
    _, body = download(page, notice.get_by_role("button"))
    assert json.loads(body)["data"]["answers"][f"{FIRST.id}.1"] == "Typed anyway"


def test_corrupt_data_and_answers_to_removed_questions(page):
    seed(page, {KEY: "[1, 2"})
    page.goto(PATH)
    assert "could not be read" in page.locator("[data-worksheet] [data-smp-notice]").inner_text()
    page.evaluate(
        "k => localStorage.setItem(k, JSON.stringify({answers: {'gone.1': 'old answer',"
        " 'objectives.1': 'kept'}}))",
        KEY,
    )
    page.reload()
    # One answer: the singular sentence.
    assert (
        page.locator("[data-worksheet] [data-smp-notice]").inner_text()
        == EN["worksheet.orphans_one"]
    )
    assert field(page, "objectives.1").input_value() == "kept"
    field(page, "objectives.1").fill("changed")
    assert stored(page, KEY)["answers"] == {"gone.1": "old answer", "objectives.1": "changed"}


def test_import_refuses_a_file_without_answers(page, tmp_path):
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Keep me")
    path = tmp_path / "empty.json"
    path.write_text(
        json.dumps(
            {
                "format": "social-media-playbook",
                "format_version": 1,
                "kind": "worksheet",
                "id": FRAMEWORK.id,
                "content_version": 1,
                "exported_at": "2026-01-01T00:00:00Z",
                "data": {"notes": {}},
            }
        )
    )
    # The envelope is right but the answers are missing: refused before any "replace?" question.
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.locator("[data-import]").set_input_files(str(path))
    page.wait_for_function(
        "() => document.querySelector('[data-worksheet] [data-smp-notice]').textContent"
        ".includes('data.notes does not follow the export format')"
    )
    assert field(page, f"{FIRST.id}.1").input_value() == "Keep me"
    assert stored(page, KEY)["answers"] == {f"{FIRST.id}.1": "Keep me"}
    assert asked == []


def test_back_from_the_cache_shows_what_other_tabs_saved(page):
    # A page restored from the back-forward cache missed the storage events of its
    # absence; it reads storage again.
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Before leaving")
    page.evaluate(
        "k => localStorage.setItem(k, JSON.stringify({answers: "
        "{[document.querySelector('[data-field]').dataset.field]: "
        "'Saved by another tab meanwhile'}}))",
        KEY,
    )
    page.evaluate("() => dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert field(page, f"{FIRST.id}.1").input_value() == "Saved by another tab meanwhile"


def test_two_tabs_keep_each_others_answers(page, base_url):
    page.goto(PATH)
    with second_tab(page, base_url) as other:
        other.goto(PATH)
        # Each tab types into its own field; neither save may drop the other's answer.
        field(page, f"{FIRST.id}.1").fill("From the first tab")
        other.wait_for_function(
            f"() => document.querySelector(\"[data-field='{FIRST.id}.1']\")"
            ".value === 'From the first tab'"
        )
        field(other, f"{FIRST.id}.notes").fill("From the second tab")
        page.wait_for_function(
            f"() => document.querySelector(\"[data-field='{FIRST.id}.notes']\")"
            ".value === 'From the second tab'"
        )
        field(page, f"{FIRST.id}.2").press_sequentially("and again")
        both = {
            f"{FIRST.id}.1": "From the first tab",
            f"{FIRST.id}.notes": "From the second tab",
            f"{FIRST.id}.2": "and again",
        }
        assert stored(page, KEY)["answers"] == both
        other.reload()
        assert {k: field(other, k).input_value() for k in both} == both


def test_a_late_storage_event_never_undoes_newer_typing(page):
    # Another tab's event can arrive after this tab saved again; the widget must
    # follow storage, not the stale event.
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Typed after the other tab wrote")
    stale = json.dumps({"answers": {f"{FIRST.id}.notes": "The other tab's older state"}})
    page.evaluate(
        "([k, v]) => dispatchEvent(new StorageEvent('storage', {key: k, newValue: v}))",
        [KEY, stale],
    )
    assert field(page, f"{FIRST.id}.1").input_value() == "Typed after the other tab wrote"
    assert stored(page, KEY)["answers"] == {f"{FIRST.id}.1": "Typed after the other tab wrote"}


def test_instant_navigation_mounts_once(page, site, base_url):
    enable_instant(page, site, base_url)
    page.add_init_script(COUNT_SAVES)
    page.goto("")
    for _ in range(2):
        instant(page, page.locator(f".md-nav a[href$='{PATH}']").first, PATH, "[data-worksheet]")
        instant(
            page,
            page.locator(".md-nav a[href$='action-plan/']").first,
            "action-plan/",
            "[data-action-plan]",
        )
    instant(page, page.locator(f".md-nav a[href$='{PATH}']").first, PATH, "[data-worksheet]")
    page.evaluate("window.__saves = []")
    field(page, f"{FIRST.id}.1").press_sequentially("ab")
    assert page.evaluate("window.__saves") == [KEY, KEY]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_print_hides_the_controls(page, scheme):
    print_check(page, scheme, PATH, "[data-worksheet] [data-act=print]")
    assert not page.locator("[data-worksheet] [data-act=md]").is_visible()
    assert field(page, f"{FIRST.id}.1").is_visible()


def test_a_step_goes_to_the_action_plan_and_stays_marked(page):
    page.goto(PATH)
    step = page.locator(f"[data-step='{FIRST.id}']")
    button = step.locator("[data-act=plan]")
    assert button.inner_text() == EN["worksheet.add_step"]
    button.click()
    # The button stays focusable and says where the step is now, also after a reload.
    assert button.evaluate("b => b === document.activeElement")
    for _ in range(2):
        assert button.inner_text() == EN["worksheet.in_plan"]
        assert button.get_attribute("aria-disabled") == "true"
        page.reload()
    others = page.locator(f"[data-step]:not([data-step='{FIRST.id}']) [data-act=plan]")
    assert set(others.all_inner_texts()) == {EN["worksheet.add_step"]}
    # Pressing it again (it stays in the tab order) adds nothing.
    button.focus()
    page.keyboard.press("Enter")
    items = stored(page, "smp:v1:actions:plan")["items"]
    assert [(a["text"], a["source"]) for a in items] == [
        (FIRST.heading, f"worksheet:{FRAMEWORK.id}/{FIRST.id}")
    ]
    page.goto("action-plan/")
    row = page.locator("[data-action-plan] tbody tr")
    assert row.locator("[data-source]").inner_text() == EN["actions.source_worksheet"]
    row.locator("a").click()
    page.wait_for_url(f"**/{PATH}#{FIRST.id}")
