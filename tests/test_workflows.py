"""The GitHub Actions workflows are valid (check-jsonschema's vendored schema,
offline) and do what the README says."""

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
    """CI on push and pull request runs .ci/run; deploy publishes site/ from
    main; the link check is scheduled."""
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


# ---- .ci/run ------------------------------------------------------------------------------------

CI_RUN = ROOT / ".ci" / "run"


def run_ci_script(
    tmp_path: Path, present: list[str], make_exit: int, apt_exit: int = 0
) -> tuple[int, str]:
    """Run .ci/run with stand-ins for apt-get and make; ``present`` lists the other tools it finds.

    Returns the script's exit status and the log of the commands the stand-ins received.
    """
    import shutil
    import subprocess
    import sys

    tools = tmp_path / "bin"
    tools.mkdir(parents=True)
    log = tmp_path / "calls.log"
    for name in ("apt-get", "make"):
        status = make_exit if name == "make" else apt_exit
        stub = tools / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit {status}\n')
        stub.chmod(0o755)
    # The script itself needs these; anything not linked here counts as not installed.
    for name in ("dirname", "id", "sh", *present):
        real = sys.executable if name == "python3" else shutil.which(name)
        if real:
            (tools / name).symlink_to(real)
    done = subprocess.run(
        ["/bin/bash", str(CI_RUN)],
        env={"PATH": str(tools), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "command not found" not in done.stderr, done.stderr
    return done.returncode, log.read_text() if log.exists() else ""


def test_ci_run_installs_missing_system_packages_then_runs_make_test(tmp_path):
    """On a clean runner .ci/run installs Chromium, Node, git and Valgrind with
    apt-get, then runs `make test`."""
    status, calls = run_ci_script(tmp_path, present=["python3"], make_exit=0)
    assert status == 0, calls
    lines = calls.splitlines()
    install = next(line for line in lines if line.startswith("apt-get install"))
    assert {"chromium", "nodejs", "git", "valgrind"} <= set(install.split())
    assert lines[-1] == "make test"


def test_ci_run_adds_the_headless_shell_but_goes_on_without_it(tmp_path):
    """The browser tests prefer Debian's chromium-headless-shell; when apt cannot install it,
    .ci/run says so and still runs `make test` (the tests fall back to chromium)."""
    present = ["python3", "chromium", "node", "git", "valgrind"]
    status, calls = run_ci_script(tmp_path, present=present, make_exit=0, apt_exit=100)
    assert status == 0, calls
    assert calls.splitlines() == [
        "apt-get update -qq",
        "make test",
    ], calls
    status, calls = run_ci_script(tmp_path / "works", present=present, make_exit=0)
    lines = calls.splitlines()
    assert status == 0 and lines[-1] == "make test", calls
    assert any(
        line.startswith("apt-get install") and "chromium-headless-shell" in line.split()
        for line in lines
    ), calls


def test_ci_run_fails_when_make_test_fails_or_runs_no_tests(tmp_path):
    """`make test` failing (a red test, or pytest's exit 5 for no tests) fails .ci/run."""
    present = ["python3", "chromium", "chromium-headless-shell", "node", "git", "valgrind"]
    status, calls = run_ci_script(tmp_path, present=present, make_exit=2)
    assert status == 2 and calls == "make test\n", calls
