"""Every reader page names its machine twins in <head>: its JSON and, where it has one, its feed.

Worked out from the URL that was resolved, so no page's view needs to know about them
and no query is made.
"""

from django.urls import reverse

from .api.views import TWINS

FEEDS = {
    "archive:topic-detail": "interop:topic-feed",
    "archive:collection-detail": "interop:collection-feed",
    "archive:person-detail": "interop:person-feed",
}


def alternates(request) -> dict:
    links = [("application/atom+xml", "New documents", reverse("interop:document-feed"))]
    match = getattr(request, "resolver_match", None)
    if match is not None:
        kwargs = {k: v for k, v in match.kwargs.items() if k in ("record_id", "slug")}
        if match.view_name in TWINS:
            links.append(
                ("application/json", "JSON", reverse(TWINS[match.view_name], kwargs=kwargs))
            )
        if match.view_name in FEEDS:
            links.append(
                (
                    "application/atom+xml",
                    "Atom feed",
                    reverse(FEEDS[match.view_name], kwargs=kwargs),
                )
            )
    return {"alternates": links}
