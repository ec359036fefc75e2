"""Uploaded files, served only when a record owns them and the asker may see that record.

``/media/<name>`` used to serve every file under MEDIA_ROOT, so a file an import had
copied there, a pending import's upload or a draft's scan was anyone's for the asking.
Now a stored name is served only if

- a scan file (``RenditionFile``) of a public document's public rendition (not machine
  output waiting for an editor) has it, or
- it is the portrait or image of a public person, place, topic or collection,

where "public" is ``visibility``'s to say. People who may see drafts (the back office's
roles) are also served the files of drafts, for the preview. Everything else is 404, as
if absent, so that nobody learns which names exist.

Files go out with a content type of our choosing (a few image types and PDF; anything
else is an ``application/octet-stream`` attachment, whatever its name or the record
claimed), ``X-Content-Type-Options: nosniff``, and single byte ranges for large PDFs.
With ``MEDIA_ACCEL_REDIRECT`` set, the view still decides, and the web server in front
sends the bytes (``X-Accel-Redirect``; docs/security.md shows the nginx side).
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from .models import Collection, Person, Place, RenditionFile, Topic
from .visibility import document_is_public, entity_is_public, may_see_drafts

# Shown in the browser; every other type is downloaded as bytes. No SVG or HTML: they
# would run script with the site's cookies.
INLINE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/tiff",
    "application/pdf",
}
# Which records may own a stored name (each file field is indexed), with the folder
# their uploads go to, so that the likely owner is asked first.
OWNERS = [
    (RenditionFile, "file", "scans/"),
    (Person, "portrait", "portraits/"),
    (Place, "image", "places/"),
    (Topic, "image", "topics/"),
    (Collection, "image", "collections/"),
]
PUBLIC_MAX_AGE = 3600
CHUNK = 64 * 1024
_RANGE = re.compile(r"bytes=(?P<start>[0-9]*)-(?P<end>[0-9]*)")


@require_safe
def serve(request: HttpRequest, name: str) -> HttpResponse:
    """The stored file ``name``, to whom may see the record that owns it; else 404."""
    if not _is_stored_name(name):
        raise Http404("No such file")
    public = owned_publicly(name)
    if not public and not (may_see_drafts(request.user) and is_owned(name)):
        raise Http404("No such file")
    try:
        path = Path(default_storage.path(name))
        stat = path.stat()
    except (NotImplementedError, OSError):
        raise Http404("No such file") from None
    content_type, inline = safe_type(name)
    if not was_modified_since(request.headers.get("If-Modified-Since"), stat.st_mtime):
        response = HttpResponse(status=304)
    elif prefix := settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        response = file_response(request, path, stat, content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, path.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Accept-Ranges"] = "bytes"
    # A draft's file shown to an editor must never be kept by a shared cache.
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-cache, no-store"
    )
    response["Vary"] = "Cookie"
    return response


def _is_stored_name(name: str) -> bool:
    """A name as storage writes them: relative, no "..", no empty or odd parts."""
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and not name.startswith("/")
        and "\\" not in name
        and "\x00" not in name
        and not any(part in ("..", ".") for part in parts)
    )


def _in_likely_order(name: str) -> list[tuple]:
    return sorted(OWNERS, key=lambda owner: not name.startswith(owner[2]))


def owned_publicly(name: str) -> bool:
    """Whether a public record owns the stored name ``name``."""
    for model, field, _folder in _in_likely_order(name):
        owners = model.objects.filter(**{field: name})
        if model is RenditionFile:
            owners = owners.filter(rendition__machine_generated=False)
            if any(
                document_is_public(scan.rendition.document)
                for scan in owners.select_related("rendition__document")
            ):
                return True
        elif any(entity_is_public(obj) for obj in owners):
            return True
    return False


def is_owned(name: str) -> bool:
    """Whether any record, public or not, owns the stored name ``name``."""
    return any(
        model.objects.filter(**{field: name}).exists()
        for model, field, _folder in _in_likely_order(name)
    )


def safe_type(name: str) -> tuple[str, bool]:
    """(content type, whether it is shown inline), from the name's suffix alone."""
    guessed = mimetypes.guess_type(name, strict=False)[0]
    if guessed in INLINE_TYPES:
        return guessed, True
    return "application/octet-stream", False


def file_response(request: HttpRequest, path: Path, stat, content_type: str):
    """The whole file, or the one byte range asked for (206), or 416 for one past the end."""
    size = stat.st_size
    wanted = byte_range(request, size, http_date(stat.st_mtime))
    if wanted is None:
        return FileResponse(path.open("rb"), content_type=content_type)
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = wanted
    response = StreamingHttpResponse(
        _read_range(path, start, end - start + 1), status=206, content_type=content_type
    )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    return response


def byte_range(request: HttpRequest, size: int, last_modified: str):
    """(first, last byte) of a single ``Range: bytes=…`` request, "unsatisfiable", or None
    to send the whole file (no range, several ranges, or a stale ``If-Range``)."""
    header = request.headers.get("Range", "")
    match = _RANGE.fullmatch(header.strip())
    if not match or not (match["start"] or match["end"]):
        return None
    if request.headers.get("If-Range") not in (None, last_modified):
        return None
    if match["start"]:
        start = int(match["start"])
        end = min(int(match["end"]), size - 1) if match["end"] else size - 1
    else:  # "bytes=-500": the last 500 bytes
        start, end = max(0, size - int(match["end"])), size - 1
    if start >= size or start > end:
        return "unsatisfiable"
    return start, end


def _read_range(path: Path, start: int, length: int):
    with path.open("rb") as handle:
        handle.seek(start)
        while length > 0:
            block = handle.read(min(CHUNK, length))
            if not block:
                return
            length -= len(block)
            yield block
