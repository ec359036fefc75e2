"""Scans are checked by their content, never their name, and by their size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from readingroom.archive.models import Document, DocumentChange, RenditionFile
from readingroom.curation.uploads import check_scan

from .conftest import form_data
from .test_editing import new_document_data


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format=fmt)
    return buffer.getvalue()


PNG, JPEG, TIFF, PDF = (image_bytes(f) for f in ("PNG", "JPEG", "TIFF", "PDF"))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("page.png", PNG, "image/png"),
        ("page.jpg", JPEG, "image/jpeg"),
        ("page.tif", TIFF, "image/tiff"),
        ("scan.pdf", PDF, "application/pdf"),
        ("named-wrongly.txt", PNG, "image/png"),
    ],
    ids=["png", "jpeg", "tiff", "pdf", "png named .txt"],
)
def test_scans_are_recognised_by_content(name, content, content_type):
    assert check_scan(SimpleUploadedFile(name, content)) == content_type


BAD = {
    "php renamed .pdf": (
        "invoice.pdf",
        b"<?php system($_GET['c']); ?>",
        "invoice.pdf: this is not a PDF, JPEG, PNG or TIFF file (whatever its name says).",
    ),
    "truncated pdf": (
        "scan.pdf",
        PDF[: len(PDF) // 2],
        "scan.pdf: the PDF is truncated (it has no end-of-file marker).",
    ),
    "empty": ("empty.png", b"", "empty.png: the file is empty."),
}


@pytest.mark.parametrize(("name", "content", "message"), BAD.values(), ids=list(BAD))
def test_other_files_are_refused_naming_the_file(name, content, message):
    with pytest.raises(ValidationError) as caught:
        check_scan(SimpleUploadedFile(name, content))
    assert caught.value.messages == [message]


def test_a_truncated_png_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_scan(SimpleUploadedFile("page.png", PNG[:60]))
    assert caught.value.messages[0].startswith("page.png: the PNG image is damaged or truncated")


def scan_data(records, document=None, upload=None):
    fields = {
        "renditions-0-kind": "scan",
        "renditions-0-language": "ru",
        "renditions-0-text": "",
        "renditions-0-files": upload,
        # (no footnote: a scan has no text to reference one from)
        "renditions-0-footnotes-0-label": "",
        "renditions-0-footnotes-0-text": "",
    }
    if document is None:
        return new_document_data(records, **fields)
    return form_data(document, **{k.replace("-0-", "-1-"): v for k, v in fields.items()})


def test_an_editor_uploads_scans_through_the_screen(client_as, records):
    # when an editor creates a document with a scan rendition and two page images
    pages = [SimpleUploadedFile("p1.png", PNG), SimpleUploadedFile("p2.jpg", JPEG)]
    response = client_as("editor").post("/editor/documents/new/", scan_data(records, upload=pages))

    # then both are files of the scan rendition, typed by their content
    assert response.status_code == 302
    files = RenditionFile.objects.order_by("order")
    assert [(f.content_type, f.label, f.size) for f in files] == [
        ("image/png", "Page 1", len(PNG)),
        ("image/jpeg", "Page 2", len(JPEG)),
    ]
    assert files[0].file.read() == PNG
    assert files[0].rendition.kind == "scan"


def test_a_renamed_php_file_is_refused_through_the_screen(client_as, records):
    upload = SimpleUploadedFile("scan.pdf", b"<?php echo 1; ?>")
    response = client_as("editor").post("/editor/documents/new/", scan_data(records, upload=upload))
    assert response.status_code == 400
    assert "scan.pdf: this is not a PDF, JPEG, PNG or TIFF file" in response.content.decode()
    assert Document.objects.count() == RenditionFile.objects.count() == 0
    assert DocumentChange.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client_as, records, settings):
    # given a limit of 1 KB (standing in for 200 MB)
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("huge.pdf", PDF + b"\0" * 2048)
    response = client_as("editor").post("/editor/documents/new/", scan_data(records, upload=big))
    assert response.status_code == 400
    assert "huge.pdf: the file is larger than the limit of 1.0\xa0KB." in response.content.decode()
    assert RenditionFile.objects.count() == 0


def test_the_upload_handler_drops_the_bytes_of_a_file_over_the_limit(settings):
    from readingroom.curation.uploads import LimitedUploadHandler

    settings.UPLOAD_MAX_BYTES = 10
    handler = LimitedUploadHandler()
    handler.new_file("file", "big.png", "image/png", 100)
    for start in range(0, 100, 10):
        handler.receive_data_chunk(b"x" * 10, start)
    upload = handler.file_complete(100)
    assert upload.too_large is True
    upload.seek(0)
    assert upload.read() == b"x" * 10  # only the first chunk was kept


def test_files_belong_to_scans_only(client_as, records):
    data = new_document_data(records, **{"renditions-0-files": SimpleUploadedFile("p.png", PNG)})
    response = client_as("editor").post("/editor/documents/new/", data)
    assert response.status_code == 400
    assert "scan files: files belong to a rendition of kind “scan”." in response.content.decode()
