"""Issue 15 across the tools: one look for their controls, the skip link to the results, and the
whole path from the home page to a finished checklist item in the action plan.

Pages, ids and texts come from the built site and the data, so a fork with other content is
checked the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from playbook.data.project import load_project
from playbook.tools.scoring import recommendations, score

from .tools_helpers import EN, ROOT, seed, stored

pytestmark = pytest.mark.browser

PROJECT = load_project(ROOT / "data", ROOT)
# The home page's call to action opens the first assessment in the data's order.
MAIN = next(iter(PROJECT.assessments.values()))
PLAN_KEY = "smp:v1:actions:plan"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])


def widget_attributes() -> list[str]:
    """The attributes that mark a widget, from the widgets option of mkdocs.yml's plugin."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(
        p["playbook"] for p in config["plugins"] if isinstance(p, dict) and "playbook" in p
    )
    return sorted(
        {name for selector in plugin["widgets"] for name in re.findall(r"\[([\w-]+)", selector)}
    )


def widget_pages(site: Path, attributes: list[str]) -> dict[str, frozenset[str]]:
    """Every page of the built site that shows a widget, as a path from the site's root, with
    what its controls are made of: the widget attributes, the data-act and data-a names, and
    the elements of the kinds the look test compares."""
    marker = re.compile(rf"<[^>]*\s({'|'.join(attributes)})[\s=>]")
    controls = re.compile(r"\sdata-(?:act|a)=\"?([\w-]+)|<(table|details|input type=\"?file)")
    pages = {}
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        widgets = frozenset(marker.findall(html))
        if widgets:
            found = widgets | {"".join(match) for match in controls.findall(html)}
            pages[page.parent.relative_to(site).as_posix().removeprefix(".").lstrip("/") + "/"] = (
                found
            )
    return pages


def one_page_per_kind(pages: dict[str, frozenset[str]]) -> list[str]:
    """The first page of each set of widgets and controls: pages made of the same ones come from
    the same templates with the same classes."""
    first: dict[frozenset[str], str] = {}
    for path, made_of in pages.items():
        first.setdefault(made_of, path)
    return sorted(first.values())


# Collects, on one page, what every tool must share: the look of its import controls, of its
# primary, destructive (asks first: data-confirm) and disabled buttons, and of its tables.
# Buttons are then disabled one by one, to see that the disabled look wins over every variant.
LOOKS = """(roots) => {
  const widgets = [...document.querySelectorAll(roots)];
  const all = (selector) => widgets.flatMap((w) => [...w.querySelectorAll(selector)]);
  for (const details of all("details")) details.open = true;
  // Material's buttons fade between colours: measure the end of a change, not a frame of it.
  for (const control of all(".md-button, .smp-file")) control.style.transition = "none";
  const look = (el, props) => JSON.stringify(props.map((p) => getComputedStyle(el)[p]));
  const shown = (el) => el.getClientRects().length > 0;
  const name = (el) => el.dataset.act || el.dataset.a || el.className || el.tagName;
  const out = {import: [], primary: [], danger: [], disabled: [], disabledImport: [], table: [],
    cell: [], wrong: []};
  const DISABLED = ["color", "backgroundColor", "borderTopStyle", "borderTopColor", "cursor"];
  for (const input of all("input[type=file]")) {
    const label = input.closest("label.smp-file");
    if (!label || input.hidden || !shown(label)) {
      out.wrong.push(`import ${name(input)}`);
      continue;
    }
    out.import.push(look(label, ["display", "borderTopStyle", "borderTopWidth", "borderTopColor",
      "borderRadius", "paddingTop", "paddingLeft", "fontSize", "fontWeight"]));
  }
  const buttons = all(".md-button").filter((b) => !b.closest("template"));
  for (const button of buttons) {
    const off = button.disabled || button.getAttribute("aria-disabled") === "true";
    if (button.matches("[data-confirm]") && !button.matches(".smp-button--danger")) {
      out.wrong.push(`destructive ${name(button)} without smp-button--danger`);
    }
    if (off) out.disabled.push(look(button, DISABLED));
    else if (button.matches(".smp-button--danger")) {
      out.danger.push(look(button, ["color", "borderTopColor", "backgroundColor"]));
    } else if (button.matches(".md-button--primary")) {
      out.primary.push(look(button, ["color", "backgroundColor", "borderTopColor"]));
    }
  }
  for (const button of buttons.filter((b) => b.matches("button:enabled"))) {
    button.disabled = true;
    out.disabled.push(look(button, DISABLED));
    button.disabled = false;
  }
  // A disabled import shares the disabled buttons' colour and cursor.
  for (const input of all(".smp-file input[type=file]:enabled")) {
    input.disabled = true;
    const label = getComputedStyle(input.closest("label"));
    out.disabledImport.push(JSON.stringify([label.color, label.cursor]));
    input.disabled = false;
  }
  for (const table of all("table")) {
    if (!table.matches(".smp-table")) { out.wrong.push(`table ${table.caption?.textContent}`); }
    out.table.push(look(table, ["borderCollapse", "fontSize"]));
    const cell = table.querySelector("td, th");
    if (cell) out.cell.push(look(cell, ["paddingTop", "borderBottomStyle", "borderBottomWidth"]));
  }
  const plain = buttons.find((b) => !b.matches(".smp-button--danger, .md-button--primary"));
  out.plain = plain && !plain.disabled ? look(plain, ["color", "borderTopColor"]) : null;
  return out;
}"""


def test_every_tool_shares_the_look_of_its_controls(page, site):
    """Import controls, primary, destructive and disabled buttons and tables look the same on
    every page with a widget."""
    attributes = widget_attributes()
    pages = one_page_per_kind(widget_pages(site, attributes))
    assert len(pages) >= 5, pages
    roots = ", ".join(f"[{name}]" for name in attributes)
    # An action in the plan, so the plan page shows its Remove button.
    seed(page, {PLAN_KEY: json.dumps({"items": [{"id": "a", "text": "One", "status": "todo"}]})})
    seen: dict[str, dict[str, set[str]]] = {}
    wrong = {}
    plain_looks = set()
    for path in pages:
        page.goto(path)
        page.wait_for_function(
            "(s) => [...document.querySelectorAll(s)].every((w) => w.smpMounted)", arg=roots
        )
        found = page.evaluate(LOOKS, roots)
        if found["wrong"]:
            wrong[path] = found["wrong"]
        if found["plain"]:
            plain_looks.add(found["plain"])
        for kind in set(found) - {"wrong", "plain"}:
            for one in found[kind]:
                seen.setdefault(kind, {}).setdefault(one, set()).add(path)
    assert wrong == {}, f"controls outside the shared classes: {wrong}"
    # Each kind of control exists somewhere, and has one look wherever it is.
    kinds = {"import", "primary", "danger", "disabled", "disabledImport", "table", "cell"}
    assert set(seen) == kinds, set(seen)
    several = {
        kind: {look: sorted(paths)[:3] for look, paths in looks.items()}
        for kind, looks in seen.items()
        if len(looks) > 1
    }
    assert several == {}, f"one kind of control, several looks (look: pages): {several}"
    # A disabled import looks like a disabled button; a destructive button unlike a plain one.
    (disabled,) = (json.loads(look) for look in seen["disabled"])
    (disabled_import,) = (json.loads(look) for look in seen["disabledImport"])
    assert disabled_import == [disabled[0], disabled[-1]]
    (danger,) = (json.loads(look) for look in seen["danger"])
    assert plain_looks and all(danger[0] != json.loads(plain)[0] for plain in plain_looks)


def mounted(page, selector: str) -> None:
    """Wait until the widget at selector has been set up by its script (core.js marks it)."""
    page.wait_for_function("(s) => document.querySelector(s)?.smpMounted === true", arg=selector)


FOCUS_AND_VIEW = """() => { const e = document.activeElement, r = e.getBoundingClientRect();
    const seen = document.elementFromPoint(r.left + 4, r.top + r.height / 2);
    return {id: e.id, visible: r.bottom > 0 && r.top < innerHeight && e.contains(seen)}; }"""


def focus_and_view(page) -> dict:
    """The focused element's id, and whether it is what shows at its own middle (not covered)."""
    return page.evaluate(FOCUS_AND_VIEW)


@VIEWPORTS
def test_a_skip_link_at_the_top_moves_the_focus_to_the_results(page, viewport):
    """Before the navigation's links, a few Tab presses from the top; Enter focuses the results."""
    page.set_viewport_size(viewport)
    page.goto(f"assessments/{MAIN.id}/")
    mounted(page, "[data-assessment]")
    page.evaluate("window.__same_page = true")
    for presses in range(1, 9):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const e = document.activeElement;
            return {skip: e.matches('.md-skip[data-skip]'), text: e.textContent.trim(),
              late: Boolean(e.closest('.md-nav, .md-content')),
              top: e.getBoundingClientRect().top}; }"""
        )
        if where["skip"]:
            break
        assert not where["late"], f"Tab {presses} reached the navigation or the content first"
    assert where["skip"], "no skip link to the results within 8 Tab presses"
    # Shown when focused (it fades in), at the top of the viewport, in the reader's language.
    assert where["text"] == EN["assessment.to_results"] and where["top"] < 100
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id !== ''")
    # The page may scroll smoothly to the focused heading: wait until it shows, then check.
    page.wait_for_function(f"() => ({FOCUS_AND_VIEW})().visible", timeout=5000)
    assert focus_and_view(page) == {"id": f"results-{MAIN.id}", "visible": True}
    # The focus moved within the page: no reload took it away.
    assert page.evaluate("window.__same_page") is True


def test_a_shared_view_shows_its_import_as_disabled(page):
    """A shared view is read-only: its import is disabled, and looks like the disabled buttons."""
    question = MAIN.questions[0]
    page.goto(f"assessments/{MAIN.id}/#answers={MAIN.version},{question.id}:{MAIN.levels[0].value}")
    mounted(page, "[data-assessment]")
    assert page.locator("[data-a=shared] [data-smp-notice]").is_visible()
    file_input = page.locator("[data-assessment] .smp-file input[type=file]")
    assert file_input.is_disabled()
    looks = page.evaluate(
        """() => [document.querySelector('[data-assessment] .smp-file'),
          document.querySelector('[data-assessment] button.md-button:disabled')]
          .map((e) => { e.style.transition = 'none'; const s = getComputedStyle(e);
            return [s.color, s.cursor]; })"""
    )
    assert looks[0] == looks[1] and looks[0][1] == "not-allowed"


def checklist_for(refs: list[str]):
    """A checklist (not recurring) that lists one of the elements in refs, and that element's
    first item; otherwise the first such checklist and its first item."""
    lists = [c for c in PROJECT.checklists.values() if c.recurrence == "none"]
    for checklist in lists:
        for section in PROJECT.sections(checklist):
            if section.include in refs:
                return checklist, section.items[0]
    return lists[0], PROJECT.sections(lists[0])[0].items[0]


def figure(page, kind: str, entity_id: str | None = None) -> str:
    """What the home page's progress row says about one started tool."""
    selector = f"[data-progress-kind={kind}]"
    if entity_id:
        selector += f"[data-progress-id='{entity_id}']"
    return page.locator(f"{selector} [data-figure]").inner_text()


@VIEWPORTS
def test_from_home_to_a_finished_checklist_item_in_the_plan(page, viewport):
    """Issue 15's path: home → assessment → results → recommendations into the plan → a
    checklist item in the plan, ticked → the plan shows it done → reload → all kept."""
    page.set_viewport_size(viewport)
    page.goto("")
    page.locator(".smp-hero .md-button--primary").click()
    page.wait_for_url(f"**/assessments/{MAIN.id}/")
    mounted(page, "[data-assessment]")
    # The lowest answer everywhere: every dimension scores, the weakest get recommendations.
    answers = {question.id: MAIN.levels[0].value for question in MAIN.questions}
    # Clicked in the page, in one round trip: the clicks fire the events a reader's clicks do.
    page.locator("fieldset[data-question]").evaluate_all(
        "qs => qs.forEach((q) => q.querySelector('input[type=radio]').click())"
    )
    expected = score(MAIN, answers)
    page.locator(".smp-progress [data-skip]").click()
    page.wait_for_function(f"() => ({FOCUS_AND_VIEW})().visible", timeout=5000)
    assert focus_and_view(page) == {"id": f"results-{MAIN.id}", "visible": True}
    results = page.locator("[data-assessment-result]")
    assert results.get_attribute("data-score") == str(expected.score)
    assert page.locator("[data-a=prov]").inner_text() == ""
    advice = {f"{rec.dimension}:{rec.stage}": rec for _, _, rec in recommendations(MAIN, expected)}
    shown = page.locator("[data-rec]:visible")
    assert sorted(shown.evaluate_all("rs => rs.map((r) => r.dataset.rec)")) == sorted(advice)
    for rec in shown.all():
        rec.locator("[data-act=add]").click()
    sources = [rec.get_attribute("data-source") for rec in shown.all()]
    assert len(stored(page, PLAN_KEY)["items"]) == len(advice)

    # The step behind a recommendation, as a checklist: its items go into the plan, one is ticked.
    refs = [ref for rec in advice.values() for ref in rec.refs]
    checklist, item = checklist_for(refs)
    total = sum(len(section.items) for section in PROJECT.sections(checklist))
    page.goto("")
    page.locator(f".md-content a[href$='checklists/{checklist.id}/']:visible").first.click()
    page.wait_for_url(f"**/checklists/{checklist.id}/")
    mounted(page, "[data-checklist]")
    page.locator("[data-checklist] [data-act=plan]").click()
    page.locator(f"[data-item-check='{item.id}']").check()
    in_plan = page.locator(f"[data-item='{item.id}'] [data-in-plan]")
    assert in_plan.is_visible()
    in_plan.click()
    page.wait_for_url("**/action-plan/")
    mounted(page, "[data-action-plan]")

    def statuses() -> dict[str, str]:
        rows = page.locator("[data-action-plan] tbody tr")
        return dict(
            zip(
                rows.locator("td:first-child a").all_inner_texts(),
                [s.input_value() for s in rows.locator("[data-f=status]").all()],
                strict=True,
            )
        )

    plan = statuses()
    assert len(plan) == len(advice) + total
    assert plan[item.text] == "done"
    assert sorted(status for text, status in plan.items() if text != item.text) == ["todo"] * (
        len(plan) - 1
    )
    saved = stored(page, PLAN_KEY)
    assert {a["source"] for a in saved["items"]} >= {*sources, f"checklist:{item.id}"}

    # Everything is kept: the plan, the tick, the answers and the added recommendations.
    page.reload()
    mounted(page, "[data-action-plan]")
    assert statuses() == plan
    page.goto(f"checklists/{checklist.id}/")
    mounted(page, "[data-checklist]")
    assert page.locator(f"[data-item-check='{item.id}']").is_checked()
    assert page.locator("[data-checklist] input[type=checkbox]:checked").count() == 1
    page.goto(f"assessments/{MAIN.id}/")
    mounted(page, "[data-assessment]")
    assert page.locator("fieldset[data-question] :checked").count() == len(MAIN.questions)
    assert page.locator("[data-rec]:visible [data-act=add]").all_inner_texts() == [
        EN["assessment.added"]
    ] * len(advice)
    page.goto("")
    mounted(page, "[data-progress]")
    assert figure(page, "assessment", MAIN.id) == EN["home.scored"].format(
        score=expected.score, answered=len(MAIN.questions), total=len(MAIN.questions)
    )
    assert figure(page, "checklist", checklist.id) == EN["home.done"].format(done=1, total=total)
    assert figure(page, "plan") == EN["home.open"].format(count=len(plan) - 1)
