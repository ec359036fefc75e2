"""A newcomer's first ten minutes: the demo on another port links to that port, every
documented command finds the demo's archive, and the demo looks finished."""

import os
import re
import subprocess
import sys

import pytest
from django.test import override_settings

from readingroom.archive.models import Page, Topic

from .processes import REPO, environment


def make_variable(name: str, *assignments: str) -> str:
    """What the Makefile exports as ``name`` to its recipes (with ``PORT=8101`` etc.)."""
    # As a newcomer's shell runs it: not inside `make test`, whose exports would win.
    inherited = ("SITE_URL", "HOST", "PORT", "READINGROOM_DATA", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    done = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", f"show: ; @echo $${name}", "show",
         *assignments],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def test_the_demo_on_another_port_names_that_port_as_its_address():
    assert make_variable("SITE_URL", "PORT=8101") == "http://127.0.0.1:8101"
    assert make_variable("SITE_URL") == "http://127.0.0.1:8000"


@pytest.mark.django_db
@override_settings(SITE_URL="http://127.0.0.1:8101")
def test_every_link_a_citation_makes_follows_the_site_url(client, sample_archive):
    # What PORT=8101 make demo serves: the permalink, the canonical link, COinS, BibTeX, RIS
    page = client.get("/document/110398").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8101/document/110398">' in page
    assert "rfr_id=info%3Asid%2F127.0.0.1%3A8101" in page  # COinS
    for export in (".bib", ".ris", ".csl.json"):
        text = client.get(f"/document/110398{export}").content.decode()
        assert "http://127.0.0.1:8101/document/110398" in text, export
    everything = page + "".join(
        client.get(f"/document/110398{export}").content.decode()
        for export in (".bib", ".ris", ".csl.json")
    )
    assert not re.search(r"127\.0\.0\.1:8000|localhost:8000", everything)


def test_documented_commands_find_the_demos_archive(tmp_path):
    # `make demo` keeps its archive in ./var without setting READINGROOM_DATA, and the
    # settings' default in a checkout is that same folder: `readingroom createsuperuser`
    # run as docs/editing.md says, from anywhere, opens the demo's database.
    assert make_variable("READINGROOM_DATA") == ""
    env = environment(tmp_path) | {"HOME": str(tmp_path)}  # no archive of an older default
    del env["READINGROOM_DATA"]
    done = subprocess.run(
        [sys.executable, "-c", "from readingroom import settings; print(settings.DATA_DIR)"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == str(REPO / "var")


@pytest.mark.django_db
def test_the_demos_featured_topics_have_documents(client, sample_archive):
    featured = Topic.objects.filter(featured=True)
    assert featured.count() == 5
    home = client.get("/").content.decode()
    for topic in featured:
        count = topic.documents.filter(status="published").count()
        assert count > 0, topic.name
        assert f"({count})" in home
    assert "(0)" not in home


@pytest.mark.django_db
def test_about_and_donate_speak_to_readers(client, sample_archive):
    for slug in ("about", "donate"):
        page = Page.objects.get(slug=slug)
        assert "Editors" not in page.body and "admin" not in page.body
        assert client.get(f"/pages/{slug}" if slug == "donate" else "/about").status_code == 200


@pytest.mark.django_db
def test_an_earlier_demos_about_page_is_replaced_but_an_editors_is_kept(sample_archive):
    from django.core.management import call_command

    Page.objects.filter(slug="about").update(body="This is the sample archive of Reading Room…")
    Page.objects.filter(slug="donate").update(body="Send cheques to the Friends of the Archive.")
    call_command("load_sample", verbosity=0)
    assert Page.objects.get(slug="about").body.startswith("This archive gathers")
    assert Page.objects.get(slug="donate").body == "Send cheques to the Friends of the Archive."


@pytest.mark.django_db
def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    home = client.get("/").content.decode()
    assert 'rel="icon" href="/static/readingroom/favicon.svg"' in home
    assert client.get("/static/readingroom/favicon.svg").status_code == 200
