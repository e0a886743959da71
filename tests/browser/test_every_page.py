"""Every page of the built site, each loaded once at phone width (390 px): it keeps to its own
Content-Security-Policy and does not scroll sideways (issue 15).

One visit per page serves both checks: a page load costs far more than reading two numbers from
it. The pages come from the built site itself, so a fork's added pages are checked too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .conftest import watch_page
from .test_csp import RECORD_VIOLATIONS, site_url_path, urls, violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@dataclass(frozen=True)
class Visit:
    """What one page showed when loaded on its own."""

    policies: int
    violations: list[str]
    errors: list[str]
    foreign: list[str]
    overflow: int


def visit_pages(browser, base_url, site, paths: list[str]) -> dict[str, Visit]:
    """Each of these built pages loaded directly in a phone-sized window, with what it showed."""
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    page = context.new_page()
    errors, foreign = watch_page(page, base_url)
    page.add_init_script(RECORD_VIOLATIONS)
    # 404.html links its assets under site_url's path (it is served for any missing URL); here the
    # site sits at the server's root, so those requests are sent there.
    prefix = "/" + site_url_path(site)
    page.route(
        f"**{prefix}**", lambda route: route.continue_(url=route.request.url.replace(prefix, "/"))
    )
    visits = {}
    try:
        for path in paths:
            seen_errors, seen_foreign = len(errors), len(foreign)
            page.goto(path)
            visits[path] = Visit(
                policies=page.locator('meta[http-equiv="Content-Security-Policy"]').count(),
                violations=violations(page),
                errors=errors[seen_errors:],
                foreign=foreign[seen_foreign:],
                overflow=page.evaluate(OVERFLOW),
            )
    finally:
        context.close()
    return visits


# Both checks in one visit per page. The pages are dealt into a few shares, so the xdist workers
# split the sweep instead of one of them ending the run with all of it.
SHARES = 3


@pytest.mark.parametrize("share", range(SHARES))
def test_every_page_keeps_its_policy_and_fits_a_phone(browser, base_url, site, share):
    every_page = urls(site)
    assert "404.html" in every_page and "" in every_page
    visits = visit_pages(browser, base_url, site, every_page[share::SHARES])
    # No violation event and no console error (where Chromium reports blocked scripts and
    # styles), on any page loaded on its own.
    against_policy = {
        path: visit
        for path, visit in visits.items()
        if visit.policies != 1 or visit.violations or visit.errors or visit.foreign
    }
    assert against_policy == {}
    wide = {path: visit.overflow for path, visit in visits.items() if visit.overflow > 0}
    assert wide == {}, f"pages wider than {PHONE['width']} px, by px: {wide}"
