"""No page of the real site breaks its own Content-Security-Policy: search, and pages reached
by Material's instant navigation, which keeps the first page's policy. Every page loaded on its
own (404 too) is checked by the sweep in test_every_page.py."""

from __future__ import annotations

import re

import pytest

from .tools_helpers import enable_instant, instant

pytestmark = pytest.mark.browser

# Installed before any page script: every violation of the page's policy is recorded.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`);
});
"""
# Lets queued work (scripts, the search worker's start, tooltips) run before the record is read.
SETTLE = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)))"


def urls(site) -> list[str]:
    """Every built page, as a path relative to the site's root."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        paths.append(
            relative[: -len("index.html")] if relative.endswith("index.html") else relative
        )
    return paths


def site_url_path(site) -> str:
    """The path of mkdocs.yml's site_url (such as social-media-playbook/), read from the sitemap."""
    loc = re.search(r"<loc>https?://[^/]+/(.*?)</loc>", (site / "sitemap.xml").read_text())[1]
    return loc


def violations(page) -> list[str]:
    page.evaluate(SETTLE)
    return page.evaluate("window.__csp")


@pytest.mark.real_search
def test_search_keeps_to_the_policy(page):
    """Typing a query starts the search worker and shows results; nothing is blocked.
    (Each page loaded on its own is checked in test_every_page.py.)"""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto("")
    page.locator(".md-search__input").first.focus()
    page.keyboard.type("strategy")
    page.wait_for_selector(".md-search-result__item")
    assert violations(page) == [], "search"


def test_instant_navigation_keeps_to_the_policy(page, site, base_url):
    """From the home page to pages at other depths and back, the window
    survives and nothing is blocked."""
    page.add_init_script(RECORD_VIOLATIONS)
    enable_instant(page, site, base_url)
    page.goto("")
    targets = [path for path in urls(site) if path.count("/") == 2][:2] + ["glossary/", ""]
    for path in targets:
        link = page.locator(f'nav.md-nav--primary a[href$="{path or "./"}"]').first
        if path == "":
            link = page.locator("a.md-header__button.md-logo")
        instant(page, link, path, "article")
        assert violations(page) == [], path
