"""HTML that a generated page holds aside while MkDocs converts its Markdown, and puts back after.

Most of a generated page is HTML the templates wrote: forms, tables, widget controls.
Python-Markdown would parse all of it only to copy it out unchanged, and Material's search parser
would read every control only to drop those marked ``data-search-exclude``. So a template wraps such
HTML in ``{% filter html_block %}`` (or ``{% filter unindexed %}`` for an element marked
``data-search-exclude``); the filter keeps the HTML in this page's ``Slots`` and leaves a comment in
its place. The plugin puts ``html`` blocks back once the Markdown is converted (``on_page_content``)
and ``unindexed`` blocks once the search index has read the page (``on_page_context``, after
the search plugin's handler).

The page comes out the same as if its whole Markdown had been converted: the test
``tests/test_held_blocks.py`` holds every generated page's article HTML, search entries and anchors
to that.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markupsafe import Markup

# What a block becomes while it is held aside. Data never yields an HTML comment: its strings are
# escaped and its Markdown goes through the sanitiser, which drops comments.
PLACEHOLDER = re.compile(r"<!--smp-(html|unindexed):(\d+)-->")
_MARK = "<!--smp-"
KINDS = ("html", "unindexed")
# Only an element that search leaves out anyway may be kept from the search parser: one marked
# data-search-exclude, or a form field with no text (<input>, or an empty <textarea>).
_UNINDEXED_START = re.compile(
    r"\s*(?:<[a-zA-Z][a-zA-Z0-9]*\b[^>]*\sdata-search-exclude[\s=>]"
    r"|<input\b[^>]*>\s*$|<textarea\b[^>]*></textarea>\s*$)"
)
# Anchors in kept HTML, as MkDocs collects them from raw HTML: every id, and a link's name.
# Quoted attribute values are skipped whole; the templates quote every value with ".
_START_TAG = re.compile(r"""<(\w+)((?:[^>"']+|"[^"]*"|'[^']*')*)>""")
_ANCHOR_ATTRIBUTE = re.compile(r'\s(id|name)="([^"]*)"')


class SlotError(ValueError):
    """A template put HTML in a slot that cannot hold it, or a page lost a placeholder."""


@dataclass
class Slots:
    """The HTML blocks of one page, by number, held aside from the Markdown and search steps."""

    blocks: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    # The blocks put back so far, in order: each must come back once.
    returned: list[int] = field(default_factory=list)

    def keep(self, block: str, kind: str) -> Markup:
        """Hold ``block`` aside and return the placeholder that stands for it, with its line ends.

        The trailing line ends stay in the page, so that Markdown still sees the block end where
        the template ended it.
        """
        if kind == "unindexed" and not _UNINDEXED_START.match(block):
            raise SlotError(
                "only an element marked data-search-exclude, one <input> or one empty <textarea>"
                " may be unindexed; it starts: " + block.strip()[:80]
            )
        content = block.rstrip("\n")
        self.blocks.append(content.lstrip("\n"))
        self.kinds.append(kind)
        leading = content[: len(content) - len(content.lstrip("\n"))]
        return Markup(f"{leading}<!--smp-{kind}:{len(self.blocks) - 1}-->{block[len(content) :]}")

    def fill(self, text: str, stage: str) -> str:
        """``text`` with the blocks held until ``stage`` put back, nested ones too.

        At the ``html`` stage the ``html`` blocks come back, also inside the ``unindexed`` ones
        still held; at the ``unindexed`` stage the ``unindexed`` ones. Every block must come back
        exactly once by its stage: a placeholder that a step in between changed or dropped would
        otherwise lose its HTML without a word.
        """
        due = set(KINDS[: KINDS.index(stage) + 1])

        def block(match: re.Match) -> str:
            if match.group(1) not in due:
                return match.group(0)
            number = int(match.group(2))
            if number >= len(self.blocks) or self.kinds[number] != match.group(1):
                raise SlotError(f"placeholder {match.group(0)} names no kept block")
            self.returned.append(number)
            return with_blocks(self.blocks[number])

        def with_blocks(content: str) -> str:
            # Most blocks hold no other: a substring test spares them the regular expression.
            return PLACEHOLDER.sub(block, content) if _MARK in content else content

        filled = with_blocks(text)
        # Blocks due later may hold blocks due now: those come back inside them, in place.
        for number, kind in enumerate(self.kinds):
            if kind not in due:
                self.blocks[number] = with_blocks(self.blocks[number])
        expected = [number for number, kind in enumerate(self.kinds) if kind in due]
        if sorted(self.returned) != expected:
            missing = sorted(set(expected) - set(self.returned))
            raise SlotError(
                f"{len(missing)} {stage} block(s) did not come back, or came back twice"
                f" (first missing: {missing[:1]})"
            )
        # What came back is in the page now. A build holds every page's blocks from its Markdown
        # step to its search step (tens of megabytes at 700 frameworks): let these go. A block can
        # come back only once, so its text is never read again.
        for number in expected:
            self.blocks[number] = ""
        return filled

    def anchor_ids(self) -> set[str]:
        """The ids (and link names) in the kept HTML, which MkDocs' anchor check did not see."""
        found = set()
        # Most blocks and tags have neither attribute: a substring test passes them over.
        for block in self.blocks:
            if "id=" not in block and "name=" not in block:
                continue
            for tag, attributes in _START_TAG.findall(block):
                if "id=" not in attributes and "name=" not in attributes:
                    continue
                for name, value in _ANCHOR_ATTRIBUTE.findall(attributes):
                    if name == "id" or tag == "a":
                        found.add(html.unescape(value))
        return found
