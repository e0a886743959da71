"""Data files as read last time, kept by their content, so that an unchanged file is not read again.

Reading YAML is most of what validating costs: PyYAML's own parsing sets a floor of about a second
for seven hundred frameworks. Between two runs of ``playbook validate`` or two builds, most files
have not changed. A file's data depends on its bytes only, so it is kept under a hash of them in
``.cache/playbook/parsed.marshal`` beside the data folder, and a file with the same bytes reuses
it. The positions of its values are not kept: they are read again only for a file with a problem
(``Document.positions``).

Only files that read without a problem are kept. The cache is marshal data, which loads no code,
and it is tied to the reader's own source, PyYAML's version and Python's, so a change to any of
them starts it afresh. Deleting the folder is always safe.

The site keeps what the search parser makes of each generated page the same way, in a file of its
own (``playbook/site/search_sections.py``).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

import yaml

CACHE_FILE = "parsed.marshal"
# marshal's newest format, which every supported Python reads and writes.
_MARSHAL_VERSION = 4


def parser_version(sources: list[Path], *libraries: str) -> str:
    """What a parser's results depend on besides their input.

    That is its ``sources`` (the files of its own code), the versions of the ``libraries`` it
    uses, and Python's: a change to any of them makes a cache keyed by this start afresh.
    """
    code = b"".join(source.read_bytes() for source in sources)
    return "|".join((hashlib.sha256(code).hexdigest(), *libraries, sys.version))


def _reader_version() -> str:
    """What the parsed form depends on besides a file's bytes: the reader and its libraries."""
    return parser_version([Path(__file__).with_name("loading.py")], yaml.__version__)


class ParseCache:
    """Parsed files by the hash of their bytes; ``save`` keeps those used in this run.

    ``name`` and ``version`` let another parser keep its results beside the data's: its own file,
    and what its results depend on besides the bytes (the data reader's, by default).
    """

    def __init__(self, folder: Path, name: str = CACHE_FILE, version: str | None = None):
        self.folder = folder
        self.path = folder / name
        self.version = _reader_version() if version is None else version
        self.entries = self._load(self.path)
        self.used: dict[str, bytes] = {}
        self.changed = False

    def _load(self, path: Path) -> dict[str, bytes]:
        """The entries saved by an earlier run with the same reader, or none."""
        try:
            saved = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        if not isinstance(saved, dict) or saved.get("version") != self.version:
            return {}
        entries = saved.get("entries")
        return entries if isinstance(entries, dict) else {}

    @staticmethod
    def key(raw: bytes) -> str:
        """The key of a file's bytes (``get`` and ``put`` take it)."""
        return hashlib.sha256(raw).hexdigest()

    def get(self, key: str) -> tuple | None:
        """The parsed form kept for the file with this key, or None."""
        packed = self.entries.get(key)
        if packed is None:
            return None
        self.used[key] = packed
        return marshal.loads(packed)

    def put(self, key: str, parsed: tuple) -> None:
        """Keep the parsed form of a file that read without a problem (a copy, taken now)."""
        try:
            packed = marshal.dumps(parsed, _MARSHAL_VERSION)
        except ValueError:
            # A value marshal cannot hold (none today): that file is simply read each time.
            return
        self.used[key] = packed
        self.changed = True

    def save(self) -> None:
        """Write the entries of this run, if they differ from the saved ones; never fails a run."""
        if not self.changed and len(self.used) == len(self.entries):
            return
        data = marshal.dumps({"version": self.version, "entries": self.used})
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Written beside the cache and renamed over it: a reader never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self.path)
        except OSError:
            if temporary is not None and os.path.exists(temporary):
                os.remove(temporary)
