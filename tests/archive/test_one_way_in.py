"""One way to change the archive: only the domain actions write its models.

A check anyone can run: no module outside the domain layer calls ``.save()``,
``.delete()``, ``bulk_create``, ``update()`` … on a model. The calls are found in the
source (with ``ast``, so that comments and strings do not count), and every module that
makes one must be listed below with the reason it may: the domain layer itself, and the
few modules that write models that are not the archive's (jobs, tokens, the search
index's cursor, users' groups). Listing a new module here is a decision for review.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "readingroom"

# Methods that write rows, whatever the model.
WRITES = {
    "save",
    "delete",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "update",
    "add",
    "remove",
    "set",
    "clear",
}
# Receivers whose methods of those names are not a model's: files, caches, images (Pillow),
# the API's router (ninja's ``api.delete`` decorator), tantivy's objects.
NOT_MODELS = {"default_storage", "storage", "cache", "image", "api", "tantivy"}

ALLOWED = {
    # The domain layer: the actions, the one writer of records, and the models' own
    # helpers the actions call (the outbox, the record ID counter, languages).
    "archive/actions/": "the domain actions",
    "archive/interchange/apply.py": "writes checked records, for the actions only",
    "archive/models/": "the outbox and the record ID counter, called by the actions",
    "archive/languages.py": "a language named by a record is made when first met",
    "generator/": "generated test archives for benchmarks, never a real archive",
    # Models that are not the archive's.
    "curation/imports.py": "import jobs (ImportJob), the back office's own rows",
    "curation/roles.py": "users' groups and permissions",
    "curation/auth.py": "sign-in attempts (django-axes) forgiven after a success",
    "interop/models.py": "API tokens",
    "search/indexer.py": "the search index's cursor",
    "interop/formatted.py": "formatted citations, derived from documents like the index",
    "ops/workers.py": "background jobs' own rows (django-tasks), re-queued after a crash",
}


def writes_in(path: Path) -> list[tuple[int, str]]:
    """(line, call) of each call of a writing method on something that may be a model."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        if method not in WRITES:
            continue
        text = ast.unparse(receiver)
        if text.split(".")[0] in NOT_MODELS or text.split(".")[-1] in NOT_MODELS:
            continue
        if method in {"update", "add", "remove", "set", "clear"} and not _query_like(text):
            continue  # dict.update, set.add …: only querysets and relations count
        found.append((node.lineno, f"{text}.{method}()"))
    return found


def _query_like(text: str) -> bool:
    """A queryset or a related manager: ``Model.objects…``, ``x.filter(…)``, ``doc.topics``."""
    return any(part in text for part in ("objects", "filter(", "exclude(", "all()")) or (
        "." in text and text.split(".")[-1] in RELATIONS
    )


RELATIONS = {
    "topics",
    "funders",
    "original_languages",
    "related",
    "renditions",
    "footnotes",
    "files",
    "items",
    "documents",
    "person_links",
    "place_links",
    "contributions",
    "groups",
    "user_permissions",
    "permissions",
}


def python_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/migrations/" in relative or "/management/commands/" in relative:
            continue
        yield relative, path


def allowed(relative: str) -> bool:
    return any(relative == key or relative.startswith(key) for key in ALLOWED)


def test_only_the_domain_layer_writes_models():
    offenders = [
        f"{relative}:{line}: {call}"
        for relative, path in python_modules()
        if not allowed(relative)
        for line, call in writes_in(path)
    ]
    assert offenders == [], "write through readingroom.archive.actions instead:\n" + "\n".join(
        offenders
    )


def test_management_commands_write_through_the_actions_too():
    # load_sample, import, purge_trash … are thin: the actions do the writing.
    commands = sorted(PACKAGE.rglob("management/commands/*.py"))
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}: {call}"
        for path in commands
        for line, call in writes_in(path)
        if "readingroom/curation/management/commands/setup_roles.py" not in str(path)
        and "api_token" not in path.name
        and "generate_documents" not in path.name
        and "search" not in path.parts[-4]
    ]
    assert offenders == []


@pytest.mark.parametrize("relative", sorted(ALLOWED))
def test_every_allowed_place_exists_and_writes(relative):
    # A stale entry would let a new module of that name through unnoticed.
    target = PACKAGE / relative
    assert target.exists(), relative
    paths = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    assert any(writes_in(path) for path in paths), f"{relative} writes nothing: drop it"


def test_the_check_finds_a_write_where_there_should_be_none(tmp_path):
    # the check itself can fail: a view that saves a model directly is found
    view = tmp_path / "views.py"
    view.write_text(
        "def publish(request, document):\n"
        "    document.status = 'published'\n"
        "    document.save()\n"
        "    Document.objects.filter(pk=1).update(status='published')\n"
        "    document.topics.add(topic)\n"
        "    data = {}\n"
        "    data.update(a=1)\n"
    )
    assert writes_in(view) == [
        (3, "document.save()"),
        (4, "Document.objects.filter(pk=1).update()"),
        (5, "document.topics.add()"),
    ]
