"""The folder side of an export: the manifest that proves a bundle ours, the markers of our
staging and backup folders, the atomic swap, and the clean-up after a killed export.

``export --force`` replaces only a folder whose manifest lists exactly its files, unchanged;
anything else is refused, naming the first foreign file (a host's project folder holding an
``index.json`` is never wiped). See :mod:`distress_tolerance._tools.export` for the bundle itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import time
from pathlib import Path

from distress_tolerance.exceptions import ExportError

MANIFEST_NAME = "export-manifest.json"
MANIFEST_FORMAT = "distress_tolerance-export-manifest/1"
"""The ``format`` tag of a manifest: a folder whose manifest lacks it is not ours to replace."""
MARKER_NAME = ".distress_tolerance-export"
"""The file that marks a staging or backup folder as one of ours, with the process that made it."""
MAX_MANIFEST_BYTES = 1_000_000
STALE_SECONDS = 24 * 60 * 60
"""A staging folder of another host (or where processes cannot be checked) is stale after a day."""


def check_target(target: Path, *, force: bool) -> bool:
    """Whether an earlier bundle at ``target`` is to be replaced; raises if ``target`` is refused."""
    if not target.exists() and not target.is_symlink():
        return False
    if target.is_symlink() or not target.is_dir():
        raise ExportError(target, "exists and is not a folder")
    if not any(target.iterdir()):
        return False
    if not force:
        raise ExportError(target, "the folder is not empty: use --force (force=True) to replace it")
    problem = foreign(target)
    if problem is not None:
        msg = f"refusing to replace a folder that is not an earlier export: {problem}; remove it yourself"
        raise ExportError(target, msg)
    return True


def foreign(folder: Path) -> str | None:
    """Why ``folder`` is not exactly an earlier bundle (naming the first foreign file), or None."""
    try:
        listed = _manifest_files(folder / MANIFEST_NAME)
        if listed is None:
            return f"it has no valid {MANIFEST_NAME}"
        entries = sorted(folder.iterdir(), key=lambda path: path.name)
        for entry in entries:
            name = entry.name
            if name == MANIFEST_NAME:
                continue
            if name not in listed or entry.is_symlink() or not entry.is_file():
                return f"{name!r} is not a file of the export"
            if listed[name] != _digest(entry):
                return f"{name!r} was changed after the export"
    except OSError as exc:
        return f"it cannot be read ({exc})"
    missing = sorted(set(listed) - {entry.name for entry in entries})
    return f"{missing[0]!r} of the export is missing" if missing else None


def _manifest_files(manifest: Path) -> dict[str, object] | None:
    """The files a manifest lists (name to hash), or None when it is not one of ours."""
    if manifest.is_symlink() or not manifest.is_file():
        return None
    with manifest.open("rb") as stream:
        raw = stream.read(MAX_MANIFEST_BYTES + 1)
    if len(raw) > MAX_MANIFEST_BYTES:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else None
    return files if isinstance(files, dict) else None


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def write_manifest(folder: Path, fmt: str, locale: str) -> None:
    """List every file of the bundle (all of ``folder`` but the marker) with its hash."""
    files = {
        path.name: _digest(path)
        for path in sorted(folder.iterdir())
        if path.name not in {MARKER_NAME, MANIFEST_NAME}
    }
    manifest = {"format": MANIFEST_FORMAT, "bundle_format": fmt, "locale": locale, "files": files}
    write_text(folder / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def write_marker(folder: Path) -> None:
    owner = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
    write_text(folder / MARKER_NAME, json.dumps(owner) + "\n")


def clean_stale(target: Path) -> None:
    """Remove the staging and backup folders that a killed export to ``target`` left behind.

    Only folders named as ours, holding our marker, made by a process that is gone (or a day
    old); a backup whose swap never happened (``target`` is missing) is put back instead.
    """
    pattern = re.compile(rf"\.{re.escape(target.name)}\.[0-9a-f]{{12}}\.(partial|old)")
    try:
        candidates = list(target.parent.iterdir())
    except OSError:
        return  # no parent folder yet: nothing left behind
    for folder in sorted(candidates):
        match = pattern.fullmatch(folder.name)
        if match is None or folder.is_symlink() or not folder.is_dir() or not _stale(folder):
            continue
        try:
            if match.group(1) == "old" and not target.exists() and not target.is_symlink():
                (folder / MARKER_NAME).unlink()
                os.replace(folder, target)
            else:
                remove(folder)
        except OSError:
            continue  # another export is cleaning it up, or it is not ours to touch


def _stale(folder: Path) -> bool:
    """Whether ``folder`` holds our marker and the export that wrote it is over."""
    marker = folder / MARKER_NAME
    if not marker.exists() and not marker.is_symlink():
        # killed between finishing the bundle and moving it: its manifest proves it ours
        manifest = folder / MANIFEST_NAME
        old = manifest.is_file() and time.time() - manifest.stat().st_mtime > STALE_SECONDS
        return old and foreign(folder) is None
    try:
        if marker.is_symlink() or marker.stat().st_size > MAX_MANIFEST_BYTES:
            return False
        owner = json.loads(marker.read_text(encoding="utf-8"))
        pid, host, started = int(owner["pid"]), str(owner["host"]), float(owner["started"])
    except (OSError, ValueError, TypeError, KeyError):
        return False
    if time.time() - started > STALE_SECONDS:
        return True
    return os.name == "posix" and host == socket.gethostname() and not _alive(pid)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 checks that the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is not ours to signal
    return True


def write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def sibling(target: Path, kind: str) -> Path:
    """A fresh hidden name beside ``target``, on the same file system so a rename is atomic."""
    return target.parent / f".{target.name}.{secrets.token_hex(6)}.{kind}"


def move_into_place(staging: Path, target: Path, *, replacing: bool) -> None:
    """Swap the finished ``staging`` folder in for ``target`` (checked again just before)."""
    if replacing and (problem := foreign(target)) is not None:
        msg = f"refusing to replace a folder that is not an earlier export: {problem}; remove it yourself"
        raise ExportError(target, msg)
    (staging / MARKER_NAME).unlink()  # a complete bundle: its manifest now proves it ours
    if not replacing:
        emptied = target.is_dir()  # an empty folder, checked before rendering
        if emptied:
            target.rmdir()
        try:
            os.replace(staging, target)
        except OSError:
            if emptied:
                target.mkdir(exist_ok=True)
            raise
        return
    backup = sibling(target, "old")
    os.replace(target, backup)
    try:
        write_marker(backup)
        os.replace(staging, target)
    except OSError:
        (backup / MARKER_NAME).unlink(missing_ok=True)
        os.replace(backup, target)
        raise
    remove(backup)


def remove(folder: Path | None) -> None:
    """Remove a staging or backup folder of ours, its marker last (so a kill midway leaves it
    marked as ours, for the next export to finish the job). Never raises."""
    if folder is None or folder.is_symlink() or not folder.is_dir():
        return
    try:
        for entry in sorted(folder.iterdir()):
            if entry.name == MARKER_NAME:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        (folder / MARKER_NAME).unlink(missing_ok=True)
    except OSError:
        pass  # removed as far as it goes below
    shutil.rmtree(folder, ignore_errors=True)
