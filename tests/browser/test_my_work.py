"""A peer researcher adds work they did on a real paired tablet, signed in with their PIN:
big picture buttons, day and time chosen (never typed), then "Thank you" and their work
waiting for the lead. Accessible (axe) in English and Welsh."""
import os
from pathlib import Path

import pytest

from peersurvey.db import connect, now

from ..theme.conftest import build_coding_world
from .conftest import assert_accessible, click_and_wait, pair_tablet, sign_in_lead, switch_language

SIZES = {"portrait": {"width": 768, "height": 1024}, "landscape": {"width": 1024, "height": 768},
         "phone": {"width": 390, "height": 844}}


def sign_in_on_tablet(page, world, person):
    pair_tablet(page, world["tablet"])
    click_and_wait(page, f".person-button:has-text('{person['name']}')")
    page.fill("#pin", person["pin"])
    click_and_wait(page)
    page.wait_for_url("**/tablet/home")


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_person_adds_work_they_did_on_the_tablet(live_server, page, language):
    world = build_coding_world(live_server.make, f"My work {language}")
    sam = world["coders"][0]
    sign_in_on_tablet(page, world, sam)
    switch_language(page, language)
    click_and_wait(page, "a[href$='/tablet/my-work/add']")
    assert_accessible(page)
    page.click("label[for=kind-2]")          # meeting
    page.click("label[for=day-1]")           # yesterday
    page.select_option("#hours", "1")
    page.select_option("#minutes", "30")
    click_and_wait(page, "form.work-tablet button[type=submit]")
    thanks = "Thank you." if language == "en" else "Diolch."
    assert thanks in page.locator(".notice, [role=status], main").first.inner_text()
    assert page.locator(".work-entry").count() == 1
    assert_accessible(page)
    db = connect(live_server.database)
    try:
        rows = db.execute("select person_id, kind, minutes, status from work_entries where project_id = ? and kind != 'interview'",
                          [world["project"]]).fetchall()
    finally:
        db.close()
    assert [tuple(r) for r in rows] == [(sam["id"], "meeting", 90, "suggested")]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_lead_sees_an_interview_cut_to_4_hours_with_a_warning(live_server, page, language):
    world = build_coding_world(live_server.make, f"Long interview {language}")
    sam = world["coders"][0]
    db = connect(live_server.database)
    try:
        db["work_entries"].insert({"project_id": world["project"], "person_id": sam["id"], "kind": "interview",
                                   "started_at": "2026-11-05T10:00:00+00:00", "minutes": 240,
                                   "source": "interview:long", "detail": '{"tablet_minutes": 4320}',
                                   "status": "suggested", "added_at": now()})
        db.conn.commit()
    finally:
        db.close()
    sign_in_lead(page, world["lead"])
    page.goto(f"/projects/{world['project']}/pay/work")
    switch_language(page, language)
    warning = {"en": "The tablet says this took 72 hours. Check the time.",
               "cy": "Mae'r llechen yn dweud bod hyn wedi cymryd 72 awr. Gwiriwch yr amser."}[language]
    assert warning in page.locator(".work-entry .tag--warning").first.inner_text()
    assert_accessible(page)


@pytest.mark.skipif(not os.environ.get("SHOTS17"), reason="screenshots only when SHOTS17 names a folder")
def test_screenshots_of_the_time_pages(live_server, open_tab):
    folder = Path(os.environ["SHOTS17"])
    folder.mkdir(parents=True, exist_ok=True)
    make = live_server.make
    world = build_coding_world(make, "Time shots")
    sam = world["coders"][0]
    db = connect(live_server.database)
    try:
        for n, (person, kind, minutes, source) in enumerate([
                (sam["id"], "coding", 80, "session:1"), (sam["id"], "interview", 25, "interview:x"),
                (sam["id"], "interview", 240, "interview:y"), (world["coders"][1]["id"], "training", 45, None)]):
            db["work_entries"].insert({"project_id": world["project"], "person_id": person, "kind": kind,
                                       "detail": '{"tablet_minutes": 4320}' if source == "interview:y" else None,
                                       "started_at": "2026-12-01T10:00:00+00:00", "minutes": minutes, "source": source,
                                       "status": "suggested", "added_at": "2026-12-01T10:00:00+00:00",
                                       "added_by": person if source is None else None,
                                       "note": "First aid course" if source is None else None})
        db["work_entries"].insert({"project_id": world["project"], "person_id": sam["id"], "kind": "meeting",
                                   "started_at": "2026-12-02T12:00:00+00:00", "minutes": 60, "status": "confirmed",
                                   "added_at": now(), "added_by": world["lead"]["id"], "decided_at": now(),
                                   "decided_by": world["lead"]["id"]})
        db.conn.commit()
    finally:
        db.close()
    lead_pages = [("index", f"/projects/{world['project']}/pay/work"),
                  ("add", f"/projects/{world['project']}/pay/work/add"),
                  ("writing", f"/projects/{world['project']}/questionnaires/{world['questionnaire']}/helpers")]
    for size, viewport in SIZES.items():
        lead = open_tab(viewport)
        sign_in_lead(lead, world["lead"])
        tablet = open_tab(viewport)
        sign_in_on_tablet(tablet, world, sam)
        for language in ("en", "cy"):
            for name, url in lead_pages:
                lead.goto(url)
                switch_language(lead, language)
                lead.screenshot(path=str(folder / f"{name}-{size}-{language}.png"), full_page=True)
            tablet.goto("/tablet/my-work/add")
            switch_language(tablet, language)
            tablet.screenshot(path=str(folder / f"tablet_add-{size}-{language}.png"), full_page=True)
