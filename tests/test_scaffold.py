"""`playbook new` writes starter files that pass validation as they are;
`playbook sync` reports overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.data.project import check

from .hostile.helpers import Run, cli
from .test_data_files import hint_problem, hint_target


@pytest.fixture
def playbook(capsys, monkeypatch):
    """Run the real CLI in-process against a data folder (issue 13: no process per case)."""

    def run(data: Path, *args: str) -> Run:
        return cli(capsys, monkeypatch, data, *args)

    return run


@pytest.mark.parametrize("kind", ["framework", "assessment", "checklist"])
@pytest.mark.parametrize("local", [False, True], ids=["upstream", "local"])
def test_starter_file_passes_validation(playbook, minimal_data, kind, local):
    """The starter is written where expected, carries the editor schema
    hint, and validates unchanged."""
    options = ["--local"] if local else []
    # The fixture has two frameworks: an assessment must say which one it draws on.
    options += ["--framework", "beta"] if kind == "assessment" else []
    result = playbook(minimal_data, "new", kind, f"our-{kind}", *options)
    assert result.code == 0, result.err
    folder = minimal_data / ("local" if local else "") / f"{kind}s" / f"our-{kind}.yaml"
    text = folder.read_text(encoding="utf-8")
    # One hint line for data/ and data/local/; from data/local/ it leads on through a pointer.
    assert text.startswith(f"# yaml-language-server: $schema=../schema/{kind}.schema.json\n")
    assert hint_problem(folder, kind, minimal_data) is None
    project, problems = check(minimal_data, minimal_data.parent)
    assert problems == [], [p.format() for p in problems]
    assert f"our-{kind}" in getattr(project, f"{kind}s")


def test_upstream_file_copied_into_local_keeps_a_working_hint(playbook, minimal_data):
    """A fork copies an upstream file into data/local/ to override it: its hint line still leads
    to the schema, through the pointers that playbook new --local writes for every kind."""
    assert playbook(minimal_data, "new", "checklist", "our-list", "--local").code == 0
    copied = minimal_data / "local" / "frameworks" / "alpha.yaml"
    copied.parent.mkdir(parents=True)
    upstream = (minimal_data / "frameworks" / "alpha.yaml").read_text(encoding="utf-8")
    # With the hint line that upstream's files carry (the fixture's own points elsewhere).
    hint = "# yaml-language-server: $schema=../schema/framework.schema.json\n"
    copied.write_text(hint + "override: true\n" + upstream.split("\n", 1)[1], encoding="utf-8")
    assert hint_problem(copied, "framework", minimal_data) is None
    pointers = sorted(p.name for p in (minimal_data / "local" / "schema").iterdir())
    assert pointers == sorted(p.name for p in (minimal_data / "schema").glob("*.schema.json"))
    for name in pointers:
        target = hint_target(minimal_data / "local" / "schema" / name)
        assert target == (minimal_data / "schema" / name).resolve()
    # A second run rewrites nothing; an edited pointer is put right.
    before = {p: p.stat().st_mtime_ns for p in (minimal_data / "local" / "schema").iterdir()}
    (minimal_data / "local" / "schema" / "framework.schema.json").write_text("{}\n")
    assert playbook(minimal_data, "new", "framework", "our-plan", "--local").code == 0
    assert hint_problem(copied, "framework", minimal_data) is None
    after = {p: p.stat().st_mtime_ns for p in (minimal_data / "local" / "schema").iterdir()}
    changed = [p.name for p in before if before[p] != after[p]]
    assert changed == ["framework.schema.json"]


def first_element(data: Path, framework_id: str) -> str:
    """framework-id/element-id of the first element of a framework in the checked project."""
    project, problems = check(data, data.parent)
    assert problems == [], [p.format() for p in problems]
    return project.frameworks[framework_id].elements[0].ref


@pytest.mark.parametrize("kind", ["assessment", "checklist"])
@pytest.mark.parametrize("local", [False, True], ids=["upstream", "local"])
def test_new_links_the_framework_it_is_given(playbook, minimal_data, kind, local):
    """--framework names the framework the starter lists and links, upstream or the fork's own;
    not the first framework of the data (alpha here)."""
    options = ["--local"] if local else []
    assert playbook(minimal_data, "new", "framework", "our-plan", *options).code == 0
    for framework_id in ("beta", "our-plan"):
        new_id = f"{framework_id}-{kind}"
        result = playbook(minimal_data, "new", kind, new_id, "--framework", framework_id, *options)
        assert result.code == 0, result.err
        project, problems = check(minimal_data, minimal_data.parent)
        assert problems == [], [p.format() for p in problems]
        entity = getattr(project, f"{kind}s")[new_id]
        assert entity.frameworks == (framework_id,)
        ref = first_element(minimal_data, framework_id)
        refs = (
            [r for q in entity.questions for r in q.refs]
            if kind == "assessment"
            else [r for s in project.sections(entity) for i in s.items for r in i.refs]
        )
        assert refs and set(refs) == {ref}, refs


def test_new_checklist_without_framework_links_none(playbook, minimal_data):
    """A checklist need not draw on a framework: without --framework it names none."""
    assert playbook(minimal_data, "new", "checklist", "plain-list").code == 0
    project, problems = check(minimal_data, minimal_data.parent)
    assert problems == [], [p.format() for p in problems]
    assert project.checklists["plain-list"].frameworks == ()


@pytest.mark.parametrize("kind", ["assessment", "checklist"])
def test_new_refuses_an_unknown_framework(playbook, minimal_data, kind):
    """An unknown framework id is named in a clear error with the known ids; no file is written."""
    result = playbook(minimal_data, "new", kind, "our-thing", "--framework", "alpah")
    assert result.code == 1 and "Traceback" not in result.err
    assert "unknown framework 'alpah'" in result.err and "did you mean 'alpha'" in result.err
    assert "alpha, beta" in result.err
    assert not (minimal_data / f"{kind}s" / "our-thing.yaml").exists()


def test_new_assessment_asks_which_framework(playbook, minimal_data):
    """With several frameworks and no --framework, the assessment is not guessed: exit 1 and say
    how to choose; no file is written."""
    result = playbook(minimal_data, "new", "assessment", "our-thing")
    assert result.code == 1 and "--framework" in result.err and "alpha, beta" in result.err
    assert not (minimal_data / "assessments" / "our-thing.yaml").exists()
    framework = playbook(minimal_data, "new", "framework", "ours", "--framework", "alpha")
    assert framework.code == 1 and "--framework is for" in framework.err


def test_new_refuses_bad_ids_and_never_overwrites(playbook, minimal_data):
    """A malformed id or an existing entity is refused with a clear
    message and exit 1; no file changes."""
    bad = playbook(minimal_data, "new", "framework", "Our_Plan")
    assert bad.code == 1 and "not a valid id" in bad.err and "Traceback" not in bad.err
    before = (minimal_data / "frameworks" / "alpha.yaml").read_text(encoding="utf-8")
    clash = playbook(minimal_data, "new", "framework", "alpha")
    assert clash.code == 1 and "already exists" in clash.err
    assert (minimal_data / "frameworks" / "alpha.yaml").read_text(encoding="utf-8") == before


def test_sync_command_reports_and_marks(playbook, minimal_data):
    """sync lists an override, flags an upstream change after --mark, and fails
    on an override of a missing id."""
    local = minimal_data / "local" / "frameworks"
    local.mkdir(parents=True)
    (local / "beta.yaml").write_text(
        "id: beta\noverride: true\ntitle: Beta, our way\n", encoding="utf-8"
    )
    first = playbook(minimal_data, "sync")
    assert first.code == 0 and "framework beta" in first.out and "not synced yet" in first.out
    assert playbook(minimal_data, "sync", "--mark").code == 0
    assert "unchanged" in playbook(minimal_data, "sync").out
    upstream = minimal_data / "frameworks" / "beta.yaml"
    upstream.write_text(
        upstream.read_text(encoding="utf-8").replace(
            "Use it after Alpha.", "Use it after Alpha, again."
        ),
        encoding="utf-8",
    )
    changed = playbook(minimal_data, "sync")
    assert "changed upstream" in changed.out and "1 to review" in changed.out
    (local / "gone.yaml").write_text("id: gone\noverride: true\n", encoding="utf-8")
    missing = playbook(minimal_data, "sync")
    assert missing.code == 1 and "missing upstream" in missing.out
