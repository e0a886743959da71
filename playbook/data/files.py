"""Reading files that a user, a fork or an attacker may have put in place.

Regular files only, size-bounded.

A FIFO or a device would block or never end; a huge file would be read whole before any size check.
Both readers here open without blocking, look at what was opened (fstat, so no race with a swapped
path), and read at most one byte more than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnsafeFileError(Exception):
    """The file cannot be read safely; ``message`` says why and ``hint`` what to do."""

    def __init__(self, message: str, hint: str):
        self.message = message
        self.hint = hint
        super().__init__(message)


def file_stamp(path: Path) -> tuple[int, int]:
    """Modification time and size, for caches that must see an edited file.

    A file that vanished or a dangling link gets zeros; reading it later reports the problem.
    """
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; refuses anything else and anything over ``limit``."""
    try:
        # O_NONBLOCK: opening a FIFO that nobody writes to must not hang.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise UnsafeFileError("is a folder, not a file", "Give the path of a file.") from None
    except FileNotFoundError:
        raise UnsafeFileError(
            "no such file", "Check the path; a symbolic link may point nowhere."
        ) from None
    except OSError as error:
        raise UnsafeFileError(
            f"cannot be read ({error.strerror})", "Check that the file is readable."
        ) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnsafeFileError("is a folder, not a file", "Give the path of a file.")
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(
                "is not a regular file (a pipe, socket or device); it is not read",
                "Save the content to an ordinary file and use that.",
            )
        if info.st_size > limit:
            raise UnsafeFileError(*_too_large(info.st_size, limit))
        # The file may grow between fstat and read: read one byte past the limit to notice.
        raw = _read_up_to(descriptor, limit + 1)
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise UnsafeFileError(*_too_large(len(raw), limit))
    return raw


def _read_up_to(descriptor: int, size: int) -> bytes:
    """Up to ``size`` bytes from an open file, however the reads split."""
    chunks, remaining = [], size
    while remaining > 0:
        chunk = os.read(descriptor, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> tuple[str, str]:
    return (
        f"file is too large ({size:,} bytes; the limit is {limit:,})",
        "Split the content into several files, or check that this is the right file.",
    )
