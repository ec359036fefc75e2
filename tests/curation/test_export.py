"""The operators' backup: export → wipe → import gives the same archive, byte for byte."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from PIL import Image

from readingroom.archive.generate import generate_archive
from readingroom.archive.languages import resolve_language
from readingroom.archive.models import (
    Collection,
    CollectionItem,
    Contributor,
    Document,
    DocumentContribution,
    Footnote,
    Funder,
    Language,
    Person,
    PersonDocumentRelation,
    Place,
    PlaceDocumentRelation,
    RecordIdCounter,
    Rendition,
    RenditionFile,
    Repository,
    Topic,
)
from readingroom.curation.export import MANIFEST, RECORDS, export_archive

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), color).save(out, "PNG")
    return out.getvalue()


def add_scans_and_portrait() -> Document:
    """A document with a PDF and a page image, and a person with a portrait."""
    document = Document.objects.create(
        title="Telegram from Lüshun, 旅顺", date="ca. 1956", status="published"
    )
    scan = Rendition.objects.create(
        document=document, kind="scan", language=resolve_language("ru"), order=0
    )
    for order, (name, content) in enumerate([("scan.pdf", PDF), ("page-1.png", png("red"))]):
        RenditionFile.objects.create(
            rendition=scan,
            file=ContentFile(content, name=name),
            label=f"Page {order + 1}",
            content_type="application/pdf" if name.endswith("pdf") else "image/png",
            order=order,
        )
    person = Person.objects.create(sort_name="Чжоу, Эньлай", display_name="Чжоу Эньлай")
    person.portrait.save("zhou.png", ContentFile(png("blue")), save=True)
    PersonDocumentRelation.objects.create(
        person=person, document=document, role="author", uncertain=True, notes="ink signature"
    )
    return document


def archive_state() -> dict[str, list]:
    """Every row that matters, by natural keys rather than surrogate IDs, field by field."""

    def rows(queryset, *fields):
        return sorted(queryset.values_list(*fields), key=repr)

    def ordered(queryset, parent, *fields):
        # Positions matter, not the numbers that give them (the importer counts from 0).
        by_position = queryset.order_by(*parent, "order", "pk")
        return list(by_position.values_list(*parent, *fields))

    document_fields = [
        f.attname
        for f in Document._meta.concrete_fields
        if f.attname not in ("created", "modified", "source_repository_id")
    ]
    return {
        "documents": rows(Document.objects, *document_fields, "source_repository__name"),
        "renditions": ordered(
            Rendition.objects,
            ["document_id"],
            "kind",
            "language_id",
            "text",
            "translator__name",
            "machine_generated",
        ),
        "footnotes": ordered(
            Footnote.objects, ["rendition__document_id", "rendition__order"], "label", "text"
        ),
        "files": ordered(
            RenditionFile.objects,
            ["rendition__document_id", "rendition__order"],
            "file",
            "label",
            "content_type",
            "size",
        ),
        "contributions": ordered(
            DocumentContribution.objects, ["document_id"], "contributor__name", "role"
        ),
        "people_links": rows(
            PersonDocumentRelation.objects,
            "document_id",
            "person__sort_name",
            "role",
            "uncertain",
            "notes",
        ),
        "place_links": rows(
            PlaceDocumentRelation.objects,
            "document_id",
            "place__name",
            "role",
            "uncertain",
            "notes",
        ),
        "related": rows(Document.related.through.objects, "from_document_id", "to_document_id"),
        "languages": rows(
            Document.original_languages.through.objects, "document_id", "language_id"
        ),
        "funder_links": rows(Document.funders.through.objects, "document_id", "funder__name"),
        "topic_links": rows(Document.topics.through.objects, "document_id", "topic__name"),
        "collection_items": ordered(CollectionItem.objects, ["collection__name"], "document_id"),
        **{
            model._meta.model_name: rows(
                model.objects,
                *[f.attname for f in model._meta.concrete_fields if f.attname != "id"],
            )
            for model in (Person, Place, Topic, Collection, Repository, Funder, Contributor)
        },
    }


def wipe() -> None:
    """An empty archive: every record and link gone, the ID counter too."""
    Document.objects.all().delete()
    for model in (Collection, Person, Place, Topic, Funder, Repository, Contributor, Language):
        model.objects.all().delete()
    RecordIdCounter.objects.all().delete()


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def without_time(manifest: bytes) -> dict:
    data = json.loads(manifest)
    del data["exported_at"]
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(media, db):
    """The sample archive, 1,000 generated documents, and scans and a portrait."""
    # Generated first: the generator makes its topics by slug, and the sample's topics
    # ("Sino-Soviet Split") would clash with its own by name.
    generate_archive(1000, seed=4)
    call_command("load_sample", verbosity=0)
    return add_scans_and_portrait()


def test_export_wipe_import_restores_the_archive_identically(archive, settings, tmp_path):
    # Given an exported archive
    first = tmp_path / "first"
    export_archive(first)
    before = archive_state()
    media = Path(settings.MEDIA_ROOT)
    stored = {name: (media / name).read_bytes() for _, _, name, *_ in before["files"]}
    # When everything is deleted, files too, and the export is imported
    wipe()
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    call_command("import", str(first), verbosity=0)
    # Then every row is as it was, field by field
    after = archive_state()
    for table in before:
        assert after[table] == before[table], table
    # and every file, byte for byte, under the same name
    restored = {name: (Path(settings.MEDIA_ROOT) / name).read_bytes() for name in stored}
    assert restored == stored
    person = Person.objects.get(sort_name="Чжоу, Эньлай")
    assert person.portrait.read() == (first / "files" / person.portrait.name).read_bytes()
    # and exporting again gives the same bytes, except the manifest's time
    second = tmp_path / "second"
    export_archive(second)
    one, two = folder_bytes(first), folder_bytes(second)
    assert without_time(one.pop(MANIFEST)) == without_time(two.pop(MANIFEST))
    assert one == two


def test_two_exports_are_identical_bytes(archive, tmp_path):
    export_archive(tmp_path / "a")
    export_archive(tmp_path / "b")
    a, b = folder_bytes(tmp_path / "a"), folder_bytes(tmp_path / "b")
    assert without_time(a.pop(MANIFEST)) == without_time(b.pop(MANIFEST))
    assert a == b


def test_export_orders_entities_then_documents_then_collections(media, sample_archive, tmp_path):
    export_archive(tmp_path / "out")
    lines = (tmp_path / "out" / RECORDS).read_text(encoding="utf-8").splitlines()
    kinds = [json.loads(line)["type"] for line in lines]
    order = ["repository", "funder", "person", "place", "topic", "document", "collection"]
    assert kinds == sorted(kinds, key=order.index)
    ids = [json.loads(line)["record_id"] for line in lines if '"type": "document"' in line]
    assert ids == sorted(ids) and len(ids) == Document.objects.count()


def test_manifest_lists_checksums_counts_and_time(media, tmp_path, db):
    # Given a document with a PDF and an image, and a person with a portrait
    document = add_scans_and_portrait()
    # When the archive is exported
    export_archive(tmp_path / "out")
    # Then the manifest has the checksum of every file, the counts and the time
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    pdf, image = [item.file.name for item in RenditionFile.objects.order_by("order")]
    portrait = Person.objects.get().portrait.name
    assert manifest["counts"] == {"documents": 1, "files": 3, "people": 1}
    assert sorted(manifest["sha256"]) == sorted(
        [RECORDS, f"files/{pdf}", f"files/{image}", f"files/{portrait}"]
    )
    assert manifest["sha256"][f"files/{pdf}"] == hashlib.sha256(PDF).hexdigest()
    records = (tmp_path / "out" / RECORDS).read_bytes()
    assert manifest["sha256"][RECORDS] == hashlib.sha256(records).hexdigest()
    assert manifest["record_id_high_water"] == document.record_id
    assert manifest["exported_at"].startswith("20")


def test_export_refuses_a_folder_that_is_not_empty(db, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("export", str(tmp_path / "out"), verbosity=0)


@pytest.mark.parametrize("damage", ["changed", "missing"], ids=["changed-file", "missing-file"])
def test_import_of_a_damaged_export_writes_nothing(media, db, tmp_path, damage):
    add_scans_and_portrait()
    export_archive(tmp_path / "out")
    wipe()
    scan = next((tmp_path / "out" / "files" / "scans").rglob("scan*.pdf"))
    if damage == "changed":
        scan.write_bytes(PDF + b"tampered")
    else:
        scan.unlink()
    with pytest.raises(CommandError, match="does not match its manifest") as raised:
        call_command("import", str(tmp_path / "out"), verbosity=0)
    assert scan.relative_to(tmp_path / "out").as_posix() in str(raised.value)
    assert Document.objects.count() == 0 and Person.objects.count() == 0
