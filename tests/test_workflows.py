"""The GitHub Actions workflows are valid (check-jsonschema's vendored schema, offline) and do what the README says."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from check_jsonschema.cli.main_command import main as check_jsonschema
from click.testing import CliRunner, Result

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _check(paths: list[Path]) -> Result:
    """Validate workflow files against the GitHub-workflow schema bundled with check-jsonschema.

    The tool's own command runs in this process (click's runner), as `check-jsonschema` would.
    """
    args = ["--builtin-schema", "vendor.github-workflows", *map(str, paths)]
    return CliRunner().invoke(check_jsonschema, args)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_workflow_is_valid(path):
    """Each workflow passes the GitHub-workflow schema."""
    result = _check([path])
    assert result.exit_code == 0, result.output


def test_an_invalid_workflow_is_rejected(tmp_path):
    """A job without runs-on and with an unknown key fails the same check, so the check can fail."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "name: bad\non: push\njobs:\n  test:\n    stepz:\n      - run: make test\n",
        encoding="utf-8",
    )
    result = _check([bad])
    assert result.exit_code == 1, result.output
    assert "bad.yml" in result.output and "runs-on" in result.output


def _load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1), so look the trigger up under both spellings.
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_the_three_workflows_exist_with_their_triggers():
    """CI on push and pull request runs .ci/run; deploy publishes site/ from main; the link check is scheduled."""
    ci, deploy, links = _load("ci.yml"), _load("deploy.yml"), _load("links.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert any(step.get("run") == ".ci/run" for step in ci["jobs"]["test"]["steps"])
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert any(
        "deploy-pages" in step.get("uses", "")
        for job in deploy["jobs"].values()
        for step in job["steps"]
    )
    assert "schedule" in links["on"]
    args = next(
        s["with"]["args"]
        for s in links["jobs"]["links"]["steps"]
        if "lychee-action" in s.get("uses", "")
    )
    assert "--max-retries" in args and "--cache" in args
