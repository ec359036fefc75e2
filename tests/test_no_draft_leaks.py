"""Nothing of a draft is public: not its words (nor its editors' reasons for a certainty,
nor its release history), nor the names of what only it refers to.

Every public URL pattern of the site is asked for, with every value a reader could put
in it (the published document's record ID and the draft's, the slugs of public records
and of records only the draft names, the draft's scan pages), and every public output
(pages, JSON, OAI-PMH, IIIF, feeds, sitemaps, TEI, citation exports, search, suggestions)
is read: the draft's unique word, and the names of the people, places, topics and
collection only it names, must appear in none of them. A URL pattern added later without
a way to fill it in here fails the test, so that no new output is left unchecked.
"""

import itertools
import re
from urllib.parse import parse_qsl

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from readingroom.archive.actions.counts import recount_all
from readingroom.archive.models import DocumentRelation, Rendition, RenditionFile
from readingroom.interop.iiif.pages import file_pages
from readingroom.search.indexer import build_generation
from tests.interop.iiif_scans import png_bytes, use_folder

TOKEN = "Zqxwvtoken"  # in the draft's title, summary, text and footnote, and nowhere else
SECRET_NAMES = ["Draftonly, Person", "Draftonly Person", "Secretplace", "Secrettopic", "Secretset"]
# Patterns that are not outputs for readers, and why.
NOT_PUBLIC = {
    "admin/": "Administrators only",
    "editor/": "the back office, for signed-in staff",
    "api/docs": "the API's description page (no records)",
    "api/openapi.json": "the API's description (no records)",
}


@pytest.fixture
def archive(records, settings, tmp_path):
    use_folder(settings, tmp_path)
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    # a published letter with public people, places, a topic, a collection and a scan
    letter = records.document("Letter on Isotopes", summary="A published letter.")
    records.rendition(letter, "Comrade Zhou wrote on isotopes [1].", notes={"1": "A note."})
    scan = records.rendition(letter, kind="scan", language="ru")
    RenditionFile.objects.create(rendition=scan, file=_png("public.png"), content_type="image/png")
    zhou, lushun = records.person("Zhou, Enlai"), records.place("Lüshun")
    topic, collection = records.topic("Nuclear History"), records.collection("Atoms")
    records.link_person(letter, zhou)
    records.link_place(letter, lushun)
    records.tag(letter, topic)
    records.add_to_collection(collection, [letter])

    # a draft with a unique word everywhere, naming the public records and its own
    draft = records.draft(
        f"{TOKEN} Memorandum",
        summary=f"Summary {TOKEN}.",
        date_certainty="disputed",
        date_certainty_note=f"Dated by {TOKEN}.",
        classification=f"Confidential; {TOKEN}",
        classification_level="confidential",
        declassified=f"Declassified by {TOKEN}.",
        redactions=f"Withheld: {TOKEN}.",
    )
    draft_scan = records.rendition(draft, kind="scan", language="ru")
    records.rendition(draft, f"Text {TOKEN} [1].", notes={"1": f"Note {TOKEN}."})
    RenditionFile.objects.create(
        rendition=draft_scan, file=_png(f"{TOKEN.lower()}.png"), content_type="image/png"
    )
    secret_person = records.person("Draftonly, Person", other_names=["Secret Alias"])
    records.link_person(
        draft, secret_person, certainty="inferred", certainty_note=f"Identified by {TOKEN}."
    )
    records.link_person(draft, zhou)
    records.link_place(draft, records.place("Secretplace"))
    records.link_place(draft, lushun)
    records.tag(draft, records.topic("Secrettopic"), topic)
    records.add_to_collection(records.collection("Secretset"), [draft])
    records.add_to_collection(collection, [draft])
    letter.related.add(draft)
    # related both ways (a thread, a mention), so /thread/<id> and the API are asked too
    DocumentRelation.objects.create(document=draft, other=letter, kind="replies-to")
    DocumentRelation.objects.create(document=letter, other=draft, kind="mentions", note="a note")
    recount_all()
    build_generation(settings.SEARCH_INDEX_DIR)
    return {"letter": letter, "draft": draft, "secret": [secret_person], "public": [zhou]}


def _png(name: str):
    from django.core.files.base import ContentFile

    return ContentFile(png_bytes(size=(300, 200)), name=name)


def public_patterns():
    """(route, name) of every URL pattern readers may ask for."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.name

    for route, name in walk(get_resolver().url_patterns):
        if not any(route.startswith(skip) for skip in NOT_PUBLIC):
            yield route, name


def values_for(archive) -> dict[str, list[str]]:
    """Every value a reader could put in each kind of path parameter."""
    letter, draft = archive["letter"], archive["draft"]
    from readingroom.archive.models import Collection, Person, Place, Topic

    slugs = [
        obj.slug for model in (Person, Place, Topic, Collection) for obj in model.objects.all()
    ]
    files = RenditionFile.objects.filter(rendition__document__in=[letter, draft])
    identifiers = [
        f"{f.rendition.document_id}-{f.pk}-p1" for f in files.select_related("rendition")
    ]
    # and the published letter's real pages, to read a whole image route
    identifiers += [
        page.identifier
        for f in files
        if f.rendition.document_id == letter.pk
        for page in file_pages(f)
    ]
    media = [f.file.name for f in files]
    return {
        "record_id": [str(letter.record_id), str(draft.record_id)],
        "slug": [*slugs, "letter-on-isotopes", draft.slug],
        "section": ["pages", "documents", "people", "places", "topics", "collections"],
        "identifier": identifiers,
        "pk": [
            str(pk)
            for pk in Rendition.objects.filter(document__in=[letter, draft]).values_list(
                "pk", flat=True
            )
        ],
        "extension": ["bib", "ris", "csl.json", "csv", "jsonl"],
        "kind": ["people", "places", "topics", "collections"],
        "period": ["1950s", "1956", "1956-01"],
        "number": ["1", "2"],  # a version of a text (archive/text_history.py)
        "path": media,
        "name": media,
        "region": ["full"],
        "size": ["max"],
        "rotation": ["0"],
        "quality": ["default"],
        "image_format": ["jpg"],
    }


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def urls_of(route: str, values: dict[str, list[str]]) -> list[str]:
    """Every URL of a route, with each parameter given each of its values."""
    route = route.lstrip("^").rstrip("$").replace("\\.", ".").replace("/?", "")
    names = [a or b for a, b in PARAMETER.findall(route)]
    missing = [name for name in names if name not in values]
    assert not missing, f"no values for {missing} of {route!r}: add them to values_for()"
    urls = []
    for combination in itertools.product(*(values[name] for name in names)):
        url = route
        for value in combination:  # the parameters in their order in the route
            url = PARAMETER.sub(lambda m, v=value: v, url, count=1)
        urls.append("/" + url)
    return urls


QUERIES = [
    "/search?q=" + TOKEN,
    "/search?q=Draftonly",
    "/search?q=Secret+Alias",
    "/search.json?q=" + TOKEN,
    "/search.json?q=isotopes",
    "/search.json?classification=confidential",
    "/search?classification=confidential&date_certainty=disputed",
    "/search.json?date_certainty=disputed",
    "/search/autocomplete?q=Draf",
    "/search/autocomplete?q=Secre",
    "/api/search?q=" + TOKEN,
    "/api/documents?person=draftonly-person",
    "/catalog?sort=-date",
    "/search/export.csv?q=" + TOKEN,
    "/search/export.jsonl?q=isotopes",
    "/search/export.jsonl",
    "/search.atom?q=" + TOKEN,
    "/search.atom?q=isotopes&since=2000-01-01",
    "/search/export.csv?person=draftonly-person",
    "/oai?verb=Identify",
    "/oai?verb=ListSets",
    "/oai?verb=ListMetadataFormats",
    "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai?verb=ListRecords&metadataPrefix=oai_dc&set=collection:secretset",
]


def test_no_public_output_shows_anything_of_a_draft(archive, client: Client):
    values = values_for(archive)
    asked = []
    for route, _ in public_patterns():
        asked += urls_of(route, values)
    asked += QUERIES
    asked.append(
        f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:"
        f"{archive['draft'].record_id}"
    )
    # a passage's citation, of the letter and of the draft (?p= names a paragraph)
    for document in (archive["letter"], archive["draft"]):
        asked += [f"/document/{document.record_id}/cite?p={p}" for p in ("1", "p1", "2")]
    leaks = []
    for url in asked:
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = without_echoes(body.decode("utf-8", errors="replace"), url)
        for secret in [TOKEN, TOKEN.lower(), *SECRET_NAMES, "Secret Alias"]:
            if secret in text:
                leaks.append(f"{url} ({response.status_code}) shows {secret!r}")
    assert leaks == []
    # a draft's scan is no public file: not as media, not as an IIIF image
    for item in RenditionFile.objects.filter(rendition__document=archive["draft"]):
        assert client.get(f"/media/{item.file.name}").status_code == 404
        identifier = f"{archive['draft'].record_id}-{item.pk}-p1"
        assert client.get(f"/iiif/image/{identifier}/info.json").status_code == 404
    assert client.get(f"/iiif/{archive['draft'].record_id}/manifest.json").status_code == 404
    # and the public letter was really read through those routes (the test can see)
    letter = client.get(f"/document/{archive['letter'].record_id}").content.decode()
    assert "Letter on Isotopes" in letter and "Zhou" in letter
    assert len(asked) > 100


def without_echoes(text: str, url: str) -> str:
    """The page less what the asker typed (a 404 names its URL, a search its words):
    echoing the question is no leak. A longer name that starts with the same word
    ("Draftonly, Person" when "Draftonly" was asked) is kept, and still caught."""
    path, _, query = url.partition("?")
    text = text.replace(path, "")
    for _, value in parse_qsl(query):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?![\w,])", "", text)
    return text


def test_every_public_route_has_values_here(archive):
    # a new route with a new kind of parameter must be filled in values_for()
    values = values_for(archive)
    for route, _name in public_patterns():
        assert urls_of(route, values)
