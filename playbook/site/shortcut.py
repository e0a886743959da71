"""The converter's HTML for the plain texts most data holds, written without running the converter.

Python-Markdown (with sane_lists and smarty) turns a plain sentence into ``<p>sentence</p>``. Most
texts in the data are a few such paragraphs, perhaps with apostrophes or double quotes that smarty
curls, links to the playbook's own pages (``[text](ref:framework/element)``), words in
``*emphasis*``, ``**strong**`` or ``code``, and lists, their items on consecutive lines or
separated by blank lines. Those are written here directly, because the converter costs most of a
generated page's rendering. Anything else (other links, nested lists, odd spacing) goes to the
converter.

``tests/test_render_shortcut.py`` holds every text of the data, and many drawn texts and lists, to
the converter's output; ``tests/test_held_blocks.py`` holds every generated page to a conversion
with no shortcut at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree import ElementTree as etree

from markdown.serializers import to_html_string

# One character of a plain line: letters, digits, spaces, dashes and punctuation with no Markdown or
# HTML meaning, no doubled hyphen or period (smarty's dashes and ellipsis), and the quotes whose
# curl smarty decides from their neighbours alone.
_CHAR = (
    # A run of letters and digits at once (possessive: no span or quote starts inside a word).
    r"[^\W_]++|[ ,;:!?()/%+=@\u2013\u2014]|-(?!-)|\.(?!\.)"
    # An apostrophe inside a word, or after one and before a space, a stop or a line end:
    # smarty's closing single quote either way.
    r"|(?<=[^\W\d_])'(?=[^\W\d_]|[ ,.;:!?)\n])"
    # A double quote after a space or "(" and before a word opens; after a word or a stop, it
    # closes.
    r'|(?<=[ (])"(?=[^\W_])'
    r'|(?:(?<=[^\W_])|(?<=[.,?!]))"(?=[ .,;:!?)\n]|\Z)'
)
# A line end inside a link or an emphasis, before a line that starts as a plain line does.
_WRAP = r"\n(?![0-9]+[.)])(?=[^\W_])"
# A link to a page of the playbook: plain text, no title, and not an image (no "!" before it).
_TARGET = r"(?:ref|glossary|framework|assessment|checklist):[\w/-]+"
_LINK = rf"(?<!!)\[(?![ \n])(?:{_CHAR}|{_WRAP})+(?<![ \n])\]\({_TARGET}\)"
# Strong (**) or emphasised (*) plain text, not touching a space inside its stars or a word or
# another star outside them.
_STRONG = rf"(?<![\w*])\*\*(?! )(?:{_CHAR}|{_WRAP})+?(?<! )\*\*(?![\w*])"
_EMPHASIS = rf"(?<![\w*])\*(?![ *])(?:{_CHAR}|{_WRAP})+?(?<! )\*(?![\w*])"
# Code: one pair of backticks around text with no backtick, HTML character, backslash or white
# space other than single spaces inside it (the converter trims the edges and expands tabs).
_CODE = r"(?<!`)`(?! )(?:[^`<>&\\\s]|(?<! ) (?! ))+(?<! )`(?!`)"
_SPAN = rf"{_LINK}|{_STRONG}|{_EMPHASIS}|{_CODE}"
# A line starts with a word, "(", a span or an opening double quote, and not as a numbered item.
_LINE = rf'(?![0-9]+[.)])(?:[^\W_]|\(|"(?=[^\W_])|{_SPAN})(?:{_CHAR}|{_SPAN})*'
_PARAGRAPH = re.compile(rf"{_LINE}(?:\n{_LINE})*")
_PARAGRAPH_BREAK = re.compile(r"\n\n+")
# A list item's first line: "- " or "1. ", then a plain line.
_ITEM = re.compile(r"(-|[0-9]+\.) (?=\S)")
_INLINE = re.compile(
    rf"\[(?P<text>[^\[\]]+)\]\((?P<target>{_TARGET})\)"
    r"|\*\*(?P<strong>[^*]+)\*\*|\*(?P<em>[^*]+)\*|`(?P<code>[^`]+)`"
)
# Where smarty opens a double quote: after a space, "(" or a line end, or at the start of a text.
_OPENING_DOUBLE = re.compile(r'(?:(?<=[ (\n])|^)"(?=[^\W_])')

LEFT_DOUBLE, RIGHT_DOUBLE, RIGHT_SINGLE = "\u201c", "\u201d", "\u2019"


def blocks(text: str) -> list[tuple[str, list[str]]] | None:
    """The blocks of ``text`` if the shortcut can write it, else None.

    A block is ("p", [paragraph]) or a list of two or more items: ("ul" / "ol", [item, ...]) when
    a blank line separates its items (each item is then its own paragraph), ("ul-tight" /
    "ol-tight", [item, ...]) when they follow each other line by line. Continuation lines are
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
        items = _items(part, item.group(1))
        if items is None:
            return None
        if len(items) > 1:
            # A list written line by line: its own block, with nothing but paragraphs around it.
            if found and found[-1][0] != "p":
                return None
            found.append((f"{kind}-tight", items))
        elif found and found[-1][0] == kind:
            found[-1][1].append(items[0])
        elif found and found[-1][0] != "p":
            # A list of the other kind, or a tight list, right before: left to the converter.
            return None
        else:
            found.append((kind, items))
    # A single-item list is written without a paragraph in its item: left to the converter.
    if any(kind != "p" and len(items) < 2 for kind, items in found):
        return None
    return found


def _items(part: str, marker: str) -> list[str] | None:
    """The items of a list part (one, or several on consecutive lines); None if the shortcut can't.

    Every item starts with a marker of the first one's kind.
    """
    pattern = re.compile(r"- (?=\S)" if marker == "-" else r"[0-9]+\. (?=\S)")
    items: list[list[str]] = []
    for line in part.split("\n"):
        start = pattern.match(line)
        if start is not None:
            items.append([line])
        elif not items:
            return None
        else:
            items[-1].append(line)
    texts = [_item_text(lines, len(pattern.match(lines[0]).group(0))) for lines in items]
    return None if None in texts else texts


def _item_text(lines: list[str], indent: int) -> str | None:
    """An item's text as the converter keeps it, or None when the shortcut cannot write it.

    That is the first line without its marker, then the continuation lines with their indent,
    which must be the marker's width.
    """
    first, *rest = lines
    if any(not line.startswith(" " * indent) or line[indent : indent + 1] == " " for line in rest):
        return None
    # Checked without the indent, which the converter keeps in the item's text as it is.
    if not _PARAGRAPH.fullmatch("\n".join([first[indent:], *(line[indent:] for line in rest)])):
        return None
    return "\n".join([first[indent:], *rest])


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
        if match.group("code"):
            # Smarty leaves code as it is.
            return f"<code>{match.group('code')}</code>"
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
        tag, tight = kind.removesuffix("-tight"), kind.endswith("-tight")
        # A tight list's items hold their text; a loose list's items hold a paragraph each.
        items = "\n".join(
            f"<li>{inline(item)}</li>" if tight else f"<li>\n<p>{inline(item)}</p>\n</li>"
            for item in parts
        )
        written.append(f"<{tag}>\n{items}\n</{tag}>")
    return "\n".join(written)
