"""Hostile UI strings (data/strings/): a missing or poisoned string is a
located problem, not a failed build."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from ..conftest import ROOT
from .helpers import assert_clean_failure, cli

SCHEMA = json.loads((ROOT / "data/schema/strings.schema.json").read_text(encoding="utf-8"))
REQUIRED = SCHEMA["$defs"]["english_strings"]["properties"]["strings"]["required"]
ENGLISH = yaml.safe_load((ROOT / "data/strings/en.yaml").read_text(encoding="utf-8"))["strings"]
# Literal keys in the templates and the site code: tr("key"), t["key"], ui["key"].
LITERAL_KEY = re.compile(
    r"""(?:\btr|\btranslate)\(\s*["']([a-z0-9_.-]+)["']\s*[,)]|\b(?:t|ui)\[\s*["']([a-z0-9_.-]+)["']\s*\]"""
)
# Keys built from data (tr("kind." ~ el.kind)): every English key under that prefix is needed.
PREFIX_KEY = re.compile(r"""(?:\btr)\(\s*["']([a-z0-9_]+\.[a-z0-9_]*)["']\s*~""")


def used_keys() -> tuple[set[str], set[str]]:
    """The literal keys and the key prefixes that playbook/site uses."""
    literal, prefixes = set(), set()
    for path in (ROOT / "playbook" / "site").rglob("*"):
        if path.suffix not in (".py", ".j2"):
            continue
        text = path.read_text(encoding="utf-8")
        literal |= {a or b for a, b in LITERAL_KEY.findall(text)}
        prefixes |= set(PREFIX_KEY.findall(text))
    return literal, prefixes


# The schema's list is what validate enforces: it must cover what the pages use, or a missing string
# would again break the build instead of validate.
def test_every_string_the_site_uses_is_required_of_english():
    literal, prefixes = used_keys()
    assert len(literal) > 20 and prefixes, (
        "the key scan found nothing: has the template syntax changed?"
    )
    needed = literal | {k for k in ENGLISH if k.startswith(tuple(prefixes))}
    assert sorted(needed - set(REQUIRED)) == []
    assert sorted(set(REQUIRED) - set(ENGLISH)) == [], "required keys that English lacks"


@pytest.mark.parametrize("key", [REQUIRED[0], REQUIRED[len(REQUIRED) // 2], REQUIRED[-1]])
def test_a_missing_english_string_is_a_located_problem(capsys, monkeypatch, minimal_data, key):
    path = minimal_data / "strings" / "en.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.strip().startswith(f"{key}:")]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    assert re.search(
        rf"^{minimal_data.name}/strings/en.yaml:\d+:\d+: missing required key '{re.escape(key)}'",
        run.err,
        re.M,
    ), run.err


# Another language may leave a string out: English fills the gap.
def test_a_translation_may_leave_strings_out(minimal_data):
    from playbook.data.project import check

    path = minimal_data / "strings" / "de.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if REQUIRED[0] + ":" not in line), "utf-8")
    _project, problems = check(minimal_data, minimal_data.parent)
    assert not problems, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("escape", "fragment"), [("\\e]0;owned\\a", "U+001B"), ("\\r", "carriage")]
)
def test_a_control_character_in_a_ui_string_is_refused(
    capsys, monkeypatch, minimal_data, escape, fragment
):
    path = minimal_data / "strings" / "de.yaml"
    text = path.read_text(encoding="utf-8")
    key = REQUIRED[0]
    found = re.search(rf"^(\s+{re.escape(key)}: )(.*)$", text, re.M)
    path.write_text(text[: found.end(1)] + f'"x{escape}"' + text[found.end() :], "utf-8")
    run = cli(capsys, monkeypatch, minimal_data, "validate")
    assert_clean_failure(run)
    line = text.count("\n", 0, found.start()) + 1
    assert f"{minimal_data.name}/strings/de.yaml:{line}:" in run.err and fragment in run.err
