"""Browser fixtures: the built site over local HTTP, and Playwright driving the system Chromium."""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Debian's headless shell first: the same Chromium build without the desktop browser's processes,
# it uses about a third of the CPU per page. The full browser is the fallback.
CANDIDATES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The system Chromium (Debian's packages); Playwright's own download does not work here."""
    explicit = os.environ.get("PLAYBOOK_CHROMIUM")
    if explicit:
        return explicit
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves a built site without access logs; the test output should show failures."""

    # The body served for search/search_index.json instead of the real index, or None.
    search_index: bytes | None = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.search_index is None or not self.path.split("?")[0].endswith(SEARCH_INDEX):
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.search_index)))
        self.end_headers()
        self.wfile.write(self.search_index)


SEARCH_INDEX = "/search/search_index.json"


def empty_search_index(site: Path) -> bytes:
    """The site's search index with its settings and no documents.

    Material's search worker indexes the whole index on every fresh page load: about a third of
    Chromium's work per page here, spent in tests that never search. The tests of search
    (marked real_search) get the real index.
    """
    index = json.loads((site / SEARCH_INDEX.lstrip("/")).read_text(encoding="utf-8"))
    return json.dumps({**index, "docs": []}).encode("utf-8")


@contextmanager
def serve_site(site: Path, real_search: bool = False):
    """Serve a built site on a free local port; yields its base URL."""
    search_index = None if real_search else empty_search_index(site)
    handler_class = type("SiteHandler", (_QuietHandler,), {"search_index": search_index})
    handler = functools.partial(handler_class, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site: Path):
    """The built playbook, served for the whole session with an empty search index."""
    with serve_site(site) as url:
        yield url


@pytest.fixture(scope="session")
def site_url_with_search(site: Path):
    """The built playbook, served for the whole session with its real search index."""
    with serve_site(site, real_search=True) as url:
        yield url


@pytest.fixture
def base_url(request):
    """Where the test's pages come from: the real search index only for tests marked
    real_search."""
    if request.node.get_closest_marker("real_search"):
        return request.getfixturevalue("site_url_with_search")
    return request.getfixturevalue("site_url")


@pytest.fixture(scope="session")
def browser():
    """A headless system Chromium; skips without one, except under CI=true where it must exist."""
    path = chromium_path()
    if path is None:
        message = (
            "no system Chromium found"
            " (install Debian's 'chromium' package, or set PLAYBOOK_CHROMIUM)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        yield browser
        browser.close()


class PageErrors(list):
    """Uncaught page errors and console errors seen during a test."""


def watch_page(page, base_url: str) -> tuple[PageErrors, list[str]]:
    """Record the page's uncaught errors, console errors and requests to other hosts."""
    errors = PageErrors()
    foreign: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on(
        "request",
        lambda req: (
            foreign.append(req.url)
            if not req.url.startswith((base_url, "data:", "blob:", "about:"))
            else None
        ),
    )
    return errors, foreign


@pytest.fixture
def page(browser, base_url):
    """A fresh browser context and page; fails the test on any
    uncaught error or third-party request."""
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    page = context.new_page()
    errors, foreign = watch_page(page, base_url)
    page.errors = errors
    page.allowed_errors = []
    yield page
    context.close()
    unexpected = [e for e in errors if not any(a in e for a in page.allowed_errors)]
    assert not unexpected, f"errors in the page: {unexpected}"
    assert not foreign, f"requests to other hosts: {foreign}"


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """Serious and critical axe-core violations on the current page (of these rules only)."""
    from axe_playwright_python.sync_playwright import Axe

    # Violations only, the library's default, which any options passed replace: axe then skips
    # gathering the passes and the incomplete checks, about a third of its time here.
    options = {"resultTypes": ["violations"], **({"runOnly": rules} if rules else {})}
    results = Axe().run(page, options=options)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def violation_summary(violations: list[dict]) -> list[tuple[str, list]]:
    """Each violation's rule and its first three elements, for a readable failure."""
    return [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations]


# The body's scheme once Material has switched it and no colour is still fading (a transition
# caught halfway would give axe colours the reader never sees). Endless animations never settle.
SCHEME_SETTLED = """(scheme) => document.body.dataset.mdColorScheme === scheme
  && document.getAnimations().every((animation) => animation.playState !== "running"
    || animation.effect.getTiming().iterations === Infinity)"""
# The axe rules whose outcome depends on colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# Material's header toggle: only the label that switches to the other scheme is shown.
SCHEME_TOGGLE = "[data-md-component=palette] label:not([hidden])"


def axe_in_both_schemes(page) -> dict[str, list]:
    """axe's serious and critical violations on the page as it is, in the scheme it opened in and
    then in the other one, switched with the header's toggle as a reader does.

    A scheme changes colours only, so one page, with its widgets filled in, serves both runs, and
    the second runs only the rules that read colours.
    """
    found = {}
    for turn in range(2):
        if turn:
            page.locator(SCHEME_TOGGLE).click()
            page.mouse.move(0, 0)
        scheme = page.locator("body").get_attribute("data-md-color-scheme")
        page.wait_for_function(SCHEME_SETTLED, arg=scheme)
        found[scheme] = violation_summary(run_axe(page, COLOUR_RULES if turn else None))
    return found


NO_VIOLATIONS = {"default": [], "slate": []}
