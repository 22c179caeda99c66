"""One person's involvement in one project, all time: what the record page and the certificate
list. Never any money.

Where each part comes from, and what it can honestly mean:
  questions      writing work entries (not turned down), their detail's questionnaire_id ->
                 the questionnaire's title and how many questions its newest version has
  interviews     interview work entries not turned down: they outlive a participant's
                 withdrawal (no foreign key to interviews), so the record never shrinks
  coding         session_attendance: the sessions they joined, and the time they were there;
                 coding work a lead added by hand (no attendance behind it) counts too
  themes         themes they made (themes.created_by) that are still in the codebook
  you said, we did   theme_actions whose last saver (updated_by) is the person: only the last
                 person to save each theme's text is known
  posters        a poster is drawn by the app from a theme in use; the person worked on it if
                 they made the theme or changed its words, picture or colour (theme_history)
"""
import datetime as dt

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from ..db import get_db
from ..i18n import text_in
from ..prepare import questionnaires
from ..theme import themes
from . import kinds, money, statements, work

# Pictures for the parts of a record that are not a kind of work (picture-library ids).
THEMES_PICTURE = "openmoji:1F3F7"
POSTERS_PICTURE = "openmoji:1F3A8"
SAID_DID_PICTURE = "openmoji:1F5E3"
HOURS_PICTURE = "openmoji:23F0"


def _questions_written(project_id, entries):
    chosen = []
    for questionnaire_id in dict.fromkeys(entry["detail"].get("questionnaire_id") for entry in entries):
        if not isinstance(questionnaire_id, int) or not questionnaires.get(project_id, questionnaire_id):
            continue
        document = questionnaires.latest(questionnaire_id)["document"]
        chosen.append({"id": questionnaire_id, "title": text_in(document["title"]),
                       "questions": len(document["questions"])})
    return chosen


def _coding(project_id, person_id, coding_entries):
    """Sessions they joined (session_attendance) and their time there; coding work a lead added
    by hand, with no attendance behind it, counts as a session of its own length."""
    attended = {session_id: minutes for session_id, minutes in get_db().execute(
        """select session_id, max(0, cast(round((julianday(last_seen_at) - julianday(joined_at)) * 1440) as integer))
           from session_attendance where project_id = ? and person_id = ?""", [project_id, person_id])}
    added = [e for e in coding_entries if e["detail"].get("session_id") not in attended]
    return {"sessions": len(attended) + len(added),
            "minutes": sum(attended.values()) + sum(e["minutes"] for e in added)}


def _attendance_days(project_id, person_id):
    first, last = get_db().execute(
        "select min(joined_at), max(last_seen_at) from session_attendance where project_id = ? and person_id = ?",
        [project_id, person_id]).fetchone()
    return [money.day_of(moment) for moment in (first, last) if moment]


def _themes_made(project_id, person_id):
    return [theme for theme in themes.active(project_id) if theme["created_by"] == person_id]


def _you_said_we_did(project_id, person_id):
    in_use = {theme["id"]: theme for theme in themes.active(project_id)}
    rows = get_db().execute("select theme_id from theme_actions where project_id = ? and updated_by = ?",
                            [project_id, person_id]).fetchall()
    return [in_use[theme_id] for (theme_id,) in rows if theme_id in in_use]


def _posters(project_id, person_id):
    from ..findings import posters     # pandas and the counts: only when a record is asked for
    on_posters = posters.people_by_theme(project_id)
    touched = {theme_id for (theme_id,) in get_db().execute(
        """select distinct h.theme_id from theme_history h join themes t on t.id = h.theme_id
           where t.project_id = ? and h.person_id = ? and h.action in ('create', 'rename', 'change')""",
        [project_id, person_id])}
    return [theme for theme in themes.active(project_id)
            if theme["id"] in touched and on_posters.get(theme["id"])]


def _other_work(confirmed):
    """(kind, minutes) of confirmed work that is not interviews, coding or writing."""
    minutes = {}
    for entry in confirmed:
        if entry["kind"] not in ("interview", "coding", "writing"):
            minutes[entry["kind"]] = minutes.get(entry["kind"], 0) + entry["minutes"]
    order = list(kinds.KINDS)
    return sorted(minutes.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else 99)


def record(project_id, person_id):
    """Everything the person did in the project, for the record page and the certificate."""
    entries = [e for e in work.entries(project_id, person_id=person_id) if e["status"] != "rejected"]
    interviews = [e for e in entries if e["kind"] == "interview"]
    coding = _coding(project_id, person_id, [e for e in entries if e["kind"] == "coding"])
    confirmed = [e for e in entries if e["status"] == "confirmed"]
    days = [money.day_of(e["started_at"]) for e in entries] + _attendance_days(project_id, person_id)
    themes_made = _themes_made(project_id, person_id)
    return {
        "questionnaires": _questions_written(project_id, [e for e in entries if e["kind"] == "writing"]),
        "interviews": len(interviews),
        "interviews_first": min((money.day_of(e["started_at"]) for e in interviews), default=None),
        "interviews_last": max((money.day_of(e["started_at"]) for e in interviews), default=None),
        "coding": coding,
        "themes": [text_in(theme["words"]) for theme in themes_made],
        "you_said_we_did": [text_in(theme["words"]) for theme in _you_said_we_did(project_id, person_id)],
        "posters": [text_in(theme["words"]) for theme in _posters(project_id, person_id)],
        "minutes": sum(e["minutes"] for e in confirmed),
        "first_period": money.period_of(min(days)) if days else None,
        "last_period": money.period_of(max(days)) if days else None,
        "other_work": _other_work(confirmed),
    }


def is_empty(found):
    return not (found["questionnaires"] or found["interviews"] or found["coding"]["sessions"]
                or found["themes"] or found["you_said_we_did"] or found["posters"] or found["minutes"])


def _day(iso_day):
    return format_date(dt.date.fromisoformat(iso_day), "d MMMM y")


def lines(found):
    """What the record page and the certificate list: each a picture, words with digits, and
    sometimes a second line of detail."""
    rows = [{"picture": kinds.picture("writing"), "words": ngettext(
        "Helped write “%(title)s”: %(num)d question", "Helped write “%(title)s”: %(num)d questions",
        q["questions"], title=q["title"]), "detail": ""} for q in found["questionnaires"]]
    if found["interviews"]:
        rows.append({"picture": kinds.picture("interview"),
                     "words": ngettext("%(num)d interview", "%(num)d interviews", found["interviews"]),
                     "detail": _("From %(first)s to %(last)s", first=_day(found["interviews_first"]),
                                 last=_day(found["interviews_last"]))})
    if found["coding"]["sessions"]:
        rows.append({"picture": kinds.picture("coding"), "words": ngettext(
            "%(num)d sorting session", "%(num)d sorting sessions", found["coding"]["sessions"]),
            "detail": _("Time: %(time)s", time=statements.duration(found["coding"]["minutes"]))})
    for name, picture, count in (
            ("themes", THEMES_PICTURE, lambda n: ngettext("Suggested %(num)d theme", "Suggested %(num)d themes", n)),
            ("you_said_we_did", SAID_DID_PICTURE, lambda n: ngettext(
                "Wrote what we are doing about %(num)d theme", "Wrote what we are doing about %(num)d themes", n)),
            ("posters", POSTERS_PICTURE, lambda n: ngettext("Worked on %(num)d poster", "Worked on %(num)d posters", n))):
        if found[name]:
            rows.append({"picture": picture, "words": count(len(found[name])), "detail": ", ".join(found[name])})
    for kind, minutes in found["other_work"]:
        rows.append({"picture": kinds.picture(kind), "words": statements.kind_words(kind, minutes), "detail": ""})
    if found["minutes"]:
        rows.append({"picture": HOURS_PICTURE, "detail": "",
                     "words": _("Hours of work: %(time)s", time=statements.duration(found["minutes"]))})
    return rows


def took_part(found):
    """"From November 2026 to March 2027". The Welsh says "rhwng mis … a mis …": a month
    name straight after "o" or "i" would have to mutate ("o Dachwedd")."""
    if not found["first_period"]:
        return ""
    first, last = (statements.month_name(p) for p in (found["first_period"], found["last_period"]))
    if first == last:
        return _("Took part as a peer researcher in %(month)s.", month=first)
    return _("Took part as a peer researcher from %(first)s to %(last)s.",
             first=first, last=last)
