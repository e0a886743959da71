"""Hostile data/local/ overrides: each ends in a located problem
naming the files, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import assert_clean_failure, cli


def local(data: Path, name: str, text: str) -> Path:
    """Write a data/local/ file (``name`` such as frameworks/alpha.yaml)."""
    path = data / "local" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Two overrides of one entity: the second used to replace the first without a word.
def test_two_local_files_with_one_id_name_both_files(capsys, monkeypatch, minimal_data):
    local(minimal_data, "frameworks/alpha.yaml", "id: alpha\noverride: true\ntitle: First\n")
    local(minimal_data, "frameworks/alpha.yml", "id: alpha\noverride: true\ntitle: Second\n")
    local(minimal_data, "frameworks/alpha-again.yaml", "id: alpha\noverride: true\ntitle: Third\n")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    first = f"{minimal_data.name}/local/frameworks/alpha.yaml"
    again = f"{minimal_data.name}/local/frameworks/alpha-again.yaml"
    both = [t for t in run.err.splitlines() if first in t and again in t]
    assert both and both[0].startswith((f"{again}:1:5: ", f"{first}:1:5: ")), run.err
    assert "both define the framework 'alpha'" in both[0]


@pytest.mark.parametrize("bad_id", ["[a]", "{a: b}", "[[a], {b: c}]", "1", "null"])
def test_an_unhashable_or_non_text_local_id_is_reported(capsys, monkeypatch, minimal_data, bad_id):
    local(minimal_data, "frameworks/alpha.yaml", f"id: {bad_id}\noverride: true\ntitle: X\n")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert run.err.startswith(f"{minimal_data.name}/local/frameworks/alpha.yaml:1:5: "), run.err
    assert "the id must be text" in run.err


@pytest.mark.parametrize("bad_id", ["[a]", "{a: b}"])
def test_an_unhashable_upstream_id_is_reported(capsys, monkeypatch, minimal_data, bad_id):
    path = minimal_data / "tools" / "radar.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: radar", f"id: {bad_id}"))
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert f"{minimal_data.name}/tools/radar.yaml:" in run.err


def test_a_local_file_named_unlike_its_id_is_reported(capsys, monkeypatch, minimal_data):
    local(minimal_data, "frameworks/other.yaml", "id: alpha\noverride: true\ntitle: X\n")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert "does not match the file name 'other.yaml'" in run.err


def test_a_local_override_with_an_unsafe_link_is_reported(capsys, monkeypatch, minimal_data):
    local(
        minimal_data,
        "frameworks/alpha.yaml",
        "id: alpha\noverride: true\nintro: See [this](javascript:alert(1)).\n",
    )
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert run.err.startswith(f"{minimal_data.name}/local/frameworks/alpha.yaml:3:"), run.err
    assert "'javascript:'" in run.err


def test_a_local_symlink_out_of_the_repository_is_refused(
    capsys, monkeypatch, minimal_data, tmp_path
):
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    outside.mkdir()
    (outside / "alpha.yaml").write_text("id: alpha\noverride: true\ntitle: X\n", encoding="utf-8")
    (minimal_data / "local" / "frameworks").mkdir(parents=True)
    (minimal_data / "local" / "frameworks" / "alpha.yaml").symlink_to(outside / "alpha.yaml")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert "outside the repository" in run.err
    assert run.err.startswith(f"{minimal_data.name}/local/frameworks/alpha.yaml:1:1: ")


def test_a_broken_local_entity_summarises_references_to_it(capsys, monkeypatch, minimal_data):
    local(minimal_data, "frameworks/gamma.yaml", "id: gamma\ntitle: [unclosed\n")
    local(
        minimal_data,
        "glossary/gamma-term.yaml",
        "id: gamma-term\nterm: Gamma\ndefinition: See [g](ref:gamma/one) and [h](ref:gamma/two).\n",
    )
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert "unknown framework" not in run.err
    assert "2 references to the framework 'gamma' cannot be checked" in run.err
