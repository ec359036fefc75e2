"""Machine output (OCR) stays out of every public view until an editor confirms it."""

import pytest

pytestmark = pytest.mark.django_db

OCR_TEXT = "Unconfirmed OCR text of the scan"


@pytest.fixture
def letter(records):
    document = records.document("Letter, Zhou Enlai to Comrade Molotov")
    records.rendition(document, "Comrade Molotov: In order to develop")
    ocr = records.rendition(document, OCR_TEXT, kind="transcript", language="ru")
    ocr.machine_generated = True
    ocr.save()
    return document


@pytest.mark.parametrize(
    "url",
    ["/document/{id}", "/api/documents/{id}", "/document/{id}.tei.xml"],
    ids=["page", "api", "tei"],
)
def test_an_unconfirmed_transcript_is_not_public(client, letter, url):
    response = client.get(url.format(id=letter.record_id))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Comrade Molotov: In order to develop" in body
    assert OCR_TEXT not in body


def test_a_confirmed_transcript_is_public(client, letter):
    ocr = letter.renditions.get(machine_generated=True)
    ocr.machine_generated = False
    ocr.save()

    assert OCR_TEXT in client.get(f"/document/{letter.record_id}").content.decode()
