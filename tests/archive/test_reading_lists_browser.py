"""A reader gathers documents into a reading list in a real browser, and shares it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_gathers_a_list_opens_it_shares_it_and_removes_from_it(page, records):
    first = records.document("Telegram on the Lüshun talks", date="1955-05-01")
    second = records.document("Letter about wheat", date="1957-02-01")

    # given a reader on two documents' pages, adding each to their reading list
    for document in (first, second):
        page.goto(document.get_absolute_url())
        page.get_by_role("button", name="Add to reading list").click()
        expect(page.get_by_role("button", name="Remove from reading list")).to_be_visible()
    menu = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Reading list")
    )
    expect(menu).to_have_text("Reading list (2)")

    # when they open it from the menu
    menu.click()

    # then the list's own address shows both, in the order gathered
    expect(page).to_have_url(re.compile(rf"/list\?ids={first.pk},{second.pk}$"))
    items = page.locator(".reading-list > li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Telegram on the Lüshun talks")
    shared = page.url

    # and a friend who opens that address in another browser sees it, and can keep it
    other = page.context.browser.new_context(base_url=page.url.split("/list")[0])
    friend = other.new_page()
    friend.goto(shared)
    expect(friend.locator(".reading-list > li")).to_have_count(2)
    friend.get_by_role("button", name="Make this my reading list").click()
    expect(friend.get_by_role("link", name="Reading list (2)")).to_be_visible()
    other.close()

    # and the reader removes the first, and the page and its address follow
    items.nth(0).get_by_role("button", name="Remove from reading list").click()
    expect(page).to_have_url(re.compile(rf"/list\?ids={second.pk}$"))
    expect(page.locator(".reading-list > li")).to_have_count(1)
    expect(menu).to_have_text("Reading list (1)")
