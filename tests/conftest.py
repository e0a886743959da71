"""Shared fixtures: copies of the project or of small data sets, and
MkDocs builds made once per session.

A full build costs seconds of CPU, so every build a test reads is named and shared:
``built_copy(name, customise)`` copies the project, lets ``customise`` change the copy, and builds
it once per session, even across pytest-xdist workers (a file lock in the session's shared temp
folder). The builds the suite reads most (``site``, ``additions_build``, ``fork_build``) start in a
background thread when the session's first test starts, if any selected test needs them, so the
workers keep running other tests meanwhile. Tests that read a build are marked ``build``
automatically; `make test-fast` deselects them.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "macros", "playbook")
# A build that takes longer than this has hung; the limit is generous for a loaded 2-core machine.
BUILD_TIMEOUT = 900

Customise = Callable[[Path], None]

# Property tests draw 300 examples each in `make test`. `make test-fast` loads the "fast" profile
# (--hypothesis-profile=fast): the same properties, a quicker pass, for the edit loop. No example
# has a time limit: Hypothesis' default of 200 ms can fail an example that takes a millisecond
# when the machine stalls (speed is `make bench`'s to judge, not the tests').
hypothesis_settings.register_profile("full", max_examples=300, deadline=None)
hypothesis_settings.register_profile("fast", max_examples=50, deadline=None)
hypothesis_settings.load_profile("full")


def examples(scale: float = 1.0) -> int:
    """How many examples a property test draws under the loaded profile, times ``scale``."""
    return round(hypothesis_settings.default.max_examples * scale)


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """Copy the site's sources to ``dest``, with ``data`` (a data
    folder without schemas) if given."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    if data is None:
        shutil.copytree(ROOT / "data", dest / "data")
    else:
        shutil.copytree(data, dest / "data")
        shutil.copytree(ROOT / "data" / "schema", dest / "data" / "schema", dirs_exist_ok=True)
        if not (dest / "data" / "strings").exists():
            shutil.copytree(ROOT / "data" / "strings", dest / "data" / "strings")
    return dest


# `make test-fast` sets this: a full build there means a test lacks its `build` marker.
NO_BUILDS = "PLAYBOOK_TEST_NO_BUILDS"


def build(
    project: Path, site: Path | None = None, config: str = "mkdocs.yml"
) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build` (strict by config) and return the finished process."""
    if os.environ.get(NO_BUILDS):
        pytest.fail(
            f"this test runs a full build under `make test-fast` ({NO_BUILDS} is set): "
            "mark it @pytest.mark.build, or read a shared build fixture (site, built_copy)",
            pytrace=False,
        )
    site = site or project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / config)]
    return subprocess.run(
        [*command, "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=BUILD_TIMEOUT,
    )


# ---- shared builds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltCopy:
    """A copy of the project after one `mkdocs build`: where it is, and how the build ended."""

    name: str
    project: Path
    config: str
    returncode: int
    output: str

    @property
    def site(self) -> Path:
        """The built site folder."""
        return self.project / "site"

    @property
    def ok(self) -> bool:
        """Whether the build succeeded."""
        return self.returncode == 0

    def require_ok(self) -> Path:
        """The site, or a failure that shows the end of the build's output."""
        assert self.ok, f"the build '{self.name}' failed:\n{self.output[-4000:]}"
        return self.site


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``: other workers and threads wait until it is released."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_dir(factory: pytest.TempPathFactory) -> Path:
    """A temp folder of this session that every xdist worker sees (each
    worker's basetemp is inside it)."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "shared-builds"
    folder.mkdir(exist_ok=True)
    return folder


def _customiser_name(customise: Customise | None) -> str:
    return "" if customise is None else f"{customise.__module__}.{customise.__qualname__}"


def build_once(
    folder: Path, name: str, customise: Customise | None = None, config: str = "mkdocs.yml"
) -> BuiltCopy:
    """Copy, customise and build the project as ``name`` unless this session already did."""
    marker = folder / f"{name}.json"
    recipe = {"customise": _customiser_name(customise), "config": config}
    with _file_lock(folder / f"{name}.lock"):
        if not marker.exists():
            project = folder / name
            if project.exists():
                shutil.rmtree(project)
            copy_project(project)
            if customise is not None:
                customise(project)
            result = build(project, config=config)
            done = {**recipe, "returncode": result.returncode}
            done["output"] = result.stderr + result.stdout
            marker.write_text(json.dumps(done), encoding="utf-8")
    done = json.loads(marker.read_text(encoding="utf-8"))
    # One name is one recipe: two tests that customise differently under one
    # name would see each other's copy.
    assert (done["customise"], done["config"]) == (recipe["customise"], recipe["config"]), (
        f"the shared build '{name}' is made by {done['customise']!r}, not {recipe['customise']!r}"
    )
    return BuiltCopy(name, folder / name, config, done["returncode"], done["output"])


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Callable[..., BuiltCopy]:
    """``built_copy(name, customise=None, config="mkdocs.yml")``: a
    customised copy, built once per session.

    ``customise(project)`` edits the fresh copy (data, docs, config) before the build. The result is
    returned whether the build passed or failed, so tests of failing builds share it too.
    """
    folder = shared_dir(tmp_path_factory)

    def make(name: str, customise: Customise | None = None, config: str = "mkdocs.yml"):
        return build_once(folder, name, customise, config)

    return make


# ---- content added by data only (fork-proofing) -------------------------------------------------


def schema_hint(folder: Path, data_dir: Path, kind: str) -> str:
    """The editor hint line for a data file in ``folder``, pointing at the kind's schema."""
    target = os.path.relpath(data_dir / "schema" / f"{kind}.schema.json", folder)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}\n"


def new_content(prefix: str) -> dict[str, dict]:
    """A framework nobody has seen, with its assessment and checklist, keyed by kind folder."""
    framework = f"{prefix}-loop"
    steps = [("notice", "Notice"), ("try", "Try"), ("keep", "Keep")]
    elements = [
        {
            "id": step,
            "kind": "step",
            "title": f"{title} ({prefix})",
            "summary": f"The {step} step of the {prefix} loop, written for this test.",
            "practices": [f"Write down what {step} means for your team this month."],
            "checklist": [{"id": f"{prefix}-{step}-done", "text": f"Finish the {step} step."}],
        }
        for step, title in steps
    ]
    questions = [
        {"id": f"{prefix}-q-{step}", "text": f"We finish the {step} step.", "refs": [ref]}
        for step, _ in steps
        for ref in [f"{framework}/{step}"]
    ]
    stages = [
        {"id": "early", "title": "Early", "min": 0, "max": 50, "description": "Start small."},
        {"id": "steady", "title": "Steady", "min": 50, "max": 100, "description": "Keep going."},
    ]
    dimensions = [{"id": "loop", "title": "Loop", "questions": questions}]
    return {
        "frameworks": {
            "id": framework,
            "title": f"The {prefix} loop",
            "summary": f"A framework added to the {prefix} copy as YAML only.",
            "tags": [prefix],
            "source": {"title": f"Notes on the {prefix} loop", "author": "A test author"},
            "how_to_use": "Walk the three steps in order, then start again.",
            "elements": elements,
        },
        "assessments": {
            "id": f"{prefix}-check",
            "title": f"The {prefix} check",
            "summary": f"How far along the {prefix} loop are we?",
            "version": 1,
            "frameworks": [framework],
            "scale": {"levels": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}]},
            "dimensions": dimensions,
            "stages": stages,
            "recommendations": [
                {
                    "dimension": "loop",
                    "stage": stage["id"],
                    "text": "Take the next step.",
                    "refs": [f"{framework}/notice"],
                }
                for stage in stages
            ],
        },
        "checklists": {
            "id": f"{prefix}-list",
            "title": f"The {prefix} list",
            "summary": f"What to tick while running the {prefix} loop.",
            "frameworks": [framework],
            "sections": [
                {"include": f"{framework}/notice"},
                {
                    "id": f"{prefix}-own",
                    "title": "Our own items",
                    "items": [{"id": f"{prefix}-own-item", "text": "Tell the team what changed."}],
                },
            ],
        },
    }


def add_new_content(data_dir: Path, prefix: str, local: bool = False) -> dict[str, str]:
    """Write ``new_content(prefix)`` into data/ (or data/local/);
    return each kind folder's new id."""
    from playbook.data.models import KINDS

    base = data_dir / "local" if local else data_dir
    ids = {}
    for folder, doc in new_content(prefix).items():
        target = base / folder / f"{doc['id']}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        header = schema_hint(target.parent, data_dir, KINDS[folder])
        target.write_text(header + yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        ids[folder] = doc["id"]
    return ids


# The control page of the strict-build tests: a macro call and a link, with nothing wrong in them.
CONTROL_PAGE = (
    "---\nrender_macros: true\n---\n# Fine\n\n"
    "See [the stages](scoring.md) and {{ framework_page('some-model') }}\n"
)
NAV_ANCHOR = "      - The scoring method: scoring.md\n"


def add_docs_page(project: Path, relative: str, text: str, title: str = "Extra") -> None:
    """Add a docs page and list it in the nav, so that only what the
    page holds can fail the build."""
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    assert NAV_ANCHOR in source, "mkdocs.yml's nav changed; update NAV_ANCHOR in tests/conftest.py"
    entry = f"      - {title}: {Path(relative).relative_to('docs').as_posix()}\n"
    config.write_text(source.replace(NAV_ANCHOR, NAV_ANCHOR + entry), encoding="utf-8")


UPSTREAM_PREFIX = "nova"
LOCAL_PREFIX = "ourco"


def customise_additions(project: Path) -> None:
    """Upstream gains a framework, assessment and checklist as data only, plus the control page."""
    add_new_content(project / "data", UPSTREAM_PREFIX)
    add_docs_page(project, "docs/control.md", CONTROL_PAGE)


def make_fork_files(project: Path) -> None:
    """The fixture fork's own files (branding, overlay, translation)
    and more content in data/local/."""
    shutil.copytree(FIXTURES / "fork", project, dirs_exist_ok=True)
    add_new_content(project / "data", LOCAL_PREFIX, local=True)


# Each named build, as collection-time prefetching and the fixtures below make it.
def make_variants(project: Path) -> None:
    """Two changes the browser tests need a build for, in one copy (a build costs seconds):
    a 200-question assessment, and every daily checklist recurring weekly instead."""
    add_big_assessment(project)
    for path in sorted((project / "data" / "checklists").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if yaml.safe_load(text).get("recurrence") == "daily":
            path.write_text(
                text.replace("recurrence: daily", "recurrence: weekly"), encoding="utf-8"
            )


NAMED_BUILDS: dict[str, tuple[Customise | None, str]] = {
    "site": (None, "mkdocs.yml"),
    "variants": (make_variants, "mkdocs.yml"),
    "additions": (customise_additions, "mkdocs.yml"),
    "fork": (make_fork_files, "mkdocs.local.yml"),
}
# Which named builds each fixture reads, for the prefetch.
FIXTURE_BUILDS = {
    "site": ["site"],
    "additions_build": ["additions"],
    "fork_build": ["fork"],
    "variants_build": ["variants"],
    "each_build": ["site", "additions", "fork"],
}


def named_build(factory: pytest.TempPathFactory, name: str) -> BuiltCopy:
    """One of NAMED_BUILDS, built once per session."""
    customise, config = NAMED_BUILDS[name]
    return build_once(shared_dir(factory), name, customise, config)


@pytest.fixture(autouse=True)
def builds_hand_their_objects_back() -> Iterator[None]:
    """Objects the plugin sets aside for a build (gc.freeze) must not outlive it: a test that
    drives on_config by hand ends the build too, as MkDocs does (playbook/site/plugin.py)."""
    yield
    if gc.get_freeze_count():
        gc.unfreeze()
        pytest.fail("the test left objects frozen: end the build it started (put_objects_back)")


@pytest.fixture(scope="session", autouse=True)
def prefetch_builds(request: pytest.FixtureRequest, tmp_path_factory) -> None:
    """Start the named builds this session's tests will read, in a
    background thread, in test order."""
    wanted: list[str] = []
    for item in request.session.items:
        for fixture in getattr(item, "fixturenames", ()):
            wanted += [n for n in FIXTURE_BUILDS.get(fixture, ()) if n not in wanted]
    if not wanted:
        return

    # The first call of getbasetemp makes the session's temporary folder, and under xdist first
    # deletes what a worker's folder holds: made here, before the thread starts, it cannot run
    # in both threads at once and empty the folder under a test copying into its tmp_path.
    shared_dir(tmp_path_factory)

    def prefetch() -> None:
        for name in wanted:
            named_build(tmp_path_factory, name)

    # A daemon thread: the fixtures wait on the same file locks, and build themselves if it failed.
    threading.Thread(target=prefetch, name="prefetch-builds", daemon=True).start()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real playbook, built once per test session (shared by all xdist workers)."""
    return named_build(tmp_path_factory, "site").require_ok()


@pytest.fixture(scope="session")
def additions_build(tmp_path_factory) -> BuiltCopy:
    """The playbook with a new framework, assessment and checklist
    in data/, and the control page."""
    built = named_build(tmp_path_factory, "additions")
    built.require_ok()
    return built


@pytest.fixture(scope="session")
def fork_build(tmp_path_factory) -> BuiltCopy:
    """The fixture fork (tests/fixtures/fork) plus a new framework,
    assessment and checklist in data/local/."""
    built = named_build(tmp_path_factory, "fork")
    built.require_ok()
    return built


@pytest.fixture(scope="session")
def variants_build(tmp_path_factory) -> BuiltCopy:
    """The playbook with a 200-question assessment and a weekly checklist (make_variants)."""
    built = named_build(tmp_path_factory, "variants")
    built.require_ok()
    return built


@pytest.fixture(scope="session", params=["site", "additions", "fork"])
def each_build(request, tmp_path_factory) -> BuiltCopy:
    """The real site, upstream with content added as data, and a fork with content in data/local/.

    Checks that read this fixture must pass on all three, so a fork that adds content stays green.
    """
    built = named_build(tmp_path_factory, request.param)
    built.require_ok()
    return built


# Fixtures that read a full build: a test that uses one is a `build` test even without the marker.
BUILD_FIXTURES = {"site", "built_copy", *FIXTURE_BUILDS}
BROWSER_TESTS = ROOT / "tests" / "browser"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark build and browser tests by what they use, before `-m`
    selects, so test-fast never builds."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


# ---- small data sets and synthetic content -------------------------------------------------------


def add_big_assessment(
    project: Path, dimensions: int = 8, per_dimension: int = 25, assessment_id: str = "big-200"
) -> dict[str, int]:
    """Add a synthetic assessment (dimensions x per_dimension questions) shaped like the SoMe one.

    Returns answers for every question.
    """
    from playbook.data.project import load_project

    model = load_project(ROOT / "data", ROOT).assessments["some-model"]
    stages = [
        {"id": s.id, "title": s.title, "description": s.description, "min": s.min, "max": s.max}
        for s in model.stages
    ]
    dims = [
        {
            "id": f"dim-{d}",
            "title": f"Dimension {d}",
            "questions": [
                {
                    "id": f"big-q-{d}-{q}",
                    "text": f"Question {q} of dimension {d}.",
                    "refs": ["some-model/share"],
                }
                for q in range(per_dimension)
            ],
        }
        for d in range(dimensions)
    ]
    doc = {
        "id": assessment_id,
        "title": "A synthetic assessment",
        "summary": "Generated for budgets and load tests.",
        "version": 1,
        "scale": {
            "levels": [{"value": level.value, "label": level.label} for level in model.levels],
            "not_applicable": {"label": "N/A"},
        },
        "dimensions": dims,
        "stages": stages,
        "recommendations": [
            {
                "dimension": d["id"],
                "stage": s["id"],
                "text": "Do the next thing.",
                "refs": ["some-model/share"],
            }
            for d in dims
            for s in stages
        ],
    }
    (project / "data" / "assessments" / f"{assessment_id}.yaml").write_text(
        "# yaml-language-server: $schema=../schema/assessment.schema.json\n"
        + yaml.safe_dump(doc, sort_keys=False),
        encoding="utf-8",
    )
    values = [level.value for level in model.levels]
    return {
        q["id"]: values[i % len(values)]
        for i, q in enumerate(q for d in dims for q in d["questions"])
    }


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A copy of the small, valid fixture data set with the real schemas."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    shutil.copytree(ROOT / "data" / "strings", data / "strings")
    return data


def node() -> str:
    """Node, to run the widgets' scripts outside a browser; skips
    without it (fails under CI=true)."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but node is not installed")
        pytest.skip("node is not installed; the browser tests still run the scripts")
    return found
