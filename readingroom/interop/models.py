"""The interop app's models: API tokens, and the formatted citations of documents.

A token is shown once, when it is made (``readingroom api_token USERNAME``); only its
SHA-256 digest is stored, so a copy of the database gives no one a working token.

A formatted citation (Chicago, MLA, APA) is derived data, like the search index: made by
citeproc-js when a document changes (``interop.formatted.refresh_citations``) so that a
reader's page reads it in one query instead of running a citation processor.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def token_digest(key: str) -> str:
    # A plain, fast digest is enough: tokens are 256 random bits, not guessable passwords.
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API, bound to a user whose permissions it carries."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so that an editor can tell their tokens apart.
    prefix = models.CharField(max_length=8, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user) -> str:
        """Make a token for ``user`` and return its key: the only time it is seen."""
        key = secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=token_digest(key), prefix=key[:8])
        return key

    @classmethod
    def user_for(cls, key: str):
        """The active user ``key`` belongs to, or None."""
        token = (
            cls.objects.select_related("user")
            .filter(digest=token_digest(key), user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user


class FormattedCitation(models.Model):
    """A document cited in one form ("chicago-note", "mla" …), as citeproc-js renders it.

    ``digest`` is of the CSL-JSON item it was rendered from and of the processor and
    styles (interop/formatted.py): a row whose digest no longer matches the document is
    out of date, and is neither shown nor trusted.
    """

    document = models.ForeignKey(
        "archive.Document", on_delete=models.CASCADE, related_name="formatted_citations"
    )
    form = models.CharField(max_length=40)
    digest = models.CharField(max_length=64)
    html = models.TextField()
    text = models.TextField()
    rendered = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "form"], name="unique_citation_form")
        ]

    def __str__(self):
        return f"{self.document_id} {self.form}"
