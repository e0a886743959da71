"""The browser tests' own server: an empty search index for pages, the real one for search tests."""

from __future__ import annotations

import json
from urllib.request import urlopen

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.build]


def fetch_index(base_url: str) -> dict:
    with urlopen(f"{base_url}search/search_index.json") as response:
        return json.load(response)


def test_pages_get_an_empty_index_with_the_real_settings(site, site_url):
    real = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    served = fetch_index(site_url)
    assert real["docs"], "the build should index its pages"
    assert served == {**real, "docs": []}


@pytest.mark.real_search
def test_a_test_marked_real_search_gets_the_real_index(site, base_url):
    real = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert fetch_index(base_url) == real


def test_other_files_are_served_as_built(site, base_url):
    with urlopen(f"{base_url}sitemap.xml") as response:
        assert response.read() == (site / "sitemap.xml").read_bytes()
