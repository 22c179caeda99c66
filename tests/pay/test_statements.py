"""The easy-read statement: the month's numbers are right for work that was paid, approved and
not paid, confirmed and not approved, and still waiting; in English and Welsh."""
from flask_babel import force_locale

from peersurvey.pay import claims, statements

from .docs_world import build


def test_a_month_with_paid_approved_and_unapproved_work_adds_up(app, make):
    world = build(app, make, tablet=False)
    with app.test_request_context(), force_locale("en"):
        found = statements.statement(world["project"], world["ada"]["id"], "2026-11")
    assert found["title"] == "What I did in November 2026"
    assert [row["words"] for row in found["work"]] == ["3 interviews", "1 sorting session", "2 hours 30 minutes of training"]
    assert found["hours"] == "Hours: 5 hours 30 minutes"          # 30+30+150+90+30, not the waiting work
    assert found["money"] == "Money: £90.00"                       # 55 paid + 20 approved + 15 not yet
    assert [(p["amount"], p["words"]) for p in found["money_parts"]] == [
        ("£55.00", "Paid on 3 December, into your bank."),
        ("£20.00", "Checked. Not paid yet."),
        ("£15.00", "Not checked yet.")]
    assert found["waiting_words"] == "2 pieces of work are waiting to be checked."


def test_the_statement_reads_right_in_welsh(app, make):
    world = build(app, make, tablet=False)
    with app.test_request_context(), force_locale("cy"):
        found = statements.statement(world["project"], world["ada"]["id"], "2026-11")
    assert found["title"] == "Beth wnes i ym mis Tachwedd 2026"
    assert found["work"][0]["words"] == "3 chyfweliad"
    assert found["money_parts"][0]["words"] == "Talwyd ar 3 Rhagfyr, i'ch banc."
    assert found["hours"] == "Oriau: 5 awr 30 munud"


def test_a_volunteer_sees_thanks_and_no_money(app, make):
    world = build(app, make, tablet=False)
    with app.test_request_context(), force_locale("en"):
        claims.set_choice(world["project"], world["ben"]["id"], "volunteer", by=world["lead"]["id"])
        found = statements.statement(world["project"], world["ben"]["id"], "2026-11")
    assert found["volunteer"] == "You chose to volunteer. Thank you."
    assert found["money_parts"] == [] and found["pence"] == 0


def test_vouchers_say_vouchers(app, make):
    world = build(app, make, tablet=False)
    with app.test_request_context(), force_locale("en"):
        claims.set_choice(world["project"], world["ben"]["id"], "vouchers", by=world["lead"]["id"])
        found = statements.statement(world["project"], world["ben"]["id"], "2026-11")
    assert found["money"] == "Vouchers: £15.00"


def test_hours_and_minutes_read_plainly(app):
    with app.test_request_context(), force_locale("en"):
        assert [statements.duration(m) for m in (0, 1, 45, 60, 61, 870)] == [
            "0 minutes", "1 minute", "45 minutes", "1 hour", "1 hour 1 minute", "14 hours 30 minutes"]


def test_a_new_choice_never_changes_money_already_checked_or_paid(app, make):
    """Ada was paid £55 into her bank and £20 was checked; only the £15 not checked yet
    follows what she chooses now."""
    world = build(app, make, tablet=False)
    ada, lead = world["ada"]["id"], world["lead"]["id"]
    with app.test_request_context(), force_locale("en"):
        claims.set_choice(world["project"], ada, "volunteer", by=lead)
        found = statements.statement(world["project"], ada, "2026-11")
        assert found["volunteer"] == "You chose to volunteer. Thank you."
        assert found["money"] == "Money: £75.00"
        assert [(p["amount"], p["words"]) for p in found["money_parts"]] == [
            ("£55.00", "Paid on 3 December, into your bank."), ("£20.00", "Checked. Not paid yet.")]
        claims.set_choice(world["project"], ada, "vouchers", by=lead)
        found = statements.statement(world["project"], ada, "2026-11")
    assert found["money"] == "Money: £90.00"          # £55 went into her bank: not all vouchers
    assert found["money_parts"][0]["words"] == "Paid on 3 December, into your bank."


def test_work_with_no_amount_set_is_a_calm_line_not_money(app, make):
    world = build(app, make, tablet=False)
    with app.test_request_context(), force_locale("en"):
        from peersurvey.pay import work
        work.add(world["project"], world["ada"]["id"], "meeting", "2026-11-25T10:00:00+00:00", 60,
                 by=world["lead"]["id"])       # no rate for meetings
        found = statements.statement(world["project"], world["ada"]["id"], "2026-11")
    assert found["no_rate_words"] == "The amount for 1 piece of work is not set yet."
    assert found["money"] == "Money: £90.00"


def test_sorting_sessions_read_right_in_welsh(app):
    """Sesiwn is feminine: "sesiwn ddidoli" (soft mutation); the plural does not mutate."""
    with app.test_request_context(), force_locale("cy"):
        assert statements.kind_words("coding", 1) == "1 sesiwn ddidoli"
        assert statements.kind_words("coding", 3) == "3 sesiwn ddidoli"
    with app.test_request_context(), force_locale("en"):
        assert statements.kind_words("coding", 3) == "3 sorting sessions"
