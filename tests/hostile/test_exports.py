"""Hostile export files read by the CLI (read_export): a valid export or
an ExportError naming the file.

The property tests feed a few hundred arbitrary byte strings, JSON values and near-valid exports of
each kind; whatever comes in, nothing but ExportError may leave.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.tools.exports import FORMAT, MAX_EXPORT_BYTES, ExportError, read_export

from ..conftest import ROOT

SCHEMAS = ROOT / "data" / "schema"
ENVELOPE = {"format": FORMAT, "format_version": 1, "exported_at": "2026-05-01T09:30:00.000Z"}
# One valid export per kind, in the shapes of data/schema/export.schema.json.
VALID = {
    "assessment": {
        **ENVELOPE,
        "kind": "assessment",
        "id": "alpha-check",
        "content_version": 2,
        "data": {
            "answers": {"q-listen-tool": 1, "q-respond-fast": "na"},
            "notes": {"q-listen-tool": "ok"},
        },
    },
    "actions": {
        **ENVELOPE,
        "kind": "actions",
        "id": "plan",
        "content_version": 1,
        "data": {"items": [{"id": "a1", "text": "Do it", "href": "../x/", "status": "todo"}]},
    },
}
SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


def write(tmp_path: Path, content: bytes | str | object, name: str = "export.json") -> Path:
    """An export file holding bytes, text, or a JSON value."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def refused(path: Path, fragment: str, kind: str | None = None) -> str:
    with pytest.raises(ExportError) as caught:
        read_export(path, SCHEMAS, kind=kind)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert fragment in message, message
    return message


@pytest.mark.parametrize("kind", sorted(VALID))
def test_a_valid_export_is_read(tmp_path, kind):
    assert read_export(write(tmp_path, VALID[kind]), SCHEMAS, kind=kind) == VALID[kind]


def test_deep_json_is_refused_without_recursion_error(tmp_path):
    refused(write(tmp_path, "[" * 200_000 + "]" * 200_000), "nested")
    refused(write(tmp_path, {"format": FORMAT, "x": json.loads("[" * 500 + "]" * 500)}), "nested")


@pytest.mark.parametrize(
    ("version", "fragment"),
    [
        (None, "lacks format_version"),
        ("1", 'format_version must be a whole number such as 1, not "1"'),
        (1.5, "format_version must be a whole number"),
        (True, "format_version must be a whole number"),
        (0, "was never written by the playbook"),
        (2, "made by a newer version"),
    ],
)
def test_format_version_errors_say_what_is_wrong(tmp_path, version, fragment):
    doc = copy.deepcopy(VALID["assessment"])
    if version is None:
        del doc["format_version"]
    else:
        doc["format_version"] = version
    refused(write(tmp_path, doc), fragment)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"format": "social-media-playbook", "format_version": NaN}', "NaN"),
        ('{"format": "social-media-playbook", "n": Infinity}', "Infinity"),
        ('{"format": "social-media-playbook", "n": ' + "9" * 5000 + "}", "not a usable export"),
        ("\ufeff" + '{"format": 1', "not valid JSON"),
    ],
)
def test_json_that_python_would_choke_on_is_refused(tmp_path, text, fragment):
    refused(write(tmp_path, text), fragment)


def test_a_pipe_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    # Should the reader block on the pipe, a writer opens and closes
    # it so the test ends (and fails).
    release = threading.Timer(20, lambda: os.close(os.open(fifo, os.O_WRONLY)))
    release.start()
    try:
        refused(fifo, "not a regular file")
    finally:
        release.cancel()


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "export.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_EXPORT_BYTES + 1)
    refused(path, "too large")


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "JAVASCRIPT:x", "java\tscript:x", " javascript:x", "data:x"]
)
def test_an_action_link_with_an_unsafe_scheme_is_refused(tmp_path, href):
    doc = copy.deepcopy(VALID["actions"])
    doc["data"]["items"][0]["href"] = href
    refused(write(tmp_path, doc), "href")


def test_a_long_value_is_not_repeated_in_the_message(tmp_path):
    doc = copy.deepcopy(VALID["assessment"])
    doc["data"]["answers"]["q-listen-tool"] = "x" * 100_000
    assert len(refused(write(tmp_path, doc), "answers")) < 1000


def outcome(path: Path, kind: str | None = None) -> dict | None:
    """The property: a dict or ExportError naming the file; any other exception fails the test."""
    try:
        result = read_export(path, SCHEMAS, kind=kind)
    except ExportError as error:
        assert str(error).startswith(str(path)), str(error)
        return None
    assert isinstance(result, dict) and result["format"] == FORMAT
    return result


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_an_export_or_a_named_error(tmp_path, raw):
    outcome(write(tmp_path, raw))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=30,
)


@SETTINGS
@given(JSON)
def test_any_json_gives_an_export_or_a_named_error(tmp_path, value):
    outcome(write(tmp_path, value))


def paths(value, prefix=()):
    """Every path into a JSON value, for mutating one spot of a valid export."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, prefix + (i,))


@st.composite
def near_valid(draw):
    """A valid export of some kind with one spot replaced by arbitrary JSON, or one key dropped."""
    kind = draw(st.sampled_from(sorted(VALID)))
    doc = copy.deepcopy(VALID[kind])
    spot = draw(st.sampled_from([p for p in paths(doc) if p]))
    parent = doc
    for part in spot[:-1]:
        parent = parent[part]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[spot[-1]]
    else:
        parent[spot[-1]] = draw(JSON)
    return kind, doc


@SETTINGS
@given(near_valid(), st.booleans())
def test_a_near_valid_export_gives_an_export_or_a_named_error(tmp_path, case, ask_kind):
    kind, doc = case
    outcome(write(tmp_path, doc), kind if ask_kind else None)
