"""Create the back office's roles (Editor, Reviewer, Administrator) with their permissions.

Safe to run again: each group ends up with exactly its role's permissions. Give people a
role by adding them to a group (in the admin, or with --user NAME ROLE here).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from readingroom.curation.roles import ROLES, ensure_roles


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--user",
            nargs=2,
            action="append",
            default=[],
            metavar=("USERNAME", "ROLE"),
            help=f"Also give USERNAME the ROLE ({', '.join(ROLES)}); may be repeated.",
        )

    def handle(self, *args, user, **options):
        groups = ensure_roles()
        for role, group in groups.items():
            self.stdout.write(f"{role}: {group.permissions.count()} permissions")
        User = get_user_model()
        for username, role in user:
            if role not in groups:
                raise CommandError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
            try:
                account = User.objects.get_by_natural_key(username)
            except User.DoesNotExist:
                raise CommandError(f"No user {username!r}: create it first.") from None
            account.groups.add(groups[role])
            # Staff status opens the admin, where people, places and topics are edited.
            account.is_staff = True
            account.save(update_fields=["is_staff"])
            self.stdout.write(f"{username} is now {role}.")
