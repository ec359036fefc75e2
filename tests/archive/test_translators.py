"""A translation's translator (Rendition.translator) is credited, on the page and beyond."""

import pytest

from readingroom.archive.models import Contributor, Rendition
from readingroom.archive.queries import document_detail
from readingroom.interop.oaipmh.repository import with_metadata
from readingroom.interop.oaipmh.serializers import dublin_core


@pytest.fixture
def translated(records):
    """A letter whose English translation names its translator, and no contribution does."""
    document = records.document("Letter, Mao Zedong to Comrade Filippov [Stalin]")
    records.contribute(document, "Tatiana Zazerskaia", "obtained")
    rendition = records.rendition(document, "Comrade Filippov:\n\nAccording to …")
    rendition.translator = Contributor.objects.create(name="David Cowhig")
    rendition.save()
    return document


def test_the_translator_is_credited_with_translating_the_document(translated):
    document = document_detail().get(pk=translated.pk)

    assert document.credit_line == (
        "Obtained by Tatiana Zazerskaia and translated by David Cowhig."
    )
    assert document.citation.endswith(
        "Obtained by Tatiana Zazerskaia and translated by David Cowhig."
    )


def test_a_translator_also_credited_on_the_document_is_named_once(records, translated):
    records.contribute(translated, "David Cowhig", "translated", order=1)

    document = document_detail().get(pk=translated.pk)

    assert [(r, [c.name for c in cs]) for r, cs in document.contributors_by_role] == [
        ("obtained", ["Tatiana Zazerskaia"]),
        ("translated", ["David Cowhig"]),
    ]


def test_a_machine_translation_credits_no_one(records, translated):
    Rendition.objects.update(machine_generated=True)

    document = translated.__class__.objects.get(pk=translated.pk)

    assert document.credit_line == "Obtained by Tatiana Zazerskaia."


def test_the_page_shows_the_translator_with_the_translation(client, translated):
    html = client.get(f"/document/{translated.pk}").content.decode()

    translation = html[html.index('<section class="rendition"') :]
    assert '<p class="translator">Translated by David Cowhig</p>' in translation
    assert (
        "<dt>Credits</dt><dd>Obtained by Tatiana Zazerskaia and translated by David Cowhig." in html
    )


def test_oai_dublin_core_names_the_translator_as_a_contributor(
    translated, django_assert_num_queries
):
    document = with_metadata(translated.__class__.objects.filter(pk=translated.pk)).get()

    with django_assert_num_queries(0):
        pairs = dublin_core(document)

    assert ("contributor", "David Cowhig (translated)") in pairs
