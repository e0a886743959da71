"""Real `mkdocs build` runs: generated pages exist, new data needs no code, and every kind of mistake fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook.data.project import load_project

from .conftest import ROOT, build, copy_project

pytestmark = pytest.mark.build

DROP_IN = """\
# yaml-language-server: $schema=../schema/framework.schema.json
id: zeta-loop
title: Zeta loop
summary: A framework added as one YAML file, with no code change.
tags: [testing]
source:
  title: Zeta notes
  author: Test Author
  year: 2024
how_to_use: Work through the two steps in order.
elements:
  - id: observe
    kind: step
    title: Observe
    summary: Look before acting.
    checklist:
      - id: zeta-observe-list
        text: List what you saw this week.
  - id: adjust
    kind: step
    title: Adjust
    summary: Change one thing at a time.
"""


def _page(site: Path, path: str) -> str:
    return (
        (site / path / "index.html").read_text(encoding="utf-8")
        if path
        else (site / "index.html").read_text(encoding="utf-8")
    )


def test_every_entity_has_a_generated_page(site):
    """Each framework, assessment and checklist in data/ becomes its own page, plus the reference pages."""
    project = load_project(ROOT / "data", ROOT)
    expected = [f"frameworks/{i}" for i in project.frameworks]
    expected += [f"assessments/{i}" for i in project.assessments]
    expected += [f"checklists/{i}" for i in project.checklists]
    expected += ["map", "glossary", "tools"]
    missing = [p for p in expected if not (site / p / "index.html").is_file()]
    assert missing == []
    assert len(expected) >= 7 + 5 + 5 + 3


def test_framework_page_shows_elements_practices_and_source(site):
    """The SoMe model page carries every element id as an anchor, its practices and its source credit."""
    project = load_project(ROOT / "data", ROOT)
    framework = project.frameworks["some-model"]
    html = _page(site, "frameworks/some-model")
    for element in framework.elements:
        assert f'id="{element.id}"' in html, element.id
    practice = next(p for e in framework.elements for p in e.practices)
    assert practice.split()[0] in html
    assert framework.source.author.split()[-1] in html


def test_home_page_and_nav_list_everything(site):
    """The home page and the navigation both list every framework, assessment and checklist."""
    project = load_project(ROOT / "data", ROOT)
    home = _page(site, "")
    nav = re.search(
        r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', home, re.S
    )
    assert nav, "primary nav not found"
    for kind, ids in (
        ("frameworks", project.frameworks),
        ("assessments", project.assessments),
        ("checklists", project.checklists),
    ):
        for entity_id in ids:
            assert f'href="{kind}/{entity_id}/"' in home, f"home page lacks {kind}/{entity_id}"
            assert f"{kind}/{entity_id}/" in nav.group(0), f"nav lacks {kind}/{entity_id}"


def test_dropping_a_yaml_file_adds_a_page_nav_entry_and_home_card(tmp_path):
    """A new valid framework file appears in the site, the nav and the home page with no code change."""
    project = copy_project(tmp_path / "p")
    (project / "data" / "frameworks" / "zeta-loop.yaml").write_text(DROP_IN, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = _page(project / "site", "frameworks/zeta-loop")
    assert "Zeta loop" in page and 'id="observe"' in page and 'id="adjust"' in page
    assert 'data-item-check="zeta-observe-list"' in page
    home = _page(project / "site", "")
    assert 'data-framework="zeta-loop"' in home
    assert home.count('href="frameworks/zeta-loop/"') >= 2, (
        "expected both a nav link and a home card"
    )


def _write(project: Path, relative: str, text: str) -> None:
    """Add a docs page and list it in the nav, so that only the planted mistake can fail the build."""
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    nav_line = "      - The scoring method: scoring.md\n"
    source = config.read_text(encoding="utf-8")
    assert nav_line in source, "mkdocs.yml's nav changed; update the test's anchor line"
    config.write_text(
        source.replace(
            nav_line, nav_line + f"      - Extra: {Path(relative).relative_to('docs')}\n"
        ),
        encoding="utf-8",
    )


# Each case plants one mistake in an otherwise good project; the strict build must refuse it and say why.
BROKEN = {
    "macro-error": (
        "docs/broken.md",
        "---\nrender_macros: true\n---\n# Broken\n\n{{ framework_page('no-such-framework') }}\n",
        r"no-such-framework",
    ),
    "undefined-variable": (
        "docs/broken.md",
        "---\nrender_macros: true\n---\n# Broken\n\n{{ no_such_variable }}\n",
        r"no_such_variable",
    ),
    "broken-link": (
        "docs/broken.md",
        "# Broken\n\nSee [nowhere](no-such-page.md).\n",
        r"no-such-page\.md",
    ),
    "broken-anchor": (
        "docs/broken.md",
        "# Broken\n\nSee [the stages](scoring.md#no-such-anchor).\n",
        r"no-such-anchor",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_strict_build_fails_on(case, tmp_path):
    """A macro error, an undefined variable, a broken link and a broken anchor each abort the build."""
    project = copy_project(tmp_path / "p")
    relative, text, expected = BROKEN[case]
    _write(project, relative, text)
    result = build(project)
    assert result.returncode != 0, f"{case}: the build succeeded"
    assert re.search(expected, result.stderr + result.stdout), result.stderr[-2000:]
    assert not (project / "site" / "broken" / "index.html").exists() or case in (
        "broken-link",
        "broken-anchor",
    )


def test_the_unbroken_control_builds(tmp_path):
    """The same extra page without the mistake builds, so the failures above are caused by the mistakes."""
    project = copy_project(tmp_path / "p")
    _write(
        project,
        "docs/broken.md",
        "---\nrender_macros: true\n---\n# Fine\n\nSee [the stages](scoring.md) and {{ framework_page('some-model') }}\n",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr


def test_broken_yaml_fails_the_build_with_file_line_col(tmp_path):
    """Invalid data never produces a site; the message names file, line and column."""
    project = copy_project(tmp_path / "p")
    path = project / "data" / "frameworks" / "some-model.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "title: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert re.search(r"data/frameworks/some-model\.yaml:\d+:\d+: ", result.stderr), result.stderr[
        -2000:
    ]
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists()
