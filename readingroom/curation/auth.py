"""Signing in to the back office, with a limit on password guessing.

After ``FAILURE_LIMIT`` failed attempts for one username, or from one IP address, within
``WINDOW_SECONDS``, further attempts are refused without even checking the password,
until the window has passed. Counters live in Django's cache: no new service. With a
per-process cache (the default) each web worker counts on its own, so the effective
limit is the limit times the number of workers, still far too few for guessing.
"""

import hashlib

from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.urls import reverse

FAILURE_LIMIT = 5
WINDOW_SECONDS = 15 * 60
REFUSED_MESSAGE = (
    "Too many failed sign-in attempts. For your safety, signing in is paused for "
    "15 minutes; please try again later."
)


def _keys(request, username: str) -> list[str]:
    # Hashed: usernames may hold characters a cache backend does not allow in keys.
    name = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    address = request.META.get("REMOTE_ADDR", "")
    return [f"login-failures:user:{name}", f"login-failures:ip:{address}"]


def is_refused(request, username: str) -> bool:
    return any((cache.get(key) or 0) >= FAILURE_LIMIT for key in _keys(request, username))


def note_failure(request, username: str) -> None:
    for key in _keys(request, username):
        # add() starts the window at the first failure; incr() keeps its expiry.
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, WINDOW_SECONDS)


def note_success(request, username: str) -> None:
    # Only the username's count: a guesser's address stays counted whoever signs in.
    cache.delete(_keys(request, username)[0])


class RateLimitedLoginView(LoginView):
    template_name = "curation/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        if is_refused(request, username):
            context = self.get_context_data(form=self.get_form_class()(request), refused=True)
            context["refused_message"] = REFUSED_MESSAGE
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        note_failure(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def form_valid(self, form):
        note_success(self.request, self.request.POST.get("username", ""))
        return super().form_valid(form)

    def get_default_redirect_url(self):
        return reverse("curation:dashboard")
