"""The lead's money pages in a real browser: zero axe violations on the overview, the rates
and a person's month (and the earnings-limit warning) in English and Welsh, nothing to
scroll sideways at any size, and screenshots to look at."""

import pytest

from .conftest import SCREENSHOTS, assert_accessible, click_and_wait, sign_in_lead, switch_language

SIZES = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 768, "height": 1024},
         "phone": {"width": 390, "height": 844}}
SHOTS = SCREENSHOTS / "pay-pages"
MONTH = "2026-11"


def pay_world(make, name):
    """A project with rates, a £40-a-week limit, and Ada's November: over the limit."""
    from peersurvey.db import get_db
    from peersurvey.pay import claims, settings, work

    lead = make.lead()
    project_id = make.project(lead, name)
    ada = make.member(project_id, "Ada Lovelace", roles=("interviewer",))
    ben = make.member(project_id, "Ben Bowen", roles=("coder",), picture="dog")
    with make.app.test_request_context():
        for kind, unit, pence in (("interview", "interview", 1500), ("training", "hour", 1260),
                                  ("coding", "hour", 1260)):
            settings.set_rate(project_id, kind, unit, pence, "2026-01-01", by=lead["id"])
        settings.set_limit(project_id, 4000, "week", by=lead["id"])
        for day in ("2026-11-02", "2026-11-03", "2026-11-20"):
            work.add(project_id, ada["id"], "interview", f"{day}T10:00:00+00:00", 25, by=lead["id"])
        work.add(project_id, ada["id"], "training", "2026-11-04T10:00:00+00:00", 150, by=lead["id"])
        work.add(project_id, ben["id"], "coding", "2026-11-10T10:00:00+00:00", 95, by=lead["id"])
        work.add(project_id, ben["id"], "travel", "2026-11-10T10:00:00+00:00", 30, by=lead["id"])
        work.add(project_id, ben["id"], "meeting", "2026-11-12T10:00:00+00:00", 60, by=lead["id"],
                 confirmed=False)
        claim = claims.approve(project_id, ben["id"], "2026-10", by=lead["id"])  # nothing in October
        assert claim is None
        work.add(project_id, ben["id"], "coding", "2026-11-01T10:00:00+00:00", 60, by=lead["id"])
        get_db().conn.commit()
    return dict(lead=lead, project_id=project_id, ada=ada, ben=ben)


def no_sideways_scroll(page, name, size):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name} scrolls sideways at {size}: " + page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right"
            " > window.innerWidth).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')"))


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_money_pages_are_accessible_at_every_size(live_server, open_tab, language):
    world = pay_world(live_server.make, f"Pay {language}")
    base = f"/projects/{world['project_id']}/pay"
    pages = {"overview": f"{base}?month={MONTH}", "rates": f"{base}/rates",
             "person": f"{base}/people/{world['ada']['id']}?month={MONTH}"}
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page = open_tab(viewport)
        sign_in_lead(page, world["lead"])
        switch_language(page, language)
        for name, url in pages.items():
            page.goto(url)
            assert_accessible(page)
            no_sideways_scroll(page, name, size)
            page.screenshot(path=str(SHOTS / f"pay-{name}-{size}-{language}.png"), full_page=True)
        # The warning comes before anything is approved.
        click_and_wait(page, "main form[action$='/approve'] button[type=submit]")
        assert page.locator("#limit-warning").count() == 1
        assert_accessible(page)
        no_sideways_scroll(page, "limit warning", size)
        page.screenshot(path=str(SHOTS / f"pay-limit-warning-{size}-{language}.png"), full_page=True)


def test_approve_anyway_approves_and_mark_paid_records_it(live_server, page):
    world = pay_world(live_server.make, "Pay approve")
    sign_in_lead(page, world["lead"])
    page.goto(f"/projects/{world['project_id']}/pay/people/{world['ada']['id']}?month={MONTH}")
    click_and_wait(page, "main form[action$='/approve'] button[type=submit]")
    assert "£40.00 a week" in page.inner_text("#limit-warning")
    click_and_wait(page, "#limit-warning button[type=submit]")
    assert "£76.50 for Ada Lovelace is approved." in page.inner_text("main")
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "pay-person-approved-landscape-en.png"), full_page=True)
    page.select_option("main form[action$='/paid'] select", "cash")
    click_and_wait(page, "main form[action$='/paid'] button[type=submit]")
    assert "Paid on" in page.inner_text("main") and "Cash" in page.inner_text("main")
    assert_accessible(page)
