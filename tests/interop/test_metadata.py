"""Embedded metadata: meta tags, COinS and schema.org JSON-LD, as extruct and Zotero read them."""

import gzip
import json
from urllib.parse import parse_qsl

import extruct
import pytest
from django.template import Context, Template

from readingroom.archive.models import Collection, Person, Place
from readingroom.interop import metadata

from .citation_records import SEED_TITLE, circa_document, month_document, seed_document

PERMALINK = "http://127.0.0.1:8000/document/110398"
PAGE = Template(
    "<!DOCTYPE html><html><head><title>t</title>"
    '{% include "interop/_document_head.html" %}</head>'
    '<body>{% include "interop/_citations.html" %}</body></html>'
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def seed(db):
    return seed_document()


def _page(document) -> str:
    return PAGE.render(Context({"document": document}))


def test_extruct_finds_title_date_authors_archive_and_url(seed):
    data = extruct.extract(
        _page(seed), base_url=PERMALINK, syntaxes=["json-ld", "dublincore"], uniform=True
    )

    (record,) = data["json-ld"]
    assert record["@type"] == "ArchiveComponent"
    assert record["name"] == SEED_TITLE
    assert record["dateCreated"] == "1956-01-15"
    assert [author["name"] for author in record["author"]] == ["Mao Zedong"]
    assert record["holdingArchive"]["name"] == "Wilson Center Digital Archive"
    assert record["url"] == PERMALINK
    dublin_core = {
        element["URI"].removeprefix("http://purl.org/dc/elements/1.1/"): element["content"]
        for element in data["dublincore"][0]["elements"]
    }
    assert dublin_core["title"] == SEED_TITLE
    assert dublin_core["date"] == "1956-01-15"
    assert dublin_core["creator"] == "Mao, Zedong"
    assert dublin_core["publisher"] == "Wilson Center Digital Archive"
    assert dublin_core["identifier"] == PERMALINK


def test_highwire_tags_are_what_scholar_and_zotero_read(seed):
    assert metadata.highwire_tags(seed) == [
        ("citation_title", SEED_TITLE),
        ("citation_author", "Mao, Zedong"),
        ("citation_date", "1956/01/15"),
        ("citation_language", "ru"),
        ("citation_abstract", seed.summary),
        ("citation_public_url", PERMALINK),
    ]


@pytest.mark.parametrize(
    ("make", "date", "dc_type"),
    [
        (seed_document, "1956/01/15", "letter"),
        (month_document, "1957/06", "manuscript"),
        (circa_document, "1959", "manuscript"),
    ],
    ids=["letter-day", "memorandum-month", "report-circa"],
)
def test_dates_keep_precision_and_dc_type_is_zoteros_item_type(db, make, date, dc_type):
    document = make()

    assert dict(metadata.highwire_tags(document))["citation_date"] == date
    assert dict(metadata.dublin_core_tags(document))["DC.type"] == dc_type


def test_the_head_partial_prints_every_meta_tag_escaped(db):
    document = month_document(summary='He said "no" & <left>.')

    html = _page(document)

    assert '<meta name="DC.type" content="manuscript">' in html
    assert '<meta name="citation_title" content="Zhou Enlai (周恩来) on the Soviet' in html
    assert 'content="He said &quot;no&quot; &amp; &lt;left&gt;."' in html
    assert '<link rel="alternate" type="application/x-bibtex" href="/document/116980.bib"' in html


def test_coins_carries_a_dublin_core_context_object_with_rft_title(seed):
    pairs = parse_qsl(metadata.coins(seed))

    assert pairs == [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rfr_id", "info:sid/127.0.0.1:8000"),
        ("rft.type", "letter"),
        ("rft.title", SEED_TITLE),
        ("rft.au", "Mao, Zedong"),
        ("rft.date", "1956-01-15"),
        ("rft.language", "ru"),
        ("rft.description", seed.summary),
        ("rft.rights", seed.rights),
        ("rft.identifier", PERMALINK),
    ]
    assert "rft.btitle" not in dict(pairs)


def test_the_citations_partial_shows_every_style_and_download(seed, citeproc_js):
    html = _page(seed)

    assert '<h2 id="citation-heading">Citation</h2>' in html
    assert seed.citation.replace('"', "&quot;") in html
    for label in ["Chicago, note", "Chicago, bibliography", "MLA", "APA"]:
        assert f">{label}</dt>" in html
    for href in ["/document/110398.bib", "/document/110398.ris", "/document/110398.csl.json"]:
        assert f'href="{href}"' in html
    assert '<span class="Z3988" title="ctx_ver=Z39.88-2004&amp;' in html
    # and what leads Zotero to the RIS record: the unAPI server and the record's ID
    assert '<link rel="unapi-server" type="application/xml" title="unAPI" href="/unapi">' in html
    assert '<abbr class="unapi-id" title="110398"></abbr>' in html


def test_without_node_the_partial_keeps_the_archives_citation_and_downloads(seed, settings):
    settings.CITATIONS_NODE = "off"

    html = _page(seed)

    assert seed.citation.replace('"', "&quot;") in html
    assert "<dt" not in html
    assert "Chicago, MLA and APA are not available on this server" in html
    assert 'href="/document/110398.ris"' in html


def test_jsonld_cannot_close_its_script_early(db):
    document = month_document(title="</script><script>alert(1)</script>")

    html = metadata.jsonld_script(metadata.document_jsonld(document))

    assert html.count("</script>") == 1
    assert (
        json.loads(
            html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
        )["name"]
        == document.title
    )


def test_a_span_is_dated_by_its_start_and_covers_the_interval(db):
    data = metadata.document_jsonld(circa_document())

    assert data["dateCreated"] == "1959"
    assert data["temporalCoverage"] == "1959/1960"


def test_breadcrumbs_number_their_items_and_make_urls_absolute():
    data = metadata.breadcrumb_jsonld([("Home", "/"), ("Topics", "/topics")])

    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://127.0.0.1:8000/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Topics",
            "item": "http://127.0.0.1:8000/topics",
        },
    ]


# --- Every type and property exists in the schema.org vocabulary ------------------------


def _vocabulary(shared_dir):
    path = shared_dir / "schemas/schema.org/schemaorg-all-https-30.0.jsonld.gz"
    graph = json.loads(gzip.decompress(path.read_bytes()))["@graph"]
    return {node["@id"].removeprefix("schema:"): node for node in graph}


def _used_terms(data, types=None, properties=None):
    types, properties = types if types is not None else set(), properties or set()
    if isinstance(data, list):
        for part in data:
            _used_terms(part, types, properties)
    elif isinstance(data, dict):
        if "@type" in data:
            types.add(data["@type"])
        for key, value in data.items():
            if not key.startswith("@"):
                properties.add(key)
            _used_terms(value, types, properties)
    return types, properties


@pytest.fixture
def every_jsonld(seed):
    person = Person.objects.create(
        sort_name="Zhou, Enlai",
        display_name="Zhou Enlai",
        other_names=["周恩来"],
        birth="1898-03-05",
        death="1976-01-08",
        biography="Premier.",
    )
    place = Place.objects.create(
        name="Lüshun",
        other_names=["Port Arthur", "旅顺"],
        latitude="38.812",
        longitude="121.267",
        description="A port.",
    )
    collection = Collection.objects.create(name="Sino-Soviet Relations", description="Many.")
    return [
        metadata.document_jsonld(seed),
        metadata.document_jsonld(circa_document()),
        metadata.person_jsonld(person),
        metadata.place_jsonld(place),
        metadata.collection_jsonld(collection),
        metadata.breadcrumb_jsonld([("Home", "/"), ("Lüshun", place.get_absolute_url())]),
    ]


def test_every_type_and_property_used_is_in_the_vocabulary(every_jsonld, shared_dir):
    vocabulary = _vocabulary(shared_dir)

    types, properties = _used_terms(every_jsonld)

    assert types == {
        "ArchiveComponent",
        "ArchiveOrganization",
        "BreadcrumbList",
        "Collection",
        "GeoCoordinates",
        "ListItem",
        "Organization",
        "Person",
        "Place",
        "Thing",
    }
    assert {t for t in types if vocabulary.get(t, {}).get("@type") != "rdfs:Class"} == set()
    assert {p for p in properties if vocabulary.get(p, {}).get("@type") != "rdf:Property"} == set()


def test_the_context_maps_every_term_to_schema_org(every_jsonld, shared_dir):
    context = json.loads((shared_dir / "schemas/schema.org/schemaorgcontext.jsonld").read_text())
    assert context["@context"]["@vocab"] == "http://schema.org/"

    for data in every_jsonld:
        assert data["@context"] == "https://schema.org"
