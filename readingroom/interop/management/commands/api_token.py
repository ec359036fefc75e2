"""Make a JSON API token for a user and print it, once: only its digest is kept.

The token carries the user's permissions: writes need archive.add_document,
change_document or delete_document (docs/api.md).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from readingroom.interop.models import ApiToken


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the token acts for.")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user {username!r}") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive")
        self.stdout.write(ApiToken.issue(user))
