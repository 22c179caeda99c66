"""The audit log: every change a person makes to project setup, with who and when.

Details are kept small and free of secrets: never a password, PIN or token.
"""
import json

from flask_babel import lazy_gettext as _l

from .db import get_db, now


def record(action, *, person_id, project_id=None, **detail):
    get_db()["audit_log"].insert({
        "at": now(), "person_id": person_id, "project_id": project_id,
        "action": action, "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True),
    })


# Stands for a withdrawn participant's code: the entries about their words stay (who typed
# or erased them, and when), but nothing here names them any more.
WITHDRAWN = "—"
NAMES_A_PARTICIPANT = ("answer.typed_up", "answer.corrected", "participant.withdraw")


def forget_withdrawn(db, project_id=None):
    """Blank every participant code in the history (of one project, or all) that withdrawals
    name by its SHA-256 (as collect.queries.fingerprint makes it): run by each withdrawal in
    its own write, by migration m019 for those made before, and for a project file brought
    in (a server before then kept them)."""
    import hashlib
    withdrawn = set(db.execute("select project_id, code_sha256 from withdrawals").fetchall())
    entries = db.execute(f"""select id, project_id, detail from audit_log
                             where action in ({", ".join("?" * len(NAMES_A_PARTICIPANT))})
                             and (? is null or project_id = ?)""",
                         [*NAMES_A_PARTICIPANT, project_id, project_id]).fetchall()
    for entry_id, entry_project, detail in entries:
        said = json.loads(detail or "{}")
        name = said.get("name")
        if isinstance(name, str) and (entry_project, hashlib.sha256(name.encode("utf-8")).hexdigest()) in withdrawn:
            db.execute("update audit_log set detail = ? where id = ?",
                       [json.dumps({**said, "name": WITHDRAWN}, ensure_ascii=False, sort_keys=True), entry_id])


def for_project(project_id, limit=200):
    rows = get_db().query(
        """select audit_log.*, people.name as person_name from audit_log
           left join people on people.id = audit_log.person_id
           where project_id = ? order by audit_log.id desc limit ?""",
        [project_id, limit])
    return [dict(row, detail=json.loads(row["detail"] or "{}")) for row in rows]


# How each action reads in the history page. Each takes the name kept in the detail.

SENTENCES = {
    "project.create": _l("Started the project %(name)s."),
    "person.add": _l("Added %(name)s to the project."),
    "person.change": _l("Changed the details of %(name)s."),
    "person.unlock": _l("Unlocked %(name)s so they can sign in again."),
    "person.remove": _l("Took %(name)s out of the project."),
    "person.locked_out": _l("Was locked out after too many wrong tries."),
    "tablet.register": _l("Registered the tablet %(name)s."),
    "tablet.pair": _l("Paired the tablet %(name)s, so it can be used."),
    "tablet.revoke": _l("Switched off the tablet %(name)s."),
    "tablet.site": _l("Changed where the tablet %(name)s is used."),
    "questionnaire.create": _l("Started the questionnaire %(name)s."),
    "questionnaire.publish": _l("Published a version of the questionnaire %(name)s."),
    "questionnaire.import": _l("Brought in a questionnaire from the file %(name)s."),
    "interviews.upload": _l("Brought in interviews from the file %(name)s."),
    "picture.upload": _l("Added the picture %(name)s."),
    "words.add": _l("Added the hard word %(name)s to the easy-read check."),
    "words.remove": _l("Took the hard word %(name)s off the easy-read check."),
    "cards.print": _l("Printed participant cards with %(name)s new codes."),
    "answer.typed_up": _l("Typed up what participant %(name)s said."),
    "answer.corrected": _l("Put right the words of participant %(name)s."),
    # Never the code, even in an entry made before codes were blanked (forget_withdrawn).
    "participant.withdraw": _l("Erased everything a participant said, because they asked."),
    "project.export": _l("Downloaded the whole project %(name)s, with participant codes."),
    "project.import": _l("Brought in the project %(name)s from a file."),
    "codebook.import": _l("Brought in themes from the codebook file %(name)s."),
    "findings.actions": _l("Wrote what is being done about the themes, for ‘You said, we did’."),
    "findings.share_link": _l("Made a link to share ‘You said, we did’."),
    "findings.share_link_off": _l("Switched off a link that shared ‘You said, we did’."),
    "pay.work_add": _l("Added a piece of work for %(name)s."),
    "pay.work_confirmed": _l("Confirmed pieces of work for pay. How many: %(name)s."),
    "pay.work_rejected": _l("Turned down pieces of work for pay. How many: %(name)s."),
    "pay.work_undo": _l("Put pieces of work back on the list to check. How many: %(name)s."),
    "pay.writing": _l("Noted who helped write the questionnaire %(name)s."),
    "pay.rate": _l("Set a pay rate for %(name)s."),
    "pay.rate_remove": _l("Took away a pay rate for %(name)s."),
    "pay.limit": _l("Changed the earnings limit to %(name)s."),
    "pay.choice": _l("Changed how %(name)s is paid."),
    "pay.approve": _l("Approved a payment for %(name)s."),
    "pay.paid": _l("Marked a payment to %(name)s as paid."),
}


# An entry about the words of someone since taken out of the research (forget_withdrawn).
FORGOTTEN = {
    "answer.typed_up": _l("Typed up what a participant said. They have since been taken out of the research."),
    "answer.corrected": _l("Put right the words of a participant who has since been taken out of the research."),
}

# Every small edit in the builder reads the same way.
EDITS = _l("Changed the questionnaire %(name)s.")


def sentence(entry):
    template = SENTENCES.get(entry["action"]) or (
        EDITS if entry["action"].split(".")[0] in ("question", "option", "voice") or
        entry["action"].startswith("questionnaire.") else None)
    if template is None:
        return entry["action"]
    name = entry["detail"].get("name", "")
    if name == WITHDRAWN and entry["action"] in FORGOTTEN:
        return str(FORGOTTEN[entry["action"]])
    if isinstance(name, dict):       # a questionnaire's title, in each language it has
        from .i18n import text_in
        name = text_in(name)
    return str(template) % {"name": name}
