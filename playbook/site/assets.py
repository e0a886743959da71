"""The widgets' JS and CSS as shipped: the source files without their comment lines and indentation.

The modules in docs/assets/ are written to be read, with a comment before each block. Readers' browsers need none
of that, so the build drops whole-line comments, leading whitespace and blank lines, and nothing else: no code line
changes, nothing is bundled, renamed or transpiled, and a fork edits the same files the site runs.
"""

from __future__ import annotations

import re

# A line that is only a comment: `// ...`, or `/* ... */` closed on the same line.
_JS_COMMENT = re.compile(r"^\s*(//.*|/\*.*?\*/)\s*$")
_CSS_COMMENT = re.compile(r"^\s*/\*.*?\*/\s*$")
# A backtick that is not escaped: an odd count leaves a template literal open into the next line.
_BACKTICK = re.compile(r"(?<!\\)`")


def strip_js(text: str) -> str:
    """JS without whole-line comments, indentation and blank lines; lines inside a template literal stay as they are."""
    out, in_template = [], False
    for line in text.splitlines():
        if in_template:
            # Inside a template literal every character is part of the string.
            out.append(line)
        elif _JS_COMMENT.match(line) or not line.strip():
            continue
        else:
            out.append(line.strip())
        in_template ^= len(_BACKTICK.findall(line)) % 2 == 1
    return "\n".join(out) + "\n"


def strip_css(text: str) -> str:
    """CSS without whole-line comments, indentation and blank lines (CSS has no multi-line strings to protect)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip() and not _CSS_COMMENT.match(line)) + "\n"


def shipped(path: str, text: str) -> str:
    """The shipped form of a project asset: stripped JS or CSS, anything else unchanged."""
    if path.endswith(".js"):
        return strip_js(text)
    if path.endswith(".css"):
        return strip_css(text)
    return text
