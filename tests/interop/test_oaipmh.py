"""OAI-PMH 2.0 at /oai: every verb, every error, sets, dates, deletions, and a real harvester.

Every response is validated against the official OAI-PMH and oai_dc schemas
(../shared/schemas/oai-pmh). Identifiers are oai:127.0.0.1:<record_id>, from the default
SITE_URL.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from sickle import Sickle
from sickle.iterator import OAIResponseIterator

from readingroom.archive.actions.counts import recount_all
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Contributor,
    Document,
    DocumentContribution,
    Language,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    Rendition,
    Repository,
    Topic,
    note_changed,
    note_deleted,
)
from readingroom.interop.oaipmh import repository as records

from .xml_schemas import assert_valid, oai_pmh_schema

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
PUBLISHED = Document.Status.PUBLISHED
DRAFT = Document.Status.DRAFT


@pytest.fixture
def schema(shared_dir):
    return oai_pmh_schema(shared_dir)


@pytest.fixture
def oai(client, schema):
    """GET /oai with these arguments; the response, validated, as an lxml root."""

    def get(**arguments):
        response = client.get("/oai", arguments)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        return assert_valid(schema, response.content)

    return get


def identifier(record_id: int) -> str:
    return f"oai:127.0.0.1:{record_id}"


def texts(root, path: str) -> list[str]:
    return [element.text for element in root.xpath(path, namespaces=NS)]


def error_code(root) -> str:
    return root.xpath("string(oai:error/@code)", namespaces=NS)


def make_document(record_id: int, status=PUBLISHED, **fields) -> Document:
    fields.setdefault("title", f"Document {record_id}")
    return Document.objects.create(record_id=record_id, status=status, **fields)


@pytest.fixture
def letter(db):
    """A published letter with every relation Dublin Core maps."""
    russian = Language.objects.create(code="ru", name="Russian")
    english = Language.objects.create(code="en", name="English")
    chinese = Language.objects.create(code="zh", name="Chinese")
    document = make_document(
        110398,
        title="Letter from Mao Zedong to Filippov [Stalin]",
        date="1950-10",
        document_type=Document.Type.LETTER,
        summary="Mao on the Chinese People's Volunteers.",
        source_repository=Repository.objects.create(name="APRF"),
        source_reference="f. 45, op. 1, d. 334",
        printed_source="Cold War International History Project Bulletin 6-7",
        rights="Public domain.",
    )
    document.original_languages.set([chinese])
    Rendition.objects.create(document=document, kind="translation", language=english)
    Rendition.objects.create(document=document, kind="transcript", language=russian)
    mao = Person.objects.create(sort_name="Mao, Zedong", display_name="Mao Zedong")
    stalin = Person.objects.create(sort_name="Stalin, Joseph", display_name="Joseph Stalin")
    PersonDocumentRelation.objects.create(person=mao, document=document, role="author")
    PersonDocumentRelation.objects.create(person=stalin, document=document, role="recipient")
    lushun = Place.objects.create(name="Lüshun")
    PlaceDocumentRelation.objects.create(place=lushun, document=document, role="mentioned")
    PlaceDocumentRelation.objects.create(place=lushun, document=document, role="origin")
    DocumentContribution.objects.create(
        document=document,
        contributor=Contributor.objects.create(name="Shen Zhihua"),
        role="translated",
    )
    topic = Topic.objects.create(name="Korean War", span="1950-1953")
    document.topics.add(topic)
    CollectionItem.objects.create(
        collection=Collection.objects.create(name="周恩来 papers"), document=document
    )
    document.related.add(make_document(110399), make_document(110400, status=DRAFT))
    recount_all()  # as the domain actions keep the counts
    return document


def test_get_record_maps_the_document_to_dublin_core(oai, letter):
    # when the letter is asked for as oai_dc
    root = oai(verb="GetRecord", identifier=identifier(110398), metadataPrefix="oai_dc")
    # then every element carries what the record says, Unicode kept, drafts unlinked
    dc = root.xpath("//oai:metadata/*", namespaces=NS)[0]
    pairs = [(etree.QName(element).localname, element.text) for element in dc]
    assert pairs == [
        ("title", "Letter from Mao Zedong to Filippov [Stalin]"),
        ("creator", "Mao, Zedong"),
        ("subject", "Korean War, 1950-1953"),
        ("description", "Mao on the Chinese People's Volunteers."),
        ("publisher", "Wilson Center Digital Archive"),
        ("contributor", "Shen Zhihua (translated)"),
        ("date", "1950-10"),
        ("type", "Text"),
        ("type", "Letter"),
        ("identifier", "http://127.0.0.1:8000/document/110398"),
        ("identifier", "oai:127.0.0.1:110398"),
        ("source", "APRF, f. 45, op. 1, d. 334"),
        ("source", "Cold War International History Project Bulletin 6-7"),
        ("language", "zh"),
        ("language", "en"),
        ("language", "ru"),
        ("relation", "http://127.0.0.1:8000/document/110399"),
        ("coverage", "Lüshun"),
        ("rights", "Public domain."),
    ]
    assert texts(root, "//oai:header/oai:setSpec") == [
        "collection:xn---papers-zj4lf60g4pp",
        "topic:korean-war-1950-1953",
    ]


def test_identify_describes_the_repository(oai, letter):
    root = oai(verb="Identify")
    identify = root.xpath("oai:Identify", namespaces=NS)[0]
    assert texts(identify, "oai:repositoryName") == ["Reading Room Digital Archive"]
    assert texts(identify, "oai:baseURL") == ["http://127.0.0.1:8000/oai"]
    assert texts(identify, "oai:adminEmail") == ["webmaster@127.0.0.1"]
    assert texts(identify, "oai:deletedRecord") == ["persistent"]
    assert texts(identify, "oai:granularity") == ["YYYY-MM-DDThh:mm:ssZ"]
    earliest = Document.objects.order_by("modified").first().modified
    assert texts(identify, "oai:earliestDatestamp") == [earliest.strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert root.xpath("oai:request/@verb", namespaces=NS) == ["Identify"]


def test_list_metadata_formats_offers_oai_dc(oai, letter):
    for arguments in ({}, {"identifier": identifier(110398)}):
        root = oai(verb="ListMetadataFormats", **arguments)
        assert texts(root, "//oai:metadataPrefix") == ["oai_dc"]
        assert texts(root, "//oai:metadataNamespace") == [
            "http://www.openarchives.org/OAI/2.0/oai_dc/"
        ]


def test_list_sets_names_collections_then_topics(oai, letter):
    root = oai(verb="ListSets")
    assert texts(root, "//oai:setSpec") == [
        "collection:xn---papers-zj4lf60g4pp",
        "topic:korean-war-1950-1953",
    ]
    assert texts(root, "//oai:setName") == ["周恩来 papers", "Korean War, 1950-1953"]


def test_a_punycode_set_spec_comes_back_to_its_slug():
    assert records.parse_set_spec(records.set_spec("collection", "周恩来-papers")) == (
        "collection",
        "周恩来-papers",
    )


@pytest.mark.parametrize(
    ("set_spec", "expected"),
    [
        ("topic:korean-war-1950-1953", [110398]),
        ("collection:xn---papers-zj4lf60g4pp", [110398]),
        ("topic:no-such-topic", None),
        ("nonsense", None),
    ],
    ids=["topic", "unicode-collection", "unknown-set", "malformed-set"],
)
def test_sets_select_their_documents(oai, letter, set_spec, expected):
    root = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set=set_spec)
    if expected is None:
        assert error_code(root) == "noRecordsMatch"
    else:
        assert texts(root, "//oai:identifier") == [identifier(i) for i in expected]


def set_modified(record_id: int, moment: dt.datetime) -> None:
    # auto_now cannot be told the time: update() writes the column as it is given.
    Document.objects.filter(record_id=record_id).update(modified=moment)


@pytest.fixture
def dated(db):
    """Three published documents last modified on three days of May 2024."""
    for record_id, day in [(1, 1), (2, 2), (3, 3)]:
        make_document(record_id)
        set_modified(record_id, dt.datetime(2024, 5, day, 12, 0, 0, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"from": "2024-05-02"}, [2, 3]),
        ({"until": "2024-05-02"}, [1, 2]),
        ({"from": "2024-05-02", "until": "2024-05-02"}, [2]),
        ({"from": "2024-05-02T12:00:00Z"}, [2, 3]),
        ({"from": "2024-05-02T12:00:01Z"}, [3]),
        ({"until": "2024-05-02T11:59:59Z"}, [1]),
        ({"until": "2024-05-02T12:00:00Z"}, [1, 2]),
    ],
    ids=[
        "from-day",
        "until-day",
        "one-day",
        "from-second",
        "after-second",
        "until-before",
        "until-second",
    ],
)
def test_from_and_until_select_by_last_modification(oai, dated, arguments, expected):
    root = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **arguments)
    assert texts(root, "//oai:identifier") == [identifier(i) for i in expected]
    assert texts(root, "//oai:datestamp")[0] == f"2024-05-0{expected[0]}T12:00:00Z"


def test_a_draft_never_appears(oai, letter):
    # given a draft that was edited in the admin (so the outbox knows it)
    make_document(7, status=DRAFT)
    note_changed([7])
    # then no list shows it, and asking for it finds nothing
    for verb in ("ListIdentifiers", "ListRecords"):
        root = oai(verb=verb, metadataPrefix="oai_dc")
        assert identifier(7) not in texts(root, "//oai:identifier")
    root = oai(verb="GetRecord", identifier=identifier(7), metadataPrefix="oai_dc")
    assert error_code(root) == "idDoesNotExist"


def test_deleted_and_unpublished_documents_are_reported_deleted(oai, letter):
    # given one document deleted and one unpublished, as the admin does it
    make_document(5)
    Document.objects.filter(record_id=5).delete()
    note_deleted([5])
    unpublished = make_document(6)
    unpublished.status = DRAFT
    unpublished.save()
    note_changed([6])
    # then both come as deleted headers, dated by their latest change
    root = oai(verb="ListRecords", metadataPrefix="oai_dc")
    deleted = root.xpath("//oai:header[@status='deleted']", namespaces=NS)
    assert [texts(header, "oai:identifier")[0] for header in deleted] == [
        identifier(5),
        identifier(6),
    ]
    assert not root.xpath("//oai:record[oai:header/@status='deleted']/oai:metadata", namespaces=NS)
    root = oai(verb="GetRecord", identifier=identifier(5), metadataPrefix="oai_dc")
    assert root.xpath("//oai:header/@status", namespaces=NS) == ["deleted"]
    # and the unpublished one still belongs to its topic
    letter.topics.first().documents.add(unpublished)
    root = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="topic:korean-war-1950-1953")
    assert texts(root, "//oai:identifier") == [identifier(110398), identifier(6)]


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "ListEverything"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "set": "topic:x"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "May 2024"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2024-02-30"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-05-03",
                "until": "2024-05-01",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2024-05-01",
                "until": "2024-05-03T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
            "badArgument",
        ),
        ({"verb": "GetRecord", "identifier": identifier(110398)}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        (
            {"verb": "GetRecord", "identifier": identifier(110398), "metadataPrefix": "mods"},
            "cannotDisseminateFormat",
        ),
        (
            {"verb": "GetRecord", "identifier": identifier(999), "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        (
            {"verb": "GetRecord", "identifier": "oai:elsewhere:110398", "metadataPrefix": "oai_dc"},
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": identifier(999)}, "idDoesNotExist"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2099-01-01"},
            "noRecordsMatch",
        ),
    ],
    ids=[
        "no-verb",
        "unknown-verb",
        "repeated-verb",
        "illegal-argument",
        "missing-prefix",
        "repeated-argument",
        "bad-date",
        "impossible-date",
        "from-after-until",
        "mixed-granularity",
        "token-not-exclusive",
        "get-record-without-prefix",
        "forged-token",
        "list-sets-token",
        "unknown-format",
        "get-record-unknown-format",
        "unknown-identifier",
        "another-repository",
        "formats-of-unknown-identifier",
        "nothing-in-range",
    ],
)
def test_errors(client, schema, letter, arguments, code):
    response = client.get("/oai", arguments)
    root = assert_valid(schema, response.content)
    assert error_code(root) == code
    # after badVerb and badArgument, <request> repeats no argument
    echoed = root.xpath("oai:request/@*", namespaces=NS)
    assert (echoed == []) == (code in {"badVerb", "badArgument"})


def test_a_token_for_another_verb_is_refused(oai, db, settings):
    # given a list split in pages
    settings.OAI_PAGE_SIZE = 1
    make_document(1), make_document(2)
    root = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = texts(root, "//oai:resumptionToken")[0]
    # then its token goes on with ListIdentifiers only
    assert error_code(oai(verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert texts(oai(verb="ListIdentifiers", resumptionToken=token), "//oai:identifier") == [
        identifier(2)
    ]


def test_no_sets_is_no_set_hierarchy(oai, db):
    assert error_code(oai(verb="ListSets")) == "noSetHierarchy"


def test_post_is_answered_like_get(client, schema, letter):
    response = client.post("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    root = assert_valid(schema, response.content)
    assert texts(root, "//oai:identifier") == [identifier(110398), identifier(110399)]


def test_a_page_costs_the_same_queries_for_few_or_many_documents(client, letter, settings):
    # given a page of 2 documents, then one of 40 with the same relations
    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
        assert response.status_code == 200
        return len(captured)

    few = queries_for_a_page()
    topic = Topic.objects.get()
    for record_id in range(1, 39):
        make_document(record_id).topics.add(topic)
    # then a page costs the same, however many records it holds
    assert queries_for_a_page() == few


@pytest.fixture
def archive_of_250(transactional_db):
    """250 published documents, 5 drafts, 3 deleted: enough for three pages of 100."""
    now = timezone.now()
    documents = [
        Document(record_id=n, title=f"Document {n}", status=PUBLISHED, modified=now)
        for n in range(1, 251)
    ] + [Document(record_id=n, title=f"Draft {n}", status=DRAFT) for n in range(301, 306)]
    for document in documents:
        document.sync_derived()
    Document.objects.bulk_create(documents)
    for record_id in (1001, 1002, 1003):
        make_document(record_id)
    Document.objects.filter(record_id__in=[1001, 1002, 1003]).delete()
    note_deleted([1001, 1002, 1003])


def test_sickle_harvests_every_record_once_through_resumption_tokens(
    live_server, archive_of_250, schema
):
    # when a real harvester lists everything, page by page
    pager = Sickle(live_server.url + "/oai", iterator=OAIResponseIterator)
    pages = list(pager.ListRecords(metadataPrefix="oai_dc"))
    # then there were three pages, each valid, with a cursor where the last page ended
    assert len(pages) == 3
    for page in pages:
        assert_valid(schema, page.raw.encode())
    tokens = [page.xml.find(".//{*}resumptionToken") for page in pages]
    assert [(t.get("cursor"), t.get("completeListSize")) for t in tokens] == [
        ("0", "253"),
        ("100", "253"),
        ("200", "253"),
    ]
    assert tokens[-1].text is None
    # and every published document came once, the deleted ones as deleted, no draft
    sickle = Sickle(live_server.url + "/oai")
    harvested = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    ids = [record.header.identifier for record in harvested]
    assert len(ids) == len(set(ids)) == 253
    assert set(ids) == {identifier(n) for n in [*range(1, 251), 1001, 1002, 1003]}
    deleted = sorted(record.header.identifier for record in harvested if record.header.deleted)
    assert deleted == [identifier(1001), identifier(1002), identifier(1003)]
    titles = {
        record.header.identifier: record.metadata["title"]
        for record in harvested
        if not record.header.deleted
    }
    assert titles[identifier(250)] == ["Document 250"]


def test_changes_during_a_harvest_neither_repeat_nor_get_lost(live_server, archive_of_250):
    # given a harvest that has read its first page
    pager = Sickle(live_server.url + "/oai", iterator=OAIResponseIterator)
    pages = pager.ListIdentifiers(metadataPrefix="oai_dc")
    first = next(pages)
    first_ids = [e.text for e in first.xml.iterfind(".//{*}header/{*}identifier")]
    response_date = first.xml.find("{*}responseDate").text
    # when a harvested document and a not yet harvested one are edited meanwhile
    seen, unseen = (int(first_ids[0].rsplit(":", 1)[1]), 250)
    for record_id in (seen, unseen):
        Document.objects.get(record_id=record_id).save()
    rest = [e.text for page in pages for e in page.xml.iterfind(".//{*}header/{*}identifier")]
    # then this harvest repeats nothing, and the next one, from its responseDate, brings both
    ids = first_ids + rest
    assert len(ids) == len(set(ids))
    assert identifier(unseen) not in ids
    later = Sickle(live_server.url + "/oai").ListIdentifiers(
        metadataPrefix="oai_dc", **{"from": response_date}
    )
    assert {identifier(seen), identifier(unseen)} <= {header.identifier for header in later}
