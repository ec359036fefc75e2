"""A reader in a real browser: search, narrow by a person and years, page on, come back."""

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def treaty_archive(records, search_index):
    khrushchev, other = records.person("Khrushchev, Nikita"), records.person("Mikoyan, Anastas")
    start = dt.date(1957, 1, 1)
    for n in range(30):
        person = other if n >= 25 else khrushchev
        year = 1958 if 20 <= n < 25 else 1957
        document = records.document(
            f"Memorandum {n:02d} on the Treaty",
            date=(start.replace(year=year) + dt.timedelta(days=n)).isoformat(),
            summary="Notes on the treaty negotiations.",
        )
        records.link_person(document, person)
    search_index.rebuild()


def titles(page) -> list[str]:
    return page.locator(".document-list .title").all_inner_texts()


def test_reader_narrows_pages_and_comes_back_to_the_same_results(page, treaty_archive):
    # given the reader searches from the box in the header
    page.goto("/")
    page.locator("#site-search").fill("treaty")
    page.locator("#site-search").press("Enter")
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 10 of 30")

    # when they narrow by a person, then to the year 1957
    page.locator(".facet-person").get_by_role("link", name="Khrushchev, Nikita").click()
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 10 of 25")
    page.get_by_label("From").fill("1957")
    page.get_by_label("To").fill("1957")
    page.get_by_label("To").press("Enter")
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 10 of 20")
    first_page = titles(page)
    narrowed_url = page.url

    # and page forward
    page.get_by_role("link", name="Next").click()
    expect(page.locator("#results-heading")).to_have_text("Results: 11 - 20 of 20")
    assert set(titles(page)).isdisjoint(first_page)

    # then the back button brings them to the same results, filters and all
    page.go_back()
    expect(page).to_have_url(narrowed_url)
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 10 of 20")
    assert titles(page) == first_page
    assert "person=khrushchev-nikita" in page.url and "from=1957" in page.url
