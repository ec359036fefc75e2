"""A reader in a real browser drags a range on the timeline and chooses a place on the
map, then goes back twice and lands where they were."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACES = {
    "Moscow": (55.7558, 37.6173),
    "Beijing": (39.9042, 116.4074),
    "Hanoi": (21.0278, 105.8342),
}


@pytest.fixture
def archive(records, search_index):
    places = {
        name: records.place(name, latitude=lat, longitude=lon)
        for name, (lat, lon) in PLACES.items()
    }
    for n, (year, place) in enumerate(
        [(1950, "Moscow"), (1952, "Moscow"), (1954, "Beijing"), (1957, "Beijing"),
         (1957, "Moscow"), (1960, "Hanoi"), (1962, "Beijing")]
    ):  # fmt: skip
        document = records.document(f"Cable {n} on the treaty", date=f"{year}-03-0{n + 1}")
        records.link_place(document, places[place])
    records.recount()
    search_index.rebuild()


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def test_reader_drags_the_timeline_picks_a_place_and_goes_back(page, archive):
    # given a reader's search for "treaty", with its timeline and its map
    page.goto("/search?q=treaty")
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 7 of 7")
    circles = page.locator("path.map-place")
    expect(circles).to_have_count(3)
    # on a basemap this site serves: the countries drawn, no tile asked of anyone
    expect(page.locator(".results-map svg path:not(.map-place)")).not_to_have_count(0)
    assert page.locator(".results-map img.leaflet-tile").count() == 0

    # when they drag across the histogram from 1952 to 1957
    first = page.locator('.year-histogram li[data-period="1952"]').bounding_box()
    last = page.locator('.year-histogram li[data-period="1957"]').bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] - 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] - 2, steps=8)
    page.mouse.up()

    # then the search is of those years
    expect(page).to_have_url(re.compile(r"from=1952&to=1957"))
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 4 of 4")

    # and when they choose Beijing on the map
    page.locator('path.map-place[data-place="Beijing"]').click()
    expect(page).to_have_url(re.compile(r"place=beijing"))
    assert query(page)["from"] == ["1952"] and query(page)["to"] == ["1957"]
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 2 of 2")
    expect(page.locator('path.map-place[data-place="Beijing"]')).to_be_visible()

    # then going back twice lands on the search they started from
    page.go_back()
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 4 of 4")
    page.go_back()
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 7 of 7")
    assert query(page) == {"q": ["treaty"]}


def test_a_click_on_one_bar_still_searches_its_year(page, archive):
    page.goto("/search?q=treaty")
    page.locator('.year-histogram li[data-period="1957"] a').click()
    expect(page).to_have_url(re.compile(r"from=1957&to=1957"))
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 2 of 2")


def test_a_persons_page_shows_their_documents_in_time_and_place(page, records, search_index):
    zhou = records.person("Zhou, Enlai")
    geneva = records.place("Geneva", latitude=46.2044, longitude=6.1432)
    bandung = records.place("Bandung", latitude=-6.9175, longitude=107.6191)
    for n, (year, place) in enumerate([(1954, geneva), (1955, bandung), (1960, geneva)]):
        document = records.document(f"Talks {n}", date=f"{year}-04-01")
        records.link_person(document, zhou)
        records.link_place(document, place)
    search_index.rebuild()

    # given a reader on Zhou Enlai's page, with his documents' years and places
    page.goto(zhou.get_absolute_url())
    section = page.locator(".time-and-place")
    expect(section.locator("path.map-place")).to_have_count(2)
    expect(section.locator(".year-histogram li")).to_have_count(7)  # 1954-1960, gaps kept

    # when they choose Geneva on the map, they search his documents there
    section.locator('path.map-place[data-place="Geneva"]').click()
    expect(page).to_have_url(re.compile(r"/search\?person=zhou-enlai&place=geneva$"))
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 2 of 2")

    # and back on his page, a drag across 1954-1955 searches his documents of those years
    page.go_back()
    first = page.locator('.year-histogram li[data-period="1954"]').bounding_box()
    last = page.locator('.year-histogram li[data-period="1955"]').bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] - 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] - 2, steps=5)
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"person=zhou-enlai&from=1954&to=1955"))
    expect(page.locator("#results-heading")).to_have_text("Results: 1 - 2 of 2")
