"""How long a piece of work took, in words: "1 hour 20 minutes"."""
from flask_babel import gettext as _
from flask_babel import ngettext


def duration(minutes):
    hours, rest = divmod(int(minutes or 0), 60)
    hour_words = ngettext("%(num)d hour", "%(num)d hours", hours)
    minute_words = ngettext("%(num)d minute", "%(num)d minutes", rest)
    if hours and rest:
        return _("%(hours)s %(minutes)s", hours=hour_words, minutes=minute_words)
    return hour_words if hours else minute_words
