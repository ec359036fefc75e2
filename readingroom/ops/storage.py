"""Storage: the local file store for uploads, which leaves nothing half-written behind,
and static files that get hashed names once collected.

Django's ``FileSystemStorage`` writes a file in place and keeps whatever it wrote when
writing fails: on a full disk that partial file keeps the disk full and belongs to no
record. This one writes beside the final name and links the file into place only when
it is whole, so a file is either stored complete or not at all, and a file already
stored under a name is never touched.
"""

import contextlib
import errno
import os
import tempfile

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

NO_SPACE = (errno.ENOSPC, errno.EDQUOT)


class DiskFull(OSError):
    """A file could not be stored for want of space; nothing of it was kept."""


class CleanFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        try:
            os.makedirs(directory, exist_ok=True)
            partial = self._write_partial(directory, content)
        except OSError as error:
            if error.errno in NO_SPACE:
                raise DiskFull(
                    error.errno,
                    f"The file store is full: {os.path.basename(name)} could not be saved",
                ) from error
            raise
        try:
            name = self._link_into_place(partial, name)
        finally:
            os.remove(partial)
        if self.file_permissions_mode is not None:
            os.chmod(self.path(name), self.file_permissions_mode)
        return str(name).replace("\\", "/")

    @staticmethod
    def _write_partial(directory: str, content) -> str:
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk.encode() if isinstance(chunk, str) else chunk)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(partial)
            raise
        return partial

    def _link_into_place(self, partial: str, name: str) -> str:
        """The whole file under ``name``, or the next free name; never over another."""
        if getattr(self, "_allow_overwrite", False):
            os.link(partial, partial + ".final")
            os.replace(partial + ".final", self.path(name))
            return name
        while True:
            try:
                os.link(partial, self.path(name))
                return name
            except FileExistsError:
                name = self.get_available_name(name)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Static files under hashed names once `collectstatic` has written its manifest (so
    browsers may cache them for a year), under their own names before that (development,
    tests, the demo), where WhiteNoise serves them straight from the apps."""

    def stored_name(self, name):
        if not self.hashed_files:  # no manifest yet
            return name
        return super().stored_name(name)
