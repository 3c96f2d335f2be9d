"""Read a pack's files safely: regular files inside the pack only, never more than a set size.

A pack comes from someone the host does not know. A file in it may be a link to ``/dev/zero`` (it
never ends), a FIFO (opening it waits forever), or a link out of the pack (to a secret). Every
reader of pack files goes through :func:`read_pack_file`, which refuses all three, and refuses a
file larger than the caller's limit before reading more than one byte past it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from distress_tolerance.exceptions import ContentError, ErrorLocation

__all__ = ["FileRefusedError", "check_pack_folder", "read_pack_file"]


class FileRefusedError(OSError):
    """A pack file we will not read; ``strerror`` says why (callers report it with the path)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EPERM, reason, str(path))


def read_pack_file(path: Path, root: Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, a regular file inside ``root`` of at most ``max_bytes`` bytes.

    Links are followed only while they stay inside ``root``. Raises FileNotFoundError (and other
    OSErrors) as ``open`` does, and FileRefusedError for a link out of the pack, anything but a
    regular file (a device, a FIFO, a socket, a folder) and a file over ``max_bytes``.
    """
    real = path.resolve(strict=True)
    if not real.is_relative_to(root.resolve(strict=True)):
        raise FileRefusedError(path, "is a link to a file outside the pack")
    # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefusedError(path, "is not a regular file (a device, FIFO, socket or folder)")
        if info.st_size > max_bytes:
            raise FileRefusedError(path, f"is {info.st_size:,} bytes, over the limit of {max_bytes:,}")
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:  # the size may change while we read: never take more than the limit
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:
            raise FileRefusedError(path, f"is over the limit of {max_bytes:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_pack_folder(root: Path, shown: str) -> None:
    """Raise ContentError unless ``root`` is a folder with a ``data/`` folder in it.

    ``shown`` is how the folder is named in the error: "no such folder", "not a folder" or "not a
    content pack" (a path the system cannot even look up, such as one with a NUL, says why).
    """
    problem = _folder_problem(root)
    if problem is None and _folder_problem(root / "data") is not None:
        problem = "not a content pack: it has no data/ folder"
    if problem is not None:
        raise ContentError([ErrorLocation(shown, None, "", problem)])


def _folder_problem(folder: Path) -> str | None:
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        return "no such folder"
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot open the folder: {reason}"
    if not stat.S_ISDIR(mode):
        return "not a folder (a content pack is a folder with data/ and locales/)"
    return None
