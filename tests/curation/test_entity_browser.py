"""Merging two people in a real browser: the reader's old address leads to the kept one."""

import pytest
from playwright.sync_api import expect

from readingroom.archive.models import Person

from .test_editor_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_merges_chou_en_lai_into_zhou_enlai(browser, live_server, users, records):
    # given two records of one man, each named by a published document
    zhou, chou = records.person("Zhou Enlai"), records.person("Chou En-lai")
    records.link_person(records.document("Conversation with Zhou Enlai"), zhou)
    records.link_person(records.document("Telegram on Chou En-lai's visit"), chou)
    old_url = chou.get_absolute_url()

    # a reviewer opens Chou En-lai's screen and merges it into Zhou Enlai, found by name
    page = sign_in(browser, live_server, "reviewer")
    page.goto(f"/editor/records/person/{chou.pk}/")
    page.get_by_role("link", name="Merge into…").click()
    page.get_by_label("Find by name").fill("Zhou")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("group", name="People named like “Zhou”").get_by_label("Zhou Enlai").check()
    page.get_by_role("button", name="Continue").click()

    # the confirmation says what moves, and that the old page will redirect
    heading = page.get_by_role("heading", name="Merge “Chou En-lai” into “Zhou Enlai”?")
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name="Telegram on Chou En-lai's visit")).to_be_visible()
    expect(page.get_by_text(f"will redirect to {zhou.get_absolute_url()}")).to_be_visible()
    page.get_by_role("button", name="Merge into “Zhou Enlai”").click()
    expect(page.get_by_text("Merged “Chou En-lai” into “Zhou Enlai”.")).to_be_visible()
    assert not Person.objects.filter(pk=chou.pk).exists()

    # a reader with the old address lands on Zhou Enlai, with the documents of both
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.goto(old_url)
    assert reader.url.endswith(zhou.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Zhou Enlai")
    expect(reader.get_by_role("link", name="Conversation with Zhou Enlai")).to_be_visible()
    expect(reader.get_by_role("link", name="Telegram on Chou En-lai's visit")).to_be_visible()
