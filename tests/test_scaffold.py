"""`playbook new` writes starter files that pass validation as they are;
`playbook sync` reports overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.data.project import check

from .hostile.helpers import Run, cli


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
    result = playbook(minimal_data, "new", kind, f"our-{kind}", *(["--local"] if local else []))
    assert result.code == 0, result.err
    folder = minimal_data / ("local" if local else "") / f"{kind}s" / f"our-{kind}.yaml"
    text = folder.read_text(encoding="utf-8")
    schema = ("../../schema/" if local else "../schema/") + f"{kind}.schema.json"
    assert text.startswith(f"# yaml-language-server: $schema={schema}\n")
    assert (folder.parent / schema).resolve().is_file()
    project, problems = check(minimal_data, minimal_data.parent)
    assert problems == [], [p.format() for p in problems]
    assert f"our-{kind}" in getattr(project, f"{kind}s")


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
