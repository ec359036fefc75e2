"""Search by release history and by certainty: the facet "Classification" (the level of a
document's marking) and the filter "Date certainty" (``?date_certainty=disputed``)."""

import pytest

from readingroom.archive.models import note_changed


@pytest.fixture
def archive(records, search_index):
    """Three published cables (top secret, secret with a disputed date, unmarked), an
    undated secret note, and a top-secret draft with a disputed date."""
    documents = {
        "moscow": records.document(
            "Cable from Moscow", classification="Top Secret", classification_level="top-secret"
        ),
        "peking": records.document(
            "Cable from Peking",
            classification="Secret; Noforn",
            classification_level="secret",
            date_certainty="disputed",
        ),
        "geneva": records.document("Cable from Geneva", date_certainty="inferred"),
        "note": records.document(
            "Note, undated", date=None, classification="Secret", classification_level="secret"
        ),
    }
    records.draft(
        "Cable drafted",
        classification="Top Secret",
        classification_level="top-secret",
        date_certainty="disputed",
    )
    search_index.rebuild()
    return documents


def titles(answer) -> list[str]:
    return sorted(result["title"] for result in answer["results"])


def counts(answer, param) -> list[tuple[str, str, int, bool]]:
    return [(v["key"], v["label"], v["count"], v["selected"]) for v in answer["facets"][param]]


def test_the_classification_facet_counts_published_documents_by_level(archive, search):
    answer = search()
    # in the levels' order, not by count; the draft is not counted
    assert counts(answer, "classification") == [
        ("top-secret", "Top secret", 1, False),
        ("secret", "Secret", 2, False),
    ]


def test_filtering_by_classification_keeps_those_levels(archive, search):
    assert titles(search(classification="secret")) == ["Cable from Peking", "Note, undated"]
    assert titles(search(classification=["secret", "top-secret"], q="cable")) == [
        "Cable from Moscow",
        "Cable from Peking",
    ]


def test_a_disputed_date_is_found_and_the_draft_never_is(archive, search):
    answer = search(date_certainty="disputed")
    assert titles(answer) == ["Cable from Peking"]
    # the filter's own facet still offers the other levels (OR within a facet)
    assert counts(answer, "date_certainty") == [
        ("certain", "certain", 1, False),
        ("inferred", "inferred", 1, False),
        ("disputed", "disputed", 1, True),
    ]
    assert counts(answer, "classification") == [("secret", "Secret", 1, False)]


def test_date_certainty_counts_dated_documents_only(archive, search):
    assert counts(search(), "date_certainty") == [
        ("certain", "certain", 1, False),
        ("inferred", "inferred", 1, False),
        ("disputed", "disputed", 1, False),
    ]


def test_the_search_page_shows_both_facets(archive, client):
    html = client.get("/search", {"date_certainty": "disputed"}).content.decode()
    assert "Classification" in html
    assert "Date certainty" in html
    assert "Cable from Peking" in html
    assert "Cable from Geneva" not in html


def test_a_changed_marking_reaches_search(archive, search, search_index):
    geneva = archive["geneva"]
    geneva.classification, geneva.classification_level = "Confidential", "confidential"
    geneva.save()
    note_changed([geneva.pk])
    search_index.sync()
    assert titles(search(classification="confidential")) == ["Cable from Geneva"]
