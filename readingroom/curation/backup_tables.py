"""Which tables a backup carries, in the order a restore writes them, and which it leaves out.

Every model of every installed app is in exactly one of these lists
(tests/curation/test_backup_tables.py fails on a new model that is in neither): a model
added later must be decided on here, with a reason if it is left out.

- ``ARCHIVE``: always exported; the archive itself, its history and its site pages.
- ``USERS``: with ``--with-users``: accounts (password hashes), roles (groups) and their
  permissions. Without it, the history's links to users are written as empty.
- ``TOKENS``: with ``--with-tokens`` (which needs ``--with-users``): API tokens.
- ``EXCLUDED``: label → why a backup does without it.

Labels are ``<app label>.<Model>`` as Django names them (``archive.Document_topics`` for a
many-to-many table); each exported table is the file ``tables/<label>.jsonl``.
"""

ARCHIVE = [
    "archive.Language",
    "archive.Repository",
    "archive.Funder",
    "archive.Contributor",
    "archive.Person",
    "archive.Place",
    "archive.Topic",
    "archive.Document",
    "archive.Document_original_languages",
    "archive.Document_funders",
    "archive.Document_topics",
    "archive.Document_related",
    "archive.DocumentContribution",
    "archive.PersonDocumentRelation",
    "archive.PlaceDocumentRelation",
    "archive.DocumentRelation",
    "archive.Rendition",
    "archive.Footnote",
    "archive.RenditionFile",
    "archive.Collection",
    "archive.CollectionItem",
    "archive.RecordIdCounter",
    "archive.IssuedRecordId",
    "archive.Revision",
    "archive.WorkflowEvent",
    "archive.TrashedDocument",
    "archive.EntityMerge",
    "archive.Page",
    "archive.NavigationLink",
    # Derived from documents, but costly to render (citeproc-js); each row carries the
    # digest of what it was rendered from, so a stale one is never shown.
    "interop.FormattedCitation",
]

USERS = [
    "auth.Group",
    "auth.Group_permissions",
    "auth.User",
    "auth.User_groups",
    "auth.User_user_permissions",
]

TOKENS = ["interop.ApiToken"]

# Tables ``migrate`` fills with defaults (the About page and its header link): a restore
# replaces their rows with the backup's instead of refusing a fresh archive.
FILLED_BY_MIGRATE = {"archive.Page", "archive.NavigationLink"}

EXCLUDED = {
    "contenttypes.ContentType": "made by migrate; backups name content types by app and model",
    "auth.Permission": "made by migrate; backups name permissions by app, model and codename",
    "admin.LogEntry": "the admin's own log; the archive's history is Revision and WorkflowEvent",
    "sessions.Session": "signed-in browsers; everyone signs in again after a restore",
    "archive.DocumentChange": "the outbox, consumed by each machine's index; a restore reindexes",
    "search.IndexCursor": "each machine's place in the outbox; a restore starts a new index",
    "curation.ImportJob": "background import jobs, finished or not; their files are transient",
    "django_tasks_database.DBTaskResult": "the background job queue, finished or not",
    "axes.AccessAttempt": "failed sign-ins, a lockout that should not outlive a restore",
    "axes.AccessAttemptExpiration": "failed sign-ins' expiry, as above",
    "axes.AccessFailureLog": "the sign-in audit log of this installation",
    "axes.AccessLog": "the sign-in audit log of this installation",
}

# Foreign keys to these are written as natural keys: their numbers differ between
# databases made by migrate.
NATURAL_KEYS = {"contenttypes.ContentType", "auth.Permission"}


def exported(*, with_users: bool = False, with_tokens: bool = False) -> list[str]:
    """The labels of the tables an export writes, in the order a restore reads them."""
    return ARCHIVE + (USERS if with_users else []) + (TOKENS if with_tokens else [])
