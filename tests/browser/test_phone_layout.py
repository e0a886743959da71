"""Issue 15: no page of the built site scrolls sideways on a phone (390 px wide).

The pages come from the built site itself, so a fork's added pages are checked too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DOCS = ROOT / "docs"


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path from its root."""
    return sorted(
        page.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        for page in site.rglob("index.html")
    )


def test_no_page_scrolls_sideways_on_a_phone(page, site):
    pages = site_pages(site)
    assert len(pages) > 20
    page.set_viewport_size(PHONE)
    wide = {}
    for path in pages:
        page.goto(path.lstrip("/"))
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide[path] = overflow
    assert wide == {}, f"pages wider than {PHONE['width']} px, by px: {wide}"
