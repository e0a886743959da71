"""Problems found in the data, reported all at once as ``file:line:col: message``."""

from __future__ import annotations

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

    def format(self) -> str:
        """Render the problem in the ``file:line:col: message (at $.path)`` form."""
        text = f"{self.file}:{self.line}:{self.col}: {self.message} (at {self.json_path})"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class DataError(Exception):
    """Raised when the data has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
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
