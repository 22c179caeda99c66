"""The easy-read statement of one person's work and money for one month: what the tablet page,
the lead's copy and the printable PDF all show, worked out once here.

Only confirmed work is counted (claimed or not); work still waiting for the lead is a calm
separate count. Where the money is comes from the month's claims (paid, or approved and not
paid yet) and from claims.owed for confirmed work no claim holds yet. Never a limit, never a
warning: those are for the lead's pages.
"""
import datetime as dt

from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _

from . import claims, kinds, money, work

COUNTED = ("interview", "coding")       # counted one by one; other kinds in hours and minutes


def duration(minutes):
    """"14 hours 30 minutes", "1 hour", "45 minutes" in the page's language."""
    hours, rest = divmod(int(minutes), 60)
    hours_words = ngettext("%(num)d hour", "%(num)d hours", hours)
    minutes_words = ngettext("%(num)d minute", "%(num)d minutes", rest)
    if hours and rest:
        return _("%(hours)s %(minutes)s", hours=hours_words, minutes=minutes_words)
    return hours_words if hours else minutes_words


def month_name(period):
    """"November 2026" ("Tachwedd 2026"): the stand-alone month name, as a heading uses it."""
    return format_date(money.period_date(period), "LLLL y")


def day_name(moment_iso):
    """"3 December" in Wales's time, from a UTC ISO time (db.now())."""
    return format_datetime(dt.datetime.fromisoformat(moment_iso), "d MMMM")


def kind_words(kind, amount):
    """"12 interviews", "3 sorting sessions", "2 hours of training": whole sentences for each
    kind, so Welsh can mutate the kind's word after "o"."""
    if kind == "interview":
        return ngettext("%(num)d interview", "%(num)d interviews", amount)
    if kind == "coding":
        return ngettext("%(num)d sorting session", "%(num)d sorting sessions", amount)
    time = duration(amount)
    return {
        "writing": _("%(time)s writing questions", time=time),
        "training": _("%(time)s of training", time=time),
        "meeting": _("%(time)s of meetings", time=time),
        "travel": _("%(time)s of travel", time=time),
        "preparing": _("%(time)s getting ready", time=time),
    }.get(kind) or _("%(time)s of other work", time=time)


def work_done(entries):
    """One row per kind of work, in the order of kinds.KINDS: its picture and its words."""
    amounts = {}
    for entry in entries:
        amounts[entry["kind"]] = amounts.get(entry["kind"], 0) + (
            1 if entry["kind"] in COUNTED else entry["minutes"])
    order = list(kinds.KINDS)
    return [{"kind": kind, "amount": amount, "words": kind_words(kind, amount),
             "picture": kinds.picture(kind), "picture_words": kinds.words(kind)}
            for kind, amount in sorted(amounts.items(),
                                       key=lambda pair: order.index(pair[0]) if pair[0] in order else 99)]


def paid_words(claim):
    day = day_name(claim["paid_at"])
    if claim["paid_how"] == "voucher":
        return _("Paid on %(day)s, as vouchers.", day=day)
    if claim["paid_how"] == "cash":
        return _("Paid on %(day)s, in cash.", day=day)
    return _("Paid on %(day)s, into your bank.", day=day)


def where_the_money_is(month_claims, owed, choice):
    """Each part of the month's money with what has happened to it, oldest first. Checked and
    paid money is shown as it was checked and paid, whatever the person chooses now; only
    work not checked yet follows their choice now (a volunteer is owed nothing for it)."""
    parts = []
    for claim in month_claims:
        if not claim["pence"]:
            continue                # checked while volunteering: no money to show
        words = paid_words(claim) if claim["paid_at"] else _("Checked. Not paid yet.")
        parts.append({"pence": claim["pence"], "amount": money.pounds(claim["pence"]),
                      "paid": bool(claim["paid_at"]), "words": words,
                      "vouchers": claim["paid_how"] == "voucher" if claim["paid_at"] else choice == "vouchers"})
    rated = [line for line in owed["lines"] if line.get("rate") is not None]
    pence = sum(line["pence"] for line in rated)
    if choice != "volunteer" and pence:
        parts.append({"pence": pence, "amount": money.pounds(pence), "paid": False,
                      "words": _("Not checked yet."), "vouchers": choice == "vouchers"})
    return parts


def no_rate(owed, choice):
    """Confirmed work whose amount is not set yet (no rate on its day): a calm count."""
    if choice == "volunteer":
        return 0
    return len(owed.get("no_rate", [])) + sum(1 for line in owed["lines"] if line.get("rate") is None)


def money_words(parts, pence, choice):
    """"Vouchers: £90.00" only when all of it is (or will be) vouchers; else "Money: £90.00"."""
    if parts and all(part["vouchers"] for part in parts) or not parts and choice == "vouchers":
        return _("Vouchers: %(amount)s", amount=money.pounds(pence))
    return _("Money: %(amount)s", amount=money.pounds(pence))


def statement(project_id, person_id, period):
    """Everything the statement shows for the person and month, in the page's language."""
    first, following = money.period_bounds(period)
    done = work.entries(project_id, person_id=person_id, status="confirmed", first=first, following=following)
    waiting = len(work.entries(project_id, person_id=person_id, status="suggested",
                               first=first, following=following))
    choice = claims.choice(project_id, person_id)
    owed = claims.owed(project_id, person_id, period)
    parts = where_the_money_is(claims.claims(project_id, person_id=person_id, period=period), owed, choice)
    unset = no_rate(owed, choice)
    pence = sum(part["pence"] for part in parts)
    minutes = sum(entry["minutes"] for entry in done)
    return {
        "period": period, "month": month_name(period), "choice": choice,
        "title": _("What I did in %(month)s", month=month_name(period)),
        "work": work_done(done), "minutes": minutes,
        "hours": _("Hours: %(time)s", time=duration(minutes)),
        "pence": pence,
        # A volunteer with no checked or paid money sees only the thanks; money never hides.
        "money": money_words(parts, pence, choice) if parts or choice != "volunteer" else "",
        "money_parts": parts,
        "volunteer": _("You chose to volunteer. Thank you.") if choice == "volunteer" else "",
        "no_rate": unset,
        "no_rate_words": ngettext("The amount for %(num)d piece of work is not set yet.",
                                  "The amount for %(num)d pieces of work is not set yet.", unset)
        if unset else "",
        "waiting": waiting,
        "waiting_words": ngettext("%(num)d piece of work is waiting to be checked.",
                                  "%(num)d pieces of work are waiting to be checked.", waiting)
        if waiting else "",
        "nothing": "" if done or waiting else _("There is no work for this month."),
    }


def months(today=None):
    """The months a person can choose: this one and the 11 before, newest first, with names."""
    return [{"period": period, "name": month_name(period)}
            for period in money.nearby_periods(money.this_period(today))]
