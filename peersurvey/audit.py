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
    "tablet.revoke": _l("Switched off the tablet %(name)s."),
}


def sentence(entry):
    template = SENTENCES.get(entry["action"])
    if template is None:
        return entry["action"]
    return str(template) % {"name": entry["detail"].get("name", "")}
