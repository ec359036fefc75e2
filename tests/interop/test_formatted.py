"""Chicago (note and bibliography), MLA and APA: on the page exactly as citeproc-js makes them.

The page's strings come from the project's citeproc-js process (interop/citeproc.py),
stored by ``refresh_citations`` or rendered on first view; the expected strings come from
citeproc-js run separately, as its manual shows (tests/fixtures/citeproc_reference.js),
from the same CSL-JSON, style files and locale.
"""

import lxml.html
import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from readingroom.archive.models import Contributor, Document
from readingroom.interop import citeproc
from readingroom.interop.citations import csl_item
from readingroom.interop.formatted import (
    citation_documents,
    page_citations,
    refresh_citations,
)
from readingroom.interop.models import FormattedCitation
from readingroom.interop.tasks import schedule_refresh

from .citation_records import month_document, seed_document

FORM_KEYS = [form.key for form in citeproc.FORMS]
SEED_CHICAGO = (
    "Wolff, David, trans. “Request by the Chinese leadership to the Soviet Leadership for Help"
    " in Establishing a Chinese Nuclear Program.” Letter. January 15, 1956. TsKhSD (Center for"
    " the Storage of Contemporary Documentation), f.5, op.30, d.164, ll. 7a, 48-9. Wilson"
    " Center Digital Archive. http://testserver.example/document/110398."
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver.example"


def page_strings(client, record_id: int) -> dict[str, str]:
    """{form key: the text a reader copies} from the document's page."""
    response = client.get(f"/document/{record_id}")
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content)
    return {dd.get("data-citation"): dd.text_content() for dd in tree.xpath("//dd[@data-citation]")}


def items_of(record_ids) -> list[dict]:
    documents = citation_documents().filter(record_id__in=record_ids).order_by("record_id")
    return [csl_item(document) for document in documents]


def test_the_sample_pages_show_what_citeproc_js_makes(
    sample_archive, client, citeproc_js, citeproc_reference
):
    # given every document of the sample archive, none of them rendered beforehand
    ids = list(Document.objects.published().values_list("record_id", flat=True))
    expected = citeproc_reference(items_of(ids))

    for record_id in ids:
        # then its page shows the four strings citeproc-js makes, character for character
        assert page_strings(client, record_id) == expected[str(record_id)], record_id

    # the example: the translator is not put in the author's place, nor repeated
    assert expected["110398"]["chicago"] == SEED_CHICAGO
    assert expected["116979"]["apa"].count("Trans.") == 1


def test_no_citation_ends_a_clause_twice(sample_archive, client, citeproc_js):
    # the sample's printed source ends "…, 37-39." and MLA used to print "37-39., "
    letter = Document.objects.get(title="Letter, Mao Zedong to Comrade Filippov [Stalin]")

    strings = page_strings(client, letter.record_id)

    assert "37-39, " in strings["mla"]
    for text in strings.values():
        assert "37-39.," not in text and ".." not in text and ".”." not in text


def test_two_hundred_frus_documents_are_cited_as_citeproc_js_cites_them(
    transactional_db, shared_dir, client, citeproc_js, citeproc_reference
):
    from readingroom.importers.base import import_files

    # given 200 documents of a FRUS volume, their citations rendered and stored
    import_files([shared_dir / "corpus/frus/xml/frus1955-57v03.xml"], publish=True)
    ids = list(Document.objects.order_by("record_id").values_list("record_id", flat=True)[:200])
    assert refresh_citations(ids) == 200
    assert FormattedCitation.objects.filter(document_id__in=ids).count() == 200 * len(FORM_KEYS)
    expected = citeproc_reference(items_of(ids))

    # then each page shows exactly what citeproc-js makes of its CSL-JSON
    mismatches = [i for i in ids if page_strings(client, i) != expected[str(i)]]
    assert mismatches == []


def test_a_long_lived_engine_cites_as_a_fresh_one(db, citeproc_js, citeproc_reference):
    # given the two seed documents and an anonymous one, each with its own fresh engines
    items = [csl_item(seed_document()), csl_item(month_document())]

    # the renderer's way (one engine per style, each item alone) gives the same strings
    assert citeproc_reference(items) == citeproc_reference(items, fresh=True)


def test_stored_citations_are_read_in_one_query(db, citeproc_js, django_assert_num_queries):
    seed_document()
    assert refresh_citations([110398]) == 1
    document = citation_documents().get(record_id=110398)
    csl_item(document)  # the document's links, fetched as the page fetches them

    with django_assert_num_queries(1):
        shown = page_citations(document)

    assert [citation.key for citation in shown] == FORM_KEYS
    assert shown[1].text.startswith("Mao Zedong. “Request by the Chinese leadership")


def test_refreshing_again_renders_only_what_changed(db, citeproc_js):
    seed_document()
    month_document()
    assert refresh_citations([110398, 116980, 999]) == 2

    # nothing changed: nothing to render
    assert refresh_citations([110398, 116980]) == 0

    # a translator's name corrected: that document is rendered anew, and only it
    Contributor.objects.filter(name="David Wolff").update(
        family_name="Wolff", given_name="D.", name_order="given-first"
    )
    assert refresh_citations([110398, 116980]) == 1
    assert "Translated by D. Wolff." in (
        FormattedCitation.objects.get(document_id=110398, form="chicago").text
    )


def test_an_out_of_date_row_is_never_shown(db, client, citeproc_js):
    # given stored citations, then a change nobody refreshed them after
    seed_document()
    refresh_citations([110398])
    Contributor.objects.filter(name="David Wolff").update(given_name="D.")

    # then the page renders the citations anew rather than show the stored ones
    shown = page_strings(client, 110398)
    assert "Translated by D. Wolff." in shown["chicago"]
    assert all("D. Wolff" in shown[form] for form in ["chicago-note", "mla", "apa"]), shown
    stored = FormattedCitation.objects.get(document_id=110398, form="chicago").text
    assert "Translated by David Wolff." in stored


@pytest.mark.parametrize("form", FORM_KEYS)
def test_an_anonymous_document_is_cited_by_its_title_once(db, client, citeproc_js, form):
    month_document()

    text = page_strings(client, 116980)[form]

    assert text.count("Lüshun") == 1
    assert "Zhou Enlai (周恩来)" in text


def test_the_page_escapes_a_title_that_looks_like_markup(db, client, citeproc_js):
    month_document(title="On <script>alert(1)</script> & other tricks")

    html = client.get("/document/116980").content.decode()

    assert "<script>alert(1)" not in html
    # the reader still sees the title as typed (MLA title-cases it)
    text = page_strings(client, 116980)["mla"].lower()
    assert "on <script>alert(1)</script> & other tricks" in text


def test_without_node_nothing_is_rendered_nor_stored(db, settings):
    settings.CITATIONS_NODE = "off"
    seed_document()

    assert refresh_citations([110398]) == 0
    assert page_citations(citation_documents().get(record_id=110398)) == []
    assert not FormattedCitation.objects.exists()


def test_the_command_renders_every_document(db, citeproc_js):
    seed_document()
    month_document()

    call_command("refresh_citations", verbosity=0)

    assert FormattedCitation.objects.count() == 2 * len(FORM_KEYS)


def test_a_change_queues_a_refresh_job_with_its_transaction(db):
    schedule_refresh([116980, 110398, 110398])

    (job,) = DBTaskResult.objects.all()
    assert job.task_path == "readingroom.interop.tasks.refresh_document_citations"
    assert job.args_kwargs["args"] == [[110398, 116980]]
