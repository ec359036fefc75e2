"""OCR of a scan with Tesseract: a draft transcript, machine-generated until confirmed.

Each page of a scan rendition (an image per page, a multi-page TIFF, or a PDF rendered
page by page with PDFium) is read by the ``tesseract`` program (Debian's tesseract-ocr,
with the eng, rus and chi_sim data) in one pass with all three languages. The language
of the transcript is then decided by script, which is what distinguishes the archive's
three main languages and what Tesseract reads reliably even where its words are wrong:
mostly Cyrillic letters make it Russian, mostly Han characters Chinese, anything else
English. (Tesseract's own script detection, ``--psm 0``, needs a good deal of text
on a page and says "Latin" for every Western language alike.)

The transcript is a new Rendition of kind "transcript" with ``machine_generated=True``:
the document keeps its status, and public pages and the search index leave such a
rendition out until an editor confirms it (``actions.confirm_machine_output``).
"""

import re
import shutil
import subprocess
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageSequence

from readingroom.archive import actions
from readingroom.archive.actions import Actor
from readingroom.archive.models import Rendition, RenditionFile
from readingroom.interop.iiif.pages import PDFIUM_LOCK

# Tesseract's names for the languages it reads, and ours for what it finds.
TESSERACT_LANGUAGES = ("eng", "rus", "chi_sim")
SCRIPT_LANGUAGES = {"Cyrillic": "ru", "Han": "zh", "Latin": "en"}
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-chi-sim"
# Fine enough for typewritten archive pages; more makes Tesseract slower, not better.
PDF_DPI = 300
PAGE_TIMEOUT = 300  # seconds: a page that takes longer is not a page


class OcrError(Exception):
    """OCR could not be done; the message says what to do about it."""


def tesseract_languages() -> list[str]:
    """Of the languages OCR wants, those Tesseract has data for; OcrError if none."""
    if shutil.which("tesseract") is None:
        raise OcrError(f"Tesseract is not installed (apt-get install {DEBIAN_PACKAGES}).")
    listed = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30
    ).stdout.split()
    found = [language for language in TESSERACT_LANGUAGES if language in listed]
    if not found:
        raise OcrError(f"Tesseract has no English, Russian or Chinese data ({DEBIAN_PACKAGES}).")
    return found


def page_images(path: Path) -> Iterator[Image.Image]:
    """Every page of a scan file, as an image: a PDF's pages, a TIFF's frames, one image."""
    with path.open("rb") as handle:
        is_pdf = handle.read(5) == b"%PDF-"
    if is_pdf:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(str(path))
            try:
                pages = [
                    pdf[index].render(scale=PDF_DPI / 72).to_pil() for index in range(len(pdf))
                ]
            finally:
                pdf.close()
        yield from pages
        return
    with warnings.catch_warnings():
        # A scan is as large as it is; the upload checks decided whether to keep it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            for frame in ImageSequence.Iterator(image):
                yield frame.convert("RGB")


def read_page(image: Image.Image, languages: list[str]) -> str:
    """The text Tesseract reads on one page."""
    with tempfile.TemporaryDirectory(prefix="readingroom-ocr-") as folder:
        source = Path(folder) / "page.png"
        image.save(source)
        result = subprocess.run(
            ["tesseract", str(source), "stdout", "-l", "+".join(languages)],
            capture_output=True,
            text=True,
            check=False,
            timeout=PAGE_TIMEOUT,
        )
    if result.returncode != 0:
        raise OcrError(f"Tesseract failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def detect_language(text: str) -> str:
    """ "ru", "zh" or "en": the language of the script most of the letters are in."""
    counts = dict.fromkeys(SCRIPT_LANGUAGES, 0)
    for character in text:
        if not character.isalpha():
            continue
        name = unicodedata.name(character, "")
        if name.startswith("CYRILLIC"):
            counts["Cyrillic"] += 1
        elif name.startswith("CJK"):
            counts["Han"] += 1
        else:
            counts["Latin"] += 1
    # Ties (and a page without letters) go to English, the archive's working language.
    script = max(counts, key=lambda script: (counts[script], script == "Latin"))
    return SCRIPT_LANGUAGES[script]


_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean(text: str) -> str:
    """Tesseract's output as rendition text: paragraphs separated by one blank line."""
    text = text.replace("\f", "\n\n")
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def transcribe(files: list[RenditionFile]) -> tuple[str, str]:
    """The text of a scan's files, page after page, and its language code."""
    languages = tesseract_languages()
    pages = []
    for scan_file in files:
        for image in page_images(Path(scan_file.file.path)):
            pages.append(clean(read_page(image, languages)))
    text = "\n\n".join(page for page in pages if page)
    if not text:
        raise OcrError("Tesseract found no text in the scan.")
    return text, detect_language(text)


def make_transcript(scan: Rendition, user=None) -> Rendition:
    """OCR a scan rendition into a new, machine-generated transcript of its document."""
    if scan.kind != Rendition.Kind.SCAN:
        raise OcrError(f"{scan.label} is not a scan.")
    files = list(scan.files.all())
    if not files:
        raise OcrError(f"{scan.label} has no files to read.")
    text, code = transcribe(files)
    # A job asked for by nobody (the command line, a test) acts as the system.
    actor = Actor.of(user) if user is not None else Actor.system("OCR")
    return actions.add_machine_transcript(scan, text, code, actor=actor)
