"""axe-core (npm ``axe-core``) over every kind of page, public and back office, in
Debian's Chromium at a desktop's and a phone's width: no violations at all."""

import os
from pathlib import Path

import pytest

from readingroom.archive.models import Collection, Document, Person, Place, Topic

from ..interop.iiif_scans import scanned_document, use_folder
from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

# What a violation is reported as: the rule, its impact, and where (a few elements).
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .map(v => `${v.id} (${v.impact}): ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        pytest.skip("axe-core is missing from node_modules (npm ci)")
    return AXE.read_text()


@pytest.fixture
def scanned(sample_archive, records, settings, tmp_path):
    """The sample archive, with a published letter with scans and a draft with scans."""
    use_folder(settings, tmp_path)
    return scanned_document(records), scanned_document(records, status="draft")


def violations(page, path: str | None, axe_source: str) -> list[str]:
    """What axe finds on ``path`` (or on the page as it is, for None)."""
    if path is not None:
        response = page.goto(path)
        assert response.status < 400, f"{path} answered {response.status}"
    page.evaluate(axe_source)
    return page.evaluate(RUN_AXE)


def public_pages(letter: Document) -> list[str]:
    person = Person.objects.filter(document_count__gt=0).first()
    return [
        "/",
        "/catalog",
        f"/document/{letter.record_id}",
        "/document/110398",
        "/people",
        person.get_absolute_url(),
        "/places",
        "/topics",
        "/collections",
        "/about",
        Topic.objects.filter(document_count__gt=0).first().get_absolute_url(),
        Place.objects.filter(document_count__gt=0).first().get_absolute_url(),
        Collection.objects.filter(document_count__gt=0).first().get_absolute_url(),
        "/search?q=Stalin",
        "/search?q=zzzzqqq",
        f"/search?like={letter.record_id}",
        f"/list?ids={letter.record_id},110398",
        "/list",
        f"/document/{letter.record_id}/versions",
        "/document/110398/versions/1",
    ]


def back_office_pages(document: Document) -> list[str]:
    person, other = Person.objects.all()[:2]
    return [
        "/editor/",
        "/editor/documents/",
        "/editor/documents/new/",
        f"/editor/documents/{document.record_id}/",
        f"/editor/documents/{document.record_id}/preview",
        f"/editor/history/document/{document.record_id}/",
        f"/editor/documents/{document.record_id}/ocr/",
        "/editor/records/person/",
        f"/editor/records/person/{person.pk}/",
        f"/editor/records/person/{person.pk}/merge",
        f"/editor/records/person/{person.pk}/merge-into",
        f"/editor/records/person/{person.pk}/merge-into?q=a",
        f"/editor/records/person/{person.pk}/merge-into?keep={other.pk}",
        f"/editor/records/person/{person.pk}/delete",
        f"/editor/records/place/{Place.objects.first().pk}/",
        f"/editor/records/topic/{Topic.objects.first().pk}/",
        f"/editor/records/collection/{Collection.objects.first().pk}/",
        "/editor/records/topic/new/",
        "/editor/records/collection/",
        f"/editor/documents/{document.record_id}/delete",
        "/editor/imports/",
        "/editor/trash/",
    ]


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_public_pages_have_no_axe_violations(browser, live_server, scanned, axe_source, width):
    w, h = WIDTHS[width]
    page = browser.new_context(
        base_url=live_server.url, viewport={"width": w, "height": h}
    ).new_page()
    found = {
        path: v for path in public_pages(scanned[0]) if (v := violations(page, path, axe_source))
    }
    page.context.close()
    assert found == {}


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_back_office_pages_have_no_axe_violations(
    browser, live_server, scanned, users, axe_source, width
):
    w, h = WIDTHS[width]
    context = browser.new_context(base_url=live_server.url, viewport={"width": w, "height": h})
    page = context.new_page()
    found = {}
    if v := violations(page, "/editor/login/", axe_source):
        found["/editor/login/"] = v
    page.fill("input[name=username]", "administrator")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/editor/")
    found |= {
        path: v
        for path in back_office_pages(scanned[1])
        if (v := violations(page, path, axe_source))
    }

    # the editing screen with errors on it, and the list after a bulk action, with its undo
    page.goto("/editor/documents/new/")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name="Nothing was saved: please correct these").wait_for()
    if v := violations(page, None, axe_source):
        found["the new document screen with errors"] = v
    page.goto("/editor/records/person/new/")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name="Nothing was saved: please correct these").wait_for()
    if v := violations(page, None, axe_source):
        found["the new person screen with errors"] = v
    page.goto("/editor/documents/")
    page.locator("input[name=record_ids]").first.check()
    page.select_option("select[name=action]", "submit")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("button", name="Undo for all").wait_for()
    if v := violations(page, None, axe_source):
        found["the document list with an undo"] = v
    shoot(page, f"/editor/documents/{scanned[1].record_id}/", width)
    context.close()
    assert found == {}


def shoot(page, path: str, width: str) -> None:
    """With SCREENSHOTS=folder, the editing screen as pictures for the editing guide."""
    if folder := os.environ.get("SCREENSHOTS"):
        page.goto(path)
        page.screenshot(
            path=f"{folder}/editor-{page.viewport_size['width']}.png", full_page=width == "desktop"
        )
