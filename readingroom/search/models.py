"""What the search indexer remembers between runs: how far it has read the outbox."""

from django.db import models


class IndexCursor(models.Model):
    """The last ``DocumentChange.id`` one generation of the index has taken in.

    One row per generation (see ``index.py``), so that an index rebuilt from scratch, or
    another machine's index, never inherits a position that is not its own.
    """

    generation = models.CharField(max_length=100, primary_key=True)
    last_change_id = models.BigIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.generation}: change {self.last_change_id}"
