"""OCR: a scan the test renders itself from a known text comes back as a draft transcript."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from readingroom.archive.actions.revisions import latest_revision
from readingroom.archive.models import (
    Document,
    DocumentChange,
    Language,
    Rendition,
    RenditionFile,
)
from readingroom.curation import ocr
from tests.curation.jobs_support import run_queued_tasks, user_with_role

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TEXTS = {
    "en": [
        "Memorandum of conversation with the",
        "Soviet ambassador about the harbour",
        "and the railway in Manchuria.",
    ],
    "ru": [
        "Товарищу Молотову. Мы согласны",
        "передать порт Артур китайской",
        "стороне после заключения мира.",
    ],
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def tesseract():
    """Tesseract with its English and Russian data, and a font with Cyrillic to draw with."""
    if shutil.which("tesseract") is None:
        pytest.skip(f"tesseract is missing (apt-get install {ocr.DEBIAN_PACKAGES})")
    if not FONT.is_file():
        pytest.skip(f"{FONT} is missing (apt-get install fonts-dejavu-core)")
    missing = {"eng", "rus"} - set(ocr.tesseract_languages())
    if missing:
        pytest.skip(f"Tesseract has no data for {', '.join(sorted(missing))}")


@pytest.fixture
def editor_client(client, db):
    client.force_login(user_with_role("eddie", "Editor"))
    return client


def rendered_page(lines: list[str], image_format: str = "PNG") -> bytes:
    """A page of typescript, as a scanner would give it: black text on white."""
    font = ImageFont.truetype(str(FONT), 36)
    image = Image.new("L", (1400, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((60, 60 + 70 * number), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def scanned_document(content: bytes, name: str, status: str = "draft") -> Rendition:
    """A document with a scan rendition holding one uploaded file."""
    language, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    document = Document.objects.create(title="A scanned letter", status=status)
    scan = Rendition.objects.create(document=document, kind="scan", language=language)
    RenditionFile.objects.create(
        rendition=scan, file=ContentFile(content, name=name), label="Page 1"
    )
    return scan


def words(text: str) -> set[str]:
    return {word.strip(".,").casefold() for word in text.split()}


@pytest.mark.parametrize("language", ["en", "ru"], ids=["english", "russian"])
def test_ocr_of_a_scan_makes_a_machine_generated_transcript(tesseract, editor_client, language):
    # given a published document whose scan shows a known text
    scan = scanned_document(rendered_page(TEXTS[language]), "page-1.png", status="published")
    document = scan.document

    # when an editor asks for OCR and a worker runs it
    response = editor_client.post(
        reverse("curation:ocr-start", args=[document.record_id]), {"rendition": scan.pk}
    )
    assert response.status_code == 302
    waiting = editor_client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' in waiting
    assert run_queued_tasks() == 2  # the OCR, then the citations of its document

    # then a draft transcript holds most of the words, in the language found
    transcript = document.renditions.get(kind="transcript")
    expected = words(" ".join(TEXTS[language]))
    assert len(expected & words(transcript.text)) >= 0.8 * len(expected), transcript.text
    assert transcript.language_id == language
    assert transcript.machine_generated is True
    assert latest_revision(transcript).summary == "OCR of the scan (machine-generated draft)"
    # and the document keeps its status
    document.refresh_from_db()
    assert document.status == "published"
    done = editor_client.get(response.url).content.decode()
    assert "Confirm the transcript" in done
    assert 'http-equiv="refresh"' not in done


def test_ocr_reads_a_pdf_page_by_page(tesseract, db):
    # given a two-page PDF scan
    pages = [Image.open(io.BytesIO(rendered_page(TEXTS["en"][i : i + 1]))) for i in (0, 1)]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=150)
    scan = scanned_document(buffer.getvalue(), "scan.pdf")

    transcript = ocr.make_transcript(scan)

    assert transcript.text.splitlines()[0] == TEXTS["en"][0]
    assert TEXTS["en"][1] in transcript.text
    assert transcript.text.index(TEXTS["en"][0]) < transcript.text.index(TEXTS["en"][1])


def test_an_editor_confirms_a_transcript(editor_client):
    # given a machine-generated transcript
    scan = scanned_document(b"not read in this test", "page-1.png")
    russian, _ = Language.objects.get_or_create(code="ru", defaults={"name": "Russian"})
    transcript = Rendition.objects.create(
        document=scan.document,
        kind="transcript",
        language=russian,
        text="Товарищу",
        order=1,
        machine_generated=True,
    )

    noted = DocumentChange.objects.filter(record_id=scan.document.record_id).count()

    # when an editor confirms it
    response = editor_client.post(
        reverse("curation:ocr-confirm", args=[scan.document.record_id, transcript.pk])
    )

    # then it is no longer marked machine-generated, and the change is noted
    assert response.status_code == 302
    transcript.refresh_from_db()
    assert transcript.machine_generated is False
    assert latest_revision(transcript).summary == "Confirmed the OCR transcript"
    assert DocumentChange.objects.filter(record_id=scan.document.record_id).count() == noted + 1


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Memorandum of conversation", "en"),
        ("Товарищу Молотову, from the archive", "ru"),
        ("周恩来致莫洛托夫的信 (1957)", "zh"),
        ("1957 — 12", "en"),
    ],
    ids=["latin", "cyrillic", "han", "no-letters"],
)
def test_the_language_is_decided_by_script(text, language):
    assert ocr.detect_language(text) == language


def test_ocr_start_lists_the_scans(editor_client):
    scan = scanned_document(b"-", "page-1.png")

    page = editor_client.get(reverse("curation:ocr-start", args=[scan.document.record_id]))

    assert page.status_code == 200
    assert f'name="rendition" value="{scan.pk}"' in page.content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [(None, 403), ("Editor", 302)], ids=["no-role", "editor"]
)
def test_only_editors_may_start_ocr(client, db, role, status):
    scan = scanned_document(b"-", "page-1.png")
    client.force_login(user_with_role("someone", role))

    response = client.post(reverse("curation:ocr-start", args=[scan.document.record_id]))

    assert response.status_code == status


def test_a_failed_ocr_job_says_why(editor_client):
    # given a "scan" that is no image at all
    scan = scanned_document(b"%PDF-1.4 this is no PDF", "broken.pdf")
    response = editor_client.post(reverse("curation:ocr-start", args=[scan.document.record_id]))

    run_queued_tasks()

    page = editor_client.get(response.url).content.decode()
    assert "OCR failed." in page
    assert not scan.document.renditions.filter(kind="transcript").exists()
