"""An editor in a real browser undoes a mistake from the document's history."""

import pytest
from playwright.sync_api import expect

from readingroom.archive.actions import Actor
from readingroom.archive.actions.revisions import record_revision
from readingroom.archive.models import note_changed

from .test_editor_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LETTER = "Letter, Mao Zedong to Comrade Filippov [Stalin]"


def test_a_reviewer_compares_revisions_and_restores_the_earlier_one(
    browser, live_server, users, records
):
    # given a published letter, saved twice: the second save broke its title
    letter = records.document(LETTER)
    record_revision(letter, Actor.of(users["reviewer"]))
    letter.title = "Letter, Mao to Filipov"
    letter.save()
    note_changed([letter.record_id])
    record_revision(letter, Actor.of(users["reviewer"]))

    # when a reviewer opens its history and compares the two revisions
    page = sign_in(browser, live_server, "reviewer")
    page.goto(f"/editor/history/document/{letter.record_id}/")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    diff = page.locator("main").inner_text()
    assert LETTER in diff
    assert "Letter, Mao to Filipov" in diff

    # and restores the earlier revision
    page.go_back()
    page.get_by_role("button", name="Restore this revision").click()

    # then the history says so, and readers see the title as it was
    expect(page.get_by_text("restored as a new revision")).to_be_visible()
    reader = browser.new_page(base_url=live_server.url)
    reader.goto(f"/document/{letter.record_id}")
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Letter, Mao Zedong to Comrade Filippov [Stalin]"
    )
    reader.close()
