"""A month's pay for three people with different rates, including a rate that changes in the
middle of the month, against amounts worked out by hand here."""
import pytest

from peersurvey.db import get_db, now
from peersurvey.pay import claims, money, work


def rate(project_id, lead, kind, unit, pence, starts_on):
    get_db()["pay_rates"].insert({"project_id": project_id, "kind": kind, "unit": unit, "pence": pence,
                                  "starts_on": starts_on, "created_at": now(), "created_by": lead["id"]})


@pytest.fixture
def month(app, make):
    lead = make.lead()
    project_id = make.project(lead)
    ada = make.member(project_id, "Ada", roles=("interviewer",))
    ben = make.member(project_id, "Ben", roles=("coder",))
    cai = make.member(project_id, "Cai", roles=("interviewer", "coder"))
    with app.test_request_context():
        rate(project_id, lead, "interview", "interview", 1500, "2026-01-01")   # £15 each
        rate(project_id, lead, "coding", "hour", 1200, "2026-01-01")           # £12 an hour...
        rate(project_id, lead, "coding", "hour", 1290, "2026-11-16")           # ...then £12.90
        rate(project_id, lead, "training", "hour", 1000, "2026-01-01")         # £10 an hour
        rate(project_id, lead, "meeting", "session", 2000, "2026-01-01")       # £20 a meeting
        add = lambda person, kind, day, minutes: work.add(  # noqa: E731
            project_id, person["id"], kind, f"{day}T10:00:00+00:00", minutes, by=lead["id"])
        for day in ("2026-11-03", "2026-11-10", "2026-11-20"):
            add(ada, "interview", day, 25)
        add(ada, "training", "2026-11-02", 150)          # 2.5 h × £10 = £25
        add(ben, "coding", "2026-11-15", 90)             # 1.5 h × £12 = £18 (the old rate)
        add(ben, "coding", "2026-11-16", 90)             # 1.5 h × £12.90 = £19.35 (the new)
        add(ben, "coding", "2026-11-30", 50)             # 50/60 × £12.90 = £10.75
        add(ben, "coding", "2026-12-01", 60)             # December: not in November's pay
        add(cai, "interview", "2026-11-05", 40)          # £15
        add(cai, "meeting", "2026-11-06", 120)           # £20, however long
        add(cai, "coding", "2026-11-25", 7)              # 7/60 × £12.90 = 150.5p: 151p
        add(cai, "travel", "2026-11-06", 30)             # no rate for travel: £0, and said so
    return dict(project_id=project_id, lead=lead, ada=ada, ben=ben, cai=cai)


def test_a_month_for_three_people_matches_the_sums_done_by_hand(app, month):
    with app.test_request_context():
        owed = {name: claims.owed(month["project_id"], month[name]["id"], "2026-11")
                for name in ("ada", "ben", "cai")}
    assert owed["ada"]["pence"] == 3 * 1500 + 2500
    assert owed["ada"]["minutes"] == 3 * 25 + 150
    assert [line["pence"] for line in owed["ben"]["lines"]] == [1800, 1935, 1075]
    assert owed["ben"]["pence"] == 4810
    assert owed["cai"]["pence"] == 1500 + 2000 + 151
    assert owed["cai"]["unrated"] == ["travel"]


def test_approving_fixes_the_amount_and_a_later_rate_never_changes_it(app, month):
    with app.test_request_context():
        claim_id = claims.approve(month["project_id"], month["ben"]["id"], "2026-11",
                                  by=month["lead"]["id"], expected_pence=4810)
        rate(month["project_id"], month["lead"], "coding", "hour", 9900, "2026-11-01")
        [claim] = claims.claims(month["project_id"], person_id=month["ben"]["id"])
        assert (claim["id"], claim["pence"]) == (claim_id, 4810)
        assert claims.owed(month["project_id"], month["ben"]["id"], "2026-11")["lines"] == []
        assert claims.approve(month["project_id"], month["ben"]["id"], "2026-11", by=month["lead"]["id"]) is None


def test_approval_is_refused_when_the_amount_changed_since_the_lead_looked(app, month):
    with app.test_request_context():
        assert claims.approve(month["project_id"], month["ada"]["id"], "2026-11",
                              by=month["lead"]["id"], expected_pence=1) is None
        assert claims.claims(month["project_id"]) == []


def test_a_volunteer_is_owed_nothing_but_their_hours_still_count(app, month):
    with app.test_request_context():
        claims.set_choice(month["project_id"], month["ada"]["id"], "volunteer", by=month["lead"]["id"])
        owed = claims.owed(month["project_id"], month["ada"]["id"], "2026-11")
    assert (owed["pence"], owed["minutes"]) == (0, 225)


def test_a_claim_over_the_weekly_limit_is_found(app, month):
    with app.test_request_context():
        get_db()["projects"].update(month["project_id"], {"pay_limit_pence": 3000, "pay_limit_period": "week"})
        owed = claims.owed(month["project_id"], month["ada"]["id"], "2026-11")
        problems = claims.limit_problems(month["project_id"], month["ada"]["id"], owed["lines"])
        # 2 Nov is a Monday: training £25 + interview 3 Nov £15 = £40 in the week of 2 Nov.
        assert [(p["first"], p["total"]) for p in problems] == [("2026-11-02", 4000)]
        get_db()["projects"].update(month["project_id"], {"pay_limit_pence": 4000})
        assert claims.limit_problems(month["project_id"], month["ada"]["id"], owed["lines"]) == []


@pytest.mark.parametrize("typed, pence", [("12", 1200), ("12.5", 1250), ("£12.05", 1205), (" 0.99 ", 99),
                                          ("1.999", None), ("-3", None), ("1e3", None), ("", None),
                                          ("twelve", None), ("100000.01", None), ("١٢", None)])
def test_amounts_are_read_as_whole_pence_never_floats(typed, pence):
    assert money.parse_pounds(typed) == pence


def test_amounts_read_as_pounds_and_pence():
    assert [money.pounds(p) for p in (0, 5, 1205, 123456789)] == ["£0.00", "£0.05", "£12.05", "£1,234,567.89"]


def test_interviews_suggest_work_for_their_interviewer_and_withdrawal_keeps_it(app, make):
    lead = make.lead()
    project_id = make.project(lead)
    ivy = make.member(project_id)
    version_id = make.questionnaire(project_id, lead)
    interview_id = make.interview(project_id, version_id, ivy)
    with app.test_request_context():
        [entry] = work.entries(project_id, person_id=ivy["id"])
        assert (entry["kind"], entry["minutes"], entry["status"]) == ("interview", 20, "suggested")
        assert entry["source"] == f"interview:{interview_id}"


def test_work_with_no_rate_waits_outside_the_claim_and_is_paid_once_it_has_one(app, month):
    with app.test_request_context():
        owed = claims.owed(month["project_id"], month["cai"]["id"], "2026-11")
        assert [line["kind"] for line in owed["no_rate"]] == ["travel"]
        assert "travel" not in [line["kind"] for line in owed["lines"]]
        claims.approve(month["project_id"], month["cai"]["id"], "2026-11", by=month["lead"]["id"])
        rate(month["project_id"], month["lead"], "travel", "session", 500, "2026-01-01")
        later = claims.owed(month["project_id"], month["cai"]["id"], "2026-11")
    assert [(line["kind"], line["pence"]) for line in later["lines"]] == [("travel", 500)]


@pytest.mark.parametrize("typed", ["20261106", "2026-W45-5", "2026-11-6", "٢٠٢٦-١١-٠٦", "1999-12-31", ""])
def test_only_one_way_of_writing_a_day_is_read(typed):
    assert money.iso_day(typed) is None


def test_work_is_stored_at_a_time_written_one_way(app, month):
    with app.test_request_context():
        for odd in ("2026-11-05T10.00:00+00:00", "20261105T1000", "2026-W45-4T10:00"):
            with pytest.raises(ValueError):
                work.add(month["project_id"], month["ada"]["id"], "training", odd, 60, by=month["lead"]["id"])
        entry_id = work.add(month["project_id"], month["ada"]["id"], "training", "2026-11-05T10:00Z", 60,
                            by=month["lead"]["id"])
        assert work.entry(month["project_id"], entry_id)["started_at"] == "2026-11-05T10:00:00+00:00"
