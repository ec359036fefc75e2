"""The IIIF disk cache: derived page images, bounded by IIIF_CACHE_MAX_BYTES.

Everything here can be made again from the uploads, so the cache may lose any file at
any moment: least recently used files go first when it grows past its bound. Several
web processes share it, so

- every file is written under a temporary name and renamed into place (a reader sees
  the old file, the new one, or none; never half of one);
- a hit is opened at once, and a file deleted meanwhile is simply made again;
- one process trims at a time (a lock file; the others do not wait), after it has
  written a twentieth of the bound since its last look; deleting a file another
  process deleted first is no error.

"Recently used" is the file's modification time, set again when a hit finds it older
than ``TOUCH_AFTER`` seconds (access times are often not kept by the file system).
``readingroom iiif_cache`` reports the size, trims, or clears it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

TOUCH_AFTER = 600
# After a trim the cache holds at most this share of its bound, so that not every new
# file sets off another trim.
LOW_WATER = 0.9
# A temporary file older than this was left by a process that died while writing.
STALE_PART_SECONDS = 3600
LOCK_NAME = ".trim.lock"

_written_since_trim = 0


def root() -> Path:
    return Path(settings.IIIF_CACHE_DIR)


def open_cached(path: Path) -> BinaryIO | None:
    """The cached file opened for reading, marked as used; None if it is not there."""
    try:
        handle = path.open("rb")
    except (FileNotFoundError, NotADirectoryError):
        return None
    with contextlib.suppress(OSError):
        if time.time() - os.fstat(handle.fileno()).st_mtime > TOUCH_AFTER:
            os.utime(handle.fileno())
    return handle


def store(path: Path, write: Callable[[Path], None]) -> None:
    """Have ``write(temporary path)`` make the file, then put it at ``path`` at once."""
    temporary = _temporary_in(path.parent)
    try:
        write(temporary)
        size = temporary.stat().st_size
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    note_written(size)


def _temporary_in(folder: Path) -> Path:
    for attempt in (1, 2):
        folder.mkdir(parents=True, exist_ok=True)
        try:
            fd, name = tempfile.mkstemp(dir=folder, suffix=".part")
        except FileNotFoundError:  # a trim removed the emptied folder meanwhile
            if attempt == 2:
                raise
        else:
            os.close(fd)
            return Path(name)
    raise AssertionError("unreachable")


def note_written(size: int) -> None:
    """Count what this process wrote; trim once it is a twentieth of the bound."""
    global _written_since_trim
    _written_since_trim += size
    if _written_since_trim * 20 >= settings.IIIF_CACHE_MAX_BYTES:
        _written_since_trim = 0
        trim()


@dataclass
class Usage:
    files: int = 0
    bytes: int = 0
    removed_files: int = 0
    removed_bytes: int = 0


def trim(max_bytes: int | None = None, *, wait: bool = False) -> Usage | None:
    """Delete least recently used files until the cache is within its bound.

    None if another process is trimming already (unless ``wait``).
    """
    bound = settings.IIIF_CACHE_MAX_BYTES if max_bytes is None else max_bytes
    with _trim_lock(wait) as locked:
        if not locked:
            return None
        entries = sorted(_files(), key=lambda entry: entry[0])
        usage = Usage(files=len(entries), bytes=sum(size for _, size, _ in entries))
        if usage.bytes <= bound:
            return usage
        goal = bound * LOW_WATER
        for _mtime, size, path in entries:
            if usage.bytes <= goal:
                break
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                usage.removed_files += 1
                usage.removed_bytes += size
            usage.files -= 1
            usage.bytes -= size
            _remove_empty_folders(path.parent)
        return usage


def usage() -> Usage:
    found = list(_files())
    return Usage(files=len(found), bytes=sum(size for _, size, _ in found))


def clear() -> Usage:
    """Delete every file of the cache (derived images only: nothing is lost)."""
    return trim(0, wait=True) or Usage()


def _files() -> Iterator[tuple[float, int, Path]]:
    """(mtime, size, path) of every cached file; stale temporary files as the oldest."""
    stack = [root()]
    now = time.time()
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                    continue
                if entry.name == LOCK_NAME:
                    continue
                stat = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            if entry.name.endswith(".part"):
                if now - stat.st_mtime < STALE_PART_SECONDS:
                    continue  # being written right now
                yield 0.0, stat.st_size, Path(entry.path)
            else:
                yield stat.st_mtime, stat.st_size, Path(entry.path)


def _remove_empty_folders(folder: Path) -> None:
    cache = root()
    while folder != cache and folder.is_relative_to(cache):
        try:
            folder.rmdir()
        except OSError:  # not empty, or gone: either way, done
            return
        folder = folder.parent


@contextlib.contextmanager
def _trim_lock(wait: bool) -> Iterator[bool]:
    cache = root()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / LOCK_NAME).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
