"""A reader follows a thread in a real browser: a document → its exchange → the next item."""

import re

import pytest
from playwright.sync_api import expect

from readingroom.archive.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_the_1957_talks_as_one_exchange(page, sample_archive):
    protocol = Document.objects.get(external_id="sample/1957-09-11-protocol-1")

    # given a reader on the first record of the September 1957 talks
    page.goto(f"/document/{protocol.pk}")
    thread = page.locator(".thread-links")
    expect(thread.get_by_text("Of the same meeting or talks as").first).to_be_visible()

    # when they read the whole exchange
    page.get_by_role("link", name="Read the whole exchange in order").click()

    # then they see its three records in the order written, with dates and types
    expect(page).to_have_url(re.compile(rf"/thread/{protocol.pk}$"))
    items = page.locator(".thread-items > li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("September 11, 1957")
    expect(items.nth(0)).to_contain_text("Minutes")
    expect(items.nth(1)).to_contain_text("Rocket Production")
    expect(items.nth(2)).to_contain_text("October 2, 1957")

    # and open the last one, whose page leads back into the same thread
    items.nth(2).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Meeting of the Representatives of the Chinese Delegation")
    )
    expect(page.locator(".thread-links a[href^='/document/']")).to_have_count(2)
