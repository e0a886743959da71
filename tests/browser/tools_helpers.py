"""Helpers for the working tools' browser tests: storage faults, downloads,
instant navigation, export checks."""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# The English UI strings, to compare notices and confirm() questions with.
EN = yaml.safe_load((ROOT / "data" / "strings" / "en.yaml").read_text(encoding="utf-8"))["strings"]

# localStorage itself throws, as with blocked cookies or a sandboxed frame.
BLOCKED = (
    "Object.defineProperty(window, 'localStorage', {configurable: true,"
    " get() { throw new DOMException('blocked', 'SecurityError'); }});"
)
# Reading works but every write fails, as when storage is full.
FULL = (
    "Storage.prototype.setItem = function () {"
    " throw new DOMException('full', 'QuotaExceededError'); };"
)
# Counts writes to the playbook's keys, to show that one change saves once (no duplicate listeners).
COUNT_SAVES = """
window.__saves = [];
const realSet = Storage.prototype.setItem;
Storage.prototype.setItem = function (k, v) {
  if (String(k).startsWith('smp:v1:')) window.__saves.push(k);
  return realSet.call(this, k, v);
};
"""
# Material's saved palette choice: the dark (slate) scheme.
SLATE = (
    "try { localStorage.setItem('/.__palette',"
    " JSON.stringify({index: 1, color: {scheme: 'slate'}})); } catch (e) {}"
)
# window.print() would open a dialog; record the call instead.
NO_PRINT = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"


@contextmanager
def _watched(page, base_url: str, close, what: str):
    """Yield page, close it (or its context) afterwards, then fail on what
    the page fixture fails on: uncaught errors, console errors, other hosts."""
    from .conftest import watch_page

    errors, foreign = watch_page(page, base_url)
    try:
        yield page
    finally:
        close()
    problems = [*errors, *(f"request to another host: {url}" for url in foreign)]
    assert problems == [], f"problems in {what}: {problems}"


@contextmanager
def checked_context(browser, base_url: str):
    """A page in a context of its own (for a site served on another port),
    checked like the page fixture."""
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    with _watched(context.new_page(), base_url, context.close, "the page") as page:
        yield page


@contextmanager
def second_tab(page, base_url: str):
    """Another tab next to page: the same context, so the same localStorage and its
    storage events; checked like page."""
    other = page.context.new_page()
    with _watched(other, base_url, other.close, "the second tab") as tab:
        yield tab


def answer_next_dialog(page, accept: bool) -> list[str]:
    """Accept or dismiss the next confirm() (as a button's click opens it); the list receives its
    message (empty if none was asked)."""
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", answer)
    return asked


def import_file(page, path, accept: bool, root: str = "") -> str:
    """Choose a file with a valid envelope in the import input: answer the confirm() it must
    ask first, return the question."""
    with page.expect_event("dialog") as info:
        page.locator(f"{root} [data-import]".strip()).set_input_files(str(path))
    info.value.accept() if accept else info.value.dismiss()
    return info.value.message


def wait_notice(page, root: str, text: str) -> None:
    """Wait until the notice of the widget at root shows (contains) text."""
    page.wait_for_function(
        "([r, m]) => { const n = document.querySelector(`${r} [data-smp-notice]`);"
        " return !n.hidden && n.textContent.includes(m); }",
        arg=[root, text],
    )


def focused(page) -> str:
    """A short description of the focused element (tag, data-f or data-act, and its
    row or task), for focus checks."""
    return page.evaluate("""() => {
      const e = document.activeElement, r = e.closest('[data-id], [data-task]');
      const row = r ? (r.dataset.id || r.dataset.task) : '';
      return [e.tagName.toLowerCase(), e.dataset.f || e.dataset.act || '', row].join(' '); }""")


def csv_rows(body: bytes) -> list[list[str]]:
    """A CSV export's rows; it must start with the UTF-8 byte order mark
    spreadsheets need to read UTF-8."""
    assert body.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM at the start of the CSV"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def seed(page, values: dict[str, str]) -> None:
    """Put raw strings into localStorage before any page script runs
    (once per test, not on every load)."""
    page.add_init_script(
        "if (!sessionStorage.getItem('__seeded')) { sessionStorage.setItem('__seeded', '1');"
        f" for (const [k, v] of Object.entries({json.dumps(values)}))"
        " localStorage.setItem(k, v); }"
    )


def stored(page, key: str):
    """A saved value, parsed, or None."""
    raw = page.evaluate("k => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def download(page, locator) -> tuple[str, bytes]:
    """Click a control that downloads a file; return the suggested name and the bytes."""
    with page.expect_download() as info:
        locator.click()
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


def enable_instant(page, site: Path, base_url: str) -> None:
    """Serve the sitemap with this server's address: Material's instant navigation only takes
    links listed in it, and the built one lists the site_url of mkdocs.yml."""
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    home = re.search(r"<loc>(.*?)</loc>", xml).group(1)
    page.route(
        "**/sitemap.xml",
        lambda route: route.fulfill(
            status=200, content_type="application/xml", body=xml.replace(home, base_url)
        ),
    )


def instant(page, link, path: str, ready: str) -> None:
    """Follow a link to path; check that Material's instant navigation handled it (the
    window survives) and wait for ready."""
    page.evaluate("window.__same_window = true")
    # A scripted click: the link may sit in a collapsed part of the navigation.
    link.evaluate("a => a.click()")
    page.wait_for_url(f"**/{path}")
    page.wait_for_selector(ready)
    assert page.evaluate("window.__same_window === true"), (
        "the link caused a full page load, not instant navigation"
    )


def validate_export(document: dict) -> None:
    """Validate an export against data/schema/export.schema.json (with
    common.schema.json for $refs)."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {
        p.name: json.loads(p.read_text(encoding="utf-8"))
        for p in (ROOT / "data" / "schema").glob("*.schema.json")
    }
    registry = Registry().with_resources(
        (name, Resource.from_contents(s)) for name, s in schemas.items()
    )
    validator = Draft202012Validator(
        schemas["export.schema.json"],
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]
    assert errors == [], errors


def print_check(page, scheme: str, path: str, print_button: str, before=None) -> None:
    """Open a tool page in a colour scheme, press its print button, then switch to print media.
    (axe checks the tool pages in both schemes in test_actions.py.)"""
    page.add_init_script(NO_PRINT)
    if scheme == "slate":
        page.add_init_script(SLATE)
    if before:
        before(page)
    page.goto(path)
    page.locator(print_button).click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
