"""The JSON API: exact records, filters, cursor pages, drafts kept out, token-guarded writes."""

import datetime as dt
import io
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from readingroom.archive.models import (
    Document,
    DocumentChange,
    Revision,
    Topic,
    TrashedDocument,
    WorkflowEvent,
)
from readingroom.curation.roles import ADMINISTRATOR, EDITOR, REVIEWER, ensure_roles
from readingroom.interop.api.views import TWINS, twin_url
from readingroom.interop.models import ApiToken

SITE = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.SEARCH_INDEXER = "off"


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, path, **params) -> list[dict]:
    """Every record of a list, following ``next`` to the end."""
    results, url = [], path
    data = get(client, url, **params)
    while True:
        results += data["results"]
        if data["next"] is None:
            return results
        next_url = urlsplit(data["next"])
        assert f"{next_url.scheme}://{next_url.netloc}" == SITE
        data = get(client, f"{next_url.path}?{next_url.query}")


def json_time(value: dt.datetime) -> str:
    """A datetime as the API writes it (milliseconds, UTC as Z)."""
    text = value.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


# --- A document, exactly -----------------------------------------------------------------


@pytest.fixture
def zhou(records):
    """A published memorandum of June 1957 with every kind of relation, and a draft beside it."""
    document = records.document(
        "Zhou Enlai (周恩来) on Lüshun",
        date="June 1957",
        document_type="memorandum",
        summary="Чжоу Эньлай speaks of Port Arthur.",
        source_citation="AVPRF, f. 0100, op. 50",
        printed_source="Cold War History 3 (2002)",
        rights="Public domain.",
        original_uploaded=dt.date(2011, 11, 3),
        record_id=116980,
    )
    person = records.person("Zhou, Enlai", display_name="Чжоу Эньлай", birth="1898")
    records.link_person(document, person, role="author", uncertain=True)
    records.link_place(document, records.place("Lüshun"), role="mentioned")
    document.topics.add(records.topic("Sino-Soviet Relations", span="1950-1960"))
    records.add_to_collection(records.collection("China and the Bomb"), [document])
    document.original_languages.add(records.language("ru"))
    document.funders.add(records.funder("Carnegie Corporation"))
    records.contribute(document, "David Wolff", "translated")
    rendition = records.rendition(document, "Comrade Zhou said[1] …", notes={"1": "In Russian."})
    related = records.document("A Related Letter", date="1957-06-03", record_id=116981)
    secret = records.draft("A Draft Reply", record_id=116982)
    document.related.add(related, secret)
    document.refresh_from_db()
    return document, rendition


def test_a_document_says_everything_exactly(client, zhou):
    # given a published document with Unicode names and a date known to the month
    document, _ = zhou

    # when its JSON is fetched
    data = get(client, "/api/documents/116980")

    # then every field is there, the date keeps its precision, the draft is not related
    assert data.pop("modified") == json_time(document.modified)
    assert data.pop("published_at") == json_time(document.published_at)
    api, html = f"{SITE}/api", SITE
    assert data == {
        "record_id": 116980,
        "title": "Zhou Enlai (周恩来) on Lüshun",
        "status": "published",
        "date": {
            "edtf": "1957-06",
            "display": "June 1957",
            "start": "1957-06-01",
            "end": "1957-06-30",
            "precision": "month",
            "approximate": False,
        },
        "date_certainty": "certain",
        "date_certainty_note": "",
        "classification": "",
        "classification_level": "",
        "declassified": "",
        "redactions": "",
        "document_type": "memorandum",
        "summary": "Чжоу Эньлай speaks of Port Arthur.",
        "source": {"repository": None, "reference": "", "citation": "AVPRF, f. 0100, op. 50"},
        "printed_source": "Cold War History 3 (2002)",
        "contributors": [{"name": "David Wolff", "role": "translated"}],
        "funders": [{"name": "Carnegie Corporation", "url": ""}],
        "original_languages": [{"code": "ru", "name": "Russian"}],
        "people": [
            {
                "slug": "чжоу-эньлай",
                "name": "Чжоу Эньлай",
                "role": "author",
                "uncertain": True,
                "certainty": "probable",
                "certainty_note": "",
                "urls": {
                    "html": f"{html}/people/{quote('чжоу-эньлай')}",
                    "self": f"{api}/people/{quote('чжоу-эньлай')}",
                },
            }
        ],
        "places": [
            {
                "slug": "lüshun",
                "name": "Lüshun",
                "role": "mentioned",
                "uncertain": False,
                "urls": {
                    "html": f"{html}/places/l%C3%BCshun",
                    "self": f"{api}/places/l%C3%BCshun",
                },
            }
        ],
        "topics": [
            {
                "slug": "sino-soviet-relations-1950-1960",
                "name": "Sino-Soviet Relations, 1950-1960",
                "urls": {
                    "html": f"{html}/topics/sino-soviet-relations-1950-1960",
                    "self": f"{api}/topics/sino-soviet-relations-1950-1960",
                },
            }
        ],
        "collections": [
            {
                "slug": "china-and-the-bomb",
                "name": "China and the Bomb",
                "urls": {
                    "html": f"{html}/collections/china-and-the-bomb",
                    "self": f"{api}/collections/china-and-the-bomb",
                },
            }
        ],
        "related": [
            {
                "record_id": 116981,
                "title": "A Related Letter",
                "date": {
                    "edtf": "1957-06-03",
                    "display": "June 3, 1957",
                    "start": "1957-06-03",
                    "end": "1957-06-03",
                    "precision": "day",
                    "approximate": False,
                },
                "urls": {"html": f"{html}/document/116981", "self": f"{api}/documents/116981"},
            }
        ],
        "relations": [],
        "rights": "Public domain.",
        "citation": '"Zhou Enlai (周恩来) on Lüshun", June 1957, Wilson Center Digital Archive,'
        " AVPRF, f. 0100, op. 50. Translated by David Wolff.",
        "original_uploaded": "2011-11-03",
        "renditions": [
            {
                "kind": "translation",
                "language": {"code": "en", "name": "English"},
                "text": "Comrade Zhou said[1] …",
                "translator": None,
                "footnotes": [{"label": "1", "text": "In Russian."}],
                "files": [],
            }
        ],
        "urls": {"html": f"{html}/document/116980", "self": f"{api}/documents/116980"},
    }


def test_the_json_is_utf8_as_written(client, zhou):
    content = client.get("/api/documents/116980").content.decode()
    assert "周恩来" in content
    assert "\\u" not in content


def test_drafts_are_not_found_listed_or_counted(client, records):
    # given a draft and a document in review, both linked to a person and a topic
    person, topic = records.person("Stalin, Joseph"), records.topic("Korean War")
    published = records.document("Published Letter")
    for document in (published, records.draft(), records.document("Pending", status="review")):
        records.link_person(document, person)
        document.topics.add(topic)

    # then neither is found, listed or counted
    drafts = Document.objects.exclude(status="published")
    for draft in drafts:
        assert client.get(f"/api/documents/{draft.record_id}").status_code == 404
    listed = [d["record_id"] for d in walk(client, "/api/documents")]
    assert listed == [published.record_id]
    assert get(client, f"/api/people/{person.slug}")["document_count"] == 1
    assert get(client, "/api/topics")["results"][0]["document_count"] == 1


# --- Lists and filters -------------------------------------------------------------------


@pytest.fixture
def library(records):
    """Five documents, each findable by one filter."""
    made = {
        "letter": records.document("Letter", date="1950-03-02", document_type="letter"),
        "june": records.document("June", date="1957-06", document_type="memorandum"),
        "year": records.document("Year", date="1957", document_type="memorandum"),
        "span": records.document("Span", date="1955/1956", document_type="report"),
        "undated": records.document("Undated", date=None, document_type="note"),
    }
    records.link_person(made["letter"], records.person("Mao, Zedong"), role="recipient")
    records.link_place(made["june"], records.place("Lüshun"))
    made["year"].topics.add(records.topic("Nuclear History"))
    records.add_to_collection(records.collection("Bomb"), [made["span"], made["letter"]])
    made["undated"].original_languages.add(records.language("zh"))
    return made


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["june", "year", "span", "letter", "undated"]),
        ({"person": "mao-zedong"}, ["letter"]),
        ({"place": "lüshun"}, ["june"]),
        ({"topic": "nuclear-history"}, ["year"]),
        ({"collection": "bomb"}, ["span", "letter"]),
        ({"language": "zh"}, ["undated"]),
        ({"document_type": "memorandum"}, ["june", "year"]),
        ({"document_type": ["letter", "note"]}, ["letter", "undated"]),
        ({"date_from": "1957-06"}, ["june", "year"]),
        ({"date_from": "1957-07"}, ["year"]),
        ({"date_to": "1956"}, ["span", "letter"]),
        ({"date_from": "1956-12", "date_to": "1957-05"}, ["year", "span"]),
        ({"sort": "date"}, ["letter", "span", "year", "june", "undated"]),
        ({"person": "nobody"}, []),
    ],
    ids=[
        "all-newest-first",
        "person",
        "place-unicode-slug",
        "topic",
        "collection",
        "language",
        "type",
        "two-types",
        "from-month",
        "from-month-after-june",
        "to-year",
        "range-overlaps",
        "oldest-first",
        "unknown-slug",
    ],
)
def test_list_filters(client, library, params, expected):
    titles = [d["title"] for d in walk(client, "/api/documents", **params)]
    assert titles == [library[name].title for name in expected]


def test_modified_since_lists_what_changed(client, library):
    before = timezone.now() - dt.timedelta(hours=1)
    Document.objects.filter(pk=library["letter"].pk).update(modified=before)
    since = (before + dt.timedelta(minutes=1)).isoformat()

    titles = {d["title"] for d in walk(client, "/api/documents", modified_since=since)}

    assert titles == {"June", "Year", "Span", "Undated"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "June 31, 1957"}, "date_from"),
        ({"date_to": "soon"}, "date_to"),
        ({"limit": "101"}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"sort": "title"}, "sort"),
        ({"document_type": "poem"}, "document_type"),
    ],
    ids=["impossible-day", "not-a-date", "limit-too-large", "bad-cursor", "unknown-sort", "type"],
)
def test_bad_parameters_are_named(client, db, params, field):
    response = client.get("/api/documents", params)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][0] == "query" and field in error["loc"]


@pytest.mark.parametrize("sort", ["-date", "date", "modified", "record_id"])
def test_cursor_pagination_sees_everything_once_despite_inserts(client, records, sort):
    # given 23 documents, some sharing a date and some undated
    made = records.documents(15) + [records.document(f"Same day {i}") for i in range(5)]
    made += [records.document(f"Undated {i}", date=None) for i in range(3)]

    # when a client walks the list in pages of 4, while documents are added midway
    seen, data = [], get(client, "/api/documents", sort=sort, limit=4)
    while True:
        seen += [d["record_id"] for d in data["results"]]
        if len(seen) == 8:
            records.document("Added meanwhile", date="1950-01-05")
            records.document("Added undated", date=None)
        if not data["next"]:
            break
        assert len(data["results"]) == 4
        data = get(client, urlsplit(data["next"]).path + "?" + urlsplit(data["next"]).query)

    # then every document present throughout is seen exactly once
    assert len(seen) == len(set(seen))
    assert {d.record_id for d in made} <= set(seen)


def test_a_cursor_of_another_sort_is_refused(client, records):
    records.documents(3)
    following = get(client, "/api/documents", limit=1, sort="date")["next"]
    cursor = urlsplit(following).query.split("cursor=")[1]

    response = client.get("/api/documents", {"cursor": cursor, "sort": "-date"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_entity_lists_walk_with_counts(client, records):
    # (published in their own right: people no published document names are not public)
    people = [
        records.person(f"Person, {name}", published=True)
        for name in ("Ana", "Бела", "Cao", "Dai", "周")
    ]
    document = records.document()
    records.link_person(document, people[1], role="author")
    records.link_person(document, people[1], role="mentioned")

    listed = walk(client, "/api/people", limit=2)

    assert [(p["sort_name"], p["document_count"]) for p in listed] == sorted(
        [(p.sort_name, 1 if p == people[1] else 0) for p in people]
    )
    assert listed[0]["urls"]["documents"] == f"{SITE}/api/documents?person=person-ana"


@pytest.mark.parametrize(
    ("maker", "path", "name_field", "expected_name"),
    [
        ("place", "places", "name", "Lüshun"),
        ("topic", "topics", "label", "Korean War, 1950-1953"),
        ("collection", "collections", "name", "Ostpolitik"),
    ],
    ids=["place", "topic", "collection"],
)
def test_entity_detail(client, records, maker, path, name_field, expected_name):
    kwargs = {"span": "1950-1953"} if maker == "topic" else {}
    entity = getattr(records, maker)(expected_name.split(",")[0], **kwargs)
    document, draft = records.document(), records.draft()
    if maker == "place":
        records.link_place(document, entity)
        records.link_place(draft, entity)
    elif maker == "topic":
        records.tag(document, entity)
        records.tag(draft, entity)
    else:
        records.add_to_collection(entity, [document, draft])

    data = get(client, f"/api/{path}/{entity.slug}")

    assert data[name_field] == expected_name
    assert data["document_count"] == 1
    assert data["urls"]["html"] == SITE + entity.get_absolute_url()
    assert client.get(f"/api/{path}/no-such-thing").status_code == 404


# --- Query counts ------------------------------------------------------------------------


def linked_documents(records, count: int) -> None:
    person, place, topic = records.person(), records.place(), records.topic()
    for document in records.documents(count):
        records.link_person(document, person)
        records.link_place(document, place)
        document.topics.add(topic)
        records.rendition(document, "Text[1]", notes={"1": "A note."})
        records.contribute(document, "David Wolff", "translated")


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", ["/api/documents?limit=100", "/api/people", "/api/topics", "/api/places"]
)
def test_query_counts_do_not_grow_with_the_page(client, records, path):
    linked_documents(records, 2)
    few = queries_for(client, path)
    linked_documents(records, 12)
    assert queries_for(client, path) == few


def test_a_documents_queries_do_not_grow_with_its_relations(client, records):
    def document_with(n: int) -> int:
        document = records.document()
        for _ in range(n):
            records.link_person(document, records.person())
            records.link_place(document, records.place())
            document.topics.add(records.topic())
            records.rendition(document, "Text", notes={"1": "a", "2": "b"})
            document.related.add(records.document())
        return queries_for(client, f"/api/documents/{document.record_id}")

    assert document_with(1) == document_with(6)


# --- Writes ------------------------------------------------------------------------------


def token_of(role: str) -> str:
    """A token of a user with this back-office role (Editor, Reviewer, Administrator)."""
    user = User.objects.create_user(role.lower())
    user.groups.add(ensure_roles()[role])
    return ApiToken.issue(user)


@pytest.fixture
def editor(db):
    return token_of(EDITOR)


@pytest.fixture
def reviewer(db):
    return token_of(REVIEWER)


@pytest.fixture
def administrator(db):
    return token_of(ADMINISTRATOR)


@pytest.fixture
def reader_token(db):
    return ApiToken.issue(User.objects.create_user("reader"))


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def write(client, method: str, path: str, token: str | None, body=None):
    headers = bearer(token) if token else {}
    return getattr(client, method)(path, body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/documents"), ("patch", "/api/documents/1"), ("delete", "/api/documents/1")],
    ids=["create", "update", "delete"],
)
def test_writes_need_a_token_and_a_permission(client, records, reader_token, method, path):
    records.document("Untouched", record_id=1)
    body = {"title": "Changed"}

    assert write(client, method, path, None, body).status_code == 401
    assert write(client, method, path, "made-up-token", body).status_code == 401
    refused = write(client, method, path, reader_token, body)
    assert refused.status_code == 403
    assert "Editor" in refused.json()["detail"]
    assert list(Document.objects.values_list("title", flat=True)) == ["Untouched"]
    assert not DocumentChange.objects.exists()


def test_each_role_writes_what_the_role_table_allows(
    client, editor, reviewer, administrator, records
):
    topic = records.topic("Korean War")
    records.language("ru")

    # when an editor creates a draft
    created = write(
        client,
        "post",
        "/api/documents",
        editor,
        {
            "title": "Письмо",
            "date": "June 3, 1957",
            "topics": [topic.slug],
            "original_languages": ["ru"],
        },
    )
    assert created.status_code == 201, created.content
    data = created.json()
    record_id = data["record_id"]
    assert (data["status"], data["date"]["edtf"], data["topics"][0]["slug"]) == (
        "draft",
        "1957-06-03",
        "korean-war",
    )
    assert client.get(f"/api/documents/{record_id}").status_code == 404  # still a draft

    # and tries to publish it: only a Reviewer may
    refused = write(client, "patch", f"/api/documents/{record_id}", editor, {"status": "published"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only a Reviewer or above may publish a document (draft → published)."
    )
    assert client.get(f"/api/documents/{record_id}").status_code == 404

    # when a reviewer publishes it with a date known to the year
    body = {"status": "published", "date": "1957"}
    updated = write(client, "patch", f"/api/documents/{record_id}", reviewer, body)
    assert updated.status_code == 200, updated.content
    public = get(client, f"/api/documents/{record_id}")
    assert (public["title"], public["date"]["precision"]) == ("Письмо", "year")
    assert public["original_languages"] == [{"code": "ru", "name": "Russian"}]
    # the step is in the workflow's history, by the reviewer
    event = WorkflowEvent.objects.get(record_id=record_id)
    assert (event.from_status, event.to_status, event.user.username) == (
        "draft",
        "published",
        "reviewer",
    )

    # and only an administrator may delete it, to the trash
    deleting = f"/api/documents/{record_id}"
    assert write(client, "delete", deleting, reviewer).status_code == 403
    assert write(client, "delete", deleting, administrator).status_code == 204
    assert not Document.objects.filter(record_id=record_id).exists()
    assert TrashedDocument.objects.get().record_id == record_id

    # then each write left its note in the outbox, and its revision
    notes = DocumentChange.objects.values_list("record_id", "deleted")
    assert list(notes) == [(record_id, False), (record_id, False), (record_id, True)]
    summaries = [r.summary for r in Revision.objects.filter(object_id=record_id).order_by("pk")]
    assert summaries == ["Created", "Changed date, status and published_at", "Moved to the trash"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "New title", "date": "June 31, 1957"}, "date"),
        ({"title": "New title", "document_type": "poem"}, "document_type"),
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"title": "New title", "topics": ["no-such-topic"]}, "topics"),
        ({"title": "New title", "original_languages": ["xx"]}, "original_languages"),
        ({"title": "New title", "colour": "red"}, "colour"),
        ({"title": "New title", "status": "secret"}, "status"),
        ({"source_reference": "x" * 501}, "source_reference"),
        ({"summary": "a\x00b"}, "summary"),
    ],
    ids=[
        "impossible-date",
        "unknown-type",
        "empty-title",
        "null-title",
        "unknown-topic",
        "unknown-language",
        "unknown-field",
        "unknown-status",
        "too-long",
        "nul-character",
    ],
)
def test_bad_input_is_refused_by_field_and_changes_nothing(client, editor, records, body, field):
    document = records.draft("Old title", date="1956-01-15")
    document.topics.add(records.topic("Kept"))
    before = Document.objects.values().get(pk=document.pk)

    response = write(client, "patch", f"/api/documents/{document.record_id}", editor, body)

    assert response.status_code == 422, response.content
    assert field in [error["loc"][-1] for error in response.json()["detail"]]
    assert Document.objects.values().get(pk=document.pk) == before
    assert list(Topic.objects.filter(documents=document).values_list("name", flat=True)) == ["Kept"]
    assert not DocumentChange.objects.exists()


def test_creating_needs_a_title_and_a_free_record_id(client, editor, records):
    records.document("Taken", record_id=7)

    missing = write(client, "post", "/api/documents", editor, {"date": "1957"})
    taken = write(client, "post", "/api/documents", editor, {"title": "Mine", "record_id": 7})

    assert (missing.status_code, missing.json()["detail"][0]["loc"][-1]) == (422, "title")
    assert (taken.status_code, taken.json()["detail"][0]["loc"][-1]) == (422, "record_id")
    assert Document.objects.count() == 1


def test_the_token_command_prints_a_token_that_is_stored_hashed(client, db):
    User.objects.create_superuser("chief", password="x")
    out = io.StringIO()

    call_command("api_token", "chief", stdout=out)

    key = out.getvalue().strip()
    assert len(key) >= 40
    token = ApiToken.objects.get()
    assert key not in (token.digest, token.prefix) and token.prefix == key[:8]
    response = write(client, "post", "/api/documents", key, {"title": "By the chief"})
    assert response.status_code == 201
    ApiToken.objects.update(last_used=None)
    assert ApiToken.user_for(key).username == "chief"


# --- Description, docs, twins ------------------------------------------------------------


def test_the_openapi_description_lists_every_endpoint(client, db):
    description = get(client, "/api/openapi.json")
    assert description["openapi"].startswith("3.")
    assert sorted(description["paths"]) == [
        "/api/collections",
        "/api/collections/{slug}",
        "/api/documents",
        "/api/documents/{record_id}",
        "/api/people",
        "/api/people/{slug}",
        "/api/places",
        "/api/places/{slug}",
        "/api/search",
        "/api/threads/{record_id}",
        "/api/topics",
        "/api/topics/{slug}",
    ]
    assert sorted(description["paths"]["/api/documents"]) == ["get", "post"]


def test_the_docs_page_loads_nothing_from_elsewhere(client, db):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "//" not in html.replace("<!DOCTYPE html>", "")
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize("page", sorted(TWINS), ids=sorted(TWINS))
def test_every_reader_page_has_a_json_twin(client, records, page):
    args = []
    if page.endswith("-detail"):
        kind = page.split(":")[1].removesuffix("-detail")
        is_document = kind in ("document", "thread")
        entity = records.document() if is_document else getattr(records, kind)(published=True)
        args = [entity.record_id if is_document else entity.slug]
    assert client.get(reverse(page, args=args)).status_code == 200
    assert client.get(twin_url(page, *args)).status_code == 200


def test_search_finds_published_documents(client, records, settings, tmp_path):
    from readingroom.search.indexer import build_generation

    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    records.document("Isotopes for Peking", record_id=5)
    records.draft("Isotopes, secretly", record_id=6)
    build_generation(settings.SEARCH_INDEX_DIR)

    data = get(client, "/api/search", q="isotopes")

    assert [(r["record_id"], r["urls"]["self"]) for r in data["results"]] == [
        (5, f"{SITE}/api/documents/5")
    ]
    assert (data["ready"], data["total"], data["next"]) == (True, 1, None)
