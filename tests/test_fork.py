"""A fixture fork: branding in mkdocs.local.yml, an overlay in data/local/, a
translated UI and a new framework."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from playbook import cli

from .conftest import ROOT, BuiltCopy, build, copy_project, make_fork_files

pytestmark = pytest.mark.build


def make_fork(dest: Path) -> Path:
    """Upstream's project with the fork's own files added; no upstream file is edited."""
    project = copy_project(dest)
    make_fork_files(project)
    return project


def build_fork(project: Path) -> subprocess.CompletedProcess:
    """Build the way the Makefile does when mkdocs.local.yml exists."""
    return build(project, config="mkdocs.local.yml")


@pytest.fixture(scope="module")
def fork_site(fork_build: BuiltCopy) -> Path:
    """The fixture fork, built once per session (conftest's ``fork_build``)."""
    return fork_build.site


def read(site: Path, page: str = "") -> str:
    """A built page's HTML."""
    return (site / page / "index.html").read_text(encoding="utf-8")


def test_branding_comes_from_the_local_config(fork_site):
    """Name, logo, colour, language and contact are the fork's."""
    home = read(fork_site)
    assert re.search(r"<title>[^<]*Acme Social Playbook", home)
    assert '<html lang="de"' in home
    assert 'src="assets/local/acme-logo.svg"' in home
    assert 'data-md-color-primary="red"' in home
    assert "mailto:social@acme.example" in home
    assert (fork_site / "assets" / "local" / "acme-logo.svg").is_file()


def test_ui_is_translated_with_material_and_playbook_strings(fork_site):
    """theme.language switches Material's strings, the playbook's strings file, and
    the fork's own string override."""
    home = read(fork_site)
    assert 'placeholder="Suche"' in home
    assert "Acme-Rahmenwerke" in home
    article = re.search(r"<article.*?</article>", home, re.S).group(0)
    assert "Selbsteinschätzungen" in article and "Self-assessments" not in article
    # The generated navigation sections take their titles from the strings too.
    assert home.count("Selbsteinschätzungen") > article.count("Selbsteinschätzungen")
    assert "Self-assessments" not in home


def test_new_framework_has_its_page_assessment_checklist_and_listing(fork_site):
    """A framework added as YAML only shows up with its page, its assessment and its checklist."""
    assert "Acme launch loop" in read(fork_site, "frameworks/acme-launch")
    page = read(fork_site, "assessments/acme-launch-check")
    assert 'data-assessment="acme-launch-check"' in page
    # One dimension encloses no area: the scores table without a radar chart.
    assert 'class="smp-radar"' not in page and "data-dim-row=" in page
    assert 'class="smp-radar"' in read(fork_site, "assessments/some-model")
    assert 'data-item-check="acme-pilot-group"' in read(fork_site, "checklists/acme-launch-list")
    home = read(fork_site)
    assert 'data-framework="acme-launch"' in home and 'href="frameworks/acme-launch/"' in home
    assert (fork_site / "api" / "frameworks" / "acme-launch.json").is_file()


def test_own_framework_credits_the_organisation_and_links_its_pages(fork_site):
    """The fork's own framework names extra.organisation in its source box (not upstream's
    "community additions"), lists both its sources with their roles, and its data Markdown
    links to its assessment and checklist by kind and id, as relative URLs."""
    page = read(fork_site, "frameworks/acme-launch")
    box = re.search(r'<details class="note smp-source".*?</details>', page, re.S).group(0)
    assert "Acme Communications hat dieses Rahmenwerk" in box
    assert "Community" not in box
    assert re.findall(r'data-source-role="([a-z]+)"', box) == ["internal", "background"]
    for kind, entity_id in (
        ("assessments", "acme-launch-check"),
        ("checklists", "acme-launch-list"),
    ):
        assert re.search(f'<a href="../../{kind}/{entity_id}/" title="[^"]+"', page), kind
        assert (fork_site / kind / entity_id / "index.html").is_file()
    # An upstream framework, even one the fork overrides, keeps upstream's note.
    upstream = read(fork_site, "frameworks/some-model")
    assert "Acme Communications hat" not in upstream and "Community" in upstream


def test_overrides_change_only_what_they_name(fork_site):
    """The SoMe override renames the framework and rewrites one summary; the
    rest and the scale labels follow."""
    page = read(fork_site, "frameworks/some-model")
    assert "The SoMe model at Acme" in page
    assert "At Acme, sharing starts with the weekly newsroom meeting." in page
    assert 'id="optimize"' in page and 'id="manage"' in page
    assessment = read(fork_site, "assessments/some-model")
    assert "Noch nie" in assessment and "Immer" in assessment


def test_upstream_files_are_untouched(fork_build: BuiltCopy):
    """Making the fork adds files only: every upstream data file
    and mkdocs.yml is byte-identical."""
    project = fork_build.project
    upstream = sorted((ROOT / "data").rglob("*.yaml"))
    assert upstream
    for path in upstream:
        copied = project / "data" / path.relative_to(ROOT / "data")
        assert copied.read_bytes() == path.read_bytes(), path
    assert (project / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    assert (project / "mkdocs.local.yml").is_file() and (project / "data" / "local").is_dir()


def plant_retired_override(project: Path) -> None:
    """The fork, with an override of an upstream framework that no longer exists."""
    make_fork_files(project)
    (project / "data" / "local" / "frameworks" / "retired-model.yaml").write_text(
        "id: retired-model\noverride: true\ntitle: Ours\n", encoding="utf-8"
    )


RETIRED = (
    "data/local/frameworks/retired-model.yaml:2:11: this file overrides the upstream framework "
    "'retired-model', which no longer exists upstream"
)


def test_override_of_a_missing_id_fails_validate_and_build(built_copy, capsys, monkeypatch):
    """An override whose upstream entity is gone is reported by `playbook
    validate` and stops the build."""
    built = built_copy("fork-retired-override", plant_retired_override, "mkdocs.local.yml")
    monkeypatch.chdir(built.project)
    assert cli.main(["--data", "data", "validate"]) == 1
    assert RETIRED in capsys.readouterr().err
    assert built.returncode != 0
    assert RETIRED in built.output
    assert not (built.site / "index.html").exists()
