"""More like this: ``like=<record ID>`` finds the documents whose words are most like
one document's, on the search page, its JSON, exports and feed; linked from every
document page. Drafts are like nothing, and nothing is like a draft."""

import re
from statistics import mean

import pytest

TEST_BAN = (
    "The delegations discussed seismic detection of underground nuclear tests and the "
    "number of inspections on Soviet territory that a test ban treaty would allow."
)
SEISMIC = (
    "Seismic stations cannot tell every underground nuclear test by itself, so on-site "
    "inspections remain the crux of any test ban."
)
WHEAT = "Canada offered wheat, barley and oats; grain shipments sail from Vancouver."
GRAIN = "The grain harvest failed; wheat purchases abroad and shipments by sea were ordered."


@pytest.fixture
def archive(records, search_index):
    made = {}
    for name, title, text in [
        ("test ban", "Talks on a nuclear test ban", TEST_BAN),
        ("seismic", "Seismic detection of underground tests", SEISMIC),
        ("wheat", "Wheat from Canada", WHEAT),
        ("grain", "Grain shipments", GRAIN),
    ]:
        made[name] = records.document(title)
        records.rendition(made[name], text)
    made["draft"] = records.draft("Draft on seismic inspections and a test ban")
    records.rendition(made["draft"], TEST_BAN + " " + SEISMIC)
    search_index.rebuild()
    return made


def titles(answer) -> list[str]:
    return [result["title"] for result in answer["results"]]


def test_like_finds_the_documents_that_share_its_words_and_not_itself(archive, search):
    answer = search(like=archive["test ban"].record_id)
    assert titles(answer) == ["Seismic detection of underground tests"]
    assert answer["like"] == archive["test ban"].record_id
    assert answer["sort"] == "relevance"
    answer = search(like=archive["wheat"].record_id)
    assert titles(answer) == ["Grain shipments"]


def test_a_draft_is_like_nothing_and_nothing_is_like_a_draft(archive, search, client):
    draft = archive["draft"]
    answer = search(like=draft.record_id)
    assert answer["total"] == 0
    assert answer["notes"] == [
        f"No published document has the record ID {draft.record_id}, so none is like it."
    ]
    page = client.get("/search", {"like": draft.record_id}).content.decode()
    assert draft.title not in page
    assert f"Like: record {draft.record_id}" in page
    # The draft shares every word of the published test-ban talks, yet is not found
    assert "Draft on seismic" not in str(search(like=archive["seismic"].record_id))


def test_like_with_words_and_filters_narrows_it(archive, search):
    liked = archive["test ban"].record_id
    assert titles(search(like=liked, q="stations")) == ["Seismic detection of underground tests"]
    assert search(like=liked, q="wheat")["total"] == 0
    assert search(like=liked, **{"from": "1990"})["total"] == 0


@pytest.mark.parametrize("value", ["abc", "-3", "0", "99999999999999999999999"])
def test_a_like_that_is_no_record_id_is_ignored(archive, search, value):
    answer = search(like=value)
    assert answer["like"] is None
    assert answer["total"] == 4


def test_the_search_page_keeps_like_in_its_form_and_names_the_document(archive, client):
    liked = archive["test ban"]
    page = client.get("/search", {"like": liked.record_id}).content.decode()
    assert f'<input type="hidden" name="like" value="{liked.record_id}">' in page
    assert "Like: “Talks on a nuclear test ban”" in page  # a filter that can be removed
    assert "Seismic detection of underground tests" in page
    assert "Wheat from Canada" not in page


def test_every_document_page_links_to_documents_like_it(archive, client):
    document = archive["wheat"]
    page = client.get(document.get_absolute_url()).content.decode()
    assert f'href="/search?like={document.record_id}"' in page


def test_the_documents_like_one_can_be_taken_away(archive, client):
    response = client.get("/search/export.csv", {"like": archive["grain"].record_id})
    assert response.status_code == 200
    table = b"".join(response.streaming_content).decode()
    assert "Wheat from Canada" in table
    assert "Talks on a nuclear test ban" not in table


WORD = re.compile(r"[a-z]{4,}")


def words(record: dict) -> set[str]:
    return set(WORD.findall(f"{record['title']} {record.get('text') or ''}".lower()))


def test_on_frus_the_documents_found_like_one_share_more_of_its_words(
    frus_slice, search_index, search
):
    """On 300 real FRUS documents: for each of twenty, the five found like it share more
    of its words (Jaccard) than five documents taken at random do."""
    search_index.rebuild()
    by_id = {500_000 + n: record for n, record in enumerate(frus_slice)}
    better = 0
    picked = list(by_id)[::15][:20]
    for record_id in picked:
        own = words(by_id[record_id])
        found = [r["record_id"] for r in search(like=record_id, per_page=10)["results"]][:5]
        assert found and record_id not in found
        others = [other for other in picked if other != record_id][:5]

        def likeness(ids, own=own):
            return mean(len(own & words(by_id[i])) / len(own | words(by_id[i])) for i in ids)

        better += likeness(found) > likeness(others)
    assert better >= 18, f"only {better} of {len(picked)} found documents more alike than others"
