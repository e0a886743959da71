"""The strategy worksheet: fields from the data, saving, storage faults, the Markdown document and JSON round trips."""

from __future__ import annotations

import json

import pytest

from macros.project import load_project
from macros.worktools import worksheet_frameworks

from .tools_helpers import BLOCKED, COUNT_SAVES, FULL, ROOT, download, enable_instant, instant, print_check, seed, stored, validate_export

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
    assert steps.evaluate_all("s => s.map(e => e.dataset.step)") == [e.id for e in FRAMEWORK.elements]
    for el in FRAMEWORK.elements:
        labels = page.locator(f"[data-step='{el.id}'] [data-field]").evaluate_all("fs => fs.map(f => f.labels[0].textContent)")
        substeps = [f"{s.label}. {s.title}" if s.label else s.title for s in el.substeps]
        assert labels == list(el.prompts) + substeps + ["Other notes on this step"], el.id
    assert page.locator("h2").evaluate_all("hs => hs.map(h => h.id)") == [e.id for e in FRAMEWORK.elements]


def test_answers_survive_a_reload(page):
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Grow qualified leads by 20 % in a year")
    field(page, f"{WITH_SUBSTEPS.id}.{WITH_SUBSTEPS.substeps[0].id}").fill("Done in March")
    page.reload()
    assert field(page, f"{FIRST.id}.1").input_value() == "Grow qualified leads by 20 % in a year"
    assert field(page, f"{WITH_SUBSTEPS.id}.{WITH_SUBSTEPS.substeps[0].id}").input_value() == "Done in March"
    assert stored(page, KEY)["answers"][f"{FIRST.id}.1"] == "Grow qualified leads by 20 % in a year"


def test_markdown_document_and_json_round_trip(page, tmp_path):
    page.goto(PATH)
    field(page, f"{FIRST.id}.1").fill("Grow leads\n\n- by 20 %")
    field(page, f"{FIRST.id}.notes").fill("Agreed with sales")
    name, body = download(page, page.locator("[data-act=md]"))
    md = body.decode()
    assert name == f"{FRAMEWORK.id}.md"
    assert md.startswith("# Our social media strategy\n")
    assert f"\n## {FIRST.heading}\n\n### {FIRST.prompts[0]}\n\nGrow leads\n\n- by 20 %\n\n### Other notes on this step\n\nAgreed with sales\n" in md
    assert FIRST.prompts[1] not in md
    assert md.count("\n## ") == len(FRAMEWORK.elements)
    assert f"\n## {FRAMEWORK.elements[1].heading}\n\n_No answers yet._\n" in md

    name, body = download(page, page.locator("[data-act=json]"))
    export = json.loads(body)
    validate_export(export)
    assert (export["kind"], export["id"], export["data"]["answers"][f"{FIRST.id}.notes"]) == ("worksheet", FRAMEWORK.id, "Agreed with sales")
    path = tmp_path / name
    path.write_bytes(body)
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-act=reset]").click()
    assert field(page, f"{FIRST.id}.1").input_value() == ""
    assert stored(page, KEY) is None
    page.locator("[data-import]").set_input_files(str(path))
    page.wait_for_function(f"document.querySelector(\"[data-field='{FIRST.id}.notes']\").value === 'Agreed with sales'")
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
    checklist.write_text(json.dumps({"format": "social-media-playbook", "format_version": 1, "kind": "checklist", "id": FRAMEWORK.id, "content_version": 1, "exported_at": "2026-01-01T00:00:00Z", "data": {"units": {}}}))
    page.locator("[data-import]").set_input_files(str(checklist))
    page.wait_for_function("document.querySelector('[data-worksheet] [data-smp-notice]').textContent.includes('belongs to checklist')")
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
    page.evaluate("k => localStorage.setItem(k, JSON.stringify({answers: {'gone.1': 'old answer', 'objectives.1': 'kept'}}))", KEY)
    page.reload()
    assert "1 saved answers belong to questions that are no longer" in page.locator("[data-worksheet] [data-smp-notice]").inner_text()
    assert field(page, "objectives.1").input_value() == "kept"
    field(page, "objectives.1").fill("changed")
    assert stored(page, KEY)["answers"] == {"gone.1": "old answer", "objectives.1": "changed"}


def test_instant_navigation_mounts_once(page, site, base_url):
    enable_instant(page, site, base_url)
    page.add_init_script(COUNT_SAVES)
    page.goto("")
    for _ in range(2):
        instant(page, page.locator(f".md-nav a[href$='{PATH}']").first, PATH, "[data-worksheet]")
        instant(page, page.locator(".md-nav a[href$='action-plan/']").first, "action-plan/", "[data-action-plan]")
    instant(page, page.locator(f".md-nav a[href$='{PATH}']").first, PATH, "[data-worksheet]")
    page.evaluate("window.__saves = []")
    field(page, f"{FIRST.id}.1").press_sequentially("ab")
    assert page.evaluate("window.__saves") == [KEY, KEY]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_print_and_accessibility(page, scheme):
    print_check(page, scheme, PATH, "[data-worksheet] [data-act=print]")
    assert not page.locator("[data-worksheet] [data-act=md]").is_visible()
    assert field(page, f"{FIRST.id}.1").is_visible()
