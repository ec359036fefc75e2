"""Django's admin site, reserved for Administrators (see ``archive/admin.py``)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class AdministratorsAdminSite(admin.AdminSite):
    site_header = "Reading Room administration"
    site_title = "Reading Room administration"
    index_title = (
        "Users, roles, pages and links. Documents, people and places are edited in the back"
        " office (/editor/)."
    )

    def has_permission(self, request):
        # Imported here: this module is loaded with the app registry, before any model.
        from readingroom.archive.actions.actors import Actor, Role

        return super().has_permission(request) and Actor.of(request.user).role >= Role.ADMINISTRATOR


class ArchiveAdminConfig(AdminConfig):
    """Django's admin app, with the site above as ``admin.site``."""

    default_site = "readingroom.archive.admin_site.AdministratorsAdminSite"
