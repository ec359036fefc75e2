"""Signing in, every way in: one limit on guessing, kept by django-axes in the database.

The admin's form, the back office's (``SignInView``) and the API's tokens
(``readingroom/interop/api/auth.py``) all authenticate through Django's ``authenticate()``,
where ``axes.backends.AxesStandaloneBackend`` refuses a locked-out user or address
before any password is checked, and django-axes counts every failure in its tables. The
count is therefore one for every form and every web process. The policy, set in
``settings.py`` from ``LOGIN_FAILURE_LIMIT`` and ``LOGIN_LOCKOUT_MINUTES``, lives here:
what is counted (``lockout_parameters``), what a success forgives (``LoginAttempts``), and
what a refused attempt is answered with (``lockout_response`` and the forms' message).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse


def lockout_parameters(request, credentials=None) -> list[str]:
    """Count by username and, separately, by address; a token names no one: address alone.

    Counting a token's failures under "no username" would add up every wrong token from
    everywhere, and one guesser would lock the API for all.
    """
    if get_client_username(request, credentials):
        return ["username", "ip_address"]
    return ["ip_address"]


class LoginAttempts(AxesDatabaseHandler):
    """django-axes' database handler; a success forgives that user's failures from there.

    Axes' own reset on success (``AXES_RESET_ON_SUCCESS``) deletes every failure of the
    address too, so anyone with an account could sign in between guesses at someone
    else's password and never reach the limit. Here the guesses stay counted.
    """

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=request.axes_ip_address
        ).delete()


def lockout_response(request, original_response=None, credentials=None):
    """A refused attempt keeps the page it would have had (the form with its message, the
    API's error), as "429 Too Many Requests" with the wait in Retry-After."""
    response = original_response
    if response is None:
        response = HttpResponse(settings.AXES_COOLOFF_MESSAGE, content_type="text/plain")
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


class LockoutMessageMixin:
    """For an AuthenticationForm: say it is the limit, not the password, that refused."""

    def get_invalid_login_error(self):
        # Set by django-axes during authenticate(): the user or the address is locked out.
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(settings.AXES_COOLOFF_MESSAGE, code="locked_out")
        return super().get_invalid_login_error()


class SignInForm(LockoutMessageMixin, AuthenticationForm):
    """The back office's sign-in form."""


class AdminSignInForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The admin's sign-in form (``admin.site.login_form``, set in ``apps.py``)."""


class SignInView(LoginView):
    template_name = "curation/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("curation:dashboard")
