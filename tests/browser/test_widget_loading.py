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
# A part loaded on demand: its element carries data-more=<part> and gains data-opened=<part>.
ON_DEMAND = re.compile(r"\[data-opened=([\w-]+)\]")


def first_page_for(site: Path, selector: str) -> str:
    """The URL path of the first built page showing a widget that matches the selector, or, for
    a part on demand, offering it."""
    for page in sorted(site.rglob("index.html")):
        attributes = page_attributes(page.read_text(encoding="utf-8"))
        attributes |= {("data-opened", value) for name, value in attributes if name == "data-more"}
        if page_matches(attributes, selector):
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


@pytest.mark.parametrize("selector", [s for s in WIDGETS if not ON_DEMAND.search(s)])
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


@pytest.mark.parametrize("selector", [s for s in WIDGETS if ON_DEMAND.search(s)])
def test_a_part_on_demand_loads_its_scripts_only_once_it_is_used(page, site, selector):
    """Nothing of the part loads with its page; used (core.js Playbook.more, what opening its
    <details> calls), the page requests exactly the scripts predicted with it opened."""
    url = first_page_for(site, selector)
    part = ON_DEMAND.search(selector).group(1)
    html = (site / url / "index.html").read_text(encoding="utf-8")
    requested = widget_scripts_requested(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    at_load = scripts_loaded_on(html)
    assert sorted(requested) == sorted(Path(path).stem for path in at_load)
    page.evaluate(
        "part => Playbook.more([...document.querySelectorAll('[data-more]')]"
        ".find((el) => el.dataset.more === part))",
        part,
    )
    expected = at_load + [path for path in WIDGETS[selector] if path not in at_load]
    # Until the part's scripts have arrived (resource timing lists a response once it is done).
    page.wait_for_function(
        "stems => stems.every((stem) => performance.getEntriesByType('resource')"
        ".some((entry) => entry.name.includes(`/playbook.${stem}.`)))",
        arg=[Path(path).stem for path in WIDGETS[selector]],
    )
    assert sorted(requested) == sorted(Path(path).stem for path in expected)
