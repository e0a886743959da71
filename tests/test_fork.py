"""A fixture fork: branding in mkdocs.local.yml, an overlay in data/local/, a translated UI and a new framework."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT, copy_project

pytestmark = pytest.mark.build

FORK = FIXTURES / "fork"


def make_fork(dest: Path) -> Path:
    """Upstream's project with the fork's own files added; no upstream file is edited."""
    project = copy_project(dest)
    shutil.copytree(FORK, project, dirs_exist_ok=True)
    return project


def build_fork(project: Path) -> subprocess.CompletedProcess:
    """Build the way the Makefile does when mkdocs.local.yml exists."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(project / "mkdocs.local.yml"),
            "-d",
            str(project / "site"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=300,
    )


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory) -> Path:
    """The fixture fork, built once for the checks below."""
    project = make_fork(tmp_path_factory.mktemp("fork"))
    result = build_fork(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


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
    """theme.language switches Material's strings, the playbook's strings file, and the fork's own string override."""
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


def test_overrides_change_only_what_they_name(fork_site):
    """The SoMe override renames the framework and rewrites one summary; the rest and the scale labels follow."""
    page = read(fork_site, "frameworks/some-model")
    assert "The SoMe model at Acme" in page
    assert "At Acme, sharing starts with the weekly newsroom meeting." in page
    assert 'id="optimize"' in page and 'id="manage"' in page
    assessment = read(fork_site, "assessments/some-model")
    assert "Noch nie" in assessment and "Immer" in assessment


def test_upstream_files_are_untouched(tmp_path):
    """Making the fork adds files only: every upstream data file is byte-identical."""
    project = make_fork(tmp_path / "p")
    for path in (ROOT / "data").rglob("*.yaml"):
        assert (
            project / "data" / path.relative_to(ROOT / "data")
        ).read_bytes() == path.read_bytes()
    assert (project / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()


def test_override_of_a_missing_id_fails_validate_and_build(tmp_path):
    """An override whose upstream entity is gone is reported by make validate and stops the build."""
    project = make_fork(tmp_path / "p")
    (project / "data" / "local" / "frameworks" / "retired-model.yaml").write_text(
        "id: retired-model\noverride: true\ntitle: Ours\n", encoding="utf-8"
    )
    validate = subprocess.run(
        [sys.executable, "-m", "playbook.cli", "--data", str(project / "data"), "validate"],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=120,
    )
    assert validate.returncode == 1
    assert (
        "data/local/frameworks/retired-model.yaml:2:11: this file overrides the upstream framework 'retired-model', which no longer exists upstream"
        in validate.stderr
    )
    result = build_fork(project)
    assert result.returncode != 0
    assert "retired-model.yaml:2:11" in result.stderr
