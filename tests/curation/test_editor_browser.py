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

    # then uploads a scan as a second rendition
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
