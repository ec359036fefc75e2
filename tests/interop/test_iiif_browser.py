"""A reader looks at a document's scans in the deep-zoom viewer, in a real Chromium.

The viewer is on the document page through ``{% iiif_viewer document %}`` in
archive/document_detail.html; these tests fail with that advice if it is missing.
"""

import pytest
from playwright.sync_api import expect

from readingroom.interop.iiif.pages import document_pages

from .iiif_scans import scanned_document, use_folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MISSING = (
    "The document page has no IIIF viewer: add {% load iiif_tags %} and "
    "{% iiif_viewer document %} to archive/document_detail.html (see docs/iiif.md)."
)


@pytest.fixture
def letter(records, settings, tmp_path):
    if not settings.OPENSEADRAGON_BUILD.is_dir():
        pytest.skip("OpenSeadragon is missing from node_modules (make install, with npm)")
    use_folder(settings, tmp_path)
    return scanned_document(records)


def is_tile_of(identifier: str):
    def matches(response) -> bool:
        return f"/iiif/image/{identifier}/" in response.url and response.url.endswith(".jpg")

    return matches


def wait_for(page, responses: list, predicate, seconds: float = 15):
    """The first response seen so far, or within ``seconds``, that matches ``predicate``."""
    for _ in range(int(seconds * 10)):
        if found := [response for response in responses if predicate(response)]:
            return found[0]
        page.wait_for_timeout(100)
    raise AssertionError("no such response: " + ", ".join(r.url for r in responses))


def test_the_scans_open_in_a_deep_zoom_viewer(page, letter):
    identifiers = [p.identifier for p in document_pages(letter)]
    responses = []
    page.on("response", lambda response: responses.append(response))

    # given a reader on the letter's page
    page.goto(f"/document/{letter.pk}")
    viewer = page.locator("[data-iiif-viewer]")
    assert viewer.count() == 1, MISSING

    # then the viewer draws the first page from tiles of the Image API
    viewer.locator("canvas").first.wait_for()
    info = wait_for(page, responses, lambda r: r.url.endswith(f"{identifiers[0]}/info.json"))
    tile = wait_for(page, responses, is_tile_of(identifiers[0]))
    assert (info.status, tile.status) == (200, 200)
    assert tile.header_value("content-type") == "image/jpeg"
    expect(viewer).to_be_visible()
    # and the plain list of pages, there for readers without JavaScript, steps aside
    page.locator("[data-iiif-fallback]").wait_for(state="hidden")

    # when the reader turns to the next page, the first page of the PDF
    viewer.get_by_title("Next page").click()

    # then its tiles are loaded in turn
    assert wait_for(page, responses, is_tile_of(identifiers[1])).status == 200


def test_without_javascript_the_pages_are_plain_images(browser, live_server, letter):
    identifiers = [p.identifier for p in document_pages(letter)]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))

    page.goto(f"/document/{letter.pk}")
    assert page.locator("[data-iiif-viewer]").count() == 1, MISSING

    # the viewer stays hidden, and each page is a thumbnail linking to a large image
    assert page.locator("[data-iiif-viewer]").is_hidden()
    assert page.locator("[data-iiif-fallback] img").count() == 3
    for identifier in identifiers:
        thumbnail = wait_for(page, responses, lambda r, i=identifier: f"{i}/full/" in r.url)
        assert thumbnail.status == 200
    context.close()
