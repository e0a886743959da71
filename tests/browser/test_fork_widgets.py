"""The widgets on a fork's own content: a one-dimension assessment (no radar
chart) in German, in Chromium."""

from __future__ import annotations

import pytest

from .conftest import serve_site
from .tools_helpers import checked_context

pytestmark = [pytest.mark.browser, pytest.mark.build]


@pytest.fixture(scope="module")
def fork_url(fork_build):
    """The fixture fork (conftest's fork_build, built once per
    session), served on a free local port."""
    with serve_site(fork_build.site) as url:
        yield url


def test_a_one_dimension_assessment_scores_without_a_radar(browser, fork_url):
    with checked_context(browser, fork_url) as page:
        page.goto("assessments/acme-launch-check/")
        # The chart needs three axes; the table carries the numbers alone, and the
        # script must not miss the chart.
        assert page.locator(".smp-radar").count() == 0
        page.locator("input[name='acme-q-pilot'][value='1']").check()
        result = page.locator("[data-assessment-result]")
        assert (result.get_attribute("data-score"), result.get_attribute("data-stage")) == (
            "100",
            "ready",
        )
        assert page.locator("[data-dim-row=pilot] td").first.inner_text() == "100"
        # The fork's UI language reaches the widget's strings too.
        assert page.locator("[data-a=progress]").inner_text() == "1 von 1 beantwortet"
