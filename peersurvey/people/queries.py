"""People and their roles in projects. (Wrong tries and lock-outs: limits.py.)"""
import json

from .. import audit
from ..db import get_db, now, writing
from .credentials import hash_secret

ROLES = ("lead", "interviewer", "coder")


def get_person(person_id):
    rows = list(get_db().query("select * from people where id = ?", [person_id]))
    return rows[0] if rows else None


def find_by_email(email):
    # Emails are kept in lower case; SQLite's nocase folds only A to Z, so fold here.
    rows = list(get_db().query("select * from people where email = ?", [email.lower()]))
    return rows[0] if rows else None


def names_of(person_ids):
    """{person id: name} for these people."""
    if not person_ids:
        return {}
    return {row[0]: row[1] for row in get_db().execute(
        "select id, name from people where id in (select value from json_each(?))",
        [json.dumps(list(person_ids))])}


def email_taken(email, except_id=None):
    person = find_by_email(email)
    return person is not None and person["id"] != except_id


def hashed_person(name, *, picture=None, email=None, password=None, pin=None):
    """A new person's row, secrets hashed: made before a write, so the write lock is not held
    while argon2 works."""
    return {"name": name, "picture": picture, "created_at": now(),
            "email": email.lower() if email else None,
            "password_hash": hash_secret(password) if password else None,
            "pin_hash": hash_secret(pin) if pin else None}


def create_person(name, *, picture=None, email=None, password=None, pin=None):
    return get_db()["people"].insert(
        hashed_person(name, picture=picture, email=email, password=password, pin=pin)).last_pk


def hashed_changes(*, password=None, pin=None, **changes):
    """Changes for update_person, with a new password or PIN (None: unchanged) hashed first."""
    if password:
        changes["password_hash"] = hash_secret(password)
    if pin:
        changes["pin_hash"] = hash_secret(pin)
    return changes


def update_person(person_id, **changes):
    if changes.get("email"):
        changes["email"] = changes["email"].lower()
    if "password" in changes:
        changes["password_hash"] = hash_secret(changes.pop("password"))
    if "pin" in changes:
        changes["pin_hash"] = hash_secret(changes.pop("pin"))
    get_db()["people"].update(person_id, changes)


def roles_of(project_id, person_id):
    return {row["role"] for row in get_db().query(
        "select role from memberships where project_id = ? and person_id = ?",
        [project_id, person_id])}


def has_role(project_id, person_id, role):
    return role in roles_of(project_id, person_id)


def has_any_role(project_id, person_id, roles):
    return bool(roles_of(project_id, person_id) & set(roles))


def set_roles(project_id, person_id, roles):
    db = get_db()
    with writing(db):
        db.execute("delete from memberships where project_id = ? and person_id = ?",
                   [project_id, person_id])
        db["memberships"].insert_all(
            {"project_id": project_id, "person_id": person_id, "role": role}
            for role in ROLES if role in roles)


def project_people(project_id):
    """Everyone in the project, each with the sorted list of their roles."""
    rows = get_db().query(
        """select people.*, group_concat(memberships.role) as roles from people
           join memberships on memberships.person_id = people.id
           where memberships.project_id = ? group by people.id
           order by people.name collate nocase""", [project_id])
    return [dict(row, roles=[r for r in ROLES if r in row["roles"].split(",")])
            for row in rows]


def project_person(project_id, person_id):
    for person in project_people(project_id):
        if person["id"] == person_id:
            return person
    return None


def leads_elsewhere(person_id, project_id):
    """Whether the person leads a project other than this one."""
    return get_db().execute(
        "select 1 from memberships where person_id = ? and role = 'lead' and project_id != ? limit 1",
        [person_id, project_id]).fetchone() is not None


def lead_count(project_id):
    return get_db().execute("select count(*) from memberships where project_id = ? and role = 'lead'",
                            [project_id]).fetchone()[0]


def tablet_people(project_id):
    """The people who can sign in on the project's tablets: interviewers and coders with a PIN."""
    return [p for p in project_people(project_id)
            if p["pin_hash"] and {"interviewer", "coder"} & set(p["roles"])]


def add_to_project(project_id, person, roles, *, by, allowed):
    """Add a new person (a hashed_person row) with these roles, recorded in the audit log, in
    one write, if allowed() says yes when asked inside it: their id, or None."""
    with writing(get_db()):
        if not allowed():
            return None
        person_id = get_db()["people"].insert(person).last_pk
        set_roles(project_id, person_id, roles)
        audit.record("person.add", person_id=by, project_id=project_id,
                     added=person_id, name=person["name"], roles=roles)
    return person_id


def change_in_project(project_id, person_id, changes, roles, *, by, allowed, **detail):
    """Save hashed_changes and the person's roles, recorded in the audit log (with `detail`),
    in one write, if allowed() says yes when asked inside it: whether they were saved."""
    with writing(get_db()):
        if not allowed():
            return False
        update_person(person_id, **changes)
        set_roles(project_id, person_id, roles)
        audit.record("person.change", person_id=by, project_id=project_id,
                     changed=person_id, roles=roles, **detail)
    return True


def take_out_of_project(project_id, person, *, by):
    """Take the person out of the project, recorded in the audit log, in one write, unless
    they are its last lead: counted in the write, so two leads taking each other out at once
    leave one lead. Whether they were taken out."""
    with writing(get_db()):
        if has_role(project_id, person["id"], "lead") and lead_count(project_id) == 1:
            return False
        set_roles(project_id, person["id"], [])
        audit.record("person.remove", person_id=by, project_id=project_id,
                     removed=person["id"], name=person["name"])
    return True
