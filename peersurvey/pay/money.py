"""Money in whole pence, never floating point: reading what a lead types, showing it, working
out what a piece of work earns at the rate of its day, and the periods money is counted in.

A piece of work belongs to the day it started, as the tablet or browser wrote it: the first
ten characters of its ISO time (the local day where the time carries an offset)."""
import datetime as dt
import re

MAX_PENCE = 100_000_00          # £100,000: far beyond any rate or claim, so a typo is caught
_POUNDS = re.compile(r"£?([0-9]{1,7})(?:\.([0-9]{1,2}))?")
_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?([+-][0-9]{2}:[0-9]{2}|Z)?")


def parse_pounds(text):
    """Pence from what a person typed ("12", "12.5", "£12.50"), or None if it is not an amount
    of money. Digits only: no floats, no signs, no thousands separators."""
    match = _POUNDS.fullmatch((text or "").strip().replace(" ", ""))
    if not match:
        return None
    pence = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    return pence if pence <= MAX_PENCE else None


def pounds(pence):
    """£1,234.05, for pages, statements and exports alike."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(int(pence)), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def amount(unit, rate_pence, minutes):
    """What one piece of work earns: per hour pro rata to the minute, rounded to the nearest
    penny (a half penny up), or the rate itself for each interview or session."""
    if unit == "hour":
        return (rate_pence * minutes + 30) // 60
    return rate_pence


def iso_day(text):
    """The date in `text` written exactly as YYYY-MM-DD, from 2000 to 2999, or None. Python
    also reads "20261106" and "2026-W45-5" as dates, but days are compared as text (a month is
    the first 7 characters), so only the one way of writing a day is let in."""
    text = (text or "").strip()
    if not _DAY.fullmatch(text):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2999 else None


def iso_time(text):
    """`text` as the one way work times are stored (YYYY-MM-DDTHH:MM:SS with an offset), or
    None if it is not a time written that way."""
    if not _TIME.fullmatch(text or "") or iso_day(text[:10]) is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).isoformat()


def day_of(started_at):
    return (started_at or "")[:10]


def rate_on(rates, kind, day):
    """The rate for `kind` on `day`: the one that started most recently, on or before it.
    `rates` are rows with kind, unit, pence and starts_on (ISO dates)."""
    started = [rate for rate in rates if rate["kind"] == kind and rate["starts_on"] <= day]
    return max(started, key=lambda rate: rate["starts_on"]) if started else None


# Periods: a claim covers one calendar month, named "2026-11".

def period_of(day):
    return day[:7]


def this_period(today=None):
    return period_of((today or dt.date.today()).isoformat())


def valid_period(text):
    match = _PERIOD.fullmatch(text or "")
    return bool(match) and 2000 <= int(match.group(1)) <= 2999 and 1 <= int(match.group(2)) <= 12


def period_bounds(period):
    """The first day of the month and the first day of the next, as ISO dates."""
    year, month = int(period[:4]), int(period[5:7])
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first.isoformat(), following.isoformat()


def period_date(period):
    return dt.date(int(period[:4]), int(period[5:7]), 1)


def nearby_periods(period, before=11):
    """The month and the ones before it, newest first, for a list to choose from."""
    year, month = int(period[:4]), int(period[5:7])
    months = []
    for _ in range(before + 1):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def limit_window(day, period):
    """The window of an earnings limit that `day` falls in: (first day, first day after)."""
    date = dt.date.fromisoformat(day)
    if period == "week":
        first = date - dt.timedelta(days=date.weekday())
        return first.isoformat(), (first + dt.timedelta(days=7)).isoformat()
    if period == "month":
        return period_bounds(period_of(day))
    return f"{date.year:04d}-01-01", f"{date.year + 1:04d}-01-01"
