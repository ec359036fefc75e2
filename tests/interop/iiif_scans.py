"""Scanned documents for the IIIF tests: real image and PDF files, made with Pillow.

The letter's scan has three pages: a 2000 × 1500 PNG, then a two-page PDF whose pages
(drawn at 100 dpi) are 612 × 792 and 792 × 612 points, so 1275 × 1650 and 1650 × 1275
pixels when rendered at the default IIIF_PDF_DPI of 150.
"""

from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from readingroom.archive.models import RenditionFile

PAGE_SIZES = [(2000, 1500), (1275, 1650), (1650, 1275)]
TITLE = "Letter, Mao Zedong to Comrade Filippov [Stalin]"
TRANSLATION = "Dear Comrade Filippov!\n\nI have received your telegram of 5 January [1]."


def use_folder(settings, folder: Path) -> None:
    """Uploads and the IIIF cache in a test's own folder (``settings`` is the fixture)."""
    settings.MEDIA_ROOT = folder / "media"
    settings.IIIF_CACHE_DIR = folder / "iiif-cache"
    settings.IIIF_PDF_DPI = 150


def drawn_page(size: tuple[int, int], text: str) -> Image.Image:
    """A page with a frame and writing, so that crops and scales differ visibly."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, size[0] - 10, size[1] - 10), outline="black", width=8)
    draw.text((60, 60), text, fill="black", font_size=60)
    return image


def png_bytes(size=(2000, 1500), text="Lüshun, 周恩来") -> bytes:
    buffer = BytesIO()
    drawn_page(size, text).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    portrait = drawn_page((850, 1100), "Page one")
    landscape = drawn_page((1100, 850), "Page two")
    buffer = BytesIO()
    portrait.save(buffer, "PDF", resolution=100.0, save_all=True, append_images=[landscape])
    return buffer.getvalue()


def add_scan_file(rendition, data: bytes, name: str, content_type: str, label="", order=0):
    return RenditionFile.objects.create(
        rendition=rendition,
        file=ContentFile(data, name=name),
        label=label,
        content_type=content_type,
        order=order,
    )


def scanned_document(records, status="published", **fields):
    """A letter with a translation and a three-page scan (an image, then a 2-page PDF)."""
    document = records.document(TITLE, status=status, **fields)
    records.rendition(document, TRANSLATION, notes={"1": "Stalin's telegram."})
    scan = records.rendition(document, kind="scan", language="ru")
    add_scan_file(scan, png_bytes(), "letter-page-1.png", "image/png", order=0)
    add_scan_file(scan, pdf_bytes(), "letter-pages.pdf", "application/pdf", order=1)
    return document
