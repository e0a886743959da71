"""Browser fixtures: the built site over local HTTP, and Playwright driving the system Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import threading
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
    def log_message(self, *args):  # the test output should show failures, not access logs
        pass


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The built playbook served on a free local port, for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


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


def run_axe(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
