"""Real `mkdocs build` runs: generated pages follow the data, new data needs no code, mistakes fail.

The page checks run on three builds (``each_build``): the real site, upstream with a framework,
assessment and checklist added as YAML, and the fixture fork with more content in data/local/. Every
expectation comes from the data of the copy that was built, so a fork that adds content stays green.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from playbook.data.project import load_project

from .conftest import (
    LOCAL_PREFIX,
    UPSTREAM_PREFIX,
    BuiltCopy,
    add_docs_page,
    new_content,
)

pytestmark = pytest.mark.build

# The primary navigation, as Material renders it: the page's first md-nav--primary block.
PRIMARY_NAV = re.compile(
    r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', re.S
)


def read_page(site: Path, path: str = "") -> str:
    """A built page's HTML; ``path`` is the page's folder, '' for the home page."""
    return (site / path / "index.html").read_text(encoding="utf-8")


# The typography the Markdown renderer (smarty) applies, folded the same way on both sides.
TYPOGRAPHY = [("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")]
TYPOGRAPHY += [("---", "—"), ("--", "–"), ("...", "…")]


def fold(text: str) -> str:
    """Text with smart quotes, dashes and ellipses written one way, and whitespace collapsed."""
    for typed, folded in TYPOGRAPHY:
        text = text.replace(typed, folded)
    return " ".join(text.split())


INLINE_TAG = re.compile(r"</?(?:a|abbr|b|cite|code|em|i|span|strong)\b[^>]*>")


def visible_text(markup: str) -> str:
    """What a reader sees of some HTML: tags dropped, entities decoded, typography folded."""
    # Inline tags sit inside words and sentences; any other tag separates what is on either side.
    words = re.sub(r"<[^>]+>", " ", INLINE_TAG.sub("", markup))
    return fold(html.unescape(words))


def markdown_text(source: str) -> str:
    """The words of a Markdown snippet: link text without targets, no emphasis or code marks."""
    words = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", source)
    return fold(re.sub(r"[*_`]", "", words))


def page_title(markup: str) -> str:
    """The text of the page's first <h1>."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", markup, re.S)
    assert heading, "the page has no <h1>"
    # The permalink Material adds after the heading text is not part of the title.
    return visible_text(re.sub(r'<a class="headerlink".*?</a>', "", heading.group(1)))


def source_credits(raw: dict) -> list[tuple[str, str]]:
    """(title, author) of each source a framework's YAML credits, under `source:` or `sources:`."""
    sources = raw.get("sources") or [raw["source"]]
    return [(s["title"], s.get("author", "")) for s in sources]


def generated(site: Path, folder: str) -> set[str]:
    """The ids that have a generated page under ``folder`` of the built site."""
    return {p.parent.name for p in (site / folder).glob("*/index.html")}


def test_every_entity_has_its_own_page_and_no_other(each_build: BuiltCopy):
    """Each framework, assessment and checklist gets a page titled as
    in the data; no page lacks data."""
    project = load_project(each_build.project / "data", each_build.project)
    site = each_build.site
    for folder, entities in (
        ("frameworks", project.frameworks),
        ("assessments", project.assessments),
        ("checklists", project.checklists),
    ):
        assert generated(site, folder) == set(entities), folder
        for entity_id, entity in entities.items():
            title = page_title(read_page(site, f"{folder}/{entity_id}"))
            assert title == fold(entity.title), f"{folder}/{entity_id}"
    for reference in ("map", "glossary", "tools"):
        assert (site / reference / "index.html").is_file(), reference


def test_framework_pages_show_every_element_practice_and_source(each_build: BuiltCopy):
    """Every element is an anchor, every practice is shown in full, and the source is credited."""
    project = load_project(each_build.project / "data", each_build.project)
    for framework in project.frameworks.values():
        markup = read_page(each_build.site, f"frameworks/{framework.id}")
        text = visible_text(markup)
        for element in framework.elements:
            assert f'id="{element.id}"' in markup, f"{framework.id}#{element.id}"
            for practice in element.practices:
                assert markdown_text(practice) in text, f"{framework.id}: {practice!r}"
        source_box = re.search(r'<details class="note smp-source".*?</details>', markup, re.S)
        assert source_box, f"{framework.id} has no source box"
        credit = visible_text(source_box.group(0))
        for title, author in source_credits(project.raw["framework"][framework.id]):
            assert fold(title) in credit, f"{framework.id}: {title!r}"
            assert fold(author) in credit, f"{framework.id}: {author!r}"


def test_home_page_and_nav_list_everything(each_build: BuiltCopy):
    """The home page and the navigation both link every framework, assessment and checklist."""
    project = load_project(each_build.project / "data", each_build.project)
    home = read_page(each_build.site)
    nav = PRIMARY_NAV.search(home)
    assert nav, "primary nav not found"
    for kind, ids in (
        ("frameworks", project.frameworks),
        ("assessments", project.assessments),
        ("checklists", project.checklists),
    ):
        for entity_id in ids:
            assert f'href="{kind}/{entity_id}/"' in home, f"home page lacks {kind}/{entity_id}"
            assert f"{kind}/{entity_id}/" in nav.group(0), f"nav lacks {kind}/{entity_id}"


@pytest.mark.parametrize(
    ("build_fixture", "prefix"),
    [("additions_build", UPSTREAM_PREFIX), ("fork_build", LOCAL_PREFIX)],
    ids=["upstream-data", "fork-data-local"],
)
def test_content_added_as_yaml_gets_pages_a_home_card_and_json(request, build_fixture, prefix):
    """A framework, assessment and checklist added as YAML alone show up with their widgets."""
    built: BuiltCopy = request.getfixturevalue(build_fixture)
    added = new_content(prefix)
    framework, assessment = added["frameworks"], added["assessments"]
    checklist = added["checklists"]
    page = read_page(built.site, f"frameworks/{framework['id']}")
    for element in framework["elements"]:
        assert f'id="{element["id"]}"' in page
        for item in element["checklist"]:
            assert f'data-item-check="{item["id"]}"' in page
    page = read_page(built.site, f"assessments/{assessment['id']}")
    assert f'data-assessment="{assessment["id"]}"' in page
    for question in (q for d in assessment["dimensions"] for q in d["questions"]):
        assert f'name="{question["id"]}"' in page, question["id"]
    page = read_page(built.site, f"checklists/{checklist['id']}")
    included = framework["elements"][0]["checklist"][0]["id"]
    own = checklist["sections"][1]["items"][0]["id"]
    assert f'data-item-check="{included}"' in page and f'data-item-check="{own}"' in page
    home = read_page(built.site)
    assert f'data-framework="{framework["id"]}"' in home
    for folder in ("frameworks", "assessments", "checklists"):
        entity_id = added[folder]["id"]
        assert (built.site / "api" / folder / f"{entity_id}.json").is_file(), entity_id


# ---- the strict build refuses mistakes ----------------------------------------------------------

MACRO_ERROR = (
    "---\nrender_macros: true\n---\n# Broken\n\n{{ framework_page('no-such-framework') }}\n"
)
UNDEFINED = "---\nrender_macros: true\n---\n# Broken\n\n{{ no_such_variable }}\n"
BROKEN_LINKS = (
    "# Broken\n\nSee [nowhere](no-such-page.md) and [the stages](scoring.md#no-such-anchor).\n"
)


def plant_macro_error(project: Path) -> None:
    add_docs_page(project, "docs/broken.md", MACRO_ERROR)


def plant_undefined_variable(project: Path) -> None:
    add_docs_page(project, "docs/broken.md", UNDEFINED)


def plant_broken_links(project: Path) -> None:
    add_docs_page(project, "docs/broken.md", BROKEN_LINKS)


def plant_broken_yaml(project: Path) -> None:
    path = project / "data" / "frameworks" / "some-model.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "title: [unclosed")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# Each case plants mistakes in an otherwise good project, as the control page shows,
# and names the messages the build must print; both broken-link mistakes share one
# build, as strict mode lists all.
BROKEN = {
    "macro-error": (plant_macro_error, [r"no-such-framework"]),
    "undefined-variable": (plant_undefined_variable, [r"no_such_variable"]),
    "broken-link-and-anchor": (
        plant_broken_links,
        [
            r"WARNING.*'broken\.md' contains a link 'no-such-page\.md'",
            r"WARNING.*'broken\.md' contains a link 'scoring\.md#no-such-anchor'",
            r"Aborted with \d+ warnings in strict mode",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_strict_build_fails_on(case, built_copy):
    """A macro error, an undefined variable, a broken link and a
    broken anchor each abort the build."""
    plant, messages = BROKEN[case]
    result = built_copy(f"broken-{case}", plant)
    assert result.returncode != 0, f"{case}: the build succeeded"
    for message in messages:
        assert re.search(message, result.output), f"{message!r} not in:\n{result.output[-3000:]}"


def test_the_unbroken_control_builds(additions_build: BuiltCopy):
    """The same kind of extra page, without a mistake, builds: the
    failures above come from the mistakes."""
    page = read_page(additions_build.site, "control")
    assert 'href="../scoring/"' in page
    # The macro rendered the SoMe model's body, so the page went through mkdocs-macros.
    some_model = load_project(additions_build.project / "data").frameworks["some-model"]
    assert all(f'id="{element.id}"' in page for element in some_model.elements)


def test_broken_yaml_fails_the_build_with_file_line_col(built_copy):
    """Invalid data never produces a site; the message names file, line and column."""
    result = built_copy("broken-yaml", plant_broken_yaml)
    assert result.returncode != 0
    assert re.search(r"data/frameworks/some-model\.yaml:\d+:\d+: ", result.output), result.output[
        -2000:
    ]
    assert "Traceback" not in result.output
    assert not (result.site / "index.html").exists()
