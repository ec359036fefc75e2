"""The files a record names, found inside the import's own folder and nowhere else.

A record names its files (a person's ``portrait``, a place's, topic's or collection's
``image``, a scan's ``renditions[].files[].path``) relative to the folder of the file it
came from: the folder of ``archive.jsonl``, an export folder, or, for an upload in the
back office, the job's own folder. An import is someone else's input, so a name that
is absolute, climbs out with ``..`` or leads out through a symbolic link is refused:
otherwise an Editor's import could copy any file the server can read (its secret key,
``/etc/passwd``) into the archive's media and publish it.

Messages quote the path as the record gave it and never the server's own paths, which
would tell an uploader how the server is laid out.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


class OutsideFolder(ValueError):
    """A file name that is absolute or leads out of the import's folder."""


def inside(folder: Path, given: str) -> Path:
    """The real path of the file ``given`` names within ``folder``; OutsideFolder if it
    is not a name inside the folder (absolute, ``..`` beyond it, a link out of it)."""
    if not isinstance(given, str) or not given.strip() or "\x00" in given:
        raise OutsideFolder(f"{given!r} is not a file name")
    if PurePosixPath(given).is_absolute() or given.startswith("\\"):
        raise OutsideFolder(f"{given!r} is an absolute path, not a name inside the import's folder")
    root = folder.resolve()
    try:
        # resolve() follows every link and "..": what is left is where the bytes are.
        target = (root / given).resolve()
    except (OSError, RuntimeError):  # a loop of links; a name too long
        raise OutsideFolder(f"{given!r} cannot be followed to a file") from None
    if not target.is_relative_to(root):
        raise OutsideFolder(f"{given!r} leads outside the import's folder")
    return target


def missing_or_outside(folder: Path, given: str) -> str | None:
    """Why ``given`` is not a file that may be imported from ``folder``, or None."""
    try:
        path = inside(folder, given)
    except OutsideFolder as error:
        return str(error)
    if not path.is_file():
        return f"no such file in the import's folder: {given!r}"
    return None
