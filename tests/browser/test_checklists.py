"""Checklists: saved ticks and details, shared state across pages, storage faults, instant
navigation, recurrence, exports."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from playbook.data.project import load_project
from playbook.tools.worktools import ICAL_DAYS, checklist_days

from .conftest import NO_VIOLATIONS, axe_in_both_schemes, serve_site
from .tools_helpers import (
    BLOCKED,
    COUNT_SAVES,
    EN,
    FULL,
    NO_PRINT,
    ROOT,
    SLATE,
    answer_next_dialog,
    checked_context,
    csv_rows,
    download,
    enable_instant,
    import_file,
    instant,
    seed,
    stored,
    validate_export,
    wait_notice,
)

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
DAILY = next(c for c in PROJECT.checklists.values() if c.recurrence == "daily")
DAILY_ITEMS = [i for s in PROJECT.sections(DAILY) for i in s.items]
# The daily checklist's first unit (an element of the workflow) and its storage key.
DAILY_UNIT = PROJECT.sections(DAILY)[0]
DAILY_KEY = f"smp:v1:checklist:{DAILY_UNIT.include or DAILY.id}"
# A checklist page that includes framework elements, and the first such element.
SHARED = next(
    c
    for c in PROJECT.checklists.values()
    if c.recurrence == "none" and any(s.include for s in PROJECT.sections(c))
)
SHARED_SECTION = next(s for s in PROJECT.sections(SHARED) if s.include)
ITEM = SHARED_SECTION.items[0]
FRAMEWORK = SHARED_SECTION.include.split("/")[0]
# A checklist with its own items (not from an element), for the per-checklist unit.
OWN = next(
    (c, s) for c in PROJECT.checklists.values() for s in PROJECT.sections(c) if not s.include
)


def progress(page, root="[data-checklist]"):
    """(done, total) from the progress element's data attributes."""
    el = page.locator(f"{root} [data-checklist-progress]").first
    return int(el.get_attribute("data-done")), int(el.get_attribute("data-total"))


def test_ticks_and_details_survive_a_reload(page):
    page.goto(f"checklists/{SHARED.id}/")
    total = progress(page)[1]
    assert total == sum(len(s.items) for s in PROJECT.sections(SHARED))
    item = page.locator(f"[data-item='{ITEM.id}']")
    item.locator("[data-item-check]").check()
    item.locator("summary").click()
    item.locator("[data-f=owner]").fill("Ana")
    item.locator("[data-f=due]").fill("2026-03-01")
    item.locator("[data-f=note]").fill("Ask the board first")
    assert progress(page) == (1, total)
    assert page.locator("[data-checklist-progress]").inner_text().strip() == f"1 of {total} done"
    assert page.locator("[data-checklist-progress] progress").evaluate("e => e.value") == 1
    page.reload()
    item = page.locator(f"[data-item='{ITEM.id}']")
    assert item.locator("[data-item-check]").is_checked()
    assert [item.locator(f"[data-f={f}]").input_value() for f in ("owner", "due", "note")] == [
        "Ana",
        "2026-03-01",
        "Ask the board first",
    ]
    assert item.locator("details").get_attribute("data-filled") is not None
    assert progress(page) == (1, total)
    # Saved under the element's key, namespaced and versioned.
    assert stored(page, f"smp:v1:checklist:{SHARED_SECTION.include}")["items"][ITEM.id] == {
        "done": True,
        "owner": "Ana",
        "due": "2026-03-01",
        "note": "Ask the board first",
    }


def test_the_same_state_on_the_framework_page_and_every_checklist(page):
    page.goto(f"frameworks/{FRAMEWORK}/")
    widget = page.locator(f"[data-checklist='{SHARED_SECTION.include}']")
    widget.locator(f"[data-item-check='{ITEM.id}']").check()
    assert progress(page, f"[data-checklist='{SHARED_SECTION.include}']")[0] == 1
    others = [
        c
        for c in PROJECT.checklists.values()
        if any(s.include == SHARED_SECTION.include for s in PROJECT.sections(c))
    ]
    for checklist in others:
        page.goto(f"checklists/{checklist.id}/")
        assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked(), checklist.id
        assert progress(page)[0] == 1
    # And back: unticking on the checklist page unticks it on the framework page.
    page.locator(f"[data-item-check='{ITEM.id}']").uncheck()
    page.goto(f"frameworks/{FRAMEWORK}/")
    assert not widget.locator(f"[data-item-check='{ITEM.id}']").is_checked()


def test_own_items_are_saved_under_the_checklist(page):
    checklist, section = OWN
    page.goto(f"checklists/{checklist.id}/")
    page.locator(f"[data-item-check='{section.items[0].id}']").check()
    assert (
        stored(page, f"smp:v1:checklist:{checklist.id}")["items"][section.items[0].id]["done"]
        is True
    )


def test_instant_navigation_mounts_once_and_keeps_state(page, site, base_url):
    enable_instant(page, site, base_url)
    page.add_init_script(COUNT_SAVES)
    page.goto(f"frameworks/{FRAMEWORK}/")
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    # Framework page -> checklist page -> framework page -> checklist page, all without a full load.
    link = f".smp-next a[href$='checklists/{SHARED.id}/']"
    instant(
        page,
        page.locator(link).first,
        f"checklists/{SHARED.id}/",
        f"[data-checklist='{SHARED.id}']",
    )
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()
    assert progress(page)[0] == 1
    instant(
        page,
        page.locator(f".smp-next a[href$='frameworks/{FRAMEWORK}/']").first,
        f"frameworks/{FRAMEWORK}/",
        f"[data-checklist='{SHARED_SECTION.include}']",
    )
    instant(
        page,
        page.locator(link).first,
        f"checklists/{SHARED.id}/",
        f"[data-checklist='{SHARED.id}']",
    )
    page.evaluate("window.__saves = []")
    page.locator(f"[data-item='{ITEM.id}'] summary").click()
    page.locator(f"[data-item='{ITEM.id}'] [data-f=owner]").fill("Bo")
    page.locator(f"[data-item-check='{ITEM.id}']").uncheck()
    # fill() types once; one save per change proves one listener per
    # widget, old pages' listeners gone.
    assert page.evaluate("window.__saves") == [f"smp:v1:checklist:{SHARED_SECTION.include}"] * 2
    assert progress(page)[0] == 0
    # One widget with one notice area (no copies left by instant navigation), and nothing to report.
    assert (
        page.locator("[data-checklist]").count() == page.locator("[data-smp-notice]").count() == 1
    )
    assert page.locator("[data-smp-notice]").is_hidden()


@pytest.mark.parametrize("fault", [BLOCKED, FULL], ids=["blocked", "full"])
def test_unusable_storage_shows_a_notice_and_keeps_working(page, fault):
    page.add_init_script(fault)
    page.goto(f"checklists/{SHARED.id}/")
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    notice = page.locator("[data-checklist] [data-smp-notice]")
    assert "not saving" in notice.inner_text()
    assert progress(page)[0] == 1
    # The notice offers an export, which still works.
    name, body = download(page, notice.get_by_role("button"))
    assert name.endswith(".json") and json.loads(body)["kind"] == "checklist"


def test_corrupt_saved_data_is_set_aside(page):
    key = f"smp:v1:checklist:{SHARED_SECTION.include}"
    seed(page, {key: "{not json"})
    page.goto(f"checklists/{SHARED.id}/")
    assert "could not be read" in page.locator("[data-checklist] [data-smp-notice]").inner_text()
    assert page.evaluate("k => localStorage.getItem(k + ':corrupt')", key) == "{not json"
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    assert stored(page, key)["items"][ITEM.id]["done"] is True


def test_entries_for_removed_items_are_kept_and_reported(page):
    key = f"smp:v1:checklist:{SHARED_SECTION.include}"
    seed(
        page,
        {
            key: json.dumps(
                {"items": {"gone-item": {"done": True, "note": "old"}, ITEM.id: {"done": True}}}
            )
        },
    )
    page.goto(f"checklists/{SHARED.id}/")
    # One entry: the singular sentence.
    assert (
        page.locator("[data-checklist] [data-smp-notice]").inner_text()
        == EN["checklist.orphans_one"]
    )
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()
    assert progress(page)[0] == 1
    page.locator(f"[data-item-check='{ITEM.id}']").uncheck()
    assert stored(page, key)["items"]["gone-item"] == {"done": True, "note": "old"}
    _, body = download(page, page.locator("[data-act=json]"))
    assert (
        json.loads(body)["data"]["units"][SHARED_SECTION.include]["items"]["gone-item"]["note"]
        == "old"
    )


def test_reset_asks_first(page):
    page.goto(f"checklists/{SHARED.id}/")
    item = page.locator(f"[data-item='{ITEM.id}']")
    item.locator("[data-item-check]").check()
    item.locator("summary").click()
    item.locator("[data-f=owner]").fill("Ana")
    # No: nothing changes.
    asked = answer_next_dialog(page, accept=False)
    page.locator("[data-act=reset]").click()
    assert asked == [EN["checklist.confirm_reset"]]
    assert (
        item.locator("[data-item-check]").is_checked()
        and item.locator("[data-f=owner]").input_value() == "Ana"
    )
    # Yes: ticks and details are cleared, here and in storage.
    answer_next_dialog(page, accept=True)
    page.locator("[data-act=reset]").click()
    assert not item.locator("[data-item-check]").is_checked()
    assert item.locator("[data-f=owner]").input_value() == ""
    assert progress(page)[0] == 0
    assert stored(page, f"smp:v1:checklist:{SHARED_SECTION.include}") == {"items": {}}


def test_exports_and_json_round_trip(page, tmp_path):
    page.goto(f"checklists/{SHARED.id}/")
    item = page.locator(f"[data-item='{ITEM.id}']")
    item.locator("[data-item-check]").check()
    item.locator("summary").click()
    item.locator("[data-f=owner]").fill('Ana, "comms"')
    item.locator("[data-f=note]").fill("Line one\nline two")

    name, body = download(page, page.locator("[data-act=md]"))
    md = body.decode()
    assert name == f"{SHARED.id}.md"
    assert md.startswith(f"# {SHARED.title}\n")
    assert f"\n## {SHARED_SECTION.title}\n" in md
    # The note's second line is indented, so it stays inside the item.
    assert f'- [x] {ITEM.text} (Owner: Ana, "comms"; Note: Line one\n  line two)' in md
    assert md.count("- [ ] ") == progress(page)[1] - 1

    name, body = download(page, page.locator("[data-act=csv]"))
    rows = csv_rows(body)
    assert rows[0] == ["Section", "Item id", "Item", "Done", "Owner", "Due date", "Note"]
    assert [
        SHARED_SECTION.title,
        ITEM.id,
        ITEM.text,
        "x",
        'Ana, "comms"',
        "",
        "Line one\nline two",
    ] in rows
    assert len(rows) == 1 + progress(page)[1]

    name, body = download(page, page.locator("[data-act=json]"))
    export = json.loads(body)
    validate_export(export)
    assert (export["kind"], export["id"]) == ("checklist", SHARED.id)
    path = tmp_path / name
    path.write_bytes(body)

    answer_next_dialog(page, accept=True)
    page.locator("[data-act=reset]").click()
    assert progress(page)[0] == 0
    # The import asks first; no leaves the page as it is.
    assert import_file(page, path, accept=False) == EN["common.confirm_import"]
    assert progress(page)[0] == 0 and item.locator("[data-f=owner]").input_value() == ""
    assert page.locator("[data-checklist] [data-smp-notice]").is_hidden()
    import_file(page, path, accept=True)
    page.wait_for_function(
        f"() => document.querySelector(\"[data-item-check='{ITEM.id}']\").checked"
    )
    assert item.locator("[data-f=owner]").input_value() == 'Ana, "comms"'
    assert (
        page.locator("[data-checklist] [data-smp-notice]").inner_text() == EN["checklist.imported"]
    )
    page.reload()
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()


def details(page, item_id: str, **values: str):
    """Open an item's details and fill its owner, due date or note."""
    item = page.locator(f"[data-item='{item_id}']")
    item.locator("summary").click()
    for name, value in values.items():
        item.locator(f"[data-f={name}]").fill(value)
    return item


def test_csv_starts_with_a_bom_and_defuses_formulas(page):
    page.goto(f"checklists/{SHARED.id}/")
    details(page, ITEM.id, owner="+49 30 1234", note="=SUM(A1)")
    details(page, SHARED_SECTION.items[1].id, note="Costs -5 % = fine")
    rows = {r[1]: r for r in csv_rows(download(page, page.locator("[data-act=csv]"))[1])}
    # A spreadsheet would run a cell starting with = + - @ as a formula; a leading ' makes it text.
    assert rows[ITEM.id][4:] == ["'+49 30 1234", "", "'=SUM(A1)"]
    # Signs inside the text are left alone.
    assert rows[SHARED_SECTION.items[1].id][6] == "Costs -5 % = fine"


def test_a_note_line_that_looks_like_an_item_stays_inside_its_item(page):
    page.goto(f"checklists/{SHARED.id}/")
    details(page, ITEM.id, note="Ask first\n- not an item")
    md = download(page, page.locator("[data-act=md]"))[1].decode()
    # Indented to the item's text, the line continues the item instead of starting a new one.
    assert f"- [ ] {ITEM.text} (Note: Ask first\n  - not an item)\n" in md
    assert "\n- not an item" not in md
    assert md.count("\n- [ ] ") == progress(page)[1]


def test_unchecked_items_take_their_owner_and_due_date_to_the_action_plan(page):
    page.goto(f"checklists/{SHARED.id}/")
    details(page, ITEM.id, owner="Ana", due="2026-03-01")
    page.locator("[data-act=plan]").click()
    actions = {a["source"]: a for a in stored(page, "smp:v1:actions:plan")["items"]}
    assert len(actions) == progress(page)[1]
    # The item's owner and due date go with it; the others get empty ones, as docs/widgets.md says.
    mine = actions.pop(f"checklist:{ITEM.id}")
    assert (mine["owner"], mine["due"]) == ("Ana", "2026-03-01")
    assert {(a.get("owner"), a.get("due")) for a in actions.values()} == {("", "")}
    # The action plan shows them.
    page.goto("action-plan/")
    row = page.locator("[data-action-plan] tbody tr").filter(has_text=ITEM.text)
    assert [row.locator(f"[data-f={f}]").input_value() for f in ("owner", "due")] == [
        "Ana",
        "2026-03-01",
    ]


@pytest.mark.parametrize(
    "saved",
    [
        {"items": {"x": "y"}},
        {"items": []},
        {"items": "all"},
        {"items": {ITEM.id: "done", "other": 3}},
        {"items": {ITEM.id: None}},
        {"items": {ITEM.id: [True]}},
    ],
    ids=[
        "string-entry",
        "list",
        "string",
        "string-for-an-item",
        "null-for-an-item",
        "list-for-an-item",
    ],
)
def test_wrong_shaped_saved_data_still_lets_every_item_be_ticked(page, saved):
    key = f"smp:v1:checklist:{SHARED_SECTION.include}"
    seed(page, {key: json.dumps(saved)})
    page.goto(f"checklists/{SHARED.id}/")
    boxes = [page.locator(f"[data-item-check='{i.id}']") for i in SHARED_SECTION.items]
    for box in boxes:
        box.check()
    assert progress(page)[0] == len(boxes)
    # The ticks are saved as the format says, so they survive a reload.
    assert all(stored(page, key)["items"][i.id] == {"done": True} for i in SHARED_SECTION.items)
    page.reload()
    assert [box.is_checked() for box in boxes] == [True] * len(boxes)


def export_file(tmp_path, name: str, **envelope) -> str:
    """A checklist export of SHARED written to tmp_path, with envelope fields replaced."""
    doc = {
        "format": "social-media-playbook",
        "format_version": 1,
        "kind": "checklist",
        "id": SHARED.id,
        "content_version": 1,
        "exported_at": "2026-01-01T00:00:00Z",
        "data": {"units": {}},
    }
    path = tmp_path / name
    path.write_text(json.dumps({**doc, **envelope}), encoding="utf-8")
    return str(path)


def test_import_refuses_another_checklists_file(page, tmp_path):
    other = next(c for c in PROJECT.checklists.values() if c.id != SHARED.id)
    page.goto(f"checklists/{SHARED.id}/")
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    notice = page.locator("[data-checklist] [data-smp-notice]")
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    # Another checklist's file, and a format_version that is not an
    # integer, are refused without asking.
    page.locator("[data-import]").set_input_files(export_file(tmp_path, "other.json", id=other.id))
    wait_notice(page, "[data-checklist]", f"belongs to checklist {other.id}")
    page.locator("[data-import]").set_input_files(
        export_file(tmp_path, "version.json", format_version="1")
    )
    wait_notice(page, "[data-checklist]", "not an export")
    assert asked == []
    # A valid envelope without units is refused too, still without asking: the data is checked
    # before the question. The old notice is cleared so that the wait sees the new one.
    notice.evaluate("n => n.textContent = ''")
    page.locator("[data-import]").set_input_files(export_file(tmp_path, "shape.json", data={}))
    wait_notice(page, "[data-checklist]", "data.units does not follow the export format")
    assert asked == []
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()


def test_print_view_hides_controls_and_shows_filled_details(page):
    page.add_init_script(NO_PRINT)
    page.goto(f"checklists/{SHARED.id}/")
    item = page.locator(f"[data-item='{ITEM.id}']")
    item.locator("summary").click()
    item.locator("[data-f=owner]").fill("Ana")
    item.locator("summary").click()
    page.locator("[data-act=print]").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert item.locator("details").evaluate("d => d.open")
    assert item.locator("[data-f=owner]").is_visible()
    assert not page.locator("[data-act=reset]").is_visible()
    assert not page.locator("[data-import]").is_visible()
    other = page.locator("[data-item] details:not([data-filled])").first
    assert not other.is_visible()
    assert page.locator("[data-item-check]").first.is_visible()


def history_rows(history) -> list[str]:
    """The history table's rows as "period: done of total", newest first."""
    return history.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => `${r.cells[0].textContent}: ${r.cells[1].textContent}`)"
    )


def _tick_all(page):
    for item in DAILY_ITEMS:
        page.locator(f"[data-item-check='{item.id}']").check()


def test_daily_checklist_starts_over_and_keeps_history_and_streak(page):
    n = len(DAILY_ITEMS)
    page.clock.install(time=datetime(2026, 3, 2, 10, 0))
    page.goto(f"checklists/{DAILY.id}/")
    assert page.locator("[data-checklist]").get_attribute("data-recurrence") == "daily"
    _tick_all(page)
    history = page.locator("[data-history]")
    # A streak of one is said in the singular.
    assert (
        history.locator("[data-streak]").inner_text()
        == EN["checklist.streak_daily_one"]
        == "Streak: 1 day with every item done."
    )
    assert history_rows(history)[0] == f"2026-03-02: {n} of {n}"

    # The next morning everything is unticked; yesterday stays in the history and the streak holds.
    page.clock.set_system_time(datetime(2026, 3, 3, 8, 0))
    page.reload()
    assert progress(page) == (0, n)
    assert history_rows(history)[:2] == [
        f"2026-03-03: 0 of {n}",
        f"2026-03-02: {n} of {n}",
    ]
    assert history.locator("[data-streak]").inner_text() == "Streak: 1 day with every item done."
    # The framework page agrees: its element checklists follow the daily rhythm.
    page.goto(f"frameworks/{DAILY.frameworks[0]}/")
    first = page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']")
    assert not first.is_checked()
    first.check()
    page.goto(f"checklists/{DAILY.id}/")
    assert progress(page) == (1, n)
    _tick_all(page)
    assert (
        history.locator("[data-streak]").inner_text()
        == "Streak: 2 days in a row with every item done."
    )

    # Skipping a day breaks the streak.
    page.clock.set_system_time(datetime(2026, 3, 5, 9, 0))
    page.reload()
    assert progress(page) == (0, n)
    assert (
        history.locator("[data-streak]").inner_text()
        == "Streak: 0 days in a row with every item done."
    )
    assert history_rows(history)[:4] == [
        f"2026-03-05: 0 of {n}",
        f"2026-03-04: 0 of {n}",
        f"2026-03-03: {n} of {n}",
        f"2026-03-02: {n} of {n}",
    ]
    # Notes survive the reset; only ticks start over.
    item = page.locator(f"[data-item='{DAILY_ITEMS[0].id}']")
    item.locator("summary").click()
    item.locator("[data-f=note]").fill("Use the saved search")
    page.clock.set_system_time(datetime(2026, 3, 6, 9, 0))
    page.reload()
    assert (
        page.locator(f"[data-item='{DAILY_ITEMS[0].id}'] [data-f=note]").input_value()
        == "Use the saved search"
    )


def test_history_counts_only_items_still_in_the_list(page):
    n = len(DAILY_ITEMS)
    # A ticked entry for an item no longer in the unit, from today.
    seed(
        page,
        {DAILY_KEY: json.dumps({"period": "2026-03-02", "items": {"gone-item": {"done": True}}})},
    )
    page.clock.install(time=datetime(2026, 3, 2, 10, 0))
    page.goto(f"checklists/{DAILY.id}/")
    _tick_all(page)
    assert history_rows(page.locator("[data-history]"))[0] == f"2026-03-02: {n} of {n}"
    assert stored(page, DAILY_KEY)["history"] == {"2026-03-02": len(DAILY_UNIT.items)}
    # The entry itself is kept.
    assert stored(page, DAILY_KEY)["items"]["gone-item"] == {"done": True}


def test_reset_keeps_the_history_and_the_streak(page):
    n = len(DAILY_ITEMS)
    page.clock.install(time=datetime(2026, 3, 2, 10, 0))
    page.goto(f"checklists/{DAILY.id}/")
    _tick_all(page)
    page.clock.set_system_time(datetime(2026, 3, 3, 10, 0))
    page.reload()
    _tick_all(page)
    item = details(page, DAILY_ITEMS[0].id, note="Use the saved search")
    history = page.locator("[data-history]")
    before = history_rows(history)
    assert before[:2] == [f"2026-03-03: {n} of {n}", f"2026-03-02: {n} of {n}"]
    streak = "Streak: 2 days in a row with every item done."
    assert history.locator("[data-streak]").inner_text() == streak
    answer_next_dialog(page, accept=True)
    page.locator("[data-act=reset]").click()
    # Ticks and notes go; what was done in each day, and so the streak, stays (also after a reload).
    assert progress(page) == (0, n) and item.locator("[data-f=note]").input_value() == ""
    for _ in range(2):
        assert history_rows(history) == before
        assert history.locator("[data-streak]").inner_text() == streak
        page.reload()
    assert stored(page, DAILY_KEY) == {
        "items": {},
        "period": "2026-03-03",
        "history": {"2026-03-02": len(DAILY_UNIT.items), "2026-03-03": len(DAILY_UNIT.items)},
    }


def test_a_page_left_open_past_midnight_starts_the_new_day_by_itself(page):
    n = len(DAILY_ITEMS)
    page.clock.install(time=datetime(2026, 3, 2, 23, 50))
    page.goto(f"checklists/{DAILY.id}/")
    page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']").check()
    # Twenty minutes pass with nobody touching the page: its minute timer starts the new day.
    page.clock.fast_forward("20:00")
    assert progress(page) == (0, n)
    assert not page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']").is_checked()
    assert history_rows(page.locator("[data-history]"))[:2] == [
        f"2026-03-03: 0 of {n}",
        f"2026-03-02: 1 of {n}",
    ]
    # The next tick counts for the new day.
    page.locator(f"[data-item-check='{DAILY_ITEMS[1].id}']").check()
    assert progress(page) == (1, n)
    assert history_rows(page.locator("[data-history]"))[0] == f"2026-03-03: 1 of {n}"


@pytest.mark.parametrize("path", [f"checklists/{DAILY.id}/", f"frameworks/{FRAMEWORK}/"])
def test_no_serious_accessibility_violations_in_either_scheme(page, path):
    page.goto(path)
    page.locator(f"[data-item-check='{ITEM.id}'], [data-item-check]").first.check()
    page.locator("[data-item] summary").first.click()
    page.mouse.move(0, 0)
    assert axe_in_both_schemes(page) == NO_VIOLATIONS


@pytest.fixture(scope="module")
def weekly_url(variants_build):
    """The playbook with the daily checklist made weekly (conftest's make_variants), built once
    per session and served on its own port."""
    site = variants_build.site
    with serve_site(site) as url:
        yield url


def test_weekly_checklist_starts_over_on_monday(browser, weekly_url):
    # Its own context (another site), checked for errors and foreign requests like the page fixture.
    with checked_context(browser, weekly_url) as page:
        n = len(DAILY_ITEMS)
        page.clock.install(time=datetime(2026, 3, 4, 10, 0))  # a Wednesday
        page.goto(f"checklists/{DAILY.id}/")
        assert page.locator("[data-checklist]").get_attribute("data-recurrence") == "weekly"
        _tick_all(page)
        history = page.locator("[data-history]")
        assert history_rows(history)[0] == f"2026-03-02: {n} of {n}"
        assert (
            history.locator("[data-streak]").inner_text()
            == EN["checklist.streak_weekly_one"]
            == "Streak: 1 week with every item done."
        )
        # Sunday is still the same week.
        page.clock.set_system_time(datetime(2026, 3, 8, 22, 0))
        page.reload()
        assert progress(page) == (n, n)
        # Monday starts a new week; last week stays in the history and keeps the streak alive.
        page.clock.set_system_time(datetime(2026, 3, 9, 7, 0))
        page.reload()
        assert progress(page) == (0, n)
        assert history_rows(history)[:3] == [
            f"2026-03-09: 0 of {n}",
            f"2026-03-02: {n} of {n}",
            f"2026-02-23: 0 of {n}",
        ]
        assert (
            history.locator("[data-streak]").inner_text() == "Streak: 1 week with every item done."
        )
        page.goto(f"frameworks/{DAILY.frameworks[0]}/")
        assert (
            page.locator(f"[data-item='{DAILY_ITEMS[0].id}']").evaluate(
                "li => li.closest('[data-checklist]').dataset.recurrence"
            )
            == "weekly"
        )
        assert not page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']").is_checked()


WORKING_DAYS = checklist_days(PROJECT, DAILY)
DAYS_OFF = [code for code in ICAL_DAYS if code not in WORKING_DAYS]


@pytest.mark.skipif(
    DAYS_OFF != ["SA", "SU"], reason="walks over a weekend off, which the data does not give"
)
def test_days_off_neither_break_nor_lengthen_a_streak(page):
    """The daily workflow works Monday to Friday (its data says so): a weekend keeps the streak."""
    n = len(DAILY_ITEMS)
    page.clock.install(time=datetime(2026, 3, 6, 10, 0))  # a Friday
    page.goto(f"checklists/{DAILY.id}/")
    assert page.locator("[data-checklist]").get_attribute("data-days") == ",".join(WORKING_DAYS)
    _tick_all(page)
    history = page.locator("[data-history]")
    assert history.locator("[data-streak]").inner_text() == EN["checklist.streak_daily_one"]
    # Monday: the weekend is skipped by the streak and by the table.
    page.clock.set_system_time(datetime(2026, 3, 9, 10, 0))
    page.reload()
    assert progress(page) == (0, n)
    assert history.locator("[data-streak]").inner_text() == EN["checklist.streak_daily_one"]
    assert history_rows(history)[:3] == [
        f"2026-03-09: 0 of {n}",
        f"2026-03-06: {n} of {n}",
        f"2026-03-05: 0 of {n}",
    ]
    _tick_all(page)
    assert (
        history.locator("[data-streak]").inner_text()
        == "Streak: 2 days in a row with every item done."
    )
    # The heat-map shows the same data: four weeks from a Monday, days off marked, full days full.
    squares = history.locator("[data-heatmap] span")
    assert squares.count() == 28
    cells = squares.evaluate_all(
        "ss => ss.map(s => [s.title.split(':')[0], s.dataset.level ?? null, 'off' in s.dataset])"
    )
    by_day = {day: (level, off) for day, level, off in cells if day}
    assert by_day["2026-03-09"] == by_day["2026-03-06"] == ("4", False)
    assert by_day["2026-03-05"] == ("0", False)
    assert by_day["2026-03-07"] == by_day["2026-03-08"] == (None, True)
    # Squares run Monday to Sunday; the first is the Monday three weeks before this one.
    assert cells[0][0] == "2026-02-16" and len(by_day) == 22
    # The heat-map is a picture of the table: hidden from assistive technology.
    assert history.locator("[data-heatmap]").get_attribute("aria-hidden") == "true"


def test_items_in_the_action_plan_are_marked_after_a_reload(page):
    page.goto(f"checklists/{SHARED.id}/")
    marks = page.locator("[data-in-plan]")
    assert marks.evaluate_all("ms => ms.every(m => m.hidden)")
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    page.locator("[data-act=plan]").click()
    page.reload()
    item_mark = page.locator(f"[data-item='{ITEM.id}'] [data-in-plan]")
    # Ticked items were not added; every other item is marked as in the plan.
    assert item_mark.is_hidden()
    others = page.locator(f"[data-item]:not([data-item='{ITEM.id}']) [data-in-plan]")
    assert others.count() > 0 and all(m.is_visible() for m in others.all())
    assert others.first.inner_text() == EN["checklist.in_plan"]
    # Removed from the plan (here by another page), the mark goes.
    page.evaluate("localStorage.removeItem('smp:v1:actions:plan')")
    page.reload()
    assert marks.evaluate_all("ms => ms.every(m => m.hidden)")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_progress_track_shows_in_both_colour_schemes(page, scheme):
    """The track of an empty progress bar must stand out from the page (it vanished on slate)."""
    if scheme == "slate":
        page.add_init_script(SLATE)
    page.goto(f"checklists/{SHARED.id}/")
    track, page_bg = page.evaluate(
        """() => {
          const bar = document.querySelector('[data-checklist-progress] progress');
          const style = getComputedStyle(bar);
          return [[style.borderTopWidth, style.borderTopColor],
                  getComputedStyle(document.body).backgroundColor];
        }"""
    )
    width, colour = track
    assert float(width.removesuffix("px")) >= 1 and colour != page_bg
    assert contrast(colour, page_bg) >= 3, (colour, page_bg)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast of two computed rgb()/rgba() colours (foreground alpha over background)."""
    import re

    def channels(colour):
        values = [float(v) for v in re.findall(r"[\d.]+", colour)]
        return values[:3], (values[3] if len(values) > 3 else 1.0)

    (fg, alpha), (bg, _) = channels(foreground), channels(background)
    mixed = [alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True)]

    def luminance(rgb):
        linear = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in linear]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(mixed), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_on_a_phone_each_checkbox_shares_a_line_with_its_label(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"checklists/{SHARED.id}/")
    boxes = page.locator("[data-item]").evaluate_all(
        """items => items.map(item => {
          const box = item.querySelector('input').getBoundingClientRect();
          const label = item.querySelector('label').getBoundingClientRect();
          return [box.top < label.bottom && label.top < box.bottom, label.left > box.right];
        })"""
    )
    assert boxes and all(same_line and after for same_line, after in boxes)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
