"""The catalog by date: /catalog/1950s, /catalog/1957, /catalog/1957-06, with counts per
period, gaps shown as gaps, and a 404 for anything that is not a period."""

import pytest

from readingroom.archive.periods import Period


@pytest.fixture
def archive(records):
    """Published: two of June 1957, one of 1957 (the year only), one of 1959, one of 1961;
    a draft of June 1957; an undated one."""
    for title, date in [
        ("Telegram of June", "1957-06-03"),
        ("Letter of June", "1957-06"),
        ("Report of the year", "1957"),
        ("Note of 1959", "1959-02-11"),
        ("Memo of 1961", "1961-01-05"),
        ("Undated", None),
    ]:
        records.document(title, date=date)
    records.draft("Draft of June", date="1957-06-04")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def link(url: str, name: str, count: int) -> str:
    return (
        f'<a href="{url}"><span class="period-name">{name}</span>'
        f' <span class="count">{count}</span></a>'
    )


def listed(html: str) -> list[str]:
    """The titles in the page's list of documents, in order."""
    import re

    return re.findall(r'<h3 class="title"><a href="/document/\d+">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("text", "slug", "label"),
    [
        ("1950s", "1950s", "1950s"),
        ("1957", "1957", "1957"),
        ("1957-06", "1957-06", "June 1957"),
    ],
)
def test_a_period_is_read_from_its_url(text, slug, label):
    period = Period.parse(text)
    assert (period.slug, period.label) == (slug, label)


@pytest.mark.parametrize(
    "url",
    [
        "/catalog/1957-13",
        "/catalog/1957-00",
        "/catalog/1957-6",
        "/catalog/1955s",
        "/catalog/0000",
        "/catalog/nineteen",
        "/catalog/1957-06-03",
        "/catalog/1800s",
        "/catalog/1830",
    ],
    ids=[
        "month 13",
        "month 0",
        "month of one digit",
        "a decade not ending in 0",
        "year 0",
        "words",
        "a day",
        "a decade without documents",
        "a year of a decade without documents",
    ],
)
def test_nonsense_is_not_found(archive, client, url):
    assert client.get(url).status_code == 404


def test_the_catalog_links_every_decade_with_its_count_gaps_unlinked(archive, client):
    html = page(client, "/catalog")
    assert link("/catalog/1950s", "1950s", 4) in html
    assert link("/catalog/1960s", "1960s", 1) in html


def test_a_decade_shows_each_year_and_its_documents(archive, client):
    html = page(client, "/catalog/1950s")
    # every year of the decade, those without documents shown but not linked
    assert (
        '<li class="empty"><span class="period-name">1958</span> <span class="count">0</span></li>'
        in html
    )
    assert link("/catalog/1957", "1957", 3) in html
    assert '<a href="/catalog/1959"><span class="period-name">1959</span>' in html
    assert sorted(listed(html)) == [
        "Letter of June",
        "Note of 1959",
        "Report of the year",
        "Telegram of June",
    ]
    assert '/catalog/1950s">' in html.split('rel="canonical"')[1].split(">")[0] + ">"


def test_a_year_shows_its_months_and_says_what_is_in_no_month(archive, client):
    html = page(client, "/catalog/1957")
    assert link("/catalog/1957-06", "June", 2) in html
    assert (
        '<li class="empty"><span class="period-name">May</span> <span class="count">0</span></li>'
        in html
    )
    assert "1 of the documents of 1957 is dated only to the year" in html
    assert sorted(listed(html)) == ["Letter of June", "Report of the year", "Telegram of June"]


def test_a_month_lists_only_what_is_dated_within_it_and_never_a_draft(archive, client):
    html = page(client, "/catalog/1957-06")
    assert sorted(listed(html)) == ["Letter of June", "Telegram of June"]
    assert "Draft of June" not in html
    assert '<a href="/catalog/1957-06" aria-current="page">' in html
