"""The search page's histogram shows gaps as gaps; facets offer "more" and say that the
values of one facet are ORed. All without JavaScript: links and a static histogram."""

import re

import pytest

from readingroom.search.engine import MORE_VALUES


@pytest.fixture
def archive(records, search_index):
    """Letters of 1950, 1951 and 1954 (none of 1952-1953), twelve people on the first."""
    letters = [
        records.document(f"Letter of {year}", date=f"{year}-03-01") for year in (1950, 1951, 1954)
    ]
    for n in range(12):
        records.link_person(letters[0], records.person(f"Person{n:02d}, Someone"))
    search_index.rebuild()
    return letters


def histogram(html: str) -> list[str]:
    """Each place of the histogram: "1950" for a linked year, "(1952)" for a gap."""
    block = html.split('<ol class="year-histogram" ')[1].split("</ol>")[0]
    places = re.findall(
        r'<li( class="gap")? data-period="\d+">.*?visually-hidden">(\d+): \d+</span>', block
    )
    return [f"({year})" if gap else year for gap, year in places]


def test_years_without_matches_are_gaps_in_the_histogram(archive, client):
    html = client.get("/search?q=letter").content.decode()
    assert histogram(html) == ["1950", "1951", "(1952)", "(1953)", "1954"]
    # a gap is no link
    assert 'to=1952"' not in html


def test_a_facet_with_more_values_offers_them(archive, client):
    html = client.get("/search?q=letter").content.decode()
    people = html.split('id="facet-person"')[1].split("</section>")[0]
    assert people.count("<li>") == 10
    assert 'href="/search?q=letter&amp;more=person#facet-person">More people</a>' in people

    # when the reader asks for more, every person is listed, and "Fewer" goes back
    html = client.get("/search?q=letter&more=person").content.decode()
    people = html.split('id="facet-person"')[1].split("</section>")[0]
    assert people.count("<li>") == 12
    assert '<a href="/search?q=letter">Fewer</a>' in people
    assert MORE_VALUES >= 12


def test_a_facet_that_shows_everything_offers_no_more(archive, client):
    html = client.get("/search?q=letter").content.decode()
    types = (
        html.split('id="facet-type"')[1].split("</section>")[0] if 'id="facet-type"' in html else ""
    )
    assert "More" not in types
    # and "more" of something that is no facet is ignored
    assert client.get("/search?q=letter&more=nonsense").status_code == 200


def test_the_page_says_values_of_one_facet_are_ored(archive, client):
    html = client.get("/search?q=letter").content.decode()
    assert "finds documents with any of them (OR)" in html


@pytest.fixture
def months(records, search_index):
    """Two letters of March 1957, one of May 1957: none in April."""
    for day in ("1957-03-02", "1957-03-20", "1957-05-09"):
        records.document(f"Note of {day}", date=day)
    search_index.rebuild()


def month_places(html: str) -> list[str]:
    block = html.split('<ol class="year-histogram month-histogram" ')[1].split("</ol>")[0]
    places = re.findall(
        r'<li( class="gap")? data-period="[\d-]+">.*?visually-hidden">(\w+ \d+): (\d+)</span>',
        block,
    )
    return [f"({name})" if gap else f"{name}: {count}" for gap, name, count in places]


def test_a_narrow_date_range_shows_months_with_gaps(months, client):
    html = client.get("/search?q=note&from=1957-03&to=1957-06").content.decode()
    assert month_places(html) == ["Mar 1957: 2", "(Apr 1957)", "May 1957: 1", "(Jun 1957)"]
    # each month a link to the search narrowed to it: the range is the URL
    assert 'href="/search?q=note&amp;from=1957-03&amp;to=1957-03"' in html


def test_a_wide_or_open_range_shows_no_months(months, client):
    assert "month-histogram" not in client.get("/search?q=note&from=1950&to=1960").content.decode()
    assert "month-histogram" not in client.get("/search?q=note&from=1957-03").content.decode()
