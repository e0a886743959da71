"""`make profile`: a cProfile of one build of the real playbook, and its top 25 functions.

Writes ``profile/build.prof`` (open it with ``python -m pstats`` or snakeviz)
and ``profile/top25.txt``, so the next person sees where a build spends its
time before changing anything.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from .conftest import ROOT, copy_project

OUT = ROOT / "profile"


def build_in_subprocess(project: Path, site: Path) -> subprocess.CompletedProcess:
    """One `mkdocs build` of ``project`` in a process of its own, with this checkout's engine.

    It runs from the checkout, as the profiled build does: run from the copy, it would import the
    copy's engine, whose templates Jinja's cache keeps under other paths, and the profiled build
    would compile every template again.
    """
    config = str(project / "mkdocs.yml")
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=os.environ)


def main() -> None:
    """Build a copy of the project under cProfile and print the 25 costliest functions."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="playbook-profile-") as tmp:
        project = copy_project(Path(tmp) / "playbook")
        # A first build in its own process fills .cache/playbook (compiled templates, parsed
        # data), as any earlier build or `playbook validate` has on a maintainer's machine; the
        # profile is of the build after it.
        first = build_in_subprocess(project, Path(tmp) / "first-site")
        if first.returncode != 0:
            raise SystemExit(f"profile: the first build failed:\n{first.stderr[-3000:]}")
        # The config is loaded inside the profile too: plugin start-up (data
        # validation) is part of a build.
        profiler = cProfile.Profile()
        profiler.enable()
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(Path(tmp) / "site"))
        build(config)
        profiler.disable()
    profiler.dump_stats(OUT / "build.prof")
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(25)
    (OUT / "top25.txt").write_text(report.getvalue(), encoding="utf-8")
    sys.stdout.write(report.getvalue())
    print(f"profile written to {OUT / 'build.prof'} and {OUT / 'top25.txt'}")


if __name__ == "__main__":
    main()
