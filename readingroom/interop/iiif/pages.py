"""The pages of a scan: each image file is one page, each page of a PDF another.

A page is named by its IIIF identifier ``<record_id>-<file pk>-p<page>`` ("110398-17-p1",
pages counted from 1 within the file) and has a source image on disk: the uploaded image
itself, or the PDF page rendered once, at IIIF_PDF_DPI, into the cache.

Uploaded files are only ever parsed, never executed: Pillow may open JPEG, PNG and TIFF
and nothing else (it would hand EPS to Ghostscript), and PDFium renders PDFs without
forms or JavaScript.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings
from PIL import ExifTags, Image, UnidentifiedImageError

from readingroom.archive.models import Document, Rendition, RenditionFile
from readingroom.archive.visibility import document_is_public

from . import cache

logger = logging.getLogger(__name__)

IMAGE_FORMATS = ["JPEG", "PNG", "TIFF"]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}
IDENTIFIER = re.compile(r"(?P<record_id>[0-9]+)-(?P<file_id>[0-9]+)-p(?P<number>[0-9]+)")
# EXIF orientations that turn the picture a quarter: its width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}
# PDFium keeps global state and is not thread-safe; web servers run threads.
PDFIUM_LOCK = threading.Lock()


class PageTooLarge(Exception):
    """An image with more pixels than IIIF_MAX_PIXELS: decoding it could exhaust memory."""


def file_kind(file: RenditionFile) -> str | None:
    """ "image", "pdf", or None for a file that cannot become pages."""
    content_type = file.content_type.split(";")[0].strip().lower()
    suffix = Path(file.file.name).suffix.lower()
    if content_type == "application/pdf" or suffix == ".pdf":
        return "pdf"
    if content_type in {"image/jpeg", "image/png", "image/tiff"} or suffix in IMAGE_SUFFIXES:
        return "image"
    return None


@dataclass(frozen=True)
class Page:
    """One page image: page ``number`` of ``file``, ``width`` × ``height`` pixels."""

    file: RenditionFile
    number: int
    width: int
    height: int

    @property
    def record_id(self) -> int:
        return self.file.rendition.document_id

    @property
    def identifier(self) -> str:
        return f"{self.record_id}-{self.file.pk}-p{self.number}"

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @cached_property
    def cache_dir(self) -> Path:
        """This page's folder in the cache; a replaced upload gets a new one.

        The file's name and size (and for a PDF, the DPI) stand for its version, so a new
        upload under the same RenditionFile never meets the old one's derivatives.
        """
        source = f"{self.file.file.name}:{self.file.size}"
        if file_kind(self.file) == "pdf":
            source += f":{settings.IIIF_PDF_DPI}dpi"
        version = hashlib.sha256(source.encode()).hexdigest()
        return cache.root() / str(self.record_id) / f"{self.file.pk}-{version[:12]}/p{self.number}"

    def ensure_decodable(self) -> None:
        """Refuse a page with more pixels than IIIF_MAX_PIXELS: it could exhaust memory."""
        if self.pixels > settings.IIIF_MAX_PIXELS:
            raise PageTooLarge(
                f"Image {self.identifier!r} has {self.pixels:,} pixels, more than "
                f"IIIF_MAX_PIXELS ({settings.IIIF_MAX_PIXELS:,}) allows."
            )

    def source(self) -> Path:
        """The upright-or-tagged page image on disk that the Image API cuts from: the
        uploaded image itself, or the PDF page rendered into the cache."""
        self.ensure_decodable()
        if file_kind(self.file) == "pdf":
            return self.rendered_pdf_page()
        return Path(self.file.file.path)

    def rendered_pdf_page(self) -> Path:
        """The PDF page as a PNG in the cache, rendered the first time it is asked for."""
        path = self.cache_dir / "page.png"
        if (cached := cache.open_cached(path)) is not None:
            cached.close()
            return path
        with PDFIUM_LOCK, pdf_document(self.file) as pdf:
            pdf_page = pdf[self.number - 1]
            image = pdf_page.render(scale=pdf_scale(), may_draw_forms=False).to_pil()
            pdf_page.close()
        image = announced_size(image, self.width, self.height)
        cache.store(path, lambda temporary: image.save(temporary, "PNG"))
        return path


def announced_size(image: Image.Image, width: int, height: int) -> Image.Image:
    """The rendered page at the size the manifest announced, to the pixel.

    PDFium rounds up (792 pt at 150 dpi is 1650.0000000000002, so 1651 pixels): trim
    such a hair off; scale anything else.
    """
    extra_width, extra_height = image.width - width, image.height - height
    if (extra_width, extra_height) == (0, 0):
        return image
    if 0 <= extra_width <= 1 and 0 <= extra_height <= 1:
        return image.crop((0, 0, width, height))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def pdf_scale() -> float:
    return settings.IIIF_PDF_DPI / 72  # PDF sizes are in points, 72 to the inch


@contextmanager
def pdf_document(file: RenditionFile) -> Iterator[pdfium.PdfDocument]:
    """The uploaded PDF, opened by PDFium (hold PDFIUM_LOCK) and closed after use."""
    pdf = pdfium.PdfDocument(file.file.path)
    try:
        yield pdf
    finally:
        pdf.close()


def open_image(path: Path, formats: list[str] = IMAGE_FORMATS) -> Image.Image:
    """Open (not yet decode) an image of one of ``formats``.

    Pillow's own decompression-bomb check raises for images past twice its limit; our
    limit (IIIF_MAX_PIXELS) is checked by the caller, so its warning is not needed here.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(path, formats=formats)
        except Image.DecompressionBombError as error:
            raise PageTooLarge(str(error)) from error


def file_pages(file: RenditionFile, only: int | None = None) -> list[Page]:
    """The pages of one uploaded file, or just page ``only`` of it (when it has one).

    None, and a warning, when the file cannot be read.
    """
    try:
        match file_kind(file):
            case "image":
                return [image_page(file)] if only in (None, 1) else []
            case "pdf":
                return pdf_pages(file, only)
    except (OSError, UnidentifiedImageError, pdfium.PdfiumError, PageTooLarge) as error:
        logger.warning("IIIF: cannot read %s (RenditionFile %s): %s", file.file, file.pk, error)
    return []


def image_page(file: RenditionFile) -> Page:
    with open_image(Path(file.file.path)) as image:
        width, height = image.size
        turned = orientation(image) in QUARTER_TURNS
    if turned:
        width, height = height, width
    return Page(file, 1, width, height)


def orientation(image: Image.Image) -> int:
    """The EXIF orientation of a JPEG or TIFF (1: upright).

    Those keep EXIF in their header; a PNG's may follow the pixels, and finding it
    would decode the whole image, so PNGs count as upright.
    """
    if image.format not in {"JPEG", "TIFF"}:
        return 1
    return image.getexif().get(ExifTags.Base.Orientation, 1)


def pdf_pages(file: RenditionFile, only: int | None = None) -> list[Page]:
    """Each page of a PDF, or page ``only``: a tile needs one page, not three hundred."""
    scale = pdf_scale()
    with PDFIUM_LOCK, pdf_document(file) as pdf:
        numbers = range(1, len(pdf) + 1) if only is None else [only]
        # The size PDFium renders at (page rotation included): manifest and image agree.
        sizes = {n: page_size(pdf, n - 1) for n in numbers if 1 <= n <= len(pdf)}
    return [
        Page(file, number, pixels(width, scale), pixels(height, scale))
        for number, (width, height) in sizes.items()
    ]


def pixels(points: float, scale: float) -> int:
    # Round away float noise first, or a page of 792 pt would be 1651 pixels at 150 dpi.
    return math.ceil(round(points * scale, 6))


def page_size(pdf: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    page = pdf[index]
    try:
        return page.get_size()
    finally:
        page.close()


def scan_files(document: Document):
    """The files of a document's scans, in reading order."""
    return (
        RenditionFile.objects.filter(rendition__document=document, rendition__kind="scan")
        .select_related("rendition")
        .order_by("rendition__order", "rendition__pk", "order", "pk")
    )


def document_pages(document: Document) -> list[Page]:
    """Every page of a document's scans that can be served, in reading order."""
    pages = [page for file in scan_files(document) for page in file_pages(file)]
    servable = [page for page in pages if page.pixels <= settings.IIIF_MAX_PIXELS]
    for page in set(pages) - set(servable):
        logger.warning("IIIF: %s is larger than IIIF_MAX_PIXELS, left out", page.identifier)
    return servable


def find_page(identifier: str, *, drafts: bool = False) -> Page | None:
    """The page named by ``identifier`` of a published document (of any document with
    ``drafts``, for the back office's preview), or None.

    Nothing of a draft is public: its pages are not found, as if they did not exist.
    """
    match = IDENTIFIER.fullmatch(identifier)
    if not match:
        return None
    file = (
        RenditionFile.objects.filter(
            pk=match["file_id"],
            rendition__kind=Rendition.Kind.SCAN,
            rendition__document_id=match["record_id"],
        )
        .select_related("rendition__document")
        .first()
    )
    if file is None or not (drafts or document_is_public(file.rendition.document)):
        return None
    pages = file_pages(file, only=int(match["number"]))
    return pages[0] if pages else None
