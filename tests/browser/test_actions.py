"""The action plan: Playbook.addAction on every page, actions from checklists, owner/due/status, exports, storage faults."""

from __future__ import annotations

import csv
import io

import pytest

from macros.project import load_project

from .tools_helpers import BLOCKED, ROOT, download, enable_instant, instant, print_check, seed, stored

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
KEY = "smp:v1:actions:plan"
CHECKLIST = next(c for c in PROJECT.checklists.values() if c.recurrence == "none")
ITEMS = [i for s in PROJECT.sections(CHECKLIST) for i in s.items]


@pytest.mark.parametrize("path", ["", "frameworks/six-keys/", "assessments/six-keys/", f"checklists/{CHECKLIST.id}/", "glossary/"])
def test_add_action_exists_on_every_page(page, path):
    page.goto(path)
    added = page.evaluate("Playbook.addAction({text: 'Improve listening', href: '/assessments/six-keys/#results', source: 'assessment:six-keys/listening'})")
    again = page.evaluate("Playbook.addAction({text: 'Improve listening', href: '/assessments/six-keys/#results', source: 'assessment:six-keys/listening'})")
    assert (added, again) == (True, False)
    item = stored(page, KEY)["items"][0]
    assert {k: item[k] for k in ("text", "href", "source", "owner", "due", "status")} == {
        "text": "Improve listening", "href": "/assessments/six-keys/#results", "source": "assessment:six-keys/listening", "owner": "", "due": "", "status": "todo"}


def test_unchecked_items_go_to_the_plan_once(page):
    page.goto(f"checklists/{CHECKLIST.id}/")
    page.locator(f"[data-item-check='{ITEMS[0].id}']").check()
    page.locator("[data-act=plan]").click()
    notice = page.locator("[data-checklist] [data-smp-notice]")
    assert f"{len(ITEMS) - 1} added to your action plan" in notice.inner_text()
    page.locator("[data-act=plan]").click()
    assert "0 added" in notice.inner_text()
    page.locator(f"[data-item-check='{ITEMS[0].id}']").uncheck()
    page.locator("[data-act=plan]").click()
    assert "1 added" in notice.inner_text()
    saved = stored(page, KEY)["items"]
    assert [a["source"] for a in saved] == [f"checklist:{i.id}" for i in ITEMS[1:]] + [f"checklist:{ITEMS[0].id}"]
    assert saved[0]["text"] == ITEMS[1].text
    # The notice leads to the plan, whose links lead back to the items.
    notice.get_by_role("button").click()
    page.wait_for_url("**/action-plan/")
    rows = page.locator("[data-action-plan] tbody tr")
    assert rows.count() == len(ITEMS)
    assert page.locator("[data-empty]").is_hidden()
    rows.first.locator("a").click()
    page.wait_for_url(f"**/checklists/{CHECKLIST.id}/#*")
    assert page.evaluate("location.hash") == f"#{CHECKLIST.id}--{ITEMS[1].id}"


def test_owner_due_date_and_status_are_saved(page):
    page.goto("action-plan/")
    assert page.locator("[data-empty]").is_visible()
    page.evaluate("Playbook.addAction({text: 'Write the social media policy', href: '/', source: 'a'})")
    page.evaluate("Playbook.addAction({text: 'Brief the board', source: 'b'})")
    page.reload()
    rows = page.locator("[data-action-plan] tbody tr")
    assert rows.locator("a").all_inner_texts() == ["Write the social media policy", "Brief the board"]
    assert rows.nth(1).locator("a").get_attribute("href") is None
    rows.first.locator("[data-f=owner]").fill("Kim")
    rows.first.locator("[data-f=due]").fill("2026-06-30")
    rows.first.locator("[data-f=status]").select_option("doing")
    page.reload()
    rows = page.locator("[data-action-plan] tbody tr")
    assert [rows.first.locator(f"[data-f={f}]").input_value() for f in ("owner", "due", "status")] == ["Kim", "2026-06-30", "doing"]
    rows.nth(1).locator("[data-act=remove]").click()
    assert rows.count() == 1
    page.reload()
    assert page.locator("[data-action-plan] tbody tr a").all_inner_texts() == ["Write the social media policy"]
    rows.first.locator("[data-act=remove]").click()
    assert rows.count() == 0 and page.locator("[data-empty]").is_visible()
    assert stored(page, KEY) == {"items": []}


def test_csv_and_markdown_exports(page):
    page.goto("")
    page.evaluate("Playbook.addAction({text: 'Answer comments within a day, \"always\"', href: '/checklists/x/#a', source: 'checklist:a'})")
    page.evaluate("Playbook.addAction({text: 'Pick a dashboard', source: 'assessment:b'})")
    page.goto("action-plan/")
    rows = page.locator("[data-action-plan] tbody tr")
    rows.first.locator("[data-f=owner]").fill("Sam")
    rows.first.locator("[data-f=status]").select_option("done")
    name, body = download(page, page.locator("[data-act=csv]"))
    table = list(csv.reader(io.StringIO(body.decode(), newline="")))
    assert name == "action-plan.csv"
    assert table[0] == ["Action", "Link", "Owner", "Due date", "Status"]
    assert table[1][0] == 'Answer comments within a day, "always"'
    assert table[1][1].startswith("http://127.0.0.1:") and table[1][1].endswith("/checklists/x/#a")
    assert table[1][2:] == ["Sam", "", "Done"]
    assert table[2] == ["Pick a dashboard", "", "", "", "To do"]
    name, body = download(page, page.locator("[data-act=md]"))
    md = body.decode()
    assert md.startswith("# My action plan\n\n")
    assert f"- [x] [Answer comments within a day, \"always\"]({table[1][1]}) (Owner: Sam; Status: Done)\n" in md
    assert "- [ ] Pick a dashboard (Status: To do)\n" in md


def test_corrupt_storage_is_set_aside(page):
    seed(page, {KEY: "{{{"})
    page.goto("action-plan/")
    assert "could not be read" in page.locator("[data-action-plan] [data-smp-notice]").inner_text()
    assert page.evaluate("Playbook.addAction({text: 'Fresh start', source: 's'})") is True
    page.reload()
    assert page.locator("[data-action-plan] tbody tr a").all_inner_texts() == ["Fresh start"]


def test_blocked_storage_keeps_actions_for_the_visit(page, site, base_url):
    enable_instant(page, site, base_url)
    page.add_init_script(BLOCKED)
    page.goto(f"checklists/{CHECKLIST.id}/")
    page.locator("[data-act=plan]").click()
    assert "added to your action plan" in page.locator("[data-checklist] [data-smp-notice]").inner_text()
    instant(page, page.locator(".md-nav a[href$='action-plan/']").first, "action-plan/", "[data-action-plan]")
    assert "not saving" in page.locator("[data-action-plan] [data-smp-notice]").inner_text()
    assert page.locator("[data-action-plan] tbody tr").count() == len(ITEMS)
    _, body = download(page, page.locator("[data-action-plan] [data-smp-notice] button"))
    assert len(body.decode().splitlines()) == 1 + len(ITEMS)


def test_instant_navigation_shows_actions_added_elsewhere(page, site, base_url):
    enable_instant(page, site, base_url)
    page.goto(f"checklists/{CHECKLIST.id}/")
    page.locator("[data-act=plan]").click()
    instant(page, page.locator(".md-nav a[href$='action-plan/']").first, "action-plan/", "[data-action-plan]")
    assert page.locator("[data-action-plan] tbody tr").count() == len(ITEMS)
    page.locator("[data-action-plan] tbody tr [data-f=owner]").first.fill("Lee")
    assert stored(page, KEY)["items"][0]["owner"] == "Lee"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_print_and_accessibility(page, scheme):
    print_check(page, scheme, "action-plan/", "[data-act=print]", before=lambda p: (p.goto(""), p.evaluate("Playbook.addAction({text: 'Check accessibility', href: '/', source: 'x'})")))
    assert not page.locator("[data-act=remove]").is_visible()
    assert not page.locator("[data-act=csv]").is_visible()
    assert page.locator("[data-action-plan] tbody tr").is_visible()
