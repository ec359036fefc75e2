"""/media/ serves a file only when a public record owns it (issue 10, probes 1 and 2).

Anonymous readers get the scans of published documents and the images of public people,
places, topics and collections; the back office's roles also get drafts' files (their
preview); everything else under MEDIA_ROOT (a file an import once copied, a pending
import's upload, a draft's scan) is 404, exactly as a name that does not exist.
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils.http import http_date

from readingroom.archive.models import Rendition
from tests.curation.jobs_support import user_with_role
from tests.interop.iiif_scans import add_scan_file, pdf_bytes, png_bytes

PDF = pdf_bytes()
PNG = png_bytes((40, 30))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ACCEL_REDIRECT = ""
    # These tests sign in often; the real hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(user_with_role("eddie", "Editor"))
    return client


@pytest.fixture
def reader_client(db):
    """Signed in, but with no back office role: a reader like any other."""
    client = Client()
    client.force_login(user_with_role("rhea", None))
    return client


def scan_of(records, status="published", *, name="letter.pdf", data=PDF, machine=False):
    document = records.document(status=status)
    rendition = records.rendition(document, kind="scan", language="ru")
    if machine:
        Rendition.objects.filter(pk=rendition.pk).update(machine_generated=True)
    return add_scan_file(rendition, data, name, "application/pdf")


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_published_documents_scan_is_served_with_safe_headers(client, records):
    scan = scan_of(records)

    response = client.get(scan.file.url)

    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize("status", ["draft", "review"])
def test_a_drafts_scan_is_404_to_readers_and_shown_to_editors(
    client, reader_client, editor_client, records, status
):
    scan = scan_of(records, status=status)

    assert client.get(scan.file.url).status_code == 404
    assert reader_client.get(scan.file.url).status_code == 404
    preview = editor_client.get(scan.file.url)
    assert preview.status_code == 200
    assert body(preview) == PDF
    # a shared cache must never keep what only an editor may see
    assert preview["Cache-Control"] == "private, no-cache, no-store"


def test_machine_output_waiting_for_an_editor_is_not_public(client, editor_client, records):
    scan = scan_of(records, machine=True)

    assert client.get(scan.file.url).status_code == 404
    assert editor_client.get(scan.file.url).status_code == 200


def test_a_file_no_record_owns_is_404_for_everyone(client, editor_client, media_root, db):
    # given what probe 1 left behind: a key copied into portraits/, and a pending upload
    (media_root / "portraits").mkdir(parents=True)
    (media_root / "portraits" / "secret_key").write_text("signing key")
    (media_root / "imports" / "0123abcd").mkdir(parents=True)
    (media_root / "imports" / "0123abcd" / "hostile.jsonl").write_text("{}")

    for url in [
        "/media/portraits/secret_key",
        "/media/imports/0123abcd/hostile.jsonl",
        "/media/portraits/",
        "/media/portraits/no-such-file",
    ]:
        # then nobody gets them, and a file that exists looks like one that does not
        assert client.get(url).status_code == 404, url
        assert editor_client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/media/portraits/../../secret_key",
        "/media/portraits/%2e%2e/%2e%2e/secret_key",
        "/media/portraits/..%2F..%2Fsecret_key",
        "/media//etc/passwd",
        "/media/portraits\\..\\..\\secret_key",
    ],
)
def test_names_that_climb_out_are_404(client, editor_client, media_root, url, db):
    media_root.mkdir(parents=True)
    (media_root.parent / "secret_key").write_text("signing key")

    assert client.get(url).status_code == 404
    assert editor_client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("kind", "field"),
    [("person", "portrait"), ("place", "image"), ("topic", "image"), ("collection", "image")],
)
def test_an_entitys_image_is_public_with_the_entity(client, editor_client, records, kind, field):
    # given an entity that only a draft names
    entity = getattr(records, kind)(**{field: ContentFile(PNG, name="face.png")})
    draft, published = records.draft(), records.document()
    link = {
        "person": lambda d: records.link_person(d, entity),
        "place": lambda d: records.link_place(d, entity),
        "topic": lambda d: records.tag(d, entity),
        "collection": lambda d: records.add_to_collection(entity, [d]),
    }[kind]
    link(draft)
    url = getattr(entity, field).url

    # then its image is not public, but an editor sees it
    assert client.get(url).status_code == 404
    assert editor_client.get(url).status_code == 200

    # when a published document names it too, everyone does
    link(published)
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == PNG
    assert response["Content-Type"] == "image/png"


def test_an_entity_published_in_its_own_right_shows_its_image_without_documents(client, records):
    person = records.person(published=True, portrait=ContentFile(PNG, name="zhou.png"))
    featured_only = records.person(featured=True, portrait=ContentFile(PNG, name="mao.png"))

    assert client.get(person.portrait.url).status_code == 200
    # featuring is no publishing: a Reviewer publishes
    assert client.get(featured_only.portrait.url).status_code == 404


@pytest.mark.parametrize(
    "name", ["page.html", "page.svg", "page.js", "page"], ids=["html", "svg", "js", "no-suffix"]
)
def test_a_file_that_could_run_script_is_only_ever_downloaded(client, records, name):
    # given a published scan whose file is HTML, however it got there
    scan = scan_of(records, name=name, data=b"<script>alert(document.cookie)</script>")

    response = client.get(scan.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("asked", "status", "expected", "content_range"),
    [
        ("bytes=0-9", 206, PDF[:10], f"bytes 0-9/{len(PDF)}"),
        ("bytes=10-", 206, PDF[10:], f"bytes 10-{len(PDF) - 1}/{len(PDF)}"),
        ("bytes=-5", 206, PDF[-5:], f"bytes {len(PDF) - 5}-{len(PDF) - 1}/{len(PDF)}"),
        (f"bytes={len(PDF)}-", 416, b"", f"bytes */{len(PDF)}"),
        ("bytes=0-1,5-6", 200, PDF, None),
        ("lines=1-2", 200, PDF, None),
    ],
    ids=["first-ten", "from-ten", "last-five", "past-the-end", "two-ranges", "not-bytes"],
)
def test_a_byte_range_of_a_large_pdf(client, records, asked, status, expected, content_range):
    scan = scan_of(records)

    response = client.get(scan.file.url, HTTP_RANGE=asked)

    assert response.status_code == status
    assert body(response) == expected
    assert response.get("Content-Range") == content_range


def test_a_file_unchanged_since_is_not_sent_again(client, records):
    scan = scan_of(records)
    later = http_date((dt.datetime.now() + dt.timedelta(days=1)).timestamp())

    assert client.get(scan.file.url, HTTP_IF_MODIFIED_SINCE=later).status_code == 304


def test_with_accel_redirect_django_decides_and_the_web_server_sends(client, records, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    published, draft = scan_of(records), scan_of(records, status="draft", name="Lüshun.pdf")

    response = client.get(published.file.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{published.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert client.get(draft.file.url).status_code == 404
