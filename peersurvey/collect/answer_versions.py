"""Words that change after they arrive: an answer typed up from what the person said (a
spoken answer sent with no words), or put right by a lead (a spelling, a word mis-heard).

The answer's value always holds the newest words, so coding, charts and exports follow
with nothing more to do; codings, votes and quotes stay on the answer. Every version is
kept in `answer_versions`, the first as the tablet sent it (why "sent", written when the
words first change), with who and when; each change is in the audit log too, without the
words (withdrawal erases the words, not the audit log). Which parts of an answer are typed
words is the kind's to say (`typed_words`), so nothing here names a kind."""
import json

from flask_babel import lazy_gettext as _l

from .. import audit
from ..db import get_db, now, writing
from ..questions import kind_of

WHYS = ("sent", "typed_up", "corrected")

NOT_FOUND = _l("This answer is not here any more. The person may have asked to take their answers back.")
NOT_WORDS = _l("This answer was chosen, not typed, so its words cannot be changed.")
EMPTY = _l("Type the words they said. The box cannot be empty.")
TOO_LONG = _l("These words are too long for this question. Make them shorter.")
CHANGED_MEANWHILE = _l("Someone else changed these words while you were typing. Read their words "
                       "below. Your words are still in the box: save them if they are better.")


class Refused(ValueError):
    """Words that cannot be kept, with why in plain words."""


class ChangedMeanwhile(Refused):
    """Someone saved other words after this person began: theirs are not written over unseen."""


def same(one, other):
    """Words that differ only in spaces and line breaks are the same words."""
    return " ".join((one or "").split()) == " ".join((other or "").split())


def answer(answer_id, project_id=None):
    """The answer with its question (from its interview's questionnaire version), its value
    read, its interview's participant code, interviewer and project; None if there is no
    such answer (in this project, when project_id is given)."""
    rows = list(get_db().query(
        """select a.id, a.interview_id, a.question as key, a.status, a.value, a.answered_at,
                  i.project_id, i.participant_code, i.interviewer_id, i.language, v.document
           from answers a join interviews i on i.id = a.interview_id
           join questionnaire_versions v on v.id = i.questionnaire_version_id
           where a.id = ?""", [answer_id]))
    if not rows or (project_id is not None and rows[0]["project_id"] != project_id):
        return None
    row = dict(rows[0])
    document = json.loads(row.pop("document"))
    row["question"] = next((q for q in document["questions"] if q["key"] == row["key"]), None)
    row["value"] = json.loads(row["value"]) if row["value"] is not None else None
    return row if row["question"] is not None else None


def parts(found):
    """{part: words} of the answer's typed words; empty if it has none (a closed kind, a
    number, a question skipped)."""
    if found is None or found["status"] != "answered":
        return {}
    return kind_of(found["question"]).typed_words(found["question"], found["value"])


def change_words(answer_id, part, words, person_id, why, expected=None, project_id=None):
    """Put `words` in place of the words of `part` of the answer, keeping every version.
    expected: the words the person saw when they began; if someone changed them since,
    nothing is changed (Refused). Returns False if the words were already these."""
    if why not in WHYS[1:]:
        raise ValueError(why)
    words = (words or "").replace("\r\n", "\n").strip()
    if not words:
        raise Refused(EMPTY)
    db = get_db()
    with writing(db):    # read again inside the write: two people may save at once
        found = answer(answer_id, project_id)
        if found is None:
            raise Refused(NOT_FOUND)
        before = parts(found)
        if part not in before:
            raise Refused(NOT_WORDS)
        if expected is not None and not same(expected, before[part]):
            raise ChangedMeanwhile(CHANGED_MEANWHILE)
        if same(words, before[part]):
            return False
        kind = kind_of(found["question"])
        value = kind.with_typed_words(found["question"], found["value"], part, words)
        if kind.check_answer(found["question"], value) is not None:
            raise Refused(TOO_LONG)
        at = now()
        if not db.execute("select 1 from answer_versions where answer_id = ? and part = ?",
                          [answer_id, part]).fetchone():
            # The first change keeps the words as the tablet sent them, said by the interviewer.
            _keep(db, answer_id, part, before[part], found["interviewer_id"], found["answered_at"], "sent")
        _keep(db, answer_id, part, words, person_id, at, why)
        db.execute("update answers set value = ? where id = ?",
                   [json.dumps(value, ensure_ascii=False), answer_id])
        audit.record(f"answer.{why}", person_id=person_id, project_id=found["project_id"],
                     name=found["participant_code"], answer=answer_id, part=part)
    return True


def _keep(db, answer_id, part, words, person_id, at, why):
    db["answer_versions"].insert({"answer_id": answer_id, "part": part, "words": words,
                                  "changed_by": person_id, "changed_at": at, "why": why})


def history(answer_id):
    """Every version of the answer's words, oldest first, the first as the tablet sent it:
    {"part", "words", "why", "changed_at", "changed_by", "name"} (name: who, or "" if they
    are not on this server). A part never changed has that one version."""
    kept = list(get_db().query(
        """select v.part, v.words, v.why, v.changed_at, v.changed_by, coalesce(p.name, '') as name
           from answer_versions v left join people p on p.id = v.changed_by
           where v.answer_id = ? order by v.id""", [answer_id]))
    found = answer(answer_id)
    changed = {row["part"] for row in kept}
    sent = [{"part": part, "words": words, "why": "sent", "changed_at": found["answered_at"],
             "changed_by": found["interviewer_id"], "name": _name(found["interviewer_id"])}
            for part, words in parts(found).items() if part not in changed]
    return sent + kept


def _name(person_id):
    row = get_db().execute("select name from people where id = ?", [person_id]).fetchone()
    return row[0] if row else ""


def histories(answer_ids):
    """history() of many answers at once: {answer_id: {part: [versions]}}, for a page."""
    found = {}
    for row in get_db().query(
            """select v.answer_id, v.part, v.words, v.why, v.changed_at, coalesce(p.name, '') as name
               from answer_versions v left join people p on p.id = v.changed_by
               where v.answer_id in (select value from json_each(?)) order by v.id""",
            [json.dumps(list(answer_ids))]):
        found.setdefault(row["answer_id"], {}).setdefault(row["part"], []).append(row)
    return found
