"""The back office in a real browser: an editor, a reviewer and a reader; two editors colliding."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from readingroom.archive.models import Document, RenditionFile

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Record of Conversation with Чжоу Эньлай at Lüshun"


def sign_in(browser, live_server, username):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/editor/")
    assert "/editor/login/" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/editor/$"))
    return page


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_editor_creates_a_reviewer_publishes_a_reader_finds(
    browser, live_server, users, records
):
    records.language("en")
    records.language("ru")

    # an editor signs in and creates a document with a translation
    editor = sign_in(browser, live_server, "editor")
    editor.get_by_role("navigation").get_by_role("link", name="New document").click()
    editor.fill("input[name=title]", TITLE)
    editor.fill("input[name=date]", "June 1957")
    editor.fill("textarea[name=summary]", "Zhou and the ambassador discuss Lüshun.")
    editor.select_option("select[name=renditions-0-kind]", "translation")
    editor.select_option("select[name=renditions-0-language]", "en")
    editor.fill("textarea[name=renditions-0-text]", "周恩来 said [1].")
    editor.fill("input[name=renditions-0-footnotes-0-label]", "1")
    editor.fill("textarea[name=renditions-0-footnotes-0-text]", "In Chinese.")
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_text(f"Saved “{TITLE}”.")).to_be_visible()

    # then opens a second rendition panel and uploads a scan there
    editor.get_by_text("Add a rendition (2)").click()
    editor.select_option("select[name=renditions-1-kind]", "scan")
    editor.select_option("select[name=renditions-1-language]", "ru")
    editor.set_input_files(
        "input[name=renditions-1-files]",
        files=[{"name": "page-1.png", "mimeType": "image/png", "buffer": png()}],
    )
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_text(f"Saved “{TITLE}”.")).to_be_visible()
    assert RenditionFile.objects.get().content_type == "image/png"

    # and sends it to review
    editor.get_by_role("button", name="Send to review").click()
    expect(editor.get_by_text("is now in review")).to_be_visible()

    # a reviewer finds it waiting on the dashboard and publishes it
    reviewer = sign_in(browser, live_server, "reviewer")
    reviewer.get_by_role("link", name=TITLE).first.click()
    reviewer.get_by_role("button", name="Publish").click()
    expect(reviewer.get_by_text("is now published")).to_be_visible()

    # a reader finds it in the catalog and reads it
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto("/catalog")
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_text("周恩来 said")).to_be_visible()
    for page in (editor, reviewer, reader):
        page.context.close()


def test_two_editors_colliding_the_second_is_told(browser, live_server, users, records):
    document = records.draft("A Draft Two Editors Open")
    first = sign_in(browser, live_server, "editor")
    second = sign_in(browser, live_server, "administrator")
    url = f"/editor/documents/{document.record_id}/"
    first.goto(url)
    second.goto(url)

    # the first saves a new title
    first.fill("input[name=title]", "The First Editor's Title")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("Saved “The First Editor's Title”.")).to_be_visible()

    # the second, from the page opened before, saves a new summary
    second.fill("textarea[name=summary]", "The second editor's summary")
    second.get_by_role("button", name="Save").click()

    # and is told, with the other's change, and their own text kept in the form
    expect(
        second.get_by_role(
            "heading", name="Someone else saved this document while you were editing"
        )
    ).to_be_visible()
    expect(second.get_by_role("cell", name="The First Editor's Title")).to_be_visible()
    assert second.locator("textarea[name=summary]").input_value() == "The second editor's summary"
    assert Document.objects.get().title == "The First Editor's Title"
    first.context.close()
    second.context.close()


def test_an_editor_creates_a_translation_a_transcript_and_two_scans_in_one_save(
    browser, live_server, users, records
):
    records.language("en")
    records.language("ru")
    editor = sign_in(browser, live_server, "editor")
    editor.goto("/editor/documents/new/")
    editor.get_by_label("Title:").fill(TITLE)

    # the first panel is open; the others are opened where they are offered
    editor.select_option("select[name=renditions-0-kind]", "translation")
    editor.select_option("select[name=renditions-0-language]", "en")
    editor.fill("textarea[name=renditions-0-text]", "Zhou said.")
    editor.get_by_text("Add a rendition (2)").click()
    editor.select_option("select[name=renditions-1-kind]", "transcript")
    editor.select_option("select[name=renditions-1-language]", "ru")
    editor.fill("textarea[name=renditions-1-text]", "Чжоу сказал.")
    editor.get_by_text("Add a rendition (3)").click()
    editor.select_option("select[name=renditions-2-kind]", "scan")
    editor.select_option("select[name=renditions-2-language]", "ru")
    editor.set_input_files(
        "input[name=renditions-2-files]",
        files=[{"name": f"page-{n}.png", "mimeType": "image/png", "buffer": png()} for n in (1, 2)],
    )
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.get_by_text(f"Saved “{TITLE}”.")).to_be_visible()

    document = Document.objects.get()
    assert sorted(document.renditions.values_list("kind", flat=True)) == [
        "scan",
        "transcript",
        "translation",
    ]
    assert RenditionFile.objects.count() == 2
    editor.context.close()


def test_a_reviewer_publishes_three_in_bulk_and_undoes_one(browser, live_server, users, records):
    drafts = [records.draft(f"Bulk draft {n}") for n in (1, 2, 3)]
    reviewer = sign_in(browser, live_server, "reviewer")
    reviewer.get_by_role("navigation").get_by_role("link", name="Documents").click()
    for draft in drafts:
        reviewer.get_by_label(f"Tick #{draft.record_id} {draft.title}").check()
    reviewer.get_by_label("Action").select_option("publish")
    reviewer.get_by_role("button", name="Apply").click()
    expect(reviewer.get_by_text("Publish: done for 3 document(s).")).to_be_visible()

    reviewer.get_by_role("button", name=f"Undo for #{drafts[1].record_id} Bulk draft 2").click()
    expect(reviewer.get_by_text("Undone for 1 document(s).")).to_be_visible()
    statuses = dict(Document.objects.values_list("title", "status"))
    assert statuses == {
        "Bulk draft 1": "published",
        "Bulk draft 2": "draft",
        "Bulk draft 3": "published",
    }
    reviewer.context.close()


def test_an_edit_with_the_keyboard_alone(browser, live_server, users, records):
    document = records.draft("A Draft Edited by Keyboard")
    editor = sign_in(browser, live_server, "editor")
    editor.goto(f"/editor/documents/{document.record_id}/")

    # Tab from the top of the page to the note, then to the title; type; then back to
    # "Send to review" and press Enter
    def tab_to(name: str) -> None:
        for _ in range(60):
            editor.keyboard.press("Tab")
            if editor.evaluate("document.activeElement.name") == name:
                return
        raise AssertionError(f"{name} cannot be reached with Tab")

    tab_to("note")
    editor.keyboard.type("Typed without a mouse")
    tab_to("title")
    editor.keyboard.press("Control+A")
    editor.keyboard.type("A Title Typed on the Keyboard")
    editor.keyboard.press("Shift+Tab")
    while editor.evaluate("document.activeElement.textContent") != "Send to review":
        editor.keyboard.press("Shift+Tab")
    editor.keyboard.press("Enter")

    expect(editor.get_by_text("“A Title Typed on the Keyboard” is now in review.")).to_be_visible()
    document.refresh_from_db()
    assert (document.title, document.status) == ("A Title Typed on the Keyboard", "review")
    editor.context.close()


def test_a_row_added_to_people_is_labelled_with_its_number(browser, live_server, users):
    editor = sign_in(browser, live_server, "editor")
    editor.goto("/editor/documents/new/")
    people = editor.locator("fieldset.formset[data-prefix=people]")
    people.get_by_role("button", name="Add a row").click()
    expect(editor.get_by_label("Person 4: person")).to_have_attribute("name", "people-3-name")
    editor.context.close()
