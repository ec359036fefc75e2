"""Who may do what: the actor behind a change, and the one role table every path obeys.

An actor is a signed-in user (through the back office, the admin or an API token) or a
named system actor (``readingroom import`` on the command line, a background job acting
for nobody). A user's role comes from their permissions, which ``readingroom
setup_roles`` gives the three groups (``curation/roles.py``); a superuser is an
Administrator. ``RULES`` below is the single source of the role table in
docs/editing.md (a test keeps the two the same); every action calls ``require`` before it
writes, whichever path called it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from django.core.exceptions import PermissionDenied

# The permissions behind the roles (see curation/roles.py for who gets which).
EDIT_PERMISSION = "archive.change_document"
PUBLISH_PERMISSION = "archive.publish_document"
ADMINISTER_PERMISSION = "archive.administer_archive"


class Role(IntEnum):
    """Each role may do everything the one before it may."""

    NONE = 0
    EDITOR = 1
    REVIEWER = 2
    ADMINISTRATOR = 3
    # The operator at the command line: the machine is theirs already.
    SYSTEM = 4

    @property
    def label(self) -> str:
        return {Role.SYSTEM: "the operator (command line)"}.get(self, self.name.capitalize())


# action: (the least role, what it is, as the role table says it)
RULES: dict[str, tuple[Role, str]] = {
    "create_document": (Role.EDITOR, "create a document (a draft or in review)"),
    "edit_document": (Role.EDITOR, "edit a draft or a document in review"),
    "edit_published_document": (Role.REVIEWER, "edit a published document"),
    "submit": (Role.EDITOR, "send a draft to review"),
    "withdraw": (Role.EDITOR, "take a document in review back to draft"),
    "publish": (Role.REVIEWER, "publish a document"),
    "unpublish": (Role.REVIEWER, "unpublish a document"),
    "confirm_machine_output": (Role.EDITOR, "confirm an OCR transcript of a draft"),
    "restore_revision": (Role.EDITOR, "restore an earlier revision (as an edit)"),
    "create_entity": (Role.EDITOR, "create a person, place, topic or other record"),
    "edit_entity": (Role.EDITOR, "edit a person, place, topic … that is not yet public"),
    "edit_public_entity": (Role.REVIEWER, "edit a public person, place, topic …"),
    "publish_entity": (Role.REVIEWER, "publish a person, place, topic … in its own right"),
    "merge_entities": (Role.REVIEWER, "merge duplicates, and undo a merge"),
    "import": (Role.EDITOR, "import records (drafts; each record obeys the rules above)"),
    "feature": (Role.ADMINISTRATOR, "choose what the home page features"),
    "trash_document": (Role.ADMINISTRATOR, "delete a document (to the trash)"),
    "restore_from_trash": (Role.ADMINISTRATOR, "restore a document from the trash"),
    "delete_entity": (Role.ADMINISTRATOR, "delete a person, place, topic …"),
    "restore_record_id": (Role.ADMINISTRATOR, "bring back a deleted document's record ID"),
    "edit_site": (Role.ADMINISTRATOR, "edit the archive's pages, links and languages"),
    "restore_backup": (Role.ADMINISTRATOR, "restore a backup into an empty archive"),
}


class Refused(PermissionDenied):
    """The actor may not do this; the message says what, and who may."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user, or a named system actor (``user`` is None)."""

    role: Role
    user: object = None
    name: str = ""

    @classmethod
    def of(cls, user) -> Actor:
        """The actor a user is, by their permissions; anonymous users may do nothing."""
        if not (user and user.is_authenticated and user.is_active):
            return cls(Role.NONE, None, "")
        if user.has_perm(ADMINISTER_PERMISSION):
            role = Role.ADMINISTRATOR
        elif user.has_perm(PUBLISH_PERMISSION):
            role = Role.REVIEWER
        elif user.has_perm(EDIT_PERMISSION):
            role = Role.EDITOR
        else:
            role = Role.NONE
        return cls(role, user, user.get_username())

    @classmethod
    def system(cls, name: str) -> Actor:
        """The operator at the command line, or a job acting for nobody: "command line"."""
        return cls(Role.SYSTEM, None, name)

    @property
    def db_user(self):
        """The user to store on a revision or an event (None for a system actor)."""
        return self.user

    def __str__(self) -> str:
        return self.name or "anonymous"

    def may(self, action: str) -> bool:
        return self.role >= RULES[action][0]


def require(actor: Actor, action: str, what: str = "") -> None:
    """Raise ``Refused`` unless ``actor`` may do ``action`` (a key of ``RULES``)."""
    if actor.may(action):
        return
    needed, description = RULES[action]
    subject = f" ({what})" if what else ""
    article = "an" if needed.label[0] in "AEIOU" else "a"
    raise Refused(f"Only {article} {needed.label} or above may {description}{subject}.")
