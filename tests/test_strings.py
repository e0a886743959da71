"""UI strings: every language file is complete, and every key the templates and widgets use exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from playbook.site.plugin import WIDGET_STRINGS

from .conftest import ROOT

STRINGS = ROOT / "data" / "strings"
LANGUAGES = sorted(STRINGS.glob("*.yaml"))
ENGLISH = yaml.safe_load((STRINGS / "en.yaml").read_text(encoding="utf-8"))["strings"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_a_second_language_ships():
    """English plus at least one translation, as proof that the UI can be switched."""
    assert len(LANGUAGES) >= 2, [p.name for p in LANGUAGES]


@pytest.mark.parametrize("path", LANGUAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_language_file_is_complete(path: Path):
    """Same keys as English, the same {placeholders} in each, and the same number of CSV columns."""
    strings = yaml.safe_load(path.read_text(encoding="utf-8"))["strings"]
    assert sorted(set(ENGLISH) - set(strings)) == [], "missing keys"
    assert sorted(set(strings) - set(ENGLISH)) == [], "keys English does not have"
    for key, text in ENGLISH.items():
        assert set(PLACEHOLDER.findall(strings[key])) == set(PLACEHOLDER.findall(text)), key
        assert strings[key].count("|") == text.count("|"), key


def template_keys() -> tuple[set[str], set[str]]:
    """Keys the Jinja templates use: exact ones, and prefixes of keys built from data (such as kind.<kind>)."""
    exact, prefixes = set(), set()
    for path in (ROOT / "playbook" / "site" / "templates").rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        exact |= set(re.findall(r"""\btr\(\s*["']([\w.-]+)["']\s*[,)]""", text))
        exact |= set(re.findall(r"""\bt\[\s*["']([\w.-]+)["']\s*\]""", text))
        prefixes |= set(re.findall(r"""\btr\(\s*["']([\w.-]+\.)["']\s*~""", text))
    for path in (ROOT / "playbook").rglob("*.py"):
        exact |= set(
            re.findall(r"""\bui\[\s*["']([\w.-]+)["']\s*\]""", path.read_text(encoding="utf-8"))
        )
    return exact, prefixes


def script_keys() -> tuple[set[str], set[str]]:
    """Keys the widgets pass to Playbook.t, directly or through a module's prefixed T helper."""
    exact, prefixes = set(), set()
    for path in (ROOT / "docs" / "assets" / "js").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        module = re.search(r"""\bK(?:IND)? = "(\w+)\"""", text)
        prefix = re.search(
            r"""T = \(k, v\) => (?:P\.)?t\((?:K \+ "\." \+ k|"([\w]+)\." \+ k)""", text
        )
        scope = (
            prefix.group(1) if prefix and prefix.group(1) else module.group(1) if module else None
        )
        exact |= set(re.findall(r"""\bt\(\s*"(\w+\.[\w.-]+)\"""", text))
        # Import refusals go through core's no(reason), which looks up import.<reason>.
        exact |= {f"import.{k}" for k in re.findall(r"""\bno\(\s*"([\w-]+)\"""", text)}
        prefixes |= set(re.findall(r"""\bt\(\s*"(\w+\.)" \+""", text))
        if module:
            exact |= {
                f"{module.group(1)}.{k}"
                for k in re.findall(r"""\bt\(\s*K \+ "\.([\w-]+)\"""", text)
            }
        if scope:
            exact |= {
                f"{scope}.{k}" for k in re.findall(r"""(?<![\w.])T\(\s*"([\w-]+)"\s*[,)]""", text)
            }
            prefixes |= {
                f"{scope}.{k}" for k in re.findall(r"""(?<![\w.])T\(\s*"([\w-]+)"\s*\+""", text)
            }
    return exact, prefixes


def test_every_key_the_templates_use_exists():
    """A template asking for an unknown key would fail the build; this names the key before that."""
    exact, prefixes = template_keys()
    assert len(exact) > 50
    assert sorted(exact - set(ENGLISH)) == []
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in ENGLISH)) == []


def enum_of(schema, name: str) -> list:
    """The enum of the first property called ``name`` anywhere in a schema."""
    if isinstance(schema, dict):
        prop = schema.get("properties", {}).get(name)
        if isinstance(prop, dict) and "enum" in prop:
            return prop["enum"]
        children = schema.values()
    elif isinstance(schema, list):
        children = schema
    else:
        return []
    for child in children:
        found = enum_of(child, name)
        if found:
            return found
    return []


def test_keys_built_from_schema_values_exist():
    """Labels looked up by an enum value (kind.step, purpose.curation, status.discontinued) exist for every value."""
    framework = json.loads(
        (ROOT / "data" / "schema" / "framework.schema.json").read_text(encoding="utf-8")
    )
    tool = json.loads((ROOT / "data" / "schema" / "tool.schema.json").read_text(encoding="utf-8"))
    wanted = {f"kind.{k}" for k in enum_of(framework, "kind")} | {
        f"origin.{o}" for o in enum_of(framework, "origin") if o != "source"
    }
    wanted |= {f"purpose.{p}" for p in enum_of(tool, "purpose")} | {
        f"status.{s}" for s in enum_of(tool, "status")
    }
    assert len(wanted) > 15
    assert sorted(wanted - set(ENGLISH)) == []


def test_every_key_the_widgets_use_exists():
    """A widget asking for an unknown key would show the raw key to the reader."""
    exact, prefixes = script_keys()
    # Every widget module with a prefix contributes keys, so a scanner that misses a module fails here.
    assert {k.split(".")[0] for k in exact} >= {
        "assessment",
        "checklist",
        "actions",
        "worksheet",
        "planner",
        "storage",
        "import",
    }
    assert sorted(exact - set(ENGLISH)) == []
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in ENGLISH)) == []
    # Pages send the browser only the widget groups, so each key the scripts use must be in one of them.
    assert sorted(k for k in exact | prefixes if not k.startswith(WIDGET_STRINGS)) == []


def test_every_one_form_has_its_plural():
    """A key_one string is the count-of-1 form of key (core.js picks it), so key itself must exist."""
    ones = [k for k in ENGLISH if k.endswith("_one")]
    assert ones
    assert sorted(k for k in ones if k.removesuffix("_one") not in ENGLISH) == []


def test_the_key_scanners_find_planted_keys(tmp_path, monkeypatch):
    """The scanners see a made-up key in a template and in a widget, so the two tests above can fail."""
    fake = tmp_path / "root"
    (fake / "playbook" / "site" / "templates").mkdir(parents=True)
    (fake / "docs" / "assets" / "js").mkdir(parents=True)
    (fake / "playbook" / "site" / "templates" / "x.html.j2").write_text(
        '{{ tr("nope.template") }} {{ t["nope.index"] }}', encoding="utf-8"
    )
    (fake / "docs" / "assets" / "js" / "x.js").write_text(
        'const P = Playbook, K = "nope", T = (k, v) => P.t(K + "." + k, v); T("widget"); P.t("nope.direct"); no("refusal");',
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake)
    assert template_keys()[0] == {"nope.template", "nope.index"}
    assert script_keys()[0] == {"nope.widget", "nope.direct", "import.refusal"}
