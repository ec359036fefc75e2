"""History: revisions at each save, diffs, restoring, and two editors colliding."""

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from readingroom.archive.actions import Actor, restore_revision
from readingroom.archive.actions.revisions import (
    EditConflict,
    check_not_stale,
    latest_revision,
)
from readingroom.archive.actions.revisions import record_revision as record
from readingroom.archive.diffs import diff_snapshots, line_diff
from readingroom.archive.languages import resolve_language
from readingroom.archive.models import (
    Document,
    DocumentChange,
    Footnote,
    Person,
    Rendition,
    Revision,
)
from readingroom.curation.roles import EDITOR, ensure_roles

TEXT = "Top Secret\n\nComrade Stalin[1],\n\nWe ask for help.\n\nMao Zedong"


@pytest.fixture
def editors(db):
    groups = ensure_roles()
    people = []
    for name in ("anna", "boris"):
        user = User.objects.create_user(name, password="pw")
        user.groups.add(groups[EDITOR])
        people.append(user)
    return people


@pytest.fixture
def document(db):
    document = Document.objects.create(title="Request for help", date="January 15, 1956")
    rendition = Rendition.objects.create(
        document=document, kind="translation", language=resolve_language("en"), text=TEXT
    )
    Footnote.objects.create(rendition=rendition, label="1", text="Filippov: Stalin's alias.")
    return document


def record_revision(obj, user):
    return record(obj, Actor.of(user))


def save(document, user, **changes):
    """What every write path does: save, note the change, keep a revision; one transaction."""
    with transaction.atomic():
        for name, value in changes.items():
            setattr(document, name, value)
        document.save()
        return record_revision(document, user)


def test_every_save_keeps_a_revision_with_who_and_what(document, editors):
    anna, boris = editors
    first = save(document, anna)
    second = save(document, boris, title="Request for help (revised)", summary="A request.")
    assert [r.pk for r in Revision.objects.all()] == [second.pk, first.pk]
    assert (first.user, first.summary, first.changed_fields) == (anna, "Created", [])
    assert second.user == boris
    assert second.changed_fields == ["title", "summary"]
    assert second.summary == "Changed title and summary"
    assert second.snapshot["renditions"][0]["text"] == TEXT
    assert latest_revision(document) == second


def test_a_diff_lists_changed_fields_and_a_line_diff_for_long_texts(document, editors):
    before = record_revision(document, editors[0]).snapshot
    rendition = document.renditions.get()
    rendition.text = TEXT.replace("We ask for help.", "We ask for <b>help</b> urgently.")
    rendition.save()
    after = record_revision(document, editors[0]).snapshot
    changes = diff_snapshots(before, after)
    assert [change.field for change in changes] == ["renditions[0].text"]
    assert changes[0].lines == [
        ("gap", ""),
        ("same", "Comrade Stalin[1],"),
        ("same", ""),
        ("removed", "We ask for help."),
        ("added", "We ask for <b>help</b> urgently."),
        ("same", ""),
        ("same", "Mao Zedong"),
    ]


def test_line_diff_of_identical_texts_is_empty():
    assert line_diff("a\nb", "a\nb") == []


def test_restoring_a_revision_brings_back_text_and_records_a_new_revision(
    document, editors, client
):
    anna, boris = editors
    original = save(document, anna)
    rendition = document.renditions.get()
    rendition.text = "Lost text"
    rendition.save()
    rendition.footnotes.all().delete()
    save(document, boris, title="Wrong title")
    changes_before = DocumentChange.objects.count()
    # When Anna restores her revision in the back office
    client.force_login(anna)
    response = client.post(f"/editor/history/revisions/{original.pk}/restore")
    # Then the document is as it was, and the restore is a revision of its own
    assert response.status_code == 302
    document = Document.objects.get(pk=document.pk)
    assert document.title == "Request for help"
    restored = document.renditions.get()
    assert restored.text == TEXT
    assert list(restored.footnotes.values_list("label", "text")) == [
        ("1", "Filippov: Stalin's alias.")
    ]
    latest = latest_revision(document)
    assert latest.user == anna
    assert latest.summary.startswith(f"Restored revision {original.pk} of ")
    assert latest.snapshot == original.snapshot
    assert DocumentChange.objects.count() > changes_before


def test_restoring_a_person(db, editors):
    person = Person.objects.create(sort_name="Zhou, Enlai", display_name="Zhou Enlai")
    person.other_names = ["周恩来", "Chou En-lai"]
    person.birth = "1898"
    first = record_revision(person, editors[0])
    person.other_names, person.birth, person.biography = [], None, "Premier."
    person.save()
    record_revision(person, editors[1])
    restore_revision(first, actor=Actor.of(editors[1]))
    person.refresh_from_db()
    assert (person.other_names, person.birth.edtf(), person.biography) == (
        ["周恩来", "Chou En-lai"],
        "1898",
        "",
    )


def test_check_not_stale_passes_when_nobody_saved_meanwhile(document, editors):
    seen = save(document, editors[0])
    assert check_not_stale(document, seen.pk, mine={"title": "Another title"}) is None


def test_check_not_stale_raises_with_the_difference_when_someone_saved(document, editors):
    anna, boris = editors
    seen = save(document, anna)
    # Boris saves a new title while Anna is editing
    save(document, boris, title="Boris's title")
    # Anna submits her form, with the title she saw and her own summary
    with pytest.raises(EditConflict) as raised:
        check_not_stale(
            document, seen.pk, mine={"title": "Request for help", "summary": "Anna's summary"}
        )
    assert raised.value.latest == latest_revision(document)
    assert raised.value.latest.user == boris
    assert raised.value.diff == [("title", "Request for help", "Boris's title")]
    assert "boris saved this record meanwhile" in str(raised.value)


def test_check_not_stale_without_mine_lists_what_changed_since(document, editors):
    anna, boris = editors
    seen = save(document, anna)
    save(document, boris, summary="New summary")
    with pytest.raises(EditConflict) as raised:
        check_not_stale(document, seen.pk)
    assert raised.value.diff == [("summary", "", "New summary")]


def test_a_conflict_only_when_their_change_would_be_undone(document, editors):
    anna, boris = editors
    seen = save(document, anna)
    save(document, boris, summary="New summary")
    # Anna's form already carries Boris's summary (she typed the same): nothing is lost
    assert check_not_stale(document, seen.pk, mine={"summary": "New summary"}) is None


@pytest.mark.parametrize(
    "url",
    ["/editor/history/document/{pk}/", "/editor/history/document/{pk}/diff?a={a}&b={b}"],
    ids=["list", "diff"],
)
def test_history_pages_show_revisions_escaped(document, editors, client, url):
    anna, boris = editors
    a = save(document, anna)
    b = save(document, boris, title="<script>alert(1)</script>")
    client.force_login(anna)
    response = client.get(url.format(pk=document.pk, a=a.pk, b=b.pk))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_history_needs_an_editor(document, client, db):
    client.force_login(User.objects.create_user("reader", password="pw"))
    assert client.get(f"/editor/history/document/{document.pk}/").status_code == 403
