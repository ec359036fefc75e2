"""What one IIIF request may cost: answers bounded in size, a cache bounded on disk.

Issue 10, probe 6: a requester chose the cost (any size of a 139-megapixel scan, and a
new cache file for every distinct region). Now ``maxWidth``/``maxHeight``/``maxArea``
(IIIF_MAX_WIDTH, IIIF_MAX_HEIGHT, IIIF_MAX_AREA) bound every answer, only the requests
a viewer repeats are kept, and the cache stays within IIIF_CACHE_MAX_BYTES, least
recently used first. Memory per request is measured by bench/iiif_memory.py.
"""

import os
import time
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from readingroom.interop.iiif import cache
from readingroom.interop.iiif.pages import document_pages

from .iiif_scans import scanned_document, use_folder


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    use_folder(settings, tmp_path)
    settings.IIIF_MAX_WIDTH = settings.IIIF_MAX_HEIGHT = 4096
    settings.IIIF_MAX_AREA = 4096 * 4096


@pytest.fixture
def page(records):
    """The 2000 × 1500 PNG page of a published letter."""
    return document_pages(scanned_document(records))[0]


def get(client, page, request_path: str):
    return client.get(f"/iiif/image/{page.identifier}/{request_path}")


def size_of(response) -> tuple[int, int]:
    assert response.status_code == 200, response.content
    return Image.open(BytesIO(b"".join(response.streaming_content))).size


def cached_files() -> list[Path]:
    return sorted(p for p in cache.root().rglob("*") if p.is_file() and p.name != cache.LOCK_NAME)


def test_info_json_declares_the_limits_and_offers_no_size_beyond_them(client, page, settings):
    settings.IIIF_MAX_WIDTH = settings.IIIF_MAX_HEIGHT = 1200

    info = get(client, page, "info.json").json()

    assert (info["maxWidth"], info["maxHeight"], info["maxArea"]) == (1200, 1200, 4096 * 4096)
    assert info["sizes"] == [{"width": 500, "height": 375}, {"width": 1000, "height": 750}]


@pytest.mark.parametrize(
    ("limits", "request_path", "size"),
    [
        ((1200, 1200, 10**8), "full/max/0/default.jpg", (1200, 900)),
        ((4096, 600, 10**8), "full/max/0/default.jpg", (800, 600)),
        ((4096, 4096, 300_000), "full/max/0/default.jpg", (632, 474)),
        ((1200, 1200, 10**8), "full/!1600,1600/0/default.jpg", (1200, 900)),
        ((1200, 1200, 10**8), "0,0,1536,1536/max/0/default.jpg", (1200, 1171)),
    ],
    ids=["max-by-width", "max-by-height", "max-by-area", "confined", "region-max"],
)
def test_max_and_confined_sizes_are_fitted_within_the_limits(
    client, page, settings, limits, request_path, size
):
    settings.IIIF_MAX_WIDTH, settings.IIIF_MAX_HEIGHT, settings.IIIF_MAX_AREA = limits

    assert size_of(get(client, page, request_path)) == size


@pytest.mark.parametrize(
    "request_path",
    ["full/1500,/0/default.jpg", "full/,1400/0/default.jpg", "full/1300,900/0/default.png"],
)
def test_an_explicit_size_beyond_the_limits_is_a_bad_request(client, page, settings, request_path):
    settings.IIIF_MAX_WIDTH = settings.IIIF_MAX_HEIGHT = 1200

    response = get(client, page, request_path)

    assert response.status_code == 400
    assert "is larger than this server answers (maxWidth 1200, maxHeight 1200" in (
        response.content.decode()
    )


def test_the_manifest_paints_each_canvas_with_an_image_the_server_answers(client, page, settings):
    settings.IIIF_MAX_WIDTH = settings.IIIF_MAX_HEIGHT = 1000

    manifest = client.get(f"/iiif/{page.record_id}/manifest.json").json()

    body = manifest["items"][0]["items"][0]["items"][0]["body"]
    assert (body["width"], body["height"]) == (1000, 750)
    assert (manifest["items"][0]["width"], manifest["items"][0]["height"]) == (2000, 1500)


def test_tiles_and_whole_pages_are_kept_but_arbitrary_regions_are_not(client, page):
    # a tile of the grid, the whole page at a size, and a region no viewer asks for
    assert size_of(get(client, page, "512,512,512,512/512,/0/default.jpg")) == (512, 512)
    assert size_of(get(client, page, "full/!300,300/0/default.jpg")) == (300, 225)
    assert size_of(get(client, page, "17,23,301,299/150,/0/default.jpg")) == (150, 149)

    kept = [p.relative_to(page.cache_dir).as_posix() for p in cached_files()]
    assert kept == ["512,512,512,512/max/0/default.jpg", "full/300,225/0/default.jpg"]


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_cache_is_trimmed_least_recently_used_first(client, page, settings):
    # given three cached tiles of 10 kB, made an hour apart, the oldest used again since
    paths = [page.cache_dir / f"{x},0,512,512/max/0/default.jpg" for x in (0, 512, 1024)]
    for n, path in enumerate(paths):
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x" * 10_000)
        age(path, 3 * 3600 - n * 3600)
    hit = get(client, page, "0,0,512,512/512,/0/default.jpg")
    assert hit.status_code == 200 and b"".join(hit.streaming_content) == b"x" * 10_000

    # when the bound leaves room for two and a half of them
    usage = cache.trim(max_bytes=25_000)

    # then the least recently used one went: the second, not the first made
    assert usage is not None and (usage.removed_files, usage.bytes) == (1, 20_000)
    assert [p.exists() for p in paths] == [True, False, True]


def test_writing_past_the_bound_trims_as_it_goes(client, page, settings):
    settings.IIIF_CACHE_MAX_BYTES = 60_000

    for x in range(0, 2000, 512):
        for y in range(0, 1500, 512):
            size_of(get(client, page, f"{x},{y},512,512/max/0/default.jpg"))

    total = sum(p.stat().st_size for p in cached_files())
    assert total <= 60_000 + max(p.stat().st_size for p in cached_files())


def test_a_file_deleted_by_another_process_is_made_again(client, page):
    request_path = "full/!200,200/0/default.jpg"
    assert size_of(get(client, page, request_path)) == (200, 150)

    cache.clear()  # as another process trimming the cache would
    assert not cached_files()

    assert size_of(get(client, page, request_path)) == (200, 150)


def test_trimming_forgives_a_file_already_gone(monkeypatch, settings, tmp_path):
    settings.IIIF_CACHE_DIR = tmp_path / "cache"
    kept = tmp_path / "cache" / "1" / "kept.jpg"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"x" * 100)
    gone = tmp_path / "cache" / "1" / "gone.jpg"
    monkeypatch.setattr(cache, "_files", lambda: iter([(1.0, 500, gone), (2.0, 100, kept)]))

    usage = cache.trim(max_bytes=200)

    assert usage is not None and (usage.removed_files, usage.bytes) == (0, 100)
    assert kept.exists()


def test_the_command_reports_trims_and_clears(client, page, settings):
    size_of(get(client, page, "full/!300,300/0/default.jpg"))
    size_of(get(client, page, "0,0,512,512/512,/0/default.jpg"))
    out = StringIO()

    call_command("iiif_cache", stdout=out)
    call_command("iiif_cache", "--clear", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{cache.root()}: 2 files, ")
    assert lines[1].startswith("Removed 2 files (")
    assert lines[2].startswith(f"{cache.root()}: 0 files, 0 bytes")
    assert not cached_files()


@pytest.mark.parametrize(
    ("request_path", "box", "size"),
    [
        ("full/!500,500/0/default.png", (0, 0, 2000, 1500), (500, 375)),
        ("1024,1024,976,476/244,/0/default.png", (1024, 1024, 2000, 1500), (244, 119)),
        ("1000,200,800,800/max/0/default.png", (1000, 200, 1800, 1000), (800, 800)),
    ],
    ids=["whole-page-at-a-quarter", "edge-tile-at-a-quarter", "full-resolution"],
)
def test_a_jpeg_page_decoded_reduced_shows_the_same_picture(
    client, records, request_path, box, size
):
    # given a JPEG scan (libvips decodes it at 1/2, 1/4 or 1/8 when that is enough)
    from .iiif_scans import add_scan_file, drawn_page

    original = drawn_page((2000, 1500), "Lüshun, 周恩来")
    data = BytesIO()
    original.save(data, "JPEG", quality=95)
    document = records.document()
    rendition = records.rendition(document, kind="scan", language="ru")
    file = add_scan_file(rendition, data.getvalue(), "page.jpg", "image/jpeg")

    response = client.get(f"/iiif/image/{document.pk}-{file.pk}-p1/{request_path}")

    # then it is the same part of the page as Pillow would cut from the whole image
    served = Image.open(BytesIO(b"".join(response.streaming_content))).convert("L")
    expected = original.convert("L").resize(size, Image.Resampling.LANCZOS, box=box)
    assert served.size == size
    difference = sum(abs(a - b) for a, b in zip(served.getdata(), expected.getdata(), strict=True))
    # (a mostly white page: the right part differs by ~0.2 a pixel, one shifted by ~3)
    assert difference / (size[0] * size[1]) < 1, "more than a resampling's difference"
