"""The editing screen as a new editor meets it: labelled groups, errors that name the
field, footnote warnings, scans on the first save, chosen files kept, and the action bar."""

import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from readingroom.archive.models import Document, RenditionFile

from .conftest import form_data
from .test_editing import new_document_data
from .test_uploads import JPEG, PNG


class Inputs(HTMLParser):
    """The form controls of a page and the ids its labels name."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        hidden = attrs.get("type") in ("hidden", "submit")
        if tag in ("input", "select", "textarea") and not hidden:
            self.controls.append(attrs)


def unlabelled(html: str) -> list[str]:
    parser = Inputs()
    parser.feed(html)
    return [
        c.get("name", "?")
        for c in parser.controls
        if c.get("id") not in parser.labelled and "aria-label" not in c
    ]


@pytest.fixture
def editor(client_as):
    return client_as("editor")


@pytest.mark.parametrize("which", ["new", "existing"])
def test_every_input_of_the_screen_has_a_label(editor, records, which):
    records.language("en")
    url = "/editor/documents/new/"
    if which == "existing":
        url = f"/editor/documents/{records.draft().record_id}/"
    html = editor.get(url).content.decode()
    assert unlabelled(html) == []
    # and languages and funders are checkboxes, not ctrl-click lists
    assert 'type="checkbox" name="original_languages"' in html
    assert "multiple" not in re.findall(r"<select[^>]*>", html).__str__()


def test_the_record_id_help_shows_the_address_as_written(editor):
    html = editor.get("/editor/documents/new/").content.decode()
    assert "Stable forever: /document/&lt;record ID&gt;. Leave empty for a new one." in html


def test_fields_come_in_labelled_groups_and_people_start_with_the_name(editor):
    html = editor.get("/editor/documents/new/").content.decode()
    legends = re.findall(r"<legend>([^<]+)</legend>", html)
    assert legends[:7] == [
        "The document",
        "Its source",
        "Release",
        "Publication",
        "Languages and funders",
        "Original languages:",
        "Funders:",
    ]
    people = html[html.index("<legend>People</legend>") :]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', people)[:5]
    assert headers == ["Person", "Role", "Certainty", "Why", "Notes"]


def test_errors_name_the_field_and_the_row(editor, records):
    data = new_document_data(records, title="", **{"people-0-role": "emperor"})
    response = editor.post("/editor/documents/new/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Title: This field is required." in html
    assert "Person 1, role: Select a valid choice. emperor is not one of the" in html
    assert Document.objects.count() == 0


def test_a_reference_without_its_footnote_warns_after_saving(editor, records):
    text = "He said [1] and then [2]."
    data = new_document_data(records, **{"renditions-0-text": text})
    response = editor.post("/editor/documents/new/", data, follow=True)
    html = response.content.decode()
    assert Document.objects.get().renditions.get().text == text  # saved all the same
    assert "Rendition 1: the text refers to [2], but there is no footnote 2." in html
    assert "[1], but" not in html


def test_a_footnote_nothing_refers_to_is_refused_naming_it(editor, records):
    data = new_document_data(records)
    data["renditions-0-footnotes-1-label"] = "3"
    data["renditions-0-footnotes-1-text"] = "A note nothing refers to."
    response = editor.post("/editor/documents/new/", data)
    assert "Rendition 1, footnote 2: footnote &#x27;3&#x27; is not referenced as [3]" in (
        response.content.decode()
    )
    assert Document.objects.count() == 0


def scan_panel(index: int, files) -> dict:
    return {
        f"renditions-{index}-kind": "scan",
        f"renditions-{index}-language": "ru",
        f"renditions-{index}-files": files,
    }


def test_a_translation_a_transcript_and_a_scan_in_the_first_save(editor, records):
    pages = [SimpleUploadedFile("p1.png", PNG), SimpleUploadedFile("p2.jpg", JPEG)]
    data = new_document_data(
        records,
        **{
            "renditions-1-kind": "transcript",
            "renditions-1-language": "ru",
            "renditions-1-text": "Чжоу Эньлай сказал.",
            **scan_panel(2, pages),
        },
    )
    response = editor.post("/editor/documents/new/", data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert sorted(document.renditions.values_list("kind", flat=True)) == [
        "scan",
        "transcript",
        "translation",
    ]
    assert [f.label for f in RenditionFile.objects.order_by("order")] == ["Page 1", "Page 2"]


def test_a_failed_save_keeps_the_chosen_files_for_the_next(editor, records):
    # given a first try with a scan chosen but the title forgotten
    data = new_document_data(
        records, title="", **scan_panel(1, [SimpleUploadedFile("p1.png", PNG)])
    )
    response = editor.post("/editor/documents/new/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kept from your last try" in html and "p1.png" in html
    token = re.search(r'name="renditions-1-pending" value="([^"]+)"', html).group(1)

    # when the editor adds the title and saves again, choosing no file this time
    data = new_document_data(records, **scan_panel(1, []))
    data["renditions-1-pending"] = token
    assert editor.post("/editor/documents/new/", data).status_code == 302

    # then the file chosen the first time is the scan's page
    stored = RenditionFile.objects.get()
    assert (stored.rendition.kind, stored.label, stored.file.read()) == ("scan", "Page 1", PNG)


def test_a_forged_pending_token_names_no_file(editor, records):
    data = new_document_data(records, **scan_panel(1, []))
    data["renditions-1-pending"] = "W3sic3RvcmVkX2FzIjogIi9ldGMvcGFzc3dkIn1d:forged:sig"
    response = editor.post("/editor/documents/new/", data)
    assert response.status_code == 302
    assert RenditionFile.objects.count() == 0


def bar_buttons(html: str) -> list[str]:
    bar = html[html.index('class="action-bar"') : html.index('class="record-groups"')]
    return re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', bar)


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("editor", "draft", ["Save", "Send to review"]),
        ("editor", "review", ["Save", "Back to draft"]),
        ("reviewer", "draft", ["Save", "Send to review", "Publish"]),
        ("reviewer", "published", ["Save", "Unpublish"]),
    ],
    ids=["editor draft", "editor review", "reviewer draft", "reviewer published"],
)
def test_the_action_bar_offers_what_the_role_allows(client_as, records, role, status, expected):
    document = records.document(status=status)
    html = client_as(role).get(f"/editor/documents/{document.record_id}/").content.decode()
    assert bar_buttons(html) == expected
    for link in ("History", "Preview", "OCR"):
        assert f">{link}</a>" in html
    assert (">Public page</a>" in html) == (status == "published")
    assert ">Delete</a>" not in html


def test_the_administrator_is_offered_delete(client_as, records):
    document = records.draft()
    html = client_as("administrator").get(f"/editor/documents/{document.record_id}/")
    assert (
        f'href="/editor/documents/{document.record_id}/delete">Delete</a>' in html.content.decode()
    )


def test_save_and_send_to_review_with_one_note(editor, records):
    document = records.draft()
    data = form_data(document, summary="Checked.", step="submit", note="Ready for you")
    response = editor.post(f"/editor/documents/{document.record_id}/", data, follow=True)
    document.refresh_from_db()
    assert (document.status, document.summary) == ("review", "Checked.")
    event = document_events(document)[-1]
    assert (event.to_status, event.note) == ("review", "Ready for you")
    assert "is now in review" in response.content.decode()


def test_an_editor_cannot_publish_by_posting_the_step(editor, records):
    document = records.draft()
    data = form_data(document, step="publish")
    response = editor.post(f"/editor/documents/{document.record_id}/", data, follow=True)
    document.refresh_from_db()
    assert document.status == "draft"
    assert "publish a document" in response.content.decode()


def document_events(document):
    from readingroom.archive.models import WorkflowEvent

    return list(WorkflowEvent.objects.filter(record_id=document.record_id).order_by("pk"))


def test_the_preview_of_a_draft_shows_its_scans_in_the_viewer(editor, records, settings, tmp_path):
    from ..interop.iiif_scans import scanned_document, use_folder

    use_folder(settings, tmp_path)
    draft = scanned_document(records, status="draft")
    html = editor.get(f"/editor/documents/{draft.record_id}/preview").content.decode()
    assert "data-iiif-viewer" in html
    assert 'class="iiif-manifest"' in html


def test_every_field_of_the_document_form_is_in_a_group():
    # A field left out of the groups is never rendered, so every save would fail on it
    from readingroom.curation.forms import DocumentForm

    grouped = [name for _, names in DocumentForm.GROUPS for name in names]

    assert sorted(grouped) == sorted(DocumentForm.base_fields)
