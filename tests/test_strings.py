"""UI strings: every language file is complete, and every key the
templates and widgets use exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from playbook.site.assets import WIDGET_STRINGS

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
    """Keys the Jinja templates use: exact ones, and prefixes of keys built
    from data (such as kind.<kind>)."""
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


JS_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>//[^\n]*|/\*.*?\*/)"""
    r"""|(?P<string>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')"""
    r"""|(?P<template>`(?:\\.|[^`\\])*`)"""
    r"""|(?P<name>[A-Za-z_$][\w$]*)|(?P<number>\d[\w.]*)|(?P<punct>\.\.\.|=>|\?\.|[^\s\w])""",
    re.S,
)


def js_tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens of a JS source: names, strings, template literals, punctuation.

    Good enough for the widgets' sources, whose regular expressions hold no quotes or backticks.
    """
    tokens = []
    for match in JS_TOKEN.finditer(text):
        if match.lastgroup not in ("space", "comment"):
            tokens.append((match.lastgroup, match.group()))
        # Code inside a template literal's ${…} is code too (one level of nested braces).
        if match.lastgroup == "template":
            for inner in TEMPLATE_CODE.findall(match.group()):
                tokens.extend(js_tokens(inner))
    return tokens


TEMPLATE_CODE = re.compile(r"\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


# Functions whose first argument is a UI string key, and the prefix each puts before it.
KEY_FUNCTIONS = {"t": "", "translate": "", "refuse": "import."}


def module_prefix(tokens: list[tuple[str, str]]) -> str | None:
    """The group a module's `text` helper looks up: `text = (key, vars) =>
    Playbook.t(`${KIND}.${key}`…`."""
    for index in range(len(tokens) - 2):
        if tokens[index : index + 2] != [("name", "text"), ("punct", "=")]:
            continue
        for kind, value in tokens[index + 2 : index + 20]:
            if kind == "template" and value.endswith(".${key}`"):
                # ${KIND} stands for the module's KIND constant.
                return value[1 : -len("${key}`")].replace("${KIND}", module_kind(tokens) or "?")
    return None


def module_kind(tokens: list[tuple[str, str]]) -> str | None:
    """The value of a module's `const KIND = "…"`."""
    for index, (kind, value) in enumerate(tokens[:-2]):
        if (kind, value) == ("name", "KIND") and tokens[index + 1] == ("punct", "="):
            return tokens[index + 2][1].strip('"')
    return None


def script_keys(root: Path | None = None) -> tuple[set[str], set[str]]:
    """Keys the widgets pass as literals: exact keys, and prefixes of keys built at run time.

    A key built at run time (such as `storage.${status}`) counts as its static prefix; the page
    itself reports an unknown key with console.error, which fails the browser tests.
    """
    exact, prefixes = set(), set()
    for path in sorted(((root or ROOT) / "docs" / "assets" / "js").glob("*.js")):
        tokens = js_tokens(path.read_text(encoding="utf-8"))
        functions = {**KEY_FUNCTIONS}
        prefix = module_prefix(tokens)
        if prefix is not None:
            functions["text"] = prefix
        for index in range(len(tokens) - 2):
            (kind, name), paren, (arg_kind, arg) = tokens[index : index + 3]
            if kind != "name" or name not in functions or paren != ("punct", "("):
                continue
            if arg_kind == "string":
                exact.add(functions[name] + arg[1:-1])
            elif arg_kind == "template":
                static = arg[1:-1].split("${")[0]
                if not static:
                    continue  # a helper passing its own key on, such as text()
                target = exact if "${" not in arg else prefixes
                target.add(functions[name] + static)
        # A refusal returned as {refusal: "key"} is shown through the module's text helper.
        for index in range(len(tokens) - 2):
            (name_kind, name), colon, (value_kind, value) = tokens[index : index + 3]
            if (name_kind, name, colon, value_kind) == (
                "name",
                "refusal",
                ("punct", ":"),
                "string",
            ):
                exact.add(f"{prefix}{value[1:-1]}")
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
    """Labels looked up by an enum value (kind.step, purpose.curation,
    status.discontinued) exist for every value."""
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
    # Every widget module with a prefix contributes keys, so a scanner
    # that misses a module fails here.
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
    # Pages send the browser only the widget groups, so each key the
    # scripts use must be in one of them.
    assert sorted(k for k in exact | prefixes if not k.startswith(WIDGET_STRINGS)) == []


def test_every_one_form_has_its_plural():
    """A key_one string is the count-of-1 form of key (core.js picks
    it), so key itself must exist."""
    ones = [k for k in ENGLISH if k.endswith("_one")]
    assert ones
    assert sorted(k for k in ones if k.removesuffix("_one") not in ENGLISH) == []


def test_the_key_scanners_find_planted_keys(tmp_path, monkeypatch):
    """The scanners see made-up keys in a template and in a widget, so the tests above can fail."""
    fake = tmp_path / "root"
    (fake / "playbook" / "site" / "templates").mkdir(parents=True)
    (fake / "docs" / "assets" / "js").mkdir(parents=True)
    (fake / "playbook" / "site" / "templates" / "x.html.j2").write_text(
        '{{ tr("nope.template") }} {{ t["nope.index"] }}', encoding="utf-8"
    )
    (fake / "docs" / "assets" / "js" / "x.js").write_text(
        'const KIND = "nope";\n'
        "const text = (key, vars) => Playbook.t(`${KIND}.${key}`, vars);\n"
        '// text("commented.out") is not a use\n'
        'text("widget"); Playbook.t("nope.direct"); refuse("refusal");\n'
        'Playbook.t(`nope.built_${x}`); const shared = { refusal: "share_x" };\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake)
    assert template_keys()[0] == {"nope.template", "nope.index"}
    exact, prefixes = script_keys()
    assert exact == {"nope.widget", "nope.direct", "import.refusal", "nope.share_x"}
    assert prefixes == {"nope.built_"}


# ---- no UI text outside data/strings -------------------------------------------------------------

# Element names: the only words a selector in a widget's source may hold outside [..], .class, #id.
HTML_TAGS = {
    "a", "button", "details", "fieldset", "input", "label", "legend", "li", "option", "select",
    "span", "summary", "table", "tbody", "td", "template", "textarea", "th", "thead", "tr",
}  # fmt: skip
# Two words of running text, or a capitalised word: what a reader's text looks like.
PROSE = re.compile(r"\b[A-Za-z][a-z]+(?: [a-z]+)+\b|\b[A-Z][a-z]{2,}\b")
SELECTOR_PARTS = re.compile(r"\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?|[.#][\w-]+")
# An iCalendar content line ("SUMMARY:…"): a file format's fixed names, not text for readers.
ICALENDAR_LINE = re.compile(r"[A-Z][A-Z-]*[:;]")


def is_selector(text: str) -> bool:
    """Whether a literal reads as a CSS selector: element names, attributes, classes, joins."""
    rest = SELECTOR_PARTS.sub(" ", text)
    words = set(re.split(r"[\s,>+~*]+", rest)) - {""}
    return re.fullmatch(r"[\w\s,>+~*-]*", rest) is not None and words <= HTML_TAGS


def js_english(text: str) -> list[str]:
    """A widget source's string and template literals that read as text for readers.

    Keys, selectors and formats pass; so do messages to the developer console, the "use strict"
    directive and iCalendar lines. A template literal counts by its own text, not its ${…} code.
    """
    tokens = js_tokens(text)
    found = []
    for index, (kind, value) in enumerate(tokens):
        if kind not in ("string", "template") or value[1:-1] == "use strict":
            continue
        own_text = TEMPLATE_CODE.sub(" ", value[1:-1])
        call = [token[1] for token in tokens[max(index - 4, 0) : index]]
        if call[:2] == ["console", "."] or ICALENDAR_LINE.match(own_text):
            continue
        if PROSE.search(own_text) and not is_selector(own_text):
            found.append(value)
    return found


# Attributes whose values a reader sees or hears (data-label is shown by CSS, data-confirm asks).
SHOWN_ATTRIBUTES = re.compile(
    r"""\b(?:aria-label|aria-description|title|placeholder|alt|data-label|data-confirm)="([^"]*)\""""
)


def template_english(text: str) -> list[str]:
    """What a Jinja template writes for readers itself instead of taking from data/strings.

    Jinja tags, comments, code samples, entities and Markdown anchors ({ #id }) are left out;
    any word left in the text or a shown attribute is English written into the template.
    """
    text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"<code>.*?</code>|&\w+;|\{\s*#[^}]*\}", " ", text, flags=re.S)
    found = [value for value in SHOWN_ATTRIBUTES.findall(text) if re.search("[A-Za-z]", value)]
    words = re.sub(r"<[^>]*>", " ", text)
    return found + re.findall(r"[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})*", words)


def test_widgets_and_templates_take_every_ui_text_from_the_strings():
    """A text typed into a widget or a template would stay English in every language."""
    scripts = sorted((ROOT / "docs" / "assets" / "js").glob("*.js"))
    templates = sorted((ROOT / "playbook" / "site" / "templates").glob("*.j2"))
    assert scripts and templates
    english = {
        path.relative_to(ROOT).as_posix(): words
        for path in scripts + templates
        for words in [
            (js_english if path.suffix == ".js" else template_english)(
                path.read_text(encoding="utf-8")
            )
        ]
        if words
    }
    assert english == {}, "UI text outside data/strings (add a key to en.yaml and de.yaml)"


def test_the_english_scanners_find_planted_text():
    """Text for readers is found; keys, selectors, console messages and iCalendar lines are not."""
    script = (
        '"use strict"; el.textContent = "Saved"; say(`Your ${n} answers are kept`);\n'
        'text("saved_ok"); all(root, "[data-a=cmp] tbody tr"); q(":checked + span");\n'
        'console.error(`Playbook: no UI string "${key}"`); lines.push("PRODID:-//Acme Corp//EN");\n'
        "confirm('really delete'); const key = `import.${reason}`;\n"
    )
    assert js_english(script) == ['"Saved"', "`Your ${n} answers are kept`", "'really delete'"]
    template = (
        '{# A comment in English #}<p title="Open me">{{ t["x.y"] }} and <a>{{ x }}</a></p>\n'
        '<button data-confirm="{{ t[\'a.b\'] }}" aria-label="Close">{{ t["c.d"] }}</button>\n'
        "## {{ t['e.f']|mdtext }} { #stages }\n<code>data/{{ d }}/&lt;id&gt;.yaml</code>\n"
    )
    assert template_english(template) == ["Open me", "Close", "and"]
