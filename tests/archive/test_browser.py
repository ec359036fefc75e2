"""A reader in a real browser: home → a person → a document → a footnote and back."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LETTER = "Letter, Mao Zedong to Comrade Filippov [Stalin]"


def test_reader_follows_a_person_to_a_document_and_its_footnote(page, sample_archive):
    # given the sample archive, a reader opens the home page
    page.goto("/")
    expect(page.get_by_role("heading", name="Featured People")).to_be_visible()

    # when they choose Mao Zedong among the featured people
    page.get_by_role("link", name=re.compile(r"Mao, Zedong")).first.click()

    # then they see his page, with his life dates and his documents
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Mao, Zedong"))
    expect(page.get_by_text("1893-1976").first).to_be_visible()

    # when they open his letter to Stalin
    page.get_by_role("link", name=LETTER).click()
    expect(page).to_have_url(re.compile(r"/document/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Letter, Mao Zedong to Comrade Filippov [Stalin]"
    )

    # and follow the editor's footnote [1]
    reference = page.locator("a[href^='#fn-']").first
    reference.click()
    note_id = reference.get_attribute("href").removeprefix("#")
    note = page.locator(f"[id='{note_id}']")
    expect(page).to_have_url(re.compile(f"#{note_id}$"))
    assert "Charles Kraus" in note.inner_text()
    expect(note).to_be_visible()

    # then the note's back link returns them to where they were reading
    note.locator("a[href^='#fnref-']").click()
    expect(page).to_have_url(re.compile(r"#fnref-"))
    expect(page.locator(f"a[href='#{note_id}']").first).to_be_visible()

    # and the browser's back button still leads back to the person
    page.go_back()
    page.go_back()
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Mao, Zedong"))


def test_a_document_reads_well_on_a_phone(browser, live_server, sample_archive):
    # given a narrow screen, the document page needs no sideways scrolling
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/document/110398")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    expect(page.get_by_text("Translation - English").first).to_be_visible()
    context.close()
