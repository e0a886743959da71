"""The converter's HTML for the plain texts most data holds, written without running the converter.

Python-Markdown (with sane_lists and smarty) turns a plain sentence into ``<p>sentence</p>``. Most
texts in the data are a few such paragraphs, perhaps with an apostrophe or double quotes that
smarty curls, links to the playbook's own pages (``[text](ref:framework/element)``), words in
``*emphasis*`` or ``**strong**``, and lists whose items are separated by blank lines. Those are
written here directly, because the converter costs most of a generated page's rendering. Anything
else (other links, nested or tight lists, odd spacing) goes to the converter.

``tests/test_render_shortcut.py`` holds every text of the data, and many drawn texts and lists, to
the converter's output; ``tests/test_held_blocks.py`` holds every generated page to a conversion
with no shortcut at all.
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
# Strong (**) or emphasised (*) plain text, not touching a space inside its stars or a word or
# another star outside them.
_STRONG = rf"(?<![\w*])\*\*(?! )(?:{_CHAR})+?(?<! )\*\*(?![\w*])"
_EMPHASIS = rf"(?<![\w*])\*(?![ *])(?:{_CHAR})+?(?<! )\*(?![\w*])"
_SPAN = rf"{_LINK}|{_STRONG}|{_EMPHASIS}"
_LINE = rf"(?![0-9]+[.)])(?:[^\W_]|{_SPAN})(?:{_CHAR}|{_SPAN})*"
_PARAGRAPH = re.compile(rf"{_LINE}(?:\n{_LINE})*")
_PARAGRAPH_BREAK = re.compile(r"\n\n+")
# A list item's first line: "- " or "1. ", then a plain line.
_ITEM = re.compile(r"(-|[0-9]+\.) (?=\S)")
_INLINE = re.compile(
    rf"\[(?P<text>[^\[\]]+)\]\((?P<target>{_TARGET})\)"
    r"|\*\*(?P<strong>[^*]+)\*\*|\*(?P<em>[^*]+)\*"
)
_OPENING_DOUBLE = re.compile(r'(?<= )"(?=[^\W_])')

LEFT_DOUBLE, RIGHT_DOUBLE, RIGHT_SINGLE = "\u201c", "\u201d", "\u2019"


def blocks(text: str) -> list[tuple[str, list[str]]] | None:
    """The blocks of ``text`` if the shortcut can write it, else None.

    A block is ("p", [paragraph]) or ("ul" / "ol", [item, ...]): a list of two or more items, each
    its own paragraph (a blank line between items, as the data writes them), continuation lines
    indented under the item's text.
    """
    body = text.rstrip("\n")
    # A space before a line end, or two spaces inside a line, change the output (a line break).
    if not body or body.endswith(" ") or " \n" in body or re.search(r"\S  ", body):
        return None
    found: list[tuple[str, list[str]]] = []
    for part in _PARAGRAPH_BREAK.split(body):
        item = _ITEM.match(part)
        if item is None:
            if not _PARAGRAPH.fullmatch(part):
                return None
            found.append(("p", [part]))
            continue
        kind = "ul" if item.group(1) == "-" else "ol"
        text_of_item = _item_text(part, len(item.group(0)))
        if text_of_item is None:
            return None
        if found and found[-1][0] == kind:
            found[-1][1].append(text_of_item)
        elif found and found[-1][0] != "p":
            # A list of the other kind right after a list: left to the converter.
            return None
        else:
            found.append((kind, [text_of_item]))
    # A single-item list is written without a paragraph in its item: left to the converter.
    if any(kind != "p" and len(items) < 2 for kind, items in found):
        return None
    return found


def _item_text(part: str, indent: int) -> str | None:
    """An item's text as the converter keeps it, or None when the shortcut cannot write it.

    That is the first line without its marker, then the continuation lines with their indent,
    which must be the marker's width.
    """
    first, *rest = part.split("\n")
    lines = [first[indent:]]
    for line in rest:
        if not line.startswith(" " * indent) or line[indent : indent + 1] == " ":
            return None
        lines.append(line)
    if not all(_PARAGRAPH.fullmatch(line.lstrip(" ")) for line in lines):
        return None
    return "\n".join(lines)


def curled(text: str) -> str:
    """``text`` with its quotes curled as smarty curls them (apostrophes, double quotes)."""
    text = _OPENING_DOUBLE.sub(LEFT_DOUBLE, text.replace("'", RIGHT_SINGLE))
    return text.replace('"', RIGHT_DOUBLE)


def html(
    found: list[tuple[str, list[str]]], resolve: Callable[[str], tuple[str, str | None]]
) -> str:
    """The converter's HTML for ``found`` (from ``blocks``), before sanitising.

    ``resolve`` turns a link's target into its URL and title, as the converter's link rewriter
    does; links are written by Python-Markdown's own serialiser.
    """

    def span(match: re.Match) -> str:
        if match.group("target"):
            url, title = resolve(match.group("target"))
            element = etree.Element("a", {"href": url})
            if title:
                element.set("title", title)
            element.text = curled(match.group("text"))
            return to_html_string(element)
        tag = "strong" if match.group("strong") else "em"
        inner = match.group("strong") or match.group("em")
        return f"<{tag}>{curled(inner)}</{tag}>"

    def inline(text: str) -> str:
        out, done = [], 0
        for match in _INLINE.finditer(text):
            out += [curled(text[done : match.start()]), span(match)]
            done = match.end()
        out.append(curled(text[done:]))
        return "".join(out)

    written = []
    for kind, parts in found:
        if kind == "p":
            written.append(f"<p>{inline(parts[0])}</p>")
            continue
        items = "\n".join(f"<li>\n<p>{inline(item)}</p>\n</li>" for item in parts)
        written.append(f"<{kind}>\n{items}\n</{kind}>")
    return "\n".join(written)
