"""The dashboard shows what waits for me: reviews, OCR drafts, failed imports, and what
others changed."""

from readingroom.archive.actions import Actor, save_document
from readingroom.curation.models import ImportJob


def test_the_dashboard_shows_what_waits(client_as, users, records):
    # given a document in review, a draft with an OCR transcript, a failed import,
    # and a change the reviewer made
    records.document("Waiting for a Reviewer", status="review")
    ocr = records.draft("A Scan Read by OCR")
    transcript = records.rendition(ocr, "Машинный текст", kind="transcript", language="ru")
    transcript.machine_generated = True
    transcript.save()
    ImportJob.objects.create(name="broken.jsonl", status=ImportJob.Status.FAILED)
    changed = records.draft("Changed by the Reviewer")
    save_document(
        {"record_id": changed.record_id, "title": changed.title, "summary": "New."},
        actor=Actor.of(users["reviewer"]),
        summary="Summary added",
    )

    # when the editor opens the dashboard
    html = client_as("editor").get("/editor/").content.decode()

    # then each is listed under its heading
    def section(heading: str) -> str:
        start = html.index(heading)
        return html[start : html.index("</section>", start)]

    assert "Waiting for a Reviewer" in section("Waiting for review (1)")
    assert "A Scan Read by OCR" in section("OCR drafts to confirm (1)")
    assert "broken.jsonl" in section("Failed imports")
    assert "Changed by the Reviewer" in section("Changes by others")
    assert "by reviewer" in section("Changes by others")
    # and the reviewer does not see their own change as someone else's
    html = client_as("reviewer").get("/editor/").content.decode()
    assert "Changed by the Reviewer" not in section("Changes by others")
