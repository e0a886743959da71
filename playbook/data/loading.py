"""Read YAML data files strictly, remembering the line and column of every value.

One loader is used by the build, the CLI and the tests. It follows YAML 1.2
for plain scalars (only true/false are booleans, 9:00 stays a string), rejects
duplicate keys, anchors, aliases and custom tags, and never lets a traceback
reach the user: every failure becomes a Problem.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .files import UnsafeFileError, read_bounded
from .models import KINDS
from .parse_cache import ParseCache
from .problems import Problem, json_path

# A file larger than this is almost certainly a mistake (or an attack) and is refused.
MAX_BYTES = 512 * 1024

# Numbers beyond this lose precision in JavaScript (the widgets and the JSON API's readers).
MAX_SAFE_INTEGER = 2**53 - 1
NUMBER_HINT = "Use an ordinary number such as 0, 50 or 100."

# Control characters in a value break terminals, JSON readers and pages; tab and new line are fine.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Real entities nest a handful of levels; deeper nesting is a mistake
# and would exhaust Python's stack.
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_DROPPED = {
    _BOOL,
    _INT,
    _FLOAT,
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}
# Explicit tags that stay within JSON's types; any other tag (!!set, !!binary,
# !!python/..., !local) is refused.
_CORE_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


class PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python reader, scanner and parser, for installs without libyaml."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def loader_class(parser: type) -> type:
    """A strict loader on top of ``parser``, with YAML 1.2 core-schema scalars.

    Its events are read by ``_EventReader``, which refuses anchors, aliases, custom tags and deep
    nesting.
    """

    class StrictLoader(parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            parser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    # Replace YAML 1.1's implicit types (yes/no booleans, sexagesimal numbers,
    # dates) with YAML 1.2's core schema.
    StrictLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    StrictLoader.add_implicit_resolver(
        _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    StrictLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
    StrictLoader.add_implicit_resolver(
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )
    return StrictLoader


# libyaml's scanner and parser are many times faster; PyYAML wheels
# ship it, source installs may not.
StrictLoader = loader_class(
    yaml.cyaml.CParser if getattr(yaml, "__with_libyaml__", False) else PythonParser
)


def _implicit_tags(loader_class: type) -> tuple[dict[str, list], list]:
    """The loader's implicit resolvers by a plain scalar's first character.

    The wildcard ones (first character None) follow each list, and stand alone for other firsts.
    """
    resolvers = loader_class.yaml_implicit_resolvers
    wildcard = list(resolvers.get(None, []))
    by_first = {first: list(found) + wildcard for first, found in resolvers.items() if first}
    return by_first, wildcard


_IMPLICIT_BY_FIRST, _IMPLICIT_WILDCARD = _implicit_tags(StrictLoader)
_IMPLICIT_EMPTY = list(StrictLoader.yaml_implicit_resolvers.get("", [])) + _IMPLICIT_WILDCARD


def scalar_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag PyYAML's resolver gives a scalar event without an explicit tag (or with "!").

    The same answers as ``StrictLoader.resolve`` (a property test holds them together), without
    its generic path and node-kind checks: it runs once per value of every file.
    """
    if implicit[0]:
        candidates = (
            _IMPLICIT_BY_FIRST.get(value[0], _IMPLICIT_WILDCARD) if value else _IMPLICIT_EMPTY
        )
        for tag, pattern in candidates:
            if pattern.match(value):
                return tag
    return _STR


@dataclass
class Document:
    """One parsed data file: its data plus the position of every value and key.

    A document taken from the parse cache has its data only: the positions, needed only to report
    a problem, are read from its text the first time they are asked for.
    """

    path: Path
    display: str
    data: object
    stored_positions: dict[tuple, tuple[int, int]] | None = field(default_factory=dict)
    stored_key_positions: dict[tuple, tuple[int, int]] | None = field(default_factory=dict)
    text: str = ""
    # The strings that can hold a link, kept in the parse cache with the data (linkable_strings).
    stored_linkable: list | None = None
    # The parse cache's key for the file's bytes, when it was read with a cache.
    cache_key: str = ""

    @property
    def linkable(self) -> list[tuple[tuple, str]]:
        """The data's strings that can hold a link or a URL, with their paths."""
        if self.stored_linkable is None:
            self.stored_linkable = (
                linkable_strings(self.data) if isinstance(self.data, (dict, list)) else []
            )
        return self.stored_linkable

    @property
    def positions(self) -> dict[tuple, tuple[int, int]]:
        """Line and column of every value, by path."""
        if self.stored_positions is None:
            self._locate()
        return self.stored_positions

    @property
    def key_positions(self) -> dict[tuple, tuple[int, int]]:
        """Line and column of every mapping key, by path."""
        if self.stored_key_positions is None:
            self._locate()
        return self.stored_key_positions

    def _locate(self) -> None:
        """Read the positions from the text, which read without a problem before."""
        located = Document(self.path, self.display, None, text=self.text)
        loader = StrictLoader(self.text)
        try:
            _EventReader(loader, located, []).document()
        finally:
            loader.dispose()
        self.stored_positions = located.stored_positions
        self.stored_key_positions = located.stored_key_positions

    def where(self, path: tuple, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at ``path``, or of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def problem(
        self, path: tuple, message: str, hint: str = "", key: bool = False, needle: str = ""
    ) -> Problem:
        """Build a Problem located at ``path``; with ``needle``, at that text inside the value."""
        line, col = self.where(path, key=key)
        if needle:
            line, col = self._find(needle, line, col)
        return Problem(self.display, line, col, message, json_path(path), hint)

    def _find(self, needle: str, line: int, col: int) -> tuple[int, int]:
        """First place of ``needle`` at or after line:col, so a problem points inside long text."""
        lines = self.text.splitlines()
        for number in range(line - 1, len(lines)):
            found = lines[number].find(needle, col - 1 if number == line - 1 else 0)
            if found >= 0:
                return number + 1, found + 1
        return line, col


def display_path(path: Path, root: Path | None = None) -> str:
    """Show a path relative to ``root`` (or the working directory) when possible."""
    # Files found in a resolved data folder lie in it as they are: resolving each of hundreds
    # again (a system call per folder level) would cost more than the rest of this.
    as_given = path if path.is_absolute() and ".." not in path.parts else None
    resolved = None
    for base in (root, Path.cwd()):
        if base is None:
            continue
        base = _resolved_base(base)
        if as_given is not None and as_given.is_relative_to(base):
            return as_given.relative_to(base).as_posix()
        resolved = resolved or path.resolve()
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return path.as_posix()


@functools.lru_cache(maxsize=64)
def _resolved_base(base: Path) -> Path:
    """A base folder resolved once: every file of a data folder is shown relative to the same."""
    return base.resolve()


def _where(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _EventReader:
    """Turns the parser's events straight into plain data, recording positions as it goes.

    Building YAML's node tree first and walking it afterwards cost most of the time of reading
    hundreds of files; reading the events once gives the same data, positions and problems.
    """

    def __init__(self, loader, doc: Document, problems: list[Problem]):
        self.loader = loader
        self.doc = doc
        self.problems = problems
        self.depth = 0

    def document(self):
        """The single document's data, or None for a stream without one."""
        loader = self.loader
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            loader.get_event()
            return None
        loader.get_event()  # the document's start
        root_mark = loader.peek_event().start_mark
        data = self.value(())
        loader.get_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root_mark,
                "but found another document",
                loader.get_event().start_mark,
            )
        loader.get_event()
        return data

    def checked_event(self):
        """The next event, refused with a located error where the data could not be plain."""
        event = self.loader.peek_event()
        # Aliases and anchors make files hard to read and allow "billion laughs" blow-ups.
        if event.__class__ is yaml.AliasEvent:
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not supported", event.start_mark
            )
        if event.anchor:
            raise yaml.MarkedYAMLError(
                None, None, "anchors (&name) are not supported", event.start_mark
            )
        # Checked on every node: on a list or mapping the constructor would never see the tag.
        if event.tag not in (None, "!") and event.tag not in _CORE_TAGS:
            raise yaml.MarkedYAMLError(
                None, None, "custom YAML tags (!tag) are not supported", event.start_mark
            )
        # Each level recurses once: stop with a located error before Python's stack runs out.
        if self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                None,
                None,
                f"the data is nested more than {MAX_DEPTH} levels deep",
                event.start_mark,
            )
        return event

    def value(self, path: tuple, keep: bool = True):
        """The next node's data at ``path``; with keep=False it is only checked and skipped."""
        event = self.checked_event()
        if keep:
            self.doc.positions[path] = _where(event.start_mark)
        self.depth += 1
        try:
            if event.__class__ is yaml.ScalarEvent:
                return self.scalar(path, keep)
            if event.__class__ is yaml.SequenceStartEvent:
                return self.sequence(path, keep)
            return self.mapping(path, keep)
        finally:
            self.depth -= 1

    def scalar(self, path: tuple, keep: bool):
        event = self.loader.get_event()
        tag = event.tag
        if tag is None or tag == "!":
            tag = scalar_tag(event.value, event.implicit)
        if not keep:
            return None
        # Most values are plain text: take it as it is, without a node or the constructor.
        if tag == _STR and CONTROL.search(event.value) is None:
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return _scalar(self.loader, node, path, self.doc, self.problems)

    def sequence(self, path: tuple, keep: bool) -> list:
        loader = self.loader
        loader.get_event()
        items = []
        while not loader.check_event(yaml.SequenceEndEvent):
            items.append(self.value(path + (len(items),), keep))
        loader.get_event()
        return items

    def mapping(self, path: tuple, keep: bool) -> dict:
        loader = self.loader
        loader.get_event()
        result: dict = {}
        while not loader.check_event(yaml.MappingEndEvent):
            key, key_mark = self.key(path, keep)
            if key is None:
                # A refused key is reported once; its value is left out.
                self.value(path, keep=False)
                continue
            if key in result:
                first = self.doc.key_positions[path + (key,)][0]
                self.problems.append(
                    Problem(
                        self.doc.display,
                        *key_mark,
                        f"duplicate key '{key}' (first defined on line {first})",
                        json_path(path + (key,)),
                        "Remove one of the two; YAML would silently keep only the last.",
                    )
                )
                self.value(path, keep=False)
                continue
            self.doc.key_positions[path + (key,)] = key_mark
            result[key] = self.value(path + (key,), keep)
        loader.get_event()
        return result if keep else {}

    def key(self, path: tuple, keep: bool) -> tuple[str | None, tuple[int, int]]:
        """The next key as text and its position; None when it is refused (or skipped)."""
        event = self.checked_event()
        mark = _where(event.start_mark)
        if event.__class__ is not yaml.ScalarEvent:
            if keep:
                self.problems.append(
                    Problem(
                        self.doc.display,
                        *mark,
                        "a key must be plain text",
                        json_path(path),
                        "Write the key as a simple word such as title:.",
                    )
                )
            self.value(path, keep=False)
            return None, mark
        before = len(self.problems)
        self.depth += 1
        try:
            key = self.scalar(path, keep)
        finally:
            self.depth -= 1
        if not keep or len(self.problems) > before:
            return None, mark
        return str(key), mark


def _scalar(loader, node, path: tuple, doc: Document, problems: list[Problem]):
    """A plain value; refused (a located problem, and None) when no page or JSON could carry it."""
    # Most values are plain text: take it as it is, without the constructor's dispatch.
    if node.tag == _STR:
        value = node.value
        if CONTROL.search(value) is None:
            return value
    at = _where(node.start_mark)
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError:
        # Python refuses to convert integers of thousands of digits; YAML happily writes them.
        problems.append(_value_problem(doc, at, path, "the number is too large", NUMBER_HINT))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(
            _value_problem(
                doc,
                at,
                path,
                f"'{node.value}' is not a finite number (JSON has no NaN or infinity)",
                NUMBER_HINT,
            )
        )
        return None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INTEGER:
        problems.append(_value_problem(doc, at, path, "the number is too large", NUMBER_HINT))
        return None
    if isinstance(value, str):
        found = CONTROL.search(value)
        if found:
            code = ord(found.group())
            what = (
                "a carriage return (\\r)" if code == 13 else f"a control character (U+{code:04X})"
            )
            problems.append(
                _value_problem(
                    doc,
                    at,
                    path,
                    f"the text contains {what}",
                    "Remove it; write line breaks as plain new lines and no escape codes.",
                )
            )
            return None
    return value


def _value_problem(doc: Document, at: tuple, path: tuple, message: str, hint: str) -> Problem:
    return Problem(doc.display, *at, message, json_path(path), hint)


def _syntax_problem(display: str, error: yaml.YAMLError, text: str) -> Problem:
    """Explain a YAML syntax error in plain words, with a hint for common causes."""
    lines = text.splitlines()
    if isinstance(error, yaml.reader.ReaderError):
        # The reader reports a parser-specific offset (bytes for libyaml, characters
        # otherwise): find the character itself.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text)
        at = found.start() if found else 0
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        code = ord(found.group()) if found else error.character
        return Problem(
            display,
            line,
            col,
            f"the file contains an invisible control character (U+{code:04X})"
            " that YAML does not allow",
            "$",
            "Delete the character; it often comes from text pasted out of another program.",
        )
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    context_mark = getattr(error, "context_mark", None)
    # An unclosed quote is reported past the last line; where the quote opens is more useful.
    if (
        mark
        and context_mark
        and mark.line >= len(lines)
        and "quoted scalar" in str(getattr(error, "context", ""))
    ):
        mark = context_mark
    line, col = _where(mark) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    if context and context_mark and context_mark is not mark:
        problem += f" ({context} on line {context_mark.line + 1})"
    elif context and context_mark is mark:
        problem = f"{context}: {problem}"
    hint = "Check the indentation and quoting around this line."
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip())]
    if "\t" in problem or "\\t" in problem or "\t" in indent:
        problem = "a tab character is used for indentation"
        hint = "YAML indents with spaces only: replace the tab with spaces."
    elif "alias" in problem or "anchor" in problem:
        hint = "Write the value out in full instead of using & and *."
    elif "could not determine a constructor" in problem or "tags (!tag)" in problem:
        problem = "custom YAML tags (!tag) are not supported"
        hint = "Remove the !tag; write the value as plain text, a list or a mapping."
    elif "mapping values are not allowed" in problem:
        hint = "A value contains ': '. Put the whole value in quotes, or use a block scalar (>-)."
    elif "expected <block end>" in problem or "did not find expected" in problem:
        hint = "An item is indented differently from its siblings, or a quote is not closed."
    elif "nested more than" in problem:
        hint = (
            "Look for brackets [ or { that are opened but never closed, or flatten the structure."
        )
    elif "but found another document" in problem:
        problem = "the file holds more than one YAML document (a second --- starts here)"
        hint = (
            "Keep one entity per file: remove the --- line and move what follows"
            " into a file of its own."
        )
    elif "quoted scalar" in problem and "end of stream" in problem:
        problem = "a quoted value is never closed"
        hint = "Add the closing quote at the end of the value."
    return Problem(display, line, col, f"YAML syntax error: {problem}", "$", hint)


def load_document(
    path: Path, root: Path | None = None, cache: ParseCache | None = None
) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file. Returns the document (or None) and the problems found.

    With ``cache``, a file whose bytes were read without a problem before is not parsed again.
    """
    display = display_path(path, root)
    # The size is checked before the file is read, and only regular files are opened for reading.
    try:
        raw = read_bounded(path, MAX_BYTES)
    except UnsafeFileError as error:
        hint = error.hint
        if error.message.startswith("file is too large"):
            hint = "Split the content into several entities, one per file."
        return None, [Problem(display, 1, 1, error.message, "$", hint)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(
                display,
                line,
                col,
                f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                "$",
                "Save the file with UTF-8 encoding.",
            )
        ]
    text = text.removeprefix("\ufeff")
    key = cache.key(raw) if cache is not None else ""
    kept = cache.get(key) if cache is not None else None
    if kept is not None:
        # Positions are read again only if a rule finds a problem in this file.
        return Document(path, display, kept[0], None, None, text, kept[1], key), []
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [empty_file_problem(display)]
    loader = None
    doc = Document(path, display, None, text=text, cache_key=key)
    problems: list[Problem] = []
    try:
        # Inside the try: the pure-Python reader already rejects control
        # characters while it is created.
        loader = StrictLoader(text)
        doc.data = _EventReader(loader, doc, problems).document()
        if doc.data is None and not doc.positions:
            return None, [empty_file_problem(display)]
    except yaml.YAMLError as error:
        return None, [_syntax_problem(display, error, text)]
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(doc.data, dict):
        names = {
            str: "text",
            list: "a list",
            int: "a number",
            float: "a number",
            bool: "true/false",
            type(None): "nothing",
        }
        kind = names.get(type(doc.data), type(doc.data).__name__)
        problems.append(
            doc.problem(
                (),
                f"the file must hold a mapping (key: value pairs), not {kind}",
                "Start the file with id: and the entity's other fields.",
            )
        )
    if cache is not None and not problems:
        cache.put(key, (doc.data, doc.linkable))
    return doc, problems


def linkable_strings(value, path: tuple = (), out: list | None = None) -> list[tuple[tuple, str]]:
    """Every string of a document that can hold a link or a URL, with its path.

    A link needs a colon (``ref:``, ``https:``), written out or as an entity (``&#58;``): strings
    with neither are left out, which is most of them. A plain recursive walk: generators passing
    each string up through every level cost more than the checks themselves.
    """
    if out is None:
        out = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if type(item) is str:
            if ":" in item or "&" in item:
                out.append((path + (key,), item))
        elif isinstance(item, (dict, list)):
            linkable_strings(item, path + (key,), out)
    return out


def data_files(data_dir: Path) -> list[tuple[Path, str]]:
    """Every data file with its kind, in a stable order (what scan_data_files accepts)."""
    return scan_data_files(data_dir)[0]


def scan_data_files(
    data_dir: Path, root: Path | None = None, repository: Path | None = None
) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every data file with its kind, and a problem for each data folder entry that is not read.

    Folders, pipes and broken links in a data folder are reported rather than skipped in
    silence. A symbolic link is followed only when it stays inside ``repository`` (by
    default the folder holding ``data_dir``): the build publishes what it reads, and must
    not publish files from elsewhere.
    """
    repository = (repository or data_dir.parent).resolve()
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for folder, kind in KINDS.items():
        directory = data_dir / folder
        if not directory.is_dir():
            continue
        for entry in sorted(directory.iterdir()):
            # Dot files (.gitkeep, editor swap files) are not content.
            if entry.name.startswith("."):
                continue
            refusal = _refusal(entry, repository)
            if refusal:
                display = (
                    display_path(entry, root) if not entry.is_symlink() else _shown(entry, root)
                )
                problems.append(Problem(display, 1, 1, *refusal))
            elif entry.suffix in (".yaml", ".yml"):
                files.append((entry, kind))
    return files, problems


def _shown(entry: Path, root: Path | None) -> str:
    """A link's own path (not its target's), relative to ``root`` when possible."""
    return display_path(entry.parent, root) + "/" + entry.name


def _refusal(entry: Path, repository: Path) -> tuple[str, str, str] | None:
    """Why a data folder entry is not read, as (message, json path, hint); None when it is read."""
    if entry.is_symlink():
        target = entry.resolve()
        if not target.exists():
            return (
                f"is a symbolic link to {target}, which does not exist",
                "$",
                "Delete the link, or put the file itself here.",
            )
        if not target.is_relative_to(repository):
            return (
                f"is a symbolic link to {target}, outside the repository; it is not read",
                "$",
                "Copy the file into the data folder instead: the site publishes what it reads.",
            )
    if entry.is_dir():
        return (
            "is a folder inside a data folder; nothing in it is read",
            "$",
            "Move its files up into the data folder, or move the folder out of data/.",
        )
    if entry.suffix in (".yaml", ".yml") and not entry.is_file():
        return (
            "is not a regular file (a pipe, socket or device); it is not read",
            "$",
            "Replace it with an ordinary YAML file.",
        )
    return None


def empty_file_problem(display: str) -> Problem:
    """The one problem of a file with no content (blank, comments only, or an empty document)."""
    return Problem(
        display,
        1,
        1,
        "the file is empty",
        "$",
        "Add the entity's fields, starting with id:, or delete the file.",
    )
