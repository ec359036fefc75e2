"""What every page's header and footer needs."""

from django.conf import settings

from .models import NavigationLink


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "archive_name": settings.ARCHIVE_NAME,
        # A lazy callable: only pages that render the header run the (tiny) query.
        "crown_links": NavigationLink.objects.all,
    }
