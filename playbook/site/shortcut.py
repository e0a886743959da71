"""The converter's HTML for the plain texts most data holds, written without running the converter.

Python-Markdown (with sane_lists and smarty) turns a plain sentence into ``<p>sentence</p>``. Most
texts in the data are a few such paragraphs, perhaps with an apostrophe or double quotes that
smarty curls, and links to the playbook's own pages (``[text](ref:framework/element)``). Those are
written here directly, because the converter costs most of a generated page's rendering. Anything
else (emphasis, lists, other links, odd spacing) goes to the converter.

``tests/test_render_shortcut.py`` holds every text of the data, and many drawn texts, to the
converter's output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree as etree

from markdown.serializers import to_html_string

# One character of a plain line: letters, digits, spaces and punctuation with no Markdown or HTML
# meaning, no doubled hyphen or period (smarty's dashes and ellipsis), and the quotes whose curl
# smarty decides from their neighbours alone.
_CHAR = (
    r"[^\W_]|[ ,;:!?()/%+=@]|-(?!-)|\.(?!\.)"
    # An apostrophe inside a word: smarty's closing single quote.
    r"|(?<=[^\W\d_])'(?=[^\W\d_])"
    # A double quote after a space and before a word opens; after a word or a stop, it closes.
    r'|(?<= )"(?=[^\W_])'
    r'|(?:(?<=[^\W_])|(?<=[.,?!]))"(?=[ .,;:!?)\n]|\Z)'
)
# A link to a page of the playbook: plain text, no title, and not an image (no "!" before it).
_TARGET = r"(?:ref|glossary|framework|assessment|checklist):[\w/-]+"
_LINK = rf"(?<!!)\[(?![ \n])(?:{_CHAR})+(?<![ \n])\]\({_TARGET}\)"
_LINE = rf"(?![0-9]+[.)])(?:[^\W_]|{_LINK})(?:{_CHAR}|{_LINK})*"
_PARAGRAPH = re.compile(rf"{_LINE}(?:\n{_LINE})*")
_PARAGRAPH_BREAK = re.compile(r"\n\n+")
_LINK_PARTS = re.compile(rf"\[([^\[\]]+)\]\(({_TARGET})\)")
_OPENING_DOUBLE = re.compile(r'(?<= )"(?=[^\W_])')

LEFT_DOUBLE, RIGHT_DOUBLE, RIGHT_SINGLE = "\u201c", "\u201d", "\u2019"


def paragraphs(text: str) -> list[str] | None:
    """The paragraphs of ``text`` if the shortcut can write it, else None."""
    body = text.rstrip("\n")
    # Two spaces (a line break or a code indent) or a space before a line end change the output.
    if not body or "  " in body or body.endswith(" ") or " \n" in body:
        return None
    parts = _PARAGRAPH_BREAK.split(body)
    return parts if all(_PARAGRAPH.fullmatch(part) for part in parts) else None


def curled(text: str) -> str:
    """``text`` with its quotes curled as smarty curls them (apostrophes, double quotes)."""
    text = _OPENING_DOUBLE.sub(LEFT_DOUBLE, text.replace("'", RIGHT_SINGLE))
    return text.replace('"', RIGHT_DOUBLE)


def html(parts: list[str], resolve: Callable[[str], tuple[str, str | None]]) -> str:
    """The converter's HTML for ``parts`` (from ``paragraphs``), before sanitising.

    ``resolve`` turns a link's target into its URL and title, as the converter's link rewriter
    does; the link itself is written by Python-Markdown's own serialiser.
    """

    def link(match: re.Match) -> str:
        url, title = resolve(match.group(2))
        anchor = etree.Element("a", {"href": url})
        if title:
            anchor.set("title", title)
        anchor.text = curled(match.group(1))
        return to_html_string(anchor)

    written = []
    for part in parts:
        out, done = [], 0
        for match in _LINK_PARTS.finditer(part):
            out += [curled(part[done : match.start()]), link(match)]
            done = match.end()
        out.append(curled(part[done:]))
        written.append(f"<p>{''.join(out)}</p>")
    return "\n".join(written)
