"""The kinds of work a peer researcher is paid for, with a picture for each, and the other
short lists the pay pages choose from. One home for their words, so every page, statement
and export says them the same way."""
from flask_babel import lazy_gettext as _l

# kind: (words, picture id from the picture library). The first three are suggested by the
# app itself (an interview sent, a coding session joined, a writing session in the builder).
KINDS = {
    "interview": (_l("Interviews"), "openmoji:1F4AC"),
    "coding": (_l("Sorting answers into themes"), "openmoji:1F91D"),
    "writing": (_l("Writing questions"), "openmoji:2753"),
    "training": (_l("Training"), "openmoji:1F9D1-200D-1F3EB"),
    "meeting": (_l("Meetings"), "openmoji:1F465"),
    "travel": (_l("Travel"), "openmoji:1F68C"),
    "preparing": (_l("Getting ready"), "openmoji:1F4C5"),
    "other": (_l("Other work"), "openmoji:2B50"),
}
SUGGESTED_KINDS = ("interview", "coding", "writing")
ADDED_KINDS = tuple(kind for kind in KINDS if kind not in ("interview", "coding"))

# How a rate counts the work: each hour (pro rata to the minute), or each piece of work.
UNITS = {
    "hour": _l("for each hour"),
    "interview": _l("for each interview"),
    "session": _l("for each session"),
}

# How a person wants to be paid in a project.
CHOICES = {
    "money": _l("Money"),
    "vouchers": _l("Vouchers"),
    "volunteer": _l("Volunteer, no payment"),
}

# How a lead paid a claim.
PAID_HOW = {
    "bank": _l("Into their bank"),
    "voucher": _l("Voucher"),
    "cash": _l("Cash"),
}

# The window an earnings limit is counted in.
LIMIT_PERIODS = {
    "week": _l("a week (Monday to Sunday)"),
    "month": _l("a month"),
    "year": _l("a year (January to December)"),
}


def words(kind):
    return KINDS[kind][0] if kind in KINDS else kind


def picture(kind):
    return KINDS[kind][1] if kind in KINDS else KINDS["other"][1]
