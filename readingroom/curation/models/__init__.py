"""The back office's own records: import jobs. (Revisions, workflow events and the trash
are the archive's: ``readingroom.archive.models``.)"""

from .jobs import ImportJob  # noqa: F401
