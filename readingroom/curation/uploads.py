"""Checking uploaded scans by their content: PDF, JPEG, PNG or TIFF, and not too large.

A file's name and the browser's content type are the uploader's claims, so neither is
trusted: a PHP script renamed ``scan.pdf`` is refused because it does not start like a
PDF, and a truncated PDF because it has no end. Images are decoded by Pillow (with its
decompression-bomb guard), PDFs opened by PDFium. Every error names the file.

``LimitedUploadHandler`` stops keeping a file's bytes once it passes the limit, so a
2 GB upload fills neither memory nor disk before it is refused.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from PIL import Image

# Signature -> (format name, content type, Pillow's format name or None for PDF)
_SIGNATURES = [
    (b"%PDF-", ("PDF", "application/pdf", None)),
    (b"\x89PNG\r\n\x1a\n", ("PNG", "image/png", "PNG")),
    (b"\xff\xd8\xff", ("JPEG", "image/jpeg", "JPEG")),
    (b"II*\x00", ("TIFF", "image/tiff", "TIFF")),
    (b"MM\x00*", ("TIFF", "image/tiff", "TIFF")),
]
ACCEPTED = "PDF, JPEG, PNG or TIFF"


def max_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES


def check_scan(upload) -> str:
    """The content type of a valid scan; otherwise ValidationError naming the file."""
    name = upload.name
    if getattr(upload, "too_large", False) or upload.size > max_bytes():
        raise ValidationError(
            f"{name}: the file is larger than the limit of {filesizeformat(max_bytes())}.",
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(f"{name}: the file is empty.", code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = next((kind for signature, kind in _SIGNATURES if head.startswith(signature)), None)
    if kind is None:
        raise ValidationError(
            f"{name}: this is not a {ACCEPTED} file (whatever its name says).",
            code="wrong_type",
        )
    _label, content_type, pillow_format = kind
    try:
        if pillow_format is None:
            _check_pdf(upload)
        else:
            _check_image(upload, pillow_format)
    except ValidationError as error:
        raise ValidationError(f"{name}: {error.message}", code="damaged") from None
    finally:
        upload.seek(0)
    return content_type


def _check_image(upload, pillow_format: str) -> None:
    try:
        with Image.open(upload) as image:
            if image.format != pillow_format:
                raise ValidationError(f"the file is not a valid {pillow_format} image.")
            image.verify()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds; all mean "not usable"
        raise ValidationError(
            f"the {pillow_format} image is damaged or truncated ({error})."
        ) from None


def _check_pdf(upload) -> None:
    # A complete PDF ends with %%EOF (perhaps followed by a line break or two).
    upload.seek(max(0, upload.size - 1024))
    if b"%%EOF" not in upload.read():
        raise ValidationError("the PDF is truncated (it has no end-of-file marker).")
    import pypdfium2

    upload.seek(0)
    # From disk when Django put it there: a 200 MB PDF need not be held in memory.
    source = upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload
    try:
        pdf = pypdfium2.PdfDocument(source)
        pages = len(pdf)
        pdf.close()
    except pypdfium2.PdfiumError as error:
        raise ValidationError(f"the PDF cannot be opened ({error}).") from None
    if pages == 0:
        raise ValidationError("the PDF has no pages.")


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Write uploads to a temporary file, but drop the bytes of any file over the limit."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_bytes():
            self.too_large = True
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        upload = super().file_complete(min(file_size, self.received))
        upload.too_large = self.too_large
        if self.too_large:
            upload.size = self.received
        return upload
