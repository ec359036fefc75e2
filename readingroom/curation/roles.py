"""The back office's three roles, as Django groups with permissions, and the checks views use.

An Editor creates and edits drafts and sends them to review; a Reviewer may also publish
and unpublish; an Administrator may do everything (users, settings, featured items,
deletions). What each role may do is the domain's role table
(``readingroom.archive.actions.actors.RULES``); here the roles become groups with the
permissions that ``Actor.of`` reads, so that an operator can see and adjust them in the
admin. Code asks about permissions, never about group names, so a superuser passes
every check. The view decorators only turn away people with no business on a page; the
actions themselves refuse what a role may not do.
"""

from functools import wraps

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction

from readingroom.archive.actions.actors import Actor, Role

EDITOR = "Editor"
REVIEWER = "Reviewer"
ADMINISTRATOR = "Administrator"
ROLES = (EDITOR, REVIEWER, ADMINISTRATOR)


# What editors touch: documents and everything hanging off them, and the entities they
# create on the spot (a person, a place, a topic).
_EDITED_MODELS = [
    "document",
    "documentcontribution",
    "personDocumentrelation",
    "placedocumentrelation",
    "rendition",
    "renditionfile",
    "footnote",
    "person",
    "place",
    "topic",
    "collection",
    "collectionitem",
    "contributor",
    "funder",
    "repository",
]


def _codenames(actions: list[str], models: list[str]) -> list[tuple[str, str]]:
    return [("archive", f"{action}_{model.lower()}") for model in models for action in actions]


def _role_permissions() -> dict[str, list[tuple[str, str]]]:
    """(app label, codename) pairs of each role; each role includes the one before."""
    editor = _codenames(["view", "add", "change"], _EDITED_MODELS) + [
        ("archive", "view_language"),
    ]
    reviewer = editor + [("archive", "publish_document")]
    administrator = (
        reviewer
        + _codenames(["delete"], _EDITED_MODELS)
        + [("archive", "administer_archive")]
        + [
            ("archive", f"{action}_{model}")
            for model in ("page", "navigationlink", "language")
            for action in ("view", "add", "change", "delete")
        ]
        + [
            ("auth", f"{action}_{model}")
            for model in ("user", "group")
            for action in ("view", "add", "change", "delete")
        ]
        # Sign-ins (django-axes): read the failures and successes; unlock by deleting
        # the attempts that lock a user or an address (docs/security.md, "Logins").
        + [
            ("axes", f"view_{model}")
            for model in ("accessattempt", "accessfailurelog", "accesslog")
        ]
        + [("axes", "delete_accessattempt")]
    )
    return {EDITOR: editor, REVIEWER: reviewer, ADMINISTRATOR: administrator}


def _custom_permissions() -> None:
    """The two permissions of our own, in case post_migrate has not made them yet."""
    from readingroom.archive.models import WorkflowEvent

    content_type = ContentType.objects.get_for_model(WorkflowEvent)
    for codename, name in WorkflowEvent._meta.permissions:
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create the three groups with exactly their permissions; safe to run again."""
    _custom_permissions()
    groups = {}
    for role, pairs in _role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in pairs
        ]
        group.permissions.set(wanted)
        groups[role] = group
    return groups


def can_edit(user) -> bool:
    return Actor.of(user).role >= Role.EDITOR


def can_publish(user) -> bool:
    return Actor.of(user).role >= Role.REVIEWER


def can_administer(user) -> bool:
    return Actor.of(user).role >= Role.ADMINISTRATOR


def _role_required(check):
    """A view decorator: anonymous users go to the login page, others without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "curation:login")
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


editor_required = _role_required(can_edit)
reviewer_required = _role_required(can_publish)
administrator_required = _role_required(can_administer)


class _RoleRequiredMixin:
    """For class-based views: the same rule as the decorators."""

    role_check = staticmethod(can_edit)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "curation:login")
        if not self.role_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EditorRequiredMixin(_RoleRequiredMixin):
    role_check = staticmethod(can_edit)


class ReviewerRequiredMixin(_RoleRequiredMixin):
    role_check = staticmethod(can_publish)


class AdministratorRequiredMixin(_RoleRequiredMixin):
    role_check = staticmethod(can_administer)


def roles_of(user) -> list[str]:
    """The role names a user holds, for the back office's header."""
    if user.is_superuser:
        return [ADMINISTRATOR]
    return [group.name for group in user.groups.all() if group.name in ROLES]
