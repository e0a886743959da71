"""Widget scripts load only on the pages that show their widgets, also under instant navigation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.site.assets import page_matches

from ..test_assets import WIDGETS, page_attributes, scripts_loaded_on
from .tools_helpers import enable_instant, instant

pytestmark = pytest.mark.browser

WIDGET_SCRIPT = re.compile(r"/assets/javascripts/playbook\.([\w-]+)\.[0-9a-f]{8}\.min\.js$")


def first_page_for(site: Path, selector: str) -> str:
    """The URL path of the first built page showing a widget that matches the selector."""
    for page in sorted(site.rglob("index.html")):
        if page_matches(page_attributes(page.read_text(encoding="utf-8")), selector):
            return page.parent.relative_to(site).as_posix() + "/"
    raise AssertionError(f"no page shows a widget matching {selector}")


def widget_scripts_requested(page) -> list[str]:
    """Starts recording the widget scripts the page requests; the list fills as it goes."""
    requested: list[str] = []

    def record(request):
        match = WIDGET_SCRIPT.search(request.url)
        if match and match.group(1) != "strings":
            requested.append(match.group(1))

    page.on("request", record)
    return requested


@pytest.mark.parametrize("selector", list(WIDGETS))
def test_a_page_loads_exactly_the_scripts_of_its_widgets_and_mounts_them(page, site, selector):
    url = first_page_for(site, selector)
    requested = widget_scripts_requested(page)
    page.goto(url)
    expected = scripts_loaded_on((site / url / "index.html").read_text(encoding="utf-8"))
    # Every widget of the page is mounted once its scripts have run.
    page.wait_for_function(
        "selector => [...document.querySelectorAll(selector)].every((el) => el.smpMounted)",
        arg=selector,
    )
    assert sorted(requested) == sorted(Path(path).stem for path in expected)


def page_without_widgets(site: Path) -> str:
    pages = sorted(site.rglob("index.html"))
    plain = next(p for p in pages if not scripts_loaded_on(p.read_text(encoding="utf-8")))
    return plain.parent.relative_to(site).as_posix() + "/"


def test_a_page_without_widgets_loads_no_widget_script(page, site):
    requested = widget_scripts_requested(page)
    page.goto(page_without_widgets(site))
    page.wait_for_load_state("networkidle")
    assert requested == []


def test_instant_navigation_loads_and_mounts_the_next_pages_widgets(page, site, base_url):
    """From a page without widgets, a click (no reload) shows a page whose widget then works."""
    selector = next(iter(WIDGETS))
    target = first_page_for(site, selector)
    enable_instant(page, site, base_url)
    requested = widget_scripts_requested(page)
    page.goto(page_without_widgets(site))
    # Instant navigation starts once Material has the sitemap; a click before that is a full load.
    page.wait_for_load_state("networkidle")
    assert requested == [], "a page without widgets loaded widget scripts"
    link = page.evaluate_handle(
        "url => { const a = document.createElement('a'); a.href = url;"
        " document.querySelector('article').append(a); return a; }",
        base_url.rstrip("/") + "/" + target,
    )
    instant(page, link, target, selector)
    page.wait_for_function(
        "selector => [...document.querySelectorAll(selector)].some((el) => el.smpMounted)",
        arg=selector,
    )
    assert set(requested) >= {Path(path).stem for path in WIDGETS[selector]}
