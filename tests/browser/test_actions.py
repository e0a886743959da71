"""The action plan: Playbook.addAction on every page, actions from checklists,
owner/due/status, exports, storage faults."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from playbook.data.project import load_project
from playbook.site.pages import tool_pages

from .conftest import NO_VIOLATIONS, axe_in_both_schemes
from .tools_helpers import (
    BLOCKED,
    EN,
    ROOT,
    answer_next_dialog,
    csv_rows,
    download,
    enable_instant,
    focused,
    import_file,
    instant,
    print_check,
    second_tab,
    seed,
    stored,
    validate_export,
    wait_notice,
)

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
KEY = "smp:v1:actions:plan"
CHECKLIST = next(c for c in PROJECT.checklists.values() if c.recurrence == "none")
ITEMS = [i for s in PROJECT.sections(CHECKLIST) for i in s.items]
ROWS = "[data-action-plan] tbody tr"


def plan_api(page) -> None:
    """Wait for the action plan's script, which loads with the widgets that add to the plan."""
    page.wait_for_function("() => typeof window.Playbook?.addAction === 'function'")


def add(page, *actions: dict) -> None:
    """Add actions through Playbook.addAction, as the checklists and assessments do."""
    plan_api(page)
    for action in actions:
        assert page.evaluate("a => Playbook.addAction(a)", action) is True


def remove(page, row, accept: bool = True) -> list[str]:
    """Press a row's Remove button with the keyboard and answer its
    question; return the questions asked."""
    asked = answer_next_dialog(page, accept)
    row.locator("[data-act=remove]").focus()
    page.keyboard.press("Enter")
    return asked


@pytest.mark.parametrize(
    "path",
    [
        "frameworks/six-keys/",
        "assessments/six-keys/",
        f"checklists/{CHECKLIST.id}/",
        "action-plan/",
    ],
)
def test_add_action_exists_on_every_page_that_adds_to_the_plan(page, path):
    page.goto(path)
    # The action plan's script loads with the page's widgets.
    page.wait_for_function("() => typeof window.Playbook?.addAction === 'function'")
    added = page.evaluate(
        "Playbook.addAction({text: 'Improve listening', href: '/assessments/six-keys/#results',"
        " source: 'assessment:six-keys/listening'})"
    )
    again = page.evaluate(
        "Playbook.addAction({text: 'Improve listening', href: '/assessments/six-keys/#results',"
        " source: 'assessment:six-keys/listening'})"
    )
    assert (added, again) == (True, False)
    item = stored(page, KEY)["items"][0]
    assert {k: item[k] for k in ("text", "href", "source", "owner", "due", "status")} == {
        "text": "Improve listening",
        "href": "/assessments/six-keys/#results",
        "source": "assessment:six-keys/listening",
        "owner": "",
        "due": "",
        "status": "todo",
    }


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
    assert [a["source"] for a in saved] == [f"checklist:{i.id}" for i in ITEMS[1:]] + [
        f"checklist:{ITEMS[0].id}"
    ]
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
    plan_api(page)
    page.evaluate(
        "Playbook.addAction({text: 'Write the social media policy', href: '/', source: 'a'})"
    )
    page.evaluate("Playbook.addAction({text: 'Brief the board', source: 'b'})")
    page.reload()
    rows = page.locator("[data-action-plan] tbody tr")
    assert rows.locator("a").all_inner_texts() == [
        "Write the social media policy",
        "Brief the board",
    ]
    assert rows.nth(1).locator("a").get_attribute("href") is None
    rows.first.locator("[data-f=owner]").fill("Kim")
    rows.first.locator("[data-f=due]").fill("2026-06-30")
    rows.first.locator("[data-f=status]").select_option("doing")
    page.reload()
    rows = page.locator("[data-action-plan] tbody tr")
    assert [
        rows.first.locator(f"[data-f={f}]").input_value() for f in ("owner", "due", "status")
    ] == ["Kim", "2026-06-30", "doing"]
    remove(page, rows.nth(1))
    assert rows.count() == 1
    page.reload()
    assert page.locator("[data-action-plan] tbody tr a").all_inner_texts() == [
        "Write the social media policy"
    ]
    remove(page, rows.first)
    assert rows.count() == 0 and page.locator("[data-empty]").is_visible()
    assert stored(page, KEY) == {"items": []}


def test_remove_asks_first_and_moves_the_focus_on(page):
    page.goto("action-plan/")
    add(page, *({"text": f"Action {n}", "source": f"s{n}"} for n in range(3)))
    page.goto("action-plan/")
    rows = page.locator(ROWS)
    ids = rows.evaluate_all("rs => rs.map(r => r.dataset.id)")
    # No keeps the action, and the focus stays on its button.
    assert remove(page, rows.first, accept=False) == [EN["actions.confirm_remove"]]
    assert rows.count() == 3 and focused(page) == f"button remove {ids[0]}"
    # Yes removes it; the focus goes to the next row's Remove button, after
    # the last row to the CSV button.
    remove(page, rows.first)
    assert rows.locator("a").all_inner_texts() == ["Action 1", "Action 2"]
    assert focused(page) == f"button remove {ids[1]}"
    remove(page, rows.nth(1))
    assert focused(page) == "button csv "
    assert [a["text"] for a in stored(page, KEY)["items"]] == ["Action 1"]


def test_json_export_validates_and_round_trips(page, tmp_path):
    page.goto("action-plan/")
    add(
        page,
        {
            "text": "Write the policy",
            "href": "/checklists/x/#a",
            "source": "checklist:a",
            "owner": "Kim",
            "due": "2026-06-30",
        },
        {"text": "Brief the board", "source": "assessment:b"},
    )
    page.goto("action-plan/")
    page.locator(ROWS).nth(1).locator("[data-f=status]").select_option("doing")
    name, body = download(page, page.locator("[data-act=json]"))
    export = json.loads(body)
    assert name == "action-plan.json"
    validate_export(export)
    assert (export["kind"], export["id"]) == ("actions", "plan")
    saved = stored(page, KEY)
    assert export["data"] == saved
    path = tmp_path / name
    path.write_bytes(body)
    # Emptied, then imported: no changes nothing, yes brings back every
    # action with its id and fields.
    for _ in range(2):
        remove(page, page.locator(ROWS).first)
    assert import_file(page, path, accept=False) == EN["common.confirm_import"]
    assert page.locator(ROWS).count() == 0 and stored(page, KEY) == {"items": []}
    import_file(page, path, accept=True)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-action-plan] tbody tr').length === 2"
    )
    assert (
        page.locator("[data-action-plan] [data-smp-notice]").inner_text() == EN["actions.imported"]
    )
    assert stored(page, KEY) == saved
    page.reload()
    assert [
        page.locator(ROWS).nth(i).locator(f"[data-f={f}]").input_value()
        for i, f in ((0, "owner"), (0, "due"), (1, "status"))
    ] == ["Kim", "2026-06-30", "doing"]


def test_malformed_actions_are_left_out(page, tmp_path):
    good = {
        "id": "a1",
        "text": "Keep me",
        "href": "",
        "source": "x",
        "owner": "",
        "due": "",
        "status": "todo",
    }
    seed(page, {KEY: json.dumps({"items": [good, "junk", None, {"id": "a2"}, {"text": "no id"}]})})
    page.goto("action-plan/")
    assert page.locator(f"{ROWS} a").all_inner_texts() == ["Keep me"]
    # An import whose items are not a list is refused, before any "replace?" question.
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "format": "social-media-playbook",
                "format_version": 1,
                "kind": "actions",
                "id": "plan",
                "content_version": 1,
                "exported_at": "2026-01-01T00:00:00Z",
                "data": {"items": {"a": good}},
            }
        )
    )
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.locator("[data-import]").set_input_files(str(path))
    # The refusal names where the file departs from the export format.
    page.wait_for_function(
        "() => document.querySelector('[data-action-plan] [data-smp-notice]').textContent"
        ".includes('data.items does not follow the export format')"
    )
    assert page.locator(f"{ROWS} a").all_inner_texts() == ["Keep me"]
    assert asked == []


def test_typing_an_owner_while_another_tab_adds_an_action(page, base_url):
    page.goto("action-plan/")
    add(page, {"text": "First action", "source": "one"})
    page.goto("action-plan/")
    owner = page.locator(ROWS).first.locator("[data-f=owner]")
    with second_tab(page, base_url) as other:
        other.goto("action-plan/")
        owner.click()
        owner.press_sequentially("Ki")
        # The other tab's addition rebuilds the rows here; the field being typed in
        # keeps the focus and the caret.
        add(other, {"text": "Second action", "source": "two"})
        page.wait_for_function(
            "() => document.querySelectorAll('[data-action-plan] tbody tr').length === 2"
        )
        owner.press_sequentially("m")
        page.keyboard.press("Home")
        page.keyboard.type("Dr ")
    assert owner.input_value() == "Dr Kim"
    assert focused(page).startswith("input owner ")
    assert [(a["text"], a["owner"]) for a in stored(page, KEY)["items"]] == [
        ("First action", "Dr Kim"),
        ("Second action", ""),
    ]


def test_csv_and_markdown_exports(page):
    page.goto("action-plan/")
    plan_api(page)
    page.evaluate(
        "Playbook.addAction({text: 'Answer comments within a day, \"always\"',"
        " href: '/checklists/x/#a', source: 'checklist:a'})"
    )
    page.evaluate("Playbook.addAction({text: 'Pick a dashboard', source: 'assessment:b'})")
    page.goto("action-plan/")
    rows = page.locator("[data-action-plan] tbody tr")
    rows.first.locator("[data-f=owner]").fill("Sam")
    rows.first.locator("[data-f=status]").select_option("done")
    name, body = download(page, page.locator("[data-act=csv]"))
    table = csv_rows(body)
    assert name == "action-plan.csv"
    assert table[0] == ["Action", "Link", "Owner", "Due date", "Status"]
    assert table[1][0] == 'Answer comments within a day, "always"'
    assert table[1][1].startswith("http://127.0.0.1:") and table[1][1].endswith("/checklists/x/#a")
    assert table[1][2:] == ["Sam", "", "Done"]
    assert table[2] == ["Pick a dashboard", "", "", "", "To do"]
    name, body = download(page, page.locator("[data-act=md]"))
    md = body.decode()
    assert md.startswith("# My action plan\n\n")
    assert (
        f'- [x] [Answer comments within a day, "always"]({table[1][1]})'
        " (Owner: Sam; Status: Done)\n" in md
    )
    assert "- [ ] Pick a dashboard (Status: To do)\n" in md


def test_corrupt_storage_is_set_aside(page):
    seed(page, {KEY: "{{{"})
    page.goto("action-plan/")
    assert "could not be read" in page.locator("[data-action-plan] [data-smp-notice]").inner_text()
    plan_api(page)
    assert page.evaluate("Playbook.addAction({text: 'Fresh start', source: 's'})") is True
    page.reload()
    assert page.locator("[data-action-plan] tbody tr a").all_inner_texts() == ["Fresh start"]


def test_blocked_storage_keeps_actions_for_the_visit(page, site, base_url):
    enable_instant(page, site, base_url)
    page.add_init_script(BLOCKED)
    page.goto(f"checklists/{CHECKLIST.id}/")
    page.locator("[data-act=plan]").click()
    assert (
        "added to your action plan"
        in page.locator("[data-checklist] [data-smp-notice]").inner_text()
    )
    instant(
        page,
        page.locator(".md-nav a[href$='action-plan/']").first,
        "action-plan/",
        "[data-action-plan]",
    )
    # actions.js loads after instant navigation (only the plan page needs it): wait for it.
    wait_notice(page, "[data-action-plan]", "not saving")
    assert page.locator("[data-action-plan] tbody tr").count() == len(ITEMS)
    # The notice's export is the JSON export, with every action of the visit.
    name, body = download(page, page.locator("[data-action-plan] [data-smp-notice] button"))
    export = json.loads(body)
    validate_export(export)
    assert name == "action-plan.json"
    assert [a["source"] for a in export["data"]["items"]] == [f"checklist:{i.id}" for i in ITEMS]


def test_instant_navigation_shows_actions_added_elsewhere(page, site, base_url):
    enable_instant(page, site, base_url)
    page.goto(f"checklists/{CHECKLIST.id}/")
    page.locator("[data-act=plan]").click()
    instant(
        page,
        page.locator(".md-nav a[href$='action-plan/']").first,
        "action-plan/",
        "[data-action-plan] tbody tr",
    )
    assert page.locator("[data-action-plan] tbody tr").count() == len(ITEMS)
    page.locator("[data-action-plan] tbody tr [data-f=owner]").first.fill("Lee")
    assert stored(page, KEY)["items"][0]["owner"] == "Lee"


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_print_shows_the_plan_without_controls(page, scheme):
    print_check(
        page,
        scheme,
        "action-plan/",
        "[data-act=print]",
        before=lambda p: (
            p.goto("action-plan/"),
            plan_api(p),
            p.evaluate("Playbook.addAction({text: 'Check accessibility', href: '/', source: 'x'})"),
        ),
    )
    assert not page.locator("[data-act=remove]").is_visible()
    assert not page.locator("[data-act=csv]").is_visible()
    assert page.locator("[data-action-plan] tbody tr").is_visible()


# The tool pages the data produces (worksheets, planners, the action plan), and a checklist page.
TOOL_PATHS = [
    p.src_uri.removesuffix(".md") + "/" for p in tool_pages(PROJECT) if p.section == "tools"
] + [f"checklists/{CHECKLIST.id}/"]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}


def checklist_box(page, item) -> object:
    return page.locator(f"[data-item-check='{item.id}']")


def row_of(page, text: str):
    return page.locator(ROWS).filter(has=page.get_by_role("link", name=text, exact=True))


@pytest.mark.parametrize("size", SIZES)
def test_ticks_and_statuses_follow_each_other_and_survive_a_reload(page, size):
    """Tick a checklist item, see it in the plan, change its status there, see the tick follow."""
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    first, second = ITEMS[0], ITEMS[1]
    page.goto(f"checklists/{CHECKLIST.id}/")
    page.locator("[data-act=plan]").click()
    # Ticking an item in the checklist marks its action done.
    checklist_box(page, first).check()
    page.goto("action-plan/")
    status = row_of(page, first.text).locator("[data-f=status]")
    assert status.input_value() == "done"
    assert (
        row_of(page, first.text).locator("[data-source]").inner_text()
        == EN["actions.source_checklist"]
    )
    assert row_of(page, second.text).locator("[data-f=status]").input_value() == "todo"
    # Done in the plan ticks the item; back to "to do" unticks it.
    row_of(page, second.text).locator("[data-f=status]").select_option("done")
    status.select_option("todo")
    page.goto(f"checklists/{CHECKLIST.id}/")
    assert checklist_box(page, second).is_checked() and not checklist_box(page, first).is_checked()
    assert progress_done(page) == 1
    for _ in range(2):
        page.reload()
        assert checklist_box(page, second).is_checked()
        assert not checklist_box(page, first).is_checked()
    page.goto("action-plan/")
    assert [
        row_of(page, item.text).locator("[data-f=status]").input_value() for item in ITEMS[:2]
    ] == ["todo", "done"]
    # "In progress" is not done: the tick stays off.
    row_of(page, first.text).locator("[data-f=status]").select_option("doing")
    page.goto(f"checklists/{CHECKLIST.id}/")
    assert not checklist_box(page, first).is_checked()


def seed_plan(page, *actions: dict) -> None:
    """Put actions into the saved plan before any page loads, as Playbook.addAction stores them.

    Cheaper than opening a page only to call the API; the API itself is tested above.
    """
    items = [
        {"id": f"seeded-{n}", "href": "", "owner": "", "due": "", **action, "status": "todo"}
        for n, action in enumerate(actions)
    ]
    seed(page, {KEY: json.dumps({"items": items})})


def progress_done(page) -> int:
    return int(page.locator("[data-checklist-progress]").first.get_attribute("data-done"))


def test_a_daily_checklist_item_is_ticked_for_today_from_the_plan(page):
    daily = next(c for c in PROJECT.checklists.values() if c.recurrence == "daily")
    item = PROJECT.sections(daily)[0].items[0]
    page.clock.install(time=datetime(2026, 3, 2, 10, 0))
    page.goto(f"checklists/{daily.id}/")
    page.locator("[data-act=plan]").click()
    page.goto("action-plan/")
    row_of(page, item.text).locator("[data-f=status]").select_option("done")
    page.goto(f"checklists/{daily.id}/")
    assert checklist_box(page, item).is_checked()
    # Counted in today's history as the page counts it.
    assert (
        page.locator("[data-history] tbody tr").first.inner_text().split("\t")[1].startswith("1 ")
    )


def test_plan_sorts_by_due_date_status_and_source_and_remembers_the_order(page):
    page.goto("")
    add(
        page,
        {"text": "Later", "source": "checklist:a", "due": "2026-09-01"},
        {"text": "Undated", "source": "worksheet:w/s"},
        {"text": "Sooner", "source": "assessment:x/y", "due": "2026-02-01"},
        {"text": "Elsewhere", "source": "x"},
    )
    page.goto("action-plan/")
    texts = lambda: page.locator(f"{ROWS} a").all_inner_texts()  # noqa: E731
    assert texts() == ["Later", "Undated", "Sooner", "Elsewhere"]
    page.locator(ROWS).nth(2).locator("[data-f=status]").select_option("done")
    page.locator(ROWS).nth(1).locator("[data-f=status]").select_option("doing")
    sort = page.locator("[data-sort]")
    sort.select_option("due")
    assert texts() == ["Sooner", "Later", "Undated", "Elsewhere"]
    sort.select_option("status")
    assert texts() == ["Later", "Elsewhere", "Undated", "Sooner"]
    sort.select_option("source")
    assert texts() == ["Later", "Sooner", "Undated", "Elsewhere"]
    sources = page.locator(f"{ROWS} [data-source]").all_inner_texts()
    assert sources == [
        EN[f"actions.source_{k}"] for k in ("checklist", "assessment", "worksheet", "other")
    ]
    page.reload()
    assert sort.input_value() == "source" and texts()[0] == "Later"
    # The saved plan and its exports keep the order the actions were added in.
    assert [a["text"] for a in stored(page, KEY)["items"]] == [
        "Later",
        "Undated",
        "Sooner",
        "Elsewhere",
    ]
    # Removing in a sorted view removes the row pressed, and the focus moves to the next row.
    remove(page, page.locator(ROWS).nth(1))
    assert texts() == ["Later", "Undated", "Elsewhere"]
    assert focused(page).startswith("button remove")


def test_fields_are_visible_and_the_empty_plan_says_how_to_fill_it(page):
    page.goto("action-plan/")
    assert page.locator("[data-empty]").inner_text() == EN["actions.empty"]
    add(page, {"text": "Visible", "source": "s"})
    page.reload()
    borders = page.locator(f"{ROWS} [data-f]").evaluate_all(
        "fs => fs.map(f => parseFloat(getComputedStyle(f).borderTopWidth))"
    )
    assert len(borders) == 3 and min(borders) >= 1
    assert page.locator("[data-empty]").is_hidden()


def test_no_tool_page_scrolls_sideways_on_a_phone_with_long_actions(page):
    """Every tool page at 390 px with two long actions saved (each page also gets an empty-state
    check in test_every_page.py)."""
    page.set_viewport_size({"width": 390, "height": 844})
    seed_plan(
        page,
        *({"text": f"A long action to do number {n} " * 3, "source": f"s{n}"} for n in range(2)),
    )
    overflow = {}
    for path in TOOL_PATHS:
        page.goto(path)
        overflow[path] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    assert overflow == dict.fromkeys(TOOL_PATHS, 0)
    page.goto("action-plan/")
    # Cards: every Remove button lies wholly inside the viewport.
    boxes = [box.bounding_box() for box in page.locator("[data-act=remove]").all()]
    assert len(boxes) == 2
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes)


# Checklist pages get their own axe runs, ticked and opened, in test_checklists.py, and the team
# views theirs, with results showing, in test_team.py.
TOOLS_ONLY = [
    path for path in TOOL_PATHS if not path.startswith("checklists/") and "/team/" not in path
]


@pytest.mark.parametrize("path", TOOLS_ONLY)
def test_no_serious_accessibility_violations_in_either_scheme(page, path):
    seed_plan(page, {"text": "Check contrast", "href": "/", "source": "checklist:none"})
    page.goto(path)
    page.mouse.move(0, 0)
    assert axe_in_both_schemes(page) == NO_VIOLATIONS
