"""Problems found in the data, reported all at once as ``file:line:col: message``."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one data file, with where it is and how to fix it."""

    file: str
    line: int
    col: int
    message: str
    json_path: str = "$"
    hint: str = ""
    # A consequence of another problem (such as references to a broken
    # file): listed after the causes.
    cascade: bool = False

    def format(self) -> str:
        """Render the problem in the ``file:line:col: message (at $.path)`` form, one line each.

        Messages quote data, so control characters and line breaks in them are shown escaped: a
        value can neither fake a problem line nor send escape codes to the terminal.
        """
        where = f"{printable(self.file)}:{self.line}:{self.col}"
        text = f"{where}: {printable(self.message)} (at {printable(self.json_path)})"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text


def ordered(problems) -> list[Problem]:
    """Distinct problems, root causes first (by file and line), then what follows from them."""
    return sorted(set(problems), key=lambda p: (p.cascade, p))


# Everything a terminal could act on, including line breaks: C0, DEL, C1
# and the Unicode line separators.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str, keep_newlines: bool = False) -> str:
    """``text`` with control characters escaped (ESC as backslash-x1b), safe for a terminal."""

    def escape(found: re.Match) -> str:
        char = found.group()
        if keep_newlines and char == "\n":
            return char
        return repr(char)[1:-1] if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNPRINTABLE.sub(escape, str(text))


class DataError(Exception):
    """Raised when the data has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = ordered(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one block each, followed by a count."""
        lines = [p.format() for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found in the data.")
        return "\n".join(lines)


def json_path(path: tuple) -> str:
    """Turn a path tuple such as ('elements', 0, 'id') into $.elements[0].id."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
