from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "readingroom.curation"
    label = "curation"
    verbose_name = "Curation"

    def ready(self):
        from django.contrib import admin

        from .auth import AdminSignInForm

        # The admin's sign-in form says when the shared limit refused it (auth.py).
        admin.site.login_form = AdminSignInForm
