"""The shipped JS and CSS: the sources without comment lines and indentation, and nothing else changed."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from playbook.site.assets import shipped, strip_css, strip_js

from .conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
ASSETS = [
    name if isinstance(name, str) else name["path"]
    for name in CONFIG["extra_javascript"] + CONFIG["extra_css"]
]


def test_js_loses_comment_lines_indentation_and_blank_lines_only():
    source = '/* Header. */\n(() => {\n  // Why this block.\n  const a = 1; // kept: not a whole-line comment\n\n  /** Doc. */\n  const url = "http://x//y";\n})();\n'
    assert (
        strip_js(source)
        == '(() => {\nconst a = 1; // kept: not a whole-line comment\nconst url = "http://x//y";\n})();\n'
    )


def test_js_template_literals_are_left_exactly_as_written():
    # A comment-looking or indented line inside a template literal is part of a string.
    source = "const s = `line one\n  // not a comment\n\n    indented`;\n  // a comment\nconst t = `a` + `b`;\n"
    assert (
        strip_js(source)
        == "const s = `line one\n  // not a comment\n\n    indented`;\nconst t = `a` + `b`;\n"
    )
    # An escaped backtick does not close the literal.
    assert (
        strip_js("const s = `a \\`\n  // still inside`;\n")
        == "const s = `a \\`\n  // still inside`;\n"
    )


def test_css_loses_comment_lines_indentation_and_blank_lines():
    source = "/* Why. */\n.a { color: red; }\n\n@media print {\n  /* Why too. */\n  .b { display: none; }\n}\n"
    assert strip_css(source) == ".a { color: red; }\n@media print {\n.b { display: none; }\n}\n"
    assert shipped("x.svg", "  <svg/>  ") == "  <svg/>  "


@pytest.mark.parametrize("name", ASSETS, ids=str)
def test_every_code_line_of_a_source_ships(name: str):
    """Stripping only removes lines and leading space: the code lines, in order, are the same."""
    source = (ROOT / "docs" / name).read_text(encoding="utf-8")
    out = shipped(name, source)
    assert len(out) < len(source)
    code = [line.strip() for line in source.splitlines() if line.strip()]
    comments = [
        line
        for line in code
        if line.startswith("//") or (line.startswith("/*") and line.endswith("*/"))
    ]
    assert comments, "the sources are commented"
    assert out.splitlines() == [line for line in code if line not in comments]


@pytest.mark.build
@pytest.mark.parametrize("name", ASSETS, ids=str)
def test_the_built_site_ships_the_stripped_sources(site, name: str):
    built = (site / name).read_text(encoding="utf-8")
    assert built == shipped(name, (ROOT / "docs" / name).read_text(encoding="utf-8"))


@pytest.mark.build
@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("name", [n for n in ASSETS if n.endswith(".js")], ids=str)
def test_shipped_js_still_parses(site, name: str):
    result = subprocess.run(["node", "--check", str(site / name)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
