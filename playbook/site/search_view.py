"""What Material's search parser reads of a generated page: its HTML without the markup it drops.

The parser keeps the text, the headings (each starts a section) and a few tags (paragraphs, lists,
code); it reads every other tag and attribute only to drop it, at a cost that grows with how deep
the tag sits, and a generated page has many: links, labels, spans, the wrappers of each element
and checklist. ``search_view`` removes those tags, the attributes of the kept ones, and comments,
before the parser runs (search_sections.py has the parser read the view, and keeps what it finds);
the page itself keeps its HTML.

The index comes out with the same sections, titles, kept tags and words. Only runs of white space
inside a section's text can differ: the parser collapses the white space between two tags to one
space, and without the tag between them two such runs become one run of the same characters.
Neither the search nor its results tell them apart (both split text at any white space).
``tests/test_search_view.py`` holds every generated page, on the real data and on hostile data,
to that.

Some HTML is left as it is, because removing tags there could change what the parser does:
- headings, with everything inside them (the permalink is told apart by its class);
- a tag that holds a heading: the heading's depth decides where its section ends, so a tag whose
  start and end lie on two sides of a heading is kept, everywhere on the page;
- a page with an element the parser skips with its content (``data-search-exclude``, scripts,
  styles, line numbers), with an element whose text some version of Python's parser reads raw,
  or with declarations or processing instructions: such a page is read whole.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# Tags the parser keeps in the text, or treats in a way of their own: every other tag is only
# removed, with its end tag, which changes nothing but the depth of what lies inside it, and that
# matters only for headings. Elements with no end tag (<br>, <input>) the parser ignores outright.
_SPECIAL = "p li ul ol code pre sub sup h1 h2 h3 h4 h5 h6 script style object"
# With any of these, the page is read whole (see the module's docstring). Generated pages write
# tag and attribute names in lower case (the templates, and the sanitiser for data).
_READ_WHOLE = (
    "data-search-",
    "linenodiv",
    "<?",
    # Elements whose text a version of Python's HTML parser reads raw.
    *(
        f"<{name}"
        for name in {*HTMLParser.CDATA_CONTENT_ELEMENTS, "object", "textarea", "title", "xmp"}
        | {"iframe", "noembed", "noframes", "plaintext"}
    ),
)
# The rest of a tag after its name: attributes, with ">" allowed inside quoted values.
_REST = r"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>"""
# A kept tag's attributes, which the parser reads only on headings and skipped elements.
_KEPT_WITH_ATTRIBUTES = re.compile(rf"<(p|li|ul|ol|code|pre|sub|sup)\s{_REST}")
# A heading, start to end: kept as it is. Headings do not nest.
_HEADING = re.compile(rf"(<h([1-6])(?:\s{_REST}|>).*?</h\2\s*>)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Any other tag: its slash, if it is an end tag, and its name.
_OTHER_TAG = re.compile(
    rf"<(/?)(?!(?:{_SPECIAL.replace(' ', '|')})\b)([a-zA-Z][a-zA-Z0-9]*)\b{_REST}"
)


def search_view(html: str) -> str | None:
    """``html`` as search needs to read it, or None when it must be read whole."""
    # Declarations other than comments (<!DOCTYPE>, <![CDATA[) too.
    if any(marker in html for marker in _READ_WHOLE) or html.count("<!") != html.count("<!--"):
        return None
    # Headings stay whole; between two headings, comments, other tags and attributes go.
    pieces = _HEADING.split(html)
    between = [_COMMENT.sub("", segment) for segment in pieces[::3]]
    kept = _straddling(between)
    for index, segment in enumerate(between):
        if kept:
            segment = _OTHER_TAG.sub(
                lambda tag: tag.group(0) if tag.group(2).lower() in kept else "", segment
            )
        else:
            segment = _OTHER_TAG.sub("", segment)
        between[index] = _KEPT_WITH_ATTRIBUTES.sub(r"<\1>", segment)
    # Any start tag before the first heading opens the parser's first, untitled section; with
    # only tags there, the view must open it too.
    if not between[0] and _opens_a_tag(_COMMENT.sub("", pieces[0])):
        between[0] = "<div></div>"
    pieces[::3] = between
    # The split gives segment, heading, the heading's level (a group of the pattern), segment...
    return "".join(piece for index, piece in enumerate(pieces) if index % 3 != 2)


def _opens_a_tag(segment: str) -> bool:
    """Whether ``segment`` starts an element that the parser does not ignore outright."""
    return any(
        not slash and name.lower() not in _VOID for slash, name in _OTHER_TAG.findall(segment)
    )


def _straddling(segments: list[str]) -> set[str]:
    """Names of tags whose starts and ends do not pair up between two headings.

    In well-formed HTML, such as the converter and the templates write, a tag that pairs up in
    every segment is closed at every heading, so it holds none. Void elements never pair up, and
    need not: they hold nothing.
    """
    tags = [_OTHER_TAG.findall(segment) for segment in segments]
    # Most pages close every tag before each heading: then no tag holds a heading.
    still_open = 0
    for found in tags[:-1]:
        ends = sum(1 for slash, _ in found if slash)
        voids = sum(1 for slash, name in found if name.lower() in _VOID)
        still_open += len(found) - voids - 2 * ends
        if still_open:
            break
    else:
        return set()
    straddling: set[str] = set()
    for found in tags:
        counts = Counter((slash, name.lower()) for slash, name in found)
        straddling.update(
            name
            for (slash, name), count in counts.items()
            if name not in _VOID and counts[("" if slash else "/", name)] != count
        )
    return straddling


_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source")
    + ("track", "wbr")
)
