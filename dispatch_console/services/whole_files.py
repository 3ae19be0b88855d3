"""Files written whole: under a hidden temporary name beside the file, then renamed over it, so
whoever opens it finds the old file or the new one, never half of one, and a failure leaves the
old one as it was."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class FolderNotWritable(OSError):
    """The folder of the file to write takes no new file (permissions, a read-only disk)."""


def temporary_beside(target: Path) -> Path:
    """A new empty file beside ``target`` (``FolderNotWritable`` when its folder takes none).

    Made as any file the user makes there (the system's default permissions): ``mkstemp``'s
    would be the owner's alone, and a backup or a PDF left in a shared folder unreadable to
    the office's other accounts."""
    for _attempt in range(100):
        path = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise FolderNotWritable(exc.errno, exc.strerror, str(target.parent)) from exc
        return path
    raise FileExistsError(f"no free temporary name beside {target}")


def write_whole(target: Path, fill: Callable[[Path], T]) -> T:
    """``fill`` writes the file it is given (a temporary one beside ``target``), which then
    replaces ``target``; what ``fill`` returns. On any failure the temporary file is removed
    and ``target`` is left as it was."""
    temporary = temporary_beside(target)
    try:
        result = fill(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result


def write_bytes_whole(target: Path, data: bytes) -> None:
    """``data`` as the whole of ``target``, on the disk (flushed and synced) before it replaces it."""

    def fill(path: Path) -> None:
        with path.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())

    write_whole(target, fill)
