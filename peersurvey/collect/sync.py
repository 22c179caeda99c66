"""Interviews arriving from tablets (or from a file a lead uploads): checked field by
field against the questionnaire version, stored once, never overwritten.

One sync is one write transaction (see ingest), in which each interview is checked and
then stored whole or not at all, and a bad one never stops the others. The
same id sent again with the same content is "already_stored"; with different content it is
refused as a conflict and the first copy stays. An interview whose participant was withdrawn
(its id, or its participant code) is answered "withdrawn" and never stored again.
"""
import hashlib
import json
import re
import sqlite3
from datetime import datetime, timezone

from flask_babel import lazy_gettext as _l

from ..db import get_db, now, writing
from ..faults import crash_point
from ..i18n import LANGUAGES, in_every_language
from ..prepare.document import MOST_QUESTIONS, asks_to_share
from ..questions import BY_NAME
from ..safe_json import is_sql_int
from . import recordings
from .queries import fingerprint

MAX_INTERVIEWS = 100
MAX_ANSWERS = MOST_QUESTIONS     # each question answered once at most
MAX_REFUSALS = 500        # kept per project: enough for a lead to see every stuck tablet
# \Z, not $: "$" also matches before a final newline, so "ABCD\n" would pass.
CODE = re.compile(r"[A-Z0-9-]{4,12}\Z")
STATUSES = ("answered", "skipped", "dont_know")
INTERVIEW_FIELDS = {"id", "questionnaire_version", "interviewer", "participant_code", "language",
                    "started_at", "finished_at", "consent", "answers"}
OPTIONAL_FIELDS = {"share_words", "record_voice"}
ANSWER_FIELDS = {"id", "question", "status", "value", "answered_at"}


class Refused(Exception):
    """Why an interview cannot be stored, in plain words a tablet shows as it is. The words
    are lazy, so the lead's page can show them in the lead's language too."""

    @property
    def message(self):
        return self.args[0]


class Withdrawn(Exception):
    """The participant asked to be taken out of the research: never store this interview."""


WITHDRAWN = _l("The person in this interview asked to be taken out of the research, so it was "
               "not stored. The tablet deletes it.")


def ingest(project_id, interviews, device_id=None):
    """Store each interview; returns one {"id", "result"[, "reason"]} per interview, with
    the id as it was sent. Results: stored, already_stored, withdrawn, rejected.

    The whole sync is one write transaction: one disk flush instead of one per interview.
    Everything is looked up and checked inside it (BEGIN IMMEDIATE takes the write lock up
    front, so two tablets syncing at once wait their turn, and a withdrawal cannot slip in
    between a check and the write). A refused interview leaves nothing behind; if the
    server dies before the commit, nothing is stored and the tablet, which keeps
    everything until the server says "stored", sends it again.
    """
    db = get_db()
    results = []
    with writing(db):   # a savepoint when already in a transaction, e.g. making the demo
        context = _Context(project_id, interviews, device_id)
        for item in interviews:
            sent_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
            try:
                results.append({"id": sent_id, "result": _accept(context, item)})
            except Withdrawn:
                results.append({"id": sent_id, "result": "withdrawn", "reason": str(WITHDRAWN)})
            except Refused as refusal:
                context.reasons[len(results)] = refusal.message
                results.append({"id": sent_id, "result": "rejected", "reason": str(refusal.message),
                                "reasons": in_every_language(refusal.message)})
        _insert(context, results)
        _remember_refusals(context, interviews, results)
        crash_point("sync.before_commit")
    crash_point("sync.after_commit")
    return results


def _ids(values):
    return [v for v in values if isinstance(v, str) and len(v) <= 64]


class _Context:
    """What every interview in one sync is checked against, looked up once."""

    def __init__(self, project_id, interviews, device_id=None):
        db = get_db()
        self.project_id = project_id
        self.device_id = device_id
        # Each new interview takes the site its tablet is set to now; a file a lead brings
        # in has no tablet, so its interviews have no site.
        rows = list(db.query("select site from devices where id = ?", [device_id])) if device_id else []
        self.site = rows[0]["site"] if rows else None
        self.versions = {}
        self.sharing = set()      # versions that ask "can we use your words on posters?"
        self.accepted = []
        self.reasons = {}         # result index: the lazy words of each refusal
        # A tablet sends only for people who signed in with their PIN on it; a file a lead
        # brings in may hold any interviewer of the project.
        self.interviewers = {row["person_id"] for row in db.query(
            "select person_id from memberships where project_id = ? and role = 'interviewer'",
            [project_id])}
        self.signed_in_here = None if device_id is None else {row["person_id"] for row in db.query(
            "select person_id from device_people where device_id = ?", [device_id])}
        items = [i for i in interviews if isinstance(i, dict)]
        ids = _ids(i.get("id") for i in items)
        # Stored before ids were made lower case, an id may be stored as it was sent.
        self.stored = dict(_lookup("select id, content_hash, project_id from interviews where id in",
                                   ids + [i.lower() for i in ids], lambda r: (r["id"], r)))
        answer_ids = _ids(a.get("id") for i in items if isinstance(i.get("answers"), list)
                          for a in i["answers"] if isinstance(a, dict))
        self.answer_ids = set(_lookup("select id from answers where id in",
                                      answer_ids + [a.lower() for a in answer_ids], lambda r: r["id"]))
        self.withdrawn_ids = set(_lookup(
            "select id_sha256 from withdrawn_interviews where project_id = %d and id_sha256 in" % int(project_id),
            [fingerprint(i.lower()) for i in ids], lambda r: r["id_sha256"]))
        codes = [i["participant_code"] for i in items if isinstance(i.get("participant_code"), str)]
        self.withdrawn_codes = set(_lookup(
            "select code_sha256 from withdrawals where project_id = %d and code_sha256 in" % int(project_id),
            [fingerprint(code) for code in set(codes)], lambda r: r["code_sha256"]))

    def version(self, version_id):
        if version_id not in self.versions:
            rows = list(get_db().query(
                """select v.id, v.document from questionnaire_versions v
                   join questionnaires q on q.id = v.questionnaire_id
                   where v.id = ? and q.project_id = ? and v.status = 'published'""",
                [version_id, self.project_id]))
            document = json.loads(rows[0]["document"]) if rows else None
            self.versions[version_id] = {q["key"]: q for q in document["questions"]} if rows else None
            if rows and asks_to_share(document):
                self.sharing.add(version_id)
        return self.versions[version_id]


def _lookup(sql, values, pick, chunk=500):
    for start in range(0, len(values), chunk):
        part = values[start:start + chunk]
        for row in get_db().query(f"{sql} ({','.join('?' * len(part))})", part):
            yield pick(row)


def content_hash(item):
    # share_words null and share_words left out mean the same, so hash them the same
    # (interviews from before the field existed keep their hash).
    if item.get("share_words", 0) is None:
        item = {k: v for k, v in item.items() if k != "share_words"}
    item = recordings.hash_form(item)
    return hashlib.sha256(json.dumps(item, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


CONFLICT = _l("This interview was sent before with different answers. The first one is kept. "
              "Ask your project lead to look at it.")
ID_TAKEN = _l("This interview's id cannot be used on this server. Nothing from it was stored. "
              "Ask your project lead to look at it.")


def _accept(context, item):
    """Check one interview and queue it for writing; "stored" or "already_stored"."""
    check_shape(item)
    sent = item
    item = canonical(item)
    if fingerprint(item["id"]) in context.withdrawn_ids or (
            isinstance(item["participant_code"], str)
            and fingerprint(item["participant_code"]) in context.withdrawn_codes):
        raise Withdrawn()
    check_interview(context, item)
    digest = content_hash(item)
    existing = context.stored.get(item["id"]) or context.stored.get(sent["id"])
    if existing:
        if existing["project_id"] != context.project_id:
            raise Refused(ID_TAKEN)
        # An interview stored before hashes were made canonical keeps the hash of what was sent.
        if existing["content_hash"] in (digest, content_hash(sent)):
            return "already_stored"
        raise Refused(CONFLICT)
    if any(a["id"] in context.answer_ids for a in item["answers"]):
        raise Refused(_l("Some answers in this interview have the same id as answers already "
                        "stored. Nothing from it was stored. Ask your project lead to look at it."))
    if recordings.ids_taken(context, item):
        raise Refused(recordings.IDS_TAKEN)
    context.stored[item["id"]] = {"content_hash": digest, "project_id": context.project_id}
    context.answer_ids.update(a["id"] for a in item["answers"])
    context.accepted.append((item, digest))
    return "stored"


def canonical(item):
    """The interview as it is stored and compared: ids in lower case (a UUID in capitals is
    the same UUID), answers in the order of their ids (the order they came in means nothing)."""
    item = dict(item, id=item["id"].lower())
    if isinstance(item["answers"], list) and all(isinstance(a, dict) and isinstance(a.get("id"), str)
                                                 for a in item["answers"]):
        item["answers"] = sorted((recordings.canonical_answer(dict(a, id=a["id"].lower())) for a in item["answers"]),
                                 key=lambda a: a["id"])
    return item


INTERVIEW_INSERT = (
    "insert into interviews (id, project_id, questionnaire_version_id, device_id, interviewer_id, "
    "participant_code, language, consent, share_words, site, started_at, finished_at, received_at, "
    "content_hash, record_voice) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
ANSWER_INSERT = "insert into answers (id, interview_id, question, status, value, answered_at) values (?, ?, ?, ?, ?, ?)"
NOT_STORED = _l("The server could not store this interview. Nothing from it was stored. "
                "Ask your project lead to look at it.")


def _insert(context, results):
    """Write every accepted interview at once; if that fails, write them one at a time so
    one the database refuses (a case the checks did not foresee) never loses the others."""
    db = get_db()
    try:
        with writing(db):
            _insert_rows(context, context.accepted)
        return
    except (sqlite3.DatabaseError, sqlite3.InterfaceError, OverflowError, ValueError, TypeError) as error:
        if "locked" in str(error) or "busy" in str(error):
            raise
    refused = set()
    for item, digest in context.accepted:
        try:
            with writing(db):
                _insert_rows(context, [(item, digest)])
        except (sqlite3.DatabaseError, sqlite3.InterfaceError, OverflowError, ValueError, TypeError) as error:
            if "locked" in str(error) or "busy" in str(error):
                raise
            refused.add(item["id"])
    for result in results:
        if result["result"] == "stored" and isinstance(result["id"], str) and result["id"].lower() in refused:
            result.update(result="rejected", reason=str(NOT_STORED), reasons=in_every_language(NOT_STORED))


def _insert_rows(context, accepted):
    received = now()
    conn = get_db().conn
    conn.executemany(INTERVIEW_INSERT, [
        (i["id"], context.project_id, i["questionnaire_version"], context.device_id, i["interviewer"],
         i["participant_code"], i["language"], int(i["consent"]), _share_words(i), context.site,
         i["started_at"], i["finished_at"], received, digest, recordings.record_voice(i)) for i, digest in accepted])
    conn.executemany(ANSWER_INSERT, [
        (a["id"], i["id"], a["question"], a["status"], json.dumps(a["value"], ensure_ascii=False),
         a["answered_at"]) for i, _digest in accepted for a in i["answers"]])
    recordings.insert(conn, context.project_id, accepted, received)


def _remember_refusals(context, interviews, results):
    """Keep a short record of what a tablet had refused (which tablet, when, why; never the
    answers) for the lead's interviews page; forget it once the interview is in, from a
    tablet or a file. One statement for what came in, and writes only for refusals, so a
    sync with nothing refused costs one indexed delete."""
    db, at = get_db(), now()
    sent = [(n, item, result) for n, (item, result) in enumerate(zip(interviews, results))
            if isinstance(result["id"], str) and len(result["id"]) <= 64]
    came_in = [result["id"].lower() for _n, _item, result in sent if result["result"] != "rejected"]
    if came_in:
        db.execute("""delete from sync_refusals where project_id = ?
                      and interview_id in (select value from json_each(?))""",
                   [context.project_id, json.dumps(came_in)])
    refused = [(n, item, result) for n, item, result in sent if result["result"] == "rejected"]
    if context.device_id is None or not refused:
        return
    for n, item, result in refused:
        code = item.get("participant_code")
        reasons = result.get("reasons") or in_every_language(context.reasons.get(n, result["reason"]))
        db.execute(
            """insert into sync_refusals (project_id, device_id, interview_id, participant_code, at, reason)
               values (?, ?, ?, ?, ?, ?) on conflict (project_id, interview_id) do update set
               device_id = excluded.device_id, at = excluded.at, reason = excluded.reason""",
            [context.project_id, context.device_id, result["id"].lower(),
             code if isinstance(code, str) and CODE.fullmatch(code) else None, at,
             json.dumps(reasons, ensure_ascii=False)])
    db.execute("""delete from sync_refusals where project_id = ? and id not in
                  (select id from sync_refusals where project_id = ? order by at desc, id desc limit ?)""",
               [context.project_id, context.project_id, MAX_REFUSALS])


def _share_words(item):
    """1 yes, 0 no, None not asked (as stored in interviews.share_words)."""
    share = item.get("share_words")
    return None if share is None else int(share)


# Checks --------------------------------------------------------------------------------

def check_shape(item):
    """The fields every interview has, and an id of its own: enough to say which interview
    a refusal is about."""
    if not isinstance(item, dict) or not INTERVIEW_FIELDS <= set(item) <= INTERVIEW_FIELDS | OPTIONAL_FIELDS:
        raise Refused(_l("This interview is not in the form peersurvey expects. "
                        "Update the tablet's app and send it again."))
    if not _is_uuid(item["id"]):
        raise Refused(_l("This interview has no proper id. Update the tablet's app and send it again."))


def check_interview(context, item):
    check_shape(item)
    version = item["questionnaire_version"]
    questions = context.version(version) if is_sql_int(version) else None
    if questions is None:
        raise Refused(_l("This interview used questions this project does not have, or that were "
                        "never published. Ask your project lead."))
    if not is_sql_int(item["interviewer"]) or item["interviewer"] not in context.interviewers:
        raise Refused(_l("The interviewer of this interview is not an interviewer in this project. "
                        "Ask your project lead to give them the interviewer role, then tap "
                        "'Try again'."))
    if context.signed_in_here is not None and item["interviewer"] not in context.signed_in_here:
        raise Refused(_l("The interviewer of this interview has never signed in on this tablet. "
                        "Ask them to sign in here with their PIN, then tap 'Try again'."))
    if not isinstance(item["participant_code"], str) or not CODE.fullmatch(item["participant_code"]):
        raise Refused(_l("This interview's participant code is not right. It should be 4 to 12 "
                        "capital letters or numbers."))
    if not isinstance(item["language"], str) or item["language"] not in LANGUAGES:
        raise Refused(_l("This interview's language is not English or Welsh."))
    started, finished = _time(item["started_at"]), _time(item["finished_at"])
    if started is None or finished is None or finished < started:
        raise Refused(_l("This interview's start or finish time is not right. Check the tablet's clock."))
    if not isinstance(item["consent"], bool):
        raise Refused(_l("This interview does not say whether the person agreed to take part."))
    answers = item["answers"]
    if not isinstance(answers, list) or len(answers) > MAX_ANSWERS:
        raise Refused(_l("This interview's answers are not in the form peersurvey expects."))
    if not item["consent"] and answers:
        raise Refused(_l("This interview has answers, but the person did not agree to take part. "
                        "Nothing from it was stored."))
    _check_share_words(context, item)
    seen_questions, seen_ids = set(), set()
    for answer in answers:
        problem = _answer_problem(answer, questions, seen_questions, seen_ids)
        if problem:
            raise Refused(_l("An answer in this interview is not right: %(problem)s Nothing from it "
                            "was stored.", problem=problem))
    if problem := recordings.problem(item, questions):
        raise Refused(problem)


def _check_share_words(context, item):
    """Yes, no, or null (not asked, or not answered); only when it was asked of someone who
    agreed to take part."""
    share = item.get("share_words")
    if share is None:
        return
    if not isinstance(share, bool):
        raise Refused(_l("This interview's answer about using their words on posters is not yes or "
                        "no. Update the tablet's app and send it again."))
    if item["questionnaire_version"] not in context.sharing:
        raise Refused(_l("This interview has an answer about using their words on posters, but its "
                        "questionnaire does not ask that. Nothing from it was stored."))
    if not item["consent"]:
        raise Refused(_l("This interview has an answer about using their words on posters, but the "
                        "person did not agree to take part. Nothing from it was stored."))


def _answer_problem(answer, questions, seen_questions, seen_ids):
    if not isinstance(answer, dict) or set(answer) - {"recordings"} != ANSWER_FIELDS:
        return _l("it is not in the form peersurvey expects.")
    if not _is_uuid(answer["id"]) or answer["id"] in seen_ids:
        return _l("it has no proper id of its own.")
    seen_ids.add(answer["id"])
    question = questions.get(answer["question"]) if isinstance(answer["question"], str) else None
    if question is None:
        return _l("it answers a question that is not in the questionnaire.")
    if answer["question"] in seen_questions:
        return _l("the same question is answered twice.")
    seen_questions.add(answer["question"])
    if not isinstance(answer["status"], str) or answer["status"] not in STATUSES:
        return _l("it does not say whether it was answered, skipped or not known.")
    if _time(answer["answered_at"]) is None:
        return _l("its time is not right.")
    if answer["status"] != "answered":
        return None if answer["value"] is None else _l("a skipped answer cannot have a value.")
    return BY_NAME[question["kind"]].check_answer(question, answer["value"])


UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _is_uuid(value):
    return isinstance(value, str) and UUID.fullmatch(value) is not None


def _time(value):
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        # In UTC, so comparing two times never overflows (year 9999 with a negative offset).
        return parsed.astimezone(timezone.utc) if parsed.tzinfo else None
    except (ValueError, OverflowError):
        return None
