"""data/local/: a fork adds, overrides (deep merge) and removes entities
without touching upstream files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playbook.data.overlay import LOCK, record_sync, sync_report
from playbook.data.project import check


def put(data: Path, relative: str, text: str) -> Path:
    """Write a file under the data folder, creating folders as needed."""
    path = data / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def valid(data: Path):
    """The project, asserting that there are no problems."""
    project, problems = check(data, data.parent)
    assert problems == [], "\n".join(p.format() for p in problems)
    return project


def problems_of(data: Path) -> list[str]:
    """Every problem as formatted text."""
    project, problems = check(data, data.parent)
    assert project is None
    return [p.format() for p in problems]


OVERRIDE = """\
id: beta
override: true
title: Beta model, our way
elements:
  - id: act
    summary: Turn feedback into a change within a week.
    checklist:
      - id: beta-act-log
        text: Log every change in the shared tracker.
      - id: beta-act-review
        text: Review the tracker each Friday.
  - id: measure
    kind: step
    title: Measure
    summary: Count what changed.
"""


def test_override_deep_merges_by_key_and_by_id(minimal_data):
    """Mappings merge key by key, id-lists item by item; new items are
    appended; untouched values stay."""
    put(minimal_data, "local/frameworks/beta.yaml", OVERRIDE)
    beta = valid(minimal_data).frameworks["beta"]
    assert beta.title == "Beta model, our way"
    assert beta.source.author == "Other Author"
    assert [e.id for e in beta.elements] == ["act", "measure"]
    act = beta.elements[0]
    assert act.summary == "Turn feedback into a change within a week."
    assert act.title == "Act on what you hear"
    assert [(i.id, i.text) for i in act.checklist] == [
        ("beta-act-log", "Log every change in the shared tracker."),
        ("beta-act-review", "Review the tracker each Friday."),
    ]


def test_removing_a_referenced_element_reports_the_references(minimal_data):
    """Dropping an element that other files link to is caught: each
    dangling reference is reported."""
    put(
        minimal_data,
        "local/frameworks/alpha.yaml",
        "id: alpha\noverride: true\nelements:\n  - id: respond\n    remove: true\n",
    )
    assert any(
        "reference 'alpha/respond' does not match any element" in p
        for p in problems_of(minimal_data)
    )


def test_item_with_remove_is_dropped_and_upstream_file_is_untouched(minimal_data):
    """remove: true on a list item drops it; the upstream file is never rewritten."""
    upstream = (minimal_data / "frameworks" / "alpha.yaml").read_text(encoding="utf-8")
    put(
        minimal_data,
        "local/frameworks/alpha.yaml",
        "id: alpha\noverride: true\nelements:\n  - id: listen\n    checklist:\n"
        "      - id: alpha-listen-review\n        remove: true\n",
    )
    alpha = valid(minimal_data).frameworks["alpha"]
    assert [i.id for i in alpha.elements[0].checklist] == ["alpha-listen-set-up"]
    assert (minimal_data / "frameworks" / "alpha.yaml").read_text(encoding="utf-8") == upstream


def test_new_local_entity_is_added(minimal_data):
    """A local file with a new id adds an entity of the fork's own."""
    put(
        minimal_data,
        "local/glossary/employee-advocacy.yaml",
        "id: employee-advocacy\nterm: Employee advocacy\n"
        "definition: Staff sharing company news on their own accounts.\n",
    )
    assert "employee-advocacy" in valid(minimal_data).terms


def test_remove_drops_an_upstream_entity(minimal_data):
    """remove: true with only the id removes the entity (here a tool nobody
    references after the override)."""
    put(
        minimal_data,
        "local/frameworks/alpha.yaml",
        "id: alpha\noverride: true\nelements:\n  - id: listen\n    tools: []\n",
    )
    put(minimal_data, "local/tools/radar.yaml", "id: radar\nremove: true\n")
    assert "radar" not in valid(minimal_data).tools


def test_override_of_a_missing_id_is_reported(minimal_data):
    """An override whose upstream target is gone names the local
    file and line and says what to do."""
    put(minimal_data, "local/frameworks/gamma.yaml", "id: gamma\noverride: true\ntitle: Gone\n")
    found = problems_of(minimal_data)
    assert any(
        p.startswith(
            "data/local/frameworks/gamma.yaml:2:11: this file overrides the upstream framework"
            " 'gamma', which no longer exists upstream"
        )
        for p in found
    ), found
    assert any("hint: Delete data/local/frameworks/gamma.yaml" in p for p in found)


def test_removal_of_a_missing_id_is_reported(minimal_data):
    """Removing an id upstream no longer has is reported the same way."""
    put(minimal_data, "local/tools/ghost.yaml", "id: ghost\nremove: true\n")
    assert any(
        "data/local/tools/ghost.yaml:2:9: this file removes the upstream tool 'ghost'" in p
        for p in problems_of(minimal_data)
    )


def test_clash_without_a_flag_is_reported(minimal_data):
    """Reusing an upstream id without override or remove is a mistake, not a silent replacement."""
    put(minimal_data, "local/tools/radar.yaml", "id: radar\nname: Radar\npurpose: listening\n")
    assert any(
        "data/local/tools/radar.yaml:1:5: the upstream playbook already has a tool 'radar'" in p
        for p in problems_of(minimal_data)
    )


def test_schema_errors_in_an_override_point_at_the_local_file(minimal_data):
    """A wrong type introduced by the override is located in the local
    file, at the merged JSON path."""
    put(
        minimal_data,
        "local/frameworks/beta.yaml",
        "id: beta\noverride: true\nelements:\n  - id: act\n    summary: [not, text]\n",
    )
    found = problems_of(minimal_data)
    assert any(
        p.startswith("data/local/frameworks/beta.yaml:5:14: ") and "(at $.elements[0].summary)" in p
        for p in found
    ), found


def test_semantic_errors_in_an_override_point_at_the_local_file(minimal_data):
    """A dangling reference added by an override is reported in the local file."""
    put(
        minimal_data,
        "local/frameworks/beta.yaml",
        "id: beta\noverride: true\nelements:\n  - id: act\n    relations:\n"
        "      - to: alpha/nope\n        concern: listening\n",
    )
    found = problems_of(minimal_data)
    assert any(
        p.startswith("data/local/frameworks/beta.yaml:6:") and "alpha/nope" in p for p in found
    ), found


@pytest.mark.parametrize("flags", ["override: true\nremove: true\n"])
def test_both_flags_are_refused(minimal_data, flags):
    """A file cannot both override and remove."""
    put(minimal_data, "local/tools/radar.yaml", "id: radar\n" + flags)
    assert any("cannot both override and remove" in p for p in problems_of(minimal_data))


def test_sync_report_tracks_upstream_changes(minimal_data):
    """The report lists overrides and removals, then flags the ones whose
    upstream file changed after the sync."""
    put(minimal_data, "local/frameworks/beta.yaml", OVERRIDE)
    put(minimal_data, "local/frameworks/gamma.yaml", "id: gamma\noverride: true\ntitle: Gone\n")
    before = {e.entity: e.status for e in sync_report(minimal_data, minimal_data.parent)}
    assert before == {"beta": "not synced yet", "gamma": "missing upstream"}
    lock = record_sync(minimal_data)
    assert lock.name == LOCK and "frameworks/beta.yaml" in json.loads(lock.read_text())
    assert {e.entity: e.status for e in sync_report(minimal_data, minimal_data.parent)}[
        "beta"
    ] == "unchanged"
    upstream = minimal_data / "frameworks" / "beta.yaml"
    upstream.write_text(
        upstream.read_text(encoding="utf-8").replace(
            "Use it after Alpha.", "Use it after Alpha, always."
        ),
        encoding="utf-8",
    )
    after = {e.entity: (e.action, e.status) for e in sync_report(minimal_data, minimal_data.parent)}
    assert after["beta"] == ("override", "changed upstream")
