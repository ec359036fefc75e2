"""FRUS cross-references become ``mentions`` relations: counted against the XML of real
volumes, within a volume and across volumes."""

import gzip
import re
from pathlib import Path

import pytest
from lxml import etree

from readingroom.archive.actions import Actor, unpublish
from readingroom.archive.models import Document, DocumentChange, DocumentRelation, Revision
from readingroom.importers.base import import_files

pytestmark = pytest.mark.django_db

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# Volumes of both kinds (plain, gzip), of the 1950s, 1960s and the Johnson years.
SAME_VOLUME = [
    "xml/frus1955-57v03.xml",
    "xml/frus1958-60v19.xml",
    "tei/frus1961-63v03.xml.gz",
    "tei/frus1964-68v30.xml.gz",
]


@pytest.fixture
def frus(shared_dir) -> Path:
    return shared_dir / "corpus" / "frus"


def references(path: Path) -> dict[str, set[str]]:
    """From the XML, independently of the importer: each document's xml:id → the
    external ids of the documents its <ref>s point at (pages and chapters are not
    documents; a footnote of a document is its document)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as stream:
        root = etree.parse(stream, etree.XMLParser(huge_tree=True, collect_ids=False)).getroot()
    volume = root.findtext(f".//{TEI}publicationStmt/{TEI}idno[@type='frus']").strip()
    divs = root.iter(f"{TEI}div")
    documents = {div.get(XML_ID): div for div in divs if div.get("type") == "document"}
    found = {}
    for doc_id, div in documents.items():
        targets = set()
        for ref in div.iter(f"{TEI}ref"):
            match = re.fullmatch(r"(frus[\w-]+)?#(d\d+[a-z]?)(fn\w+)?", ref.get("target", ""))
            if not match or (match[1] or volume) == volume and match[2] not in documents:
                continue
            targets.add(f"{match[1] or volume}/{match[2]}")
        found[f"{volume}/{doc_id}"] = targets - {f"{volume}/{doc_id}"}
    return found


def stored_mentions() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    rows = DocumentRelation.objects.filter(kind="mentions").values_list(
        "document__external_id", "other__external_id"
    )
    for document, other in rows:
        found.setdefault(document, set()).add(other)
    return found


def within(refs: dict[str, set[str]], volumes: set[str]) -> dict[str, set[str]]:
    kept = {
        doc: {t for t in targets if t.split("/")[0] in volumes} for doc, targets in refs.items()
    }
    return {doc: targets for doc, targets in kept.items() if targets}


@pytest.mark.parametrize("volume", SAME_VOLUME, ids=[Path(v).name for v in SAME_VOLUME])
def test_references_between_documents_of_a_volume_become_mentions(frus, volume):
    # given a real volume and the references its XML makes from document to document
    path = frus / volume
    refs = references(path)
    name = next(iter(refs)).split("/")[0]
    expected = within(refs, {name})
    assert sum(map(len, expected.values())) > 100

    # when it is imported alone
    import_files([path])

    # then each reference to a document of the volume is a relation, and none else
    assert stored_mentions() == expected


def test_a_mention_is_noted_with_the_reference_s_words_and_shown_the_other_way(frus):
    import_files([frus / "xml" / "frus1958-60v19.xml"])

    relation = DocumentRelation.objects.get(
        document__external_id="frus1958-60v19/d4", other__external_id="frus1958-60v19/d1"
    )
    assert (relation.kind, relation.note) == ("mentions", "Document 1")
    assert relation.label_for(relation.kind, inverse=True) == "Mentioned in"


def test_references_to_another_volume_resolve_where_it_is_imported_or_stored(frus):
    # given two volumes, the later (1961-63 IV) referring to the earlier (III) 28 times
    earlier, later = frus / "tei" / "frus1961-63v03.xml.gz", frus / "tei" / "frus1961-63v04.xml.gz"
    volumes = {"frus1961-63v03", "frus1961-63v04"}
    refs = {**references(earlier), **references(later)}
    across = {
        (doc, target)
        for doc, targets in refs.items()
        for target in targets
        if target.split("/")[0] != doc.split("/")[0] and target.split("/")[0] in volumes
    }
    assert len(across) > 20

    # when the later is imported alone, its references to III are dropped, no error
    import_files([later])
    assert within(stored_mentions(), {"frus1961-63v03"}) == {}

    # when the earlier is imported after it, and the later again: all are there
    import_files([earlier])
    import_files([later])
    assert stored_mentions() == within(refs, volumes)

    # and importing both together gives the same
    before = stored_mentions()
    Document.objects.all().delete()
    import_files([later, earlier])
    assert stored_mentions() == before


def test_importing_a_volume_again_changes_no_relation(frus):
    # given a volume imported once
    path = frus / "tei" / "frus1964-68v30.xml.gz"
    import_files([path])
    rows = set(
        DocumentRelation.objects.values_list(
            "document__external_id", "other__external_id", "kind", "note", "order"
        )
    )
    revisions, changes = Revision.objects.count(), DocumentChange.objects.count()

    # when it is imported again
    import_files([path])

    # then the relations are the same, and nothing was recorded as changed
    assert rows == set(
        DocumentRelation.objects.values_list(
            "document__external_id", "other__external_id", "kind", "note", "order"
        )
    )
    assert (Revision.objects.count(), DocumentChange.objects.count()) == (revisions, changes)


def test_a_reader_follows_a_cross_reference_from_the_document_page(frus, client):
    # given a volume imported and published
    import_files([frus / "xml" / "frus1958-60v19.xml"], publish=True)
    mentioning = Document.objects.get(external_id="frus1958-60v19/d4")
    mentioned = Document.objects.get(external_id="frus1958-60v19/d1")

    # when a reader opens the mentioning document and the mentioned one
    page = client.get(mentioning.get_absolute_url()).content.decode()
    other = client.get(mentioned.get_absolute_url()).content.decode()

    # then each lists the other under Thread, with the reference's words
    assert "<dt>Thread</dt>" in page
    assert f'href="{mentioned.get_absolute_url()}"' in page and "(Document 1)" in page
    assert "Mentioned in" in other and f'href="{mentioning.get_absolute_url()}"' in other

    # and, unpublished, the mentioned document is listed no more
    unpublish(mentioned, actor=Actor.system("test"))
    page = client.get(mentioning.get_absolute_url()).content.decode()
    assert f'href="{mentioned.get_absolute_url()}"' not in page
