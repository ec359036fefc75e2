"""Who an API write acts as: ``Authorization: Bearer <token>``, under the sign-in limit.

A token is checked through Django's ``authenticate(request, token=…)`` like a password,
so django-axes counts a wrong one against the caller's address and, past
``LOGIN_FAILURE_LIMIT``, refuses every token from there with 429 until the lockout ends
(the policy: readingroom/curation/auth.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from readingroom.interop.models import ApiToken


class ApiTokenBackend:
    """The authentication backend for ``authenticate(request, token=…)``.

    It only says whose a token is: it never signs anyone in to a session.
    """

    def authenticate(self, request: HttpRequest | None, token: str | None = None):
        return ApiToken.user_for(token) if token else None

    def get_user(self, user_id):
        return None


class EditorToken(HttpBearer):
    """``Authorization: Bearer <token>``: the request acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str):
        user = authenticate(request, token=token)
        # Set by django-axes: this address has guessed too often (or just did).
        if user is None and getattr(request, "axes_locked_out", False):
            raise HttpError(429, settings.AXES_COOLOFF_MESSAGE)
        return user
