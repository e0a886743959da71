"""Checklists: saved ticks and details, shared state across pages, storage faults, instant navigation, recurrence, exports."""

from __future__ import annotations

import csv
import functools
import io
import json
import threading
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from macros.project import load_project

from ..conftest import build, copy_project
from .conftest import run_axe
from .tools_helpers import BLOCKED, COUNT_SAVES, FULL, NO_PRINT, ROOT, SLATE, download, enable_instant, instant, seed, stored, validate_export

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
DAILY = next(c for c in PROJECT.checklists.values() if c.recurrence == "daily")
DAILY_ITEMS = [i for s in PROJECT.sections(DAILY) for i in s.items]
# A checklist page that includes framework elements, and the first such element.
SHARED = next(c for c in PROJECT.checklists.values() if c.recurrence == "none" and any(s.include for s in PROJECT.sections(c)))
SHARED_SECTION = next(s for s in PROJECT.sections(SHARED) if s.include)
ITEM = SHARED_SECTION.items[0]
FRAMEWORK = SHARED_SECTION.include.split("/")[0]
# A checklist with its own items (not from an element), for the per-checklist unit.
OWN = next((c, s) for c in PROJECT.checklists.values() for s in PROJECT.sections(c) if not s.include)


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
    assert [item.locator(f"[data-f={f}]").input_value() for f in ("owner", "due", "note")] == ["Ana", "2026-03-01", "Ask the board first"]
    assert item.locator("details").get_attribute("data-filled") is not None
    assert progress(page) == (1, total)
    # Saved under the element's key, namespaced and versioned.
    assert stored(page, f"smp:v1:checklist:{SHARED_SECTION.include}")["items"][ITEM.id] == {"done": True, "owner": "Ana", "due": "2026-03-01", "note": "Ask the board first"}


def test_the_same_state_on_the_framework_page_and_every_checklist(page):
    page.goto(f"frameworks/{FRAMEWORK}/")
    widget = page.locator(f"[data-checklist='{SHARED_SECTION.include}']")
    widget.locator(f"[data-item-check='{ITEM.id}']").check()
    assert progress(page, f"[data-checklist='{SHARED_SECTION.include}']")[0] == 1
    others = [c for c in PROJECT.checklists.values() if any(s.include == SHARED_SECTION.include for s in PROJECT.sections(c))]
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
    assert stored(page, f"smp:v1:checklist:{checklist.id}")["items"][section.items[0].id]["done"] is True


def test_instant_navigation_mounts_once_and_keeps_state(page, site, base_url):
    enable_instant(page, site, base_url)
    page.add_init_script(COUNT_SAVES)
    page.goto(f"frameworks/{FRAMEWORK}/")
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    # Framework page -> checklist page -> framework page -> checklist page, all without a full load.
    link = f".smp-next a[href$='checklists/{SHARED.id}/']"
    instant(page, page.locator(link).first, f"checklists/{SHARED.id}/", f"[data-checklist='{SHARED.id}']")
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()
    assert progress(page)[0] == 1
    instant(page, page.locator(f".smp-next a[href$='frameworks/{FRAMEWORK}/']").first, f"frameworks/{FRAMEWORK}/", f"[data-checklist='{SHARED_SECTION.include}']")
    instant(page, page.locator(link).first, f"checklists/{SHARED.id}/", f"[data-checklist='{SHARED.id}']")
    page.evaluate("window.__saves = []")
    page.locator(f"[data-item='{ITEM.id}'] summary").click()
    page.locator(f"[data-item='{ITEM.id}'] [data-f=owner]").fill("Bo")
    page.locator(f"[data-item-check='{ITEM.id}']").uncheck()
    # fill() types once; one save per change proves one listener per widget, old pages' listeners gone.
    assert page.evaluate("window.__saves") == [f"smp:v1:checklist:{SHARED_SECTION.include}"] * 2
    assert progress(page)[0] == 0
    assert page.locator("[data-smp-notice]").count() <= 1


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
    seed(page, {key: json.dumps({"items": {"gone-item": {"done": True, "note": "old"}, ITEM.id: {"done": True}}})})
    page.goto(f"checklists/{SHARED.id}/")
    assert "1 saved entries belong to items that are no longer" in page.locator("[data-checklist] [data-smp-notice]").inner_text()
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()
    assert progress(page)[0] == 1
    page.locator(f"[data-item-check='{ITEM.id}']").uncheck()
    assert stored(page, key)["items"]["gone-item"] == {"done": True, "note": "old"}
    _, body = download(page, page.locator("[data-act=json]"))
    assert json.loads(body)["data"]["units"][SHARED_SECTION.include]["items"]["gone-item"]["note"] == "old"


def test_reset_asks_first(page):
    page.goto(f"checklists/{SHARED.id}/")
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    page.once("dialog", lambda d: d.dismiss())
    page.locator("[data-act=reset]").click()
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-act=reset]").click()
    assert not page.locator(f"[data-item-check='{ITEM.id}']").is_checked()
    assert progress(page)[0] == 0
    assert stored(page, f"smp:v1:checklist:{SHARED_SECTION.include}") is None


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
    assert f"- [x] {ITEM.text} (Owner: Ana, \"comms\"; Note: Line one\nline two)" in md
    assert md.count("- [ ] ") == progress(page)[1] - 1

    name, body = download(page, page.locator("[data-act=csv]"))
    rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
    assert rows[0] == ["Section", "Item id", "Item", "Done", "Owner", "Due date", "Note"]
    assert [SHARED_SECTION.title, ITEM.id, ITEM.text, "x", 'Ana, "comms"', "", "Line one\nline two"] in rows
    assert len(rows) == 1 + progress(page)[1]

    name, body = download(page, page.locator("[data-act=json]"))
    export = json.loads(body)
    validate_export(export)
    assert (export["kind"], export["id"]) == ("checklist", SHARED.id)
    path = tmp_path / name
    path.write_bytes(body)

    page.once("dialog", lambda d: d.accept())
    page.locator("[data-act=reset]").click()
    assert progress(page)[0] == 0
    page.locator("[data-import]").set_input_files(str(path))
    page.wait_for_function(f"document.querySelector(\"[data-item-check='{ITEM.id}']\").checked")
    assert item.locator("[data-f=owner]").input_value() == 'Ana, "comms"'
    assert "Imported" in page.locator("[data-checklist] [data-smp-notice]").inner_text()
    page.reload()
    assert page.locator(f"[data-item-check='{ITEM.id}']").is_checked()


def test_import_refuses_another_checklists_file(page, tmp_path):
    other = next(c for c in PROJECT.checklists.values() if c.id != SHARED.id)
    bad = tmp_path / "other.json"
    bad.write_text(json.dumps({"format": "social-media-playbook", "format_version": 1, "kind": "checklist", "id": other.id, "content_version": 1, "exported_at": "2026-01-01T00:00:00Z", "data": {"units": {}}}))
    wrong_shape = tmp_path / "shape.json"
    wrong_shape.write_text(json.dumps({"format": "social-media-playbook", "format_version": 1, "kind": "checklist", "id": SHARED.id, "content_version": 1, "exported_at": "2026-01-01T00:00:00Z", "data": {}}))
    page.goto(f"checklists/{SHARED.id}/")
    page.locator(f"[data-item-check='{ITEM.id}']").check()
    notice = page.locator("[data-checklist] [data-smp-notice]")
    page.locator("[data-import]").set_input_files(str(bad))
    page.wait_for_function("document.querySelector('[data-checklist] [data-smp-notice]') && !document.querySelector('[data-checklist] [data-smp-notice]').hidden")
    assert f"belongs to checklist {other.id}" in notice.inner_text()
    page.locator("[data-import]").set_input_files(str(wrong_shape))
    page.wait_for_function("document.querySelector('[data-checklist] [data-smp-notice]').textContent.includes('not an export')")
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
    assert "Streak: 1 days" in history.locator("[data-streak]").inner_text()
    assert history.locator("li").first.inner_text() == f"2026-03-02: {n} of {n}"

    # The next morning everything is unticked; yesterday stays in the history and the streak holds.
    page.clock.set_system_time(datetime(2026, 3, 3, 8, 0))
    page.reload()
    assert progress(page) == (0, n)
    assert history.locator("li").all_inner_texts()[:2] == [f"2026-03-03: 0 of {n}", f"2026-03-02: {n} of {n}"]
    assert "Streak: 1 days" in history.locator("[data-streak]").inner_text()
    # The framework page agrees: its element checklists follow the daily rhythm.
    page.goto(f"frameworks/{DAILY.frameworks[0]}/")
    first = page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']")
    assert not first.is_checked()
    first.check()
    page.goto(f"checklists/{DAILY.id}/")
    assert progress(page) == (1, n)
    _tick_all(page)
    assert "Streak: 2 days" in history.locator("[data-streak]").inner_text()

    # Skipping a day breaks the streak.
    page.clock.set_system_time(datetime(2026, 3, 5, 9, 0))
    page.reload()
    assert progress(page) == (0, n)
    assert "Streak: 0 days" in history.locator("[data-streak]").inner_text()
    assert history.locator("li").all_inner_texts()[:4] == [f"2026-03-05: 0 of {n}", f"2026-03-04: 0 of {n}", f"2026-03-03: {n} of {n}", f"2026-03-02: {n} of {n}"]
    # Notes survive the reset; only ticks start over.
    item = page.locator(f"[data-item='{DAILY_ITEMS[0].id}']")
    item.locator("summary").click()
    item.locator("[data-f=note]").fill("Use the saved search")
    page.clock.set_system_time(datetime(2026, 3, 6, 9, 0))
    page.reload()
    assert page.locator(f"[data-item='{DAILY_ITEMS[0].id}'] [data-f=note]").input_value() == "Use the saved search"


def test_a_day_change_while_the_page_is_open_resets_on_the_next_tick(page):
    n = len(DAILY_ITEMS)
    page.clock.install(time=datetime(2026, 3, 2, 23, 50))
    page.goto(f"checklists/{DAILY.id}/")
    page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']").check()
    page.clock.set_system_time(datetime(2026, 3, 3, 0, 10))
    page.locator(f"[data-item-check='{DAILY_ITEMS[1].id}']").check()
    assert progress(page) == (1, n)
    assert not page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']").is_checked()


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", [f"checklists/{DAILY.id}/", f"frameworks/{FRAMEWORK}/"])
def test_no_serious_accessibility_violations(page, path, scheme):
    if scheme == "slate":
        page.add_init_script(SLATE)
    page.goto(path)
    page.locator(f"[data-item-check='{ITEM.id}'], [data-item-check]").first.check()
    page.locator("[data-item] summary").first.click()
    page.mouse.move(0, 0)
    assert run_axe(page) == []


@pytest.fixture(scope="module")
def weekly_url(tmp_path_factory):
    """The playbook with the daily checklist made weekly, built and served on its own port."""
    project = copy_project(tmp_path_factory.mktemp("weekly"))
    path = project / "data" / "checklists" / f"{DAILY.id}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("recurrence: daily", "recurrence: weekly"), encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SimpleHTTPRequestHandler, directory=str(project / "site")))
    server.RequestHandlerClass.log_message = lambda *a: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_weekly_checklist_starts_over_on_monday(browser, weekly_url):
    n = len(DAILY_ITEMS)
    context = browser.new_context(base_url=weekly_url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.install(time=datetime(2026, 3, 4, 10, 0))  # a Wednesday
    page.goto(f"checklists/{DAILY.id}/")
    assert page.locator("[data-checklist]").get_attribute("data-recurrence") == "weekly"
    _tick_all(page)
    history = page.locator("[data-history]")
    assert history.locator("li").first.inner_text() == f"2026-03-02: {n} of {n}"
    assert "Streak: 1 weeks" in history.locator("[data-streak]").inner_text()
    # Sunday is still the same week.
    page.clock.set_system_time(datetime(2026, 3, 8, 22, 0))
    page.reload()
    assert progress(page) == (n, n)
    # Monday starts a new week; last week stays in the history and keeps the streak alive.
    page.clock.set_system_time(datetime(2026, 3, 9, 7, 0))
    page.reload()
    assert progress(page) == (0, n)
    assert history.locator("li").all_inner_texts()[:3] == [f"2026-03-09: 0 of {n}", f"2026-03-02: {n} of {n}", f"2026-02-23: 0 of {n}"]
    assert "Streak: 1 weeks" in history.locator("[data-streak]").inner_text()
    page.goto(f"frameworks/{DAILY.frameworks[0]}/")
    assert page.locator(f"[data-item='{DAILY_ITEMS[0].id}']").evaluate("li => li.closest('[data-checklist]').dataset.recurrence") == "weekly"
    assert not page.locator(f"[data-item-check='{DAILY_ITEMS[0].id}']").is_checked()
    context.close()
    assert errors == []
