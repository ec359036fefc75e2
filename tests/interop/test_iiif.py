"""IIIF: Presentation 3 manifests and the Image API 3 level-1 server, on real files."""

import json
from io import BytesIO

import jsonschema
import pytest
from django.template import Context, Template
from PIL import Image

from readingroom.interop.iiif.manifest import rights_uri
from readingroom.interop.iiif.pages import document_pages
from tests.curation.jobs_support import user_with_role

from .iiif_scans import (
    PAGE_SIZES,
    TITLE,
    TRANSLATION,
    add_scan_file,
    png_bytes,
    scanned_document,
    use_folder,
)

SERVER = "http://testserver"


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.SITE_URL = "http://127.0.0.1:8000"
    use_folder(settings, tmp_path)


@pytest.fixture
def letter(records):
    return scanned_document(
        records,
        summary="Mao asks Stalin about the treaty.",
        rights="This document is in the public domain. http://creativecommons.org/publicdomain/mark/1.0/",
    )


@pytest.fixture
def identifiers(letter):
    return [page.identifier for page in document_pages(letter)]


def image_url(identifier: str, request: str) -> str:
    return f"/iiif/image/{identifier}/{request}"


def open_image(response) -> Image.Image:
    return Image.open(BytesIO(b"".join(response.streaming_content)))


# Manifests


def test_manifest_has_one_canvas_per_image_and_pdf_page(client, letter):
    # when a viewer fetches the letter's manifest
    response = client.get(f"/iiif/{letter.pk}/manifest.json")

    # then it has three canvases, the size of the page images
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    manifest = response.json()
    canvases = manifest["items"]
    assert [(c["width"], c["height"]) for c in canvases] == PAGE_SIZES
    assert [c["label"] for c in canvases] == [
        {"en": ["Page 1"]},
        {"en": ["Page 2"]},
        {"en": ["Page 3"]},
    ]
    # and each is painted by its image, served by the Image API
    painting = canvases[1]["items"][0]["items"][0]
    service = (
        f"{SERVER}/iiif/image/{letter.pk}-{letter.renditions.get(kind='scan').files.last().pk}-p1"
    )
    assert painting["motivation"] == "painting"
    assert painting["target"] == canvases[1]["id"]
    assert painting["body"] == {
        "id": f"{service}/full/max/0/default.jpg",
        "type": "Image",
        "format": "image/jpeg",
        "width": 1275,
        "height": 1650,
        "service": [{"id": service, "type": "ImageService3", "profile": "level1"}],
    }


def test_manifest_describes_the_document(client, letter):
    manifest = client.get(f"/iiif/{letter.pk}/manifest.json").json()

    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["id"] == f"{SERVER}/iiif/{letter.pk}/manifest.json"
    assert manifest["type"] == "Manifest"
    assert manifest["label"] == {"en": [TITLE]}
    assert manifest["summary"] == {"en": ["Mao asks Stalin about the treaty."]}
    assert manifest["metadata"][:2] == [
        {"label": {"en": ["Date"]}, "value": {"en": ["January 15, 1956"]}},
        {"label": {"en": ["Record ID"]}, "value": {"none": [str(letter.pk)]}},
    ]
    assert manifest["metadata"][-1]["label"] == {"en": ["Rights"]}
    assert manifest["rights"] == "http://creativecommons.org/publicdomain/mark/1.0/"
    assert manifest["requiredStatement"]["value"] == {
        "en": [
            f'Wilson Center Digital Archive. Cite as: "{TITLE}", January 15, 1956, '
            "Wilson Center Digital Archive."
        ]
    }
    assert manifest["homepage"][0]["id"] == f"http://127.0.0.1:8000/document/{letter.pk}"
    assert manifest["thumbnail"][0]["width"] == 200
    assert manifest["thumbnail"][0]["height"] == 150


def test_manifest_links_the_translation_as_plain_text(client, letter):
    # given the manifest's renderings
    (rendering,) = client.get(f"/iiif/{letter.pk}/manifest.json").json()["rendering"]
    assert rendering["label"] == {"en": ["Translation - English"]}
    assert (rendering["format"], rendering["language"]) == ("text/plain", ["en"])

    # when a client follows the link
    response = client.get(rendering["id"].removeprefix(SERVER))

    # then it gets the text with its notes and the citation
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith(f"{TITLE}\n\nTranslation - English\n\n{TRANSLATION}\n\n")
    assert "[1] Stalin's telegram." in text


def test_manifest_validates_against_the_iiif_schema(client, letter, shared_dir):
    schema = json.loads((shared_dir / "schemas/iiif/iiif_3_0.json").read_text())
    manifest = client.get(f"/iiif/{letter.pk}/manifest.json").json()

    errors = [error.message for error in jsonschema.Draft7Validator(schema).iter_errors(manifest)]

    assert errors == []


def test_manifest_loads_in_iiif_prezi3(client, letter):
    prezi3 = pytest.importorskip("iiif_prezi3")
    data = client.get(f"/iiif/{letter.pk}/manifest.json").json()

    manifest = prezi3.Manifest(**data)

    assert [canvas.width for canvas in manifest.items] == [2000, 1275, 1650]
    assert manifest.items[2].items[0].items[0].body.service[0].profile == "level1"


@pytest.mark.parametrize(
    ("statement", "uri"),
    [
        ("Public domain.", None),
        (
            "See https://rightsstatements.org/page/InC-EDU/1.0/?language=en.",
            "http://rightsstatements.org/vocab/InC-EDU/1.0/?language=en",
        ),
        (
            "Licensed under https://creativecommons.org/licenses/by/4.0/.",
            "http://creativecommons.org/licenses/by/4.0/",
        ),
    ],
    ids=["text-only", "rightsstatements-page", "creative-commons-https"],
)
def test_rights_is_a_uri_only_when_the_statement_names_one(statement, uri):
    assert rights_uri(statement) == uri


def test_manifest_without_a_rights_uri_keeps_the_statement_in_metadata(client, records):
    document = scanned_document(records, rights="Reproduced with the archive's permission.")

    manifest = client.get(f"/iiif/{document.pk}/manifest.json").json()

    assert "rights" not in manifest
    assert {"label": {"en": ["Rights"]}, "value": {"en": [document.rights]}} in manifest["metadata"]


@pytest.mark.parametrize("status", ["draft", "review"])
def test_nothing_of_an_unpublished_document_is_served(client, records, status):
    # given a scanned document not yet published
    document = scanned_document(records, status=status)
    page = document_pages(document)[0]
    text = document.renditions.get(kind="translation")

    # then its manifest, images and texts are not found
    for url in [
        f"/iiif/{document.pk}/manifest.json",
        image_url(page.identifier, "info.json"),
        image_url(page.identifier, "full/max/0/default.jpg"),
        f"/document/{document.pk}/rendition/{text.pk}.txt",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("status", ["draft", "review"])
def test_an_editor_previewing_a_draft_gets_its_scans_privately(client, records, status, settings):
    # given a scanned draft, and an Editor signed in
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    document = scanned_document(records, status=status)
    page = document_pages(document)[0]
    client.force_login(user_with_role("eddie", "Editor"))

    # then the preview's viewer gets the manifest, the image information and the pixels
    for url in [
        f"/iiif/{document.pk}/manifest.json",
        image_url(page.identifier, "info.json"),
        image_url(page.identifier, "full/200,/0/default.jpg"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        # and no shared cache may keep them for the next, anonymous, asker
        assert response["Cache-Control"] == "private, no-cache, no-store", url
        assert "Cookie" in response["Vary"], url

    # and the preview page shows the scans in the viewer
    preview = client.get(f"/editor/documents/{document.pk}/preview").content.decode()
    assert f"/iiif/image/{page.identifier}/info.json" in preview

    # while a signed-in reader without a role still finds nothing
    client.force_login(user_with_role("rhea", None))
    assert client.get(f"/iiif/{document.pk}/manifest.json").status_code == 404
    assert client.get(image_url(page.identifier, "info.json")).status_code == 404


def test_a_document_without_scans_has_no_manifest(client, records):
    document = records.document()
    records.rendition(document, "Only a translation.")

    assert client.get(f"/iiif/{document.pk}/manifest.json").status_code == 404


# The Image API


def test_info_json_declares_level_1_tiles_and_sizes(client, identifiers):
    response = client.get(image_url(identifiers[0], "info.json"))

    assert response.status_code == 200
    assert response.json() == {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": f"{SERVER}/iiif/image/{identifiers[0]}",
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level1",
        "width": 2000,
        "height": 1500,
        "maxWidth": 4096,
        "maxHeight": 4096,
        "maxArea": 4096 * 4096,
        "sizes": [
            {"width": 500, "height": 375},
            {"width": 1000, "height": 750},
            {"width": 2000, "height": 1500},
        ],
        "tiles": [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}],
        "preferredFormats": ["jpg"],
        "extraFormats": ["png"],
        "extraQualities": ["color"],
        "extraFeatures": ["sizeByConfinedWh"],
    }


def test_info_json_is_json_ld_when_asked(client, identifiers):
    response = client.get(
        image_url(identifiers[0], "info.json"), headers={"Accept": "application/ld+json"}
    )

    assert response["Content-Type"] == (
        'application/ld+json;profile="http://iiif.io/api/image/3/context.json"; charset=utf-8'
    )


def test_the_base_uri_redirects_to_info_json(client, identifiers):
    response = client.get(f"/iiif/image/{identifiers[0]}")

    assert response.status_code == 303
    assert response["Location"] == f"/iiif/image/{identifiers[0]}/info.json"


@pytest.mark.parametrize(
    ("page", "request_path", "size", "image_format"),
    [
        (0, "full/max/0/default.jpg", (2000, 1500), "JPEG"),
        (0, "0,0,512,512/512,/0/default.jpg", (512, 512), "JPEG"),
        (0, "512,0,1024,1024/256,/0/default.jpg", (256, 256), "JPEG"),
        (0, "1536,1024,1024,1024/256,/0/default.jpg", (256, 263), "JPEG"),
        (0, "full/!400,400/0/default.jpg", (400, 300), "JPEG"),
        (0, "full/!400,100/0/default.jpg", (133, 100), "JPEG"),
        (0, "full/,150/0/default.jpg", (200, 150), "JPEG"),
        (0, "full/300,200/0/color.png", (300, 200), "PNG"),
        (0, "square/100,100/0/default.jpg", (100, 100), "JPEG"),
        (1, "full/max/0/default.jpg", (1275, 1650), "JPEG"),
        (2, "full/!165,165/0/default.png", (165, 128), "PNG"),
    ],
    ids=[
        "full-max",
        "tile",
        "tile-scaled",
        "edge-tile-cut-at-the-border",
        "confined-by-width",
        "confined-by-height",
        "by-height",
        "distorted-png",
        "square",
        "pdf-page-1",
        "pdf-page-2",
    ],
)
def test_image_requests_give_exactly_the_size_asked(
    client, identifiers, page, request_path, size, image_format
):
    response = client.get(image_url(identifiers[page], request_path))

    assert response.status_code == 200, response.content
    image = open_image(response)
    assert (image.size, image.format) == (size, image_format)
    assert response["Content-Type"] == f"image/{image_format.lower()}"


def test_a_tile_shows_that_part_of_the_page(client, identifiers):
    # the page's frame is black at its top-left corner, its middle is white paper
    corner = open_image(client.get(image_url(identifiers[0], "0,0,64,64/max/0/default.png")))
    middle = open_image(client.get(image_url(identifiers[0], "1000,900,64,64/max/0/default.png")))

    assert corner.getpixel((12, 32)) == (0, 0, 0)
    assert middle.getpixel((32, 32)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("request_path", "status"),
    [
        ("0,0,0,10/max/0/default.jpg", 400),
        ("5000,0,10,10/max/0/default.jpg", 400),
        ("a,b,c,d/max/0/default.jpg", 400),
        ("full/0,/0/default.jpg", 400),
        ("full/3000,/0/default.jpg", 400),
        ("full/big/0/default.jpg", 400),
        ("full/!100,/0/default.jpg", 400),
        ("full/max/left/default.jpg", 400),
        ("full/max/400/default.jpg", 400),
        ("full/max/0/sepia.jpg", 400),
        ("full/max/0/default.bmp", 400),
        ("pct:10,10,10,10/max/0/default.jpg", 501),
        ("full/^max/0/default.jpg", 501),
        ("full/pct:50/0/default.jpg", 501),
        ("full/max/90/default.jpg", 501),
        ("full/max/!0/default.jpg", 501),
        ("full/max/0/gray.jpg", 501),
        ("full/max/0/default.tif", 501),
    ],
    ids=[
        "region-without-area",
        "region-outside",
        "region-not-numbers",
        "size-zero",
        "size-larger-than-region",
        "size-word",
        "confined-without-height",
        "rotation-word",
        "rotation-past-360",
        "unknown-quality",
        "unknown-format",
        "region-pct",
        "upscaling",
        "size-pct",
        "rotation-90",
        "mirroring",
        "gray",
        "tif",
    ],
)
def test_bad_or_unsupported_requests_are_refused(client, identifiers, request_path, status):
    response = client.get(image_url(identifiers[0], request_path))

    assert response.status_code == status
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "identifier",
    ["nonsense", "999999-1-p1", "{record_id}-{file_id}-p9", "{record_id}-{file_id}-p0"],
    ids=["malformed", "unknown", "page-past-the-end", "page-zero"],
)
def test_unknown_images_are_not_found(client, letter, identifier):
    file = letter.renditions.get(kind="scan").files.last()
    identifier = identifier.format(record_id=letter.pk, file_id=file.pk)

    assert client.get(image_url(identifier, "info.json")).status_code == 404
    assert client.get(image_url(identifier, "full/max/0/default.jpg")).status_code == 404


def test_a_file_of_another_document_is_not_found_under_this_one(client, letter, records):
    other = scanned_document(records)
    file = other.renditions.get(kind="scan").files.first()

    assert client.get(image_url(f"{letter.pk}-{file.pk}-p1", "info.json")).status_code == 404


def test_derivatives_are_cached_on_disk_and_reused(client, letter, identifiers):
    # given a first request, whose image is kept under its canonical name
    page = document_pages(letter)[0]
    first = client.get(image_url(identifiers[0], "full/!400,400/0/default.jpg"))
    cached = page.cache_dir / "full/400,300/0/default.jpg"
    assert first.status_code == 200
    assert open_image(first).size == (400, 300)
    assert cached.is_file()

    # when the cached file is replaced by something recognisable
    Image.new("RGB", (7, 7), "red").save(cached, "JPEG")

    # then the same request, and its other spellings, are answered from the cache
    for request_path in ["full/!400,400/0/default.jpg", "0,0,2000,1500/400,/0/color.jpg"]:
        assert open_image(client.get(image_url(identifiers[0], request_path))).size == (7, 7)


def test_pdf_pages_are_rendered_once_into_the_cache(client, letter, identifiers):
    page = document_pages(letter)[1]
    assert not (page.cache_dir / "page.png").exists()

    client.get(image_url(identifiers[1], "0,0,512,512/256,/0/default.jpg"))

    with Image.open(page.cache_dir / "page.png") as rendered:
        assert rendered.size == (1275, 1650)


@pytest.mark.parametrize(
    "url",
    [
        "/iiif/{record_id}/manifest.json",
        "/iiif/image/{identifier}/info.json",
        "/iiif/image/{identifier}/full/max/0/default.jpg",
        "/iiif/image/nonsense/info.json",
    ],
    ids=["manifest", "info", "image", "not-found"],
)
def test_other_sites_may_load_manifests_and_images(client, letter, identifiers, url):
    url = url.format(record_id=letter.pk, identifier=identifiers[0])

    response = client.get(url, headers={"Origin": "https://viewer.example.org"})
    preflight = client.options(url, headers={"Origin": "https://viewer.example.org"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_responses_say_how_long_to_keep_them(client, letter, identifiers):
    manifest = client.get(f"/iiif/{letter.pk}/manifest.json")
    image = client.get(image_url(identifiers[0], "full/!100,100/0/default.jpg"))

    assert manifest["Cache-Control"] == "public, max-age=3600"
    assert image["Cache-Control"] == "public, max-age=86400"
    assert image["Link"] == (
        f'<{SERVER}/iiif/image/{identifiers[0]}/full/100,75/0/default.jpg>;rel="canonical"'
    )


def test_an_image_too_large_to_decode_is_refused_clearly(client, settings, letter, identifiers):
    # given a limit below the 3 million pixels of the first page
    settings.IIIF_MAX_PIXELS = 2_500_000

    response = client.get(image_url(identifiers[0], "full/max/0/default.jpg"))
    manifest = client.get(f"/iiif/{letter.pk}/manifest.json").json()

    # then that page is refused with a reason, and left out of the manifest
    assert response.status_code == 500
    assert "more than IIIF_MAX_PIXELS (2,500,000)" in response.content.decode()
    assert [(c["width"], c["height"]) for c in manifest["items"]] == PAGE_SIZES[1:]


def test_a_photo_taken_sideways_is_served_upright(client, records):
    # given a 300 × 200 JPEG whose EXIF says "turn me a quarter clockwise"
    photo, exif = BytesIO(), Image.Exif()
    exif[0x0112] = 6  # Orientation
    Image.new("RGB", (300, 200), "white").save(photo, "JPEG", exif=exif)
    document = records.document()
    scan = records.rendition(document, kind="scan", language="ru")
    file = add_scan_file(scan, photo.getvalue(), "photo.jpg", "image/jpeg")
    identifier = f"{document.pk}-{file.pk}-p1"

    info = client.get(image_url(identifier, "info.json")).json()
    image = open_image(client.get(image_url(identifier, "full/max/0/default.jpg")))

    assert (info["width"], info["height"]) == (200, 300)
    assert image.size == (200, 300)


def test_a_truncated_image_is_refused_clearly(client, records):
    # given a scan whose PNG lost its second half in an upload
    document = records.document()
    scan = records.rendition(document, kind="scan", language="ru")
    data = png_bytes()
    file = add_scan_file(scan, data[: len(data) // 2], "cut.png", "image/png")

    response = client.get(image_url(f"{document.pk}-{file.pk}-p1", "full/max/0/default.jpg"))

    assert response.status_code == 500
    assert response.content.decode().startswith(
        f"Image '{document.pk}-{file.pk}-p1' cannot be read"
    )


def test_a_file_that_is_not_an_image_is_left_out(client, records):
    # given a scan whose "PNG" is really a script
    document = scanned_document(records)
    script = b"#!/bin/sh\necho 'never run'\n"
    add_scan_file(document.renditions.get(kind="scan"), script, "evil.png", "image/png", order=5)

    manifest = client.get(f"/iiif/{document.pk}/manifest.json").json()

    assert len(manifest["items"]) == 3


# The viewer partial


def test_the_viewer_lists_the_pages_for_readers_without_javascript(letter, identifiers):
    html = Template("{% load iiif_tags %}{% iiif_viewer document %}").render(
        Context({"document": letter})
    )

    assert "data-iiif-viewer" in html
    assert f'href="/iiif/{letter.pk}/manifest.json"' in html
    for identifier in identifiers:
        assert f"/iiif/image/{identifier}/info.json" in html
        assert f'<a href="/iiif/image/{identifier}/full/!1600,1600/0/default.jpg">' in html
    assert f'src="/iiif/image/{identifiers[0]}/full/160,120/0/default.jpg"' in html
    assert "vendor/openseadragon/openseadragon.min.js" in html


def test_the_viewer_shows_nothing_for_a_draft(records):
    draft = scanned_document(records, status="draft")

    html = Template("{% load iiif_tags %}{% iiif_viewer document %}").render(
        Context({"document": draft})
    )

    assert html.strip() == ""
