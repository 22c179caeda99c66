"""A lead reads the interviews in a real browser: the list in Welsh and in English, filtered
by interviewer; one interview, given in Welsh, read on an English page with its pictures;
then the person withdrawn from there, after the confirmation, and gone from the database."""
import json

from playwright.sync_api import expect

from peersurvey.db import connect
from peersurvey.prepare import questionnaires

from ..collect.conftest import DEMO
from .conftest import assert_accessible, click_and_wait, sign_in_lead, switch_language


def build_world(make):
    """This test's own project (the live server is shared): two interviewers, three interviews."""
    lead = make.lead(name="Reading Lead")
    project = make.project(lead, "Reading interviews")
    dewi = make.member(project, "Dewi", ("interviewer",))
    alaw = make.member(project, "Alaw", ("interviewer",))
    qid = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
    with make.app.test_request_context():
        questionnaires.publish(questionnaires.draft(qid), lead["id"])
        version = questionnaires.latest_published(qid)["id"]
    answers = [("money_who", "answered", "family"), ("town", "answered", "Pont-y-pŵl"),
               ("has_job", "dont_know", None), ("safe_out", "skipped", None)]
    make.interview(project, version, dewi, answers, participant_code="DEWI01", site="Cardiff",
                   started_at="2026-07-01T10:00:00+00:00")
    welsh = make.interview(project, version, alaw, answers, participant_code="ALAW02", language="cy",
                           site="Newport", started_at="2026-07-02T10:00:00+00:00")
    make.interview(project, version, dewi, answers, participant_code="DEWI03", site="Cardiff",
                   started_at="2026-07-03T10:00:00+00:00")
    return dict(lead=lead, project=project, alaw=alaw, welsh=welsh)


def codes(page):
    return page.locator("table.interview-list tbody tr td:nth-child(6)").all_inner_texts()


def test_a_lead_filters_reads_in_the_interviews_language_and_withdraws(live_server, page):
    world = build_world(live_server.make)
    sign_in_lead(page, world["lead"])
    page.goto(f"/projects/{world['project']}/interviews/")
    click_and_wait(page, "text=Read the interviews")
    expect(page.locator("h1")).to_have_text("Read the interviews")
    assert codes(page) == ["DEWI03", "ALAW02", "DEWI01"]
    assert_accessible(page)
    for width, height in ((768, 1024), (390, 844)):     # a tablet standing up, a phone
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the list scrolls sideways"
    page.set_viewport_size({"width": 1024, "height": 768})

    switch_language(page, "cy")
    expect(page.locator("h1")).to_have_text("Darllen y cyfweliadau")
    expect(page.locator("#found-title")).to_have_text("3 chyfweliad")
    assert "2 Gorffennaf 2026" in page.locator("table.interview-list").inner_text()
    assert_accessible(page)
    switch_language(page, "en")

    page.select_option("#interviewer", label="Alaw")
    click_and_wait(page, "text=Show interviews")
    assert codes(page) == ["ALAW02"]
    expect(page.locator("#found-title")).to_have_text("1 interview")

    click_and_wait(page, "table.interview-list a")
    expect(page.locator("h1")).to_have_text("Interview with participant ALAW02")
    money = page.locator(".read-answer", has_text="Pwy sy'n edrych ar ôl eich arian chi?")
    expect(money.locator(".read-answer__question")).to_have_attribute("lang", "cy")
    expect(money.locator(".read-answer__choice")).to_have_text("Fy nheulu")
    picture = money.locator(".read-answer__chosen img")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), "the answer's picture shows"
    expect(page.locator(".read-answer", has_text="Oes gennych chi swydd?")).to_contain_text("I don't know")
    assert_accessible(page)

    click_and_wait(page, "text=Withdraw this person")
    expect(page.locator("h1")).to_have_text("Erase everything participant ALAW02 said?")
    assert _interviews(live_server, world, "ALAW02") == 1, "nothing is erased before the lead confirms"
    click_and_wait(page, "text=Yes, erase it all")
    expect(page.locator("h1")).to_have_text("Read the interviews")
    expect(page.locator(".notice--success, [role=status]").first).to_contain_text("ALAW02")
    assert codes(page) == ["DEWI03", "DEWI01"]
    assert _interviews(live_server, world, "ALAW02") == 0
    assert _interviews(live_server, world, "DEWI01") == 1


def _interviews(live_server, world, code):
    db = connect(live_server.database)
    try:
        return db.execute("select count(*) from interviews where project_id = ? and participant_code = ?",
                          [world["project"], code]).fetchone()[0]
    finally:
        db.close()
