"""The demo project that `make run` sets up, so a newcomer can try every part at once.

Passwords, PINs and the tablet code are made fresh on this machine, never kept in the
repo. They are printed and written to instance/demo-logins.json (git ignores it) so
scripts can read them.
"""
import json
import os
import secrets

from flask import current_app

from . import audit
from .collect import demo_interviews
from .db import get_db, writing
from .pay import demo_pay
from .people import devices, pairing, queries
from .projects.queries import create_project
from .theme import demo_themes

PROJECT_NAME = "Better Lives (demo)"
LEAD = {"name": "Rhian Lewis", "email": "rhian@example.org", "picture": "dragon",
        "roles": ["lead", "coder"]}
TEAM = (
    {"name": "Dewi Price", "picture": "guitar", "roles": ["interviewer", "coder"]},
    {"name": "Ceri Jones", "picture": "sunflower", "roles": ["interviewer"]},
    {"name": "Sam Evans", "picture": "bus", "roles": ["coder"]},
)
TABLET_NAME = "Demo tablet"
TABLET_SITE = "Torfaen"      # where Torfaen People First did the Better Lives interviews


def logins_path():
    return os.path.join(current_app.instance_path, "demo-logins.json")


def ensure_demo():
    """Make the demo project if it is missing; return its logins. Looked for and made in one
    write, so two servers starting at once make one demo."""
    with writing(get_db()) as db:
        project = next(iter(db.query("select * from projects where name = ?", [PROJECT_NAME])), None)
        kept = project is not None and os.path.exists(logins_path())
        if kept:
            _ensure_questionnaire(project["id"])
        else:
            logins = _refresh(project) if project else _create()
            _ensure_questionnaire(logins["project"]["id"])
    if kept:
        with open(logins_path(), encoding="utf-8") as f:
            return json.load(f)
    with open(os.open(logins_path(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w",
              encoding="utf-8") as f:
        json.dump(logins, f, indent=2, ensure_ascii=False)
    return logins


def _ensure_questionnaire(project_id):
    """The Better Lives questionnaire, published, once (demos made before it get it too)."""
    from .prepare import questionnaires
    if questionnaires.for_project(project_id):
        _ensure_themes(project_id)
        _ensure_pay(project_id)
        return
    lead = queries.find_by_email(LEAD["email"])
    path = os.path.join(os.path.dirname(__file__), "prepare", "demo_questionnaire.json")
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    questionnaire_id = questionnaires.create(project_id, document["title"], lead["id"], document)
    questionnaires.publish(questionnaires.draft(questionnaire_id), lead["id"])
    audit.record("questionnaire.publish", person_id=lead["id"], project_id=project_id,
                 questionnaire=questionnaire_id, version=1, name=document["title"])
    interviewers = [p["id"] for p in queries.project_people(project_id) if "interviewer" in p["roles"]]
    demo_interviews.make(project_id, questionnaires.latest_published(questionnaire_id)["id"],
                         document, interviewers)
    _ensure_themes(project_id)
    _ensure_pay(project_id)


def _ensure_themes(project_id):
    """The Better Lives themes with the group's coding, once: a demo made before coding
    existed gets them on its next `make run`, so its coding pages are not empty."""
    if get_db().execute("select 1 from themes where project_id = ?", [project_id]).fetchone():
        return
    lead = queries.find_by_email(LEAD["email"])
    coders = [p["id"] for p in queries.project_people(project_id)
              if "coder" in p["roles"] and p["id"] != lead["id"]]
    demo_themes.make(project_id, lead["id"], coders)


def _ensure_pay(project_id):
    demo_pay.make(project_id, queries.find_by_email(LEAD["email"])["id"])


def _pin():
    return f"{secrets.randbelow(10000):04d}"


def _create():
    password = secrets.token_urlsafe(9)
    lead_id = queries.create_person(LEAD["name"], email=LEAD["email"], password=password,
                                    picture=LEAD["picture"])
    project_id = create_project(PROJECT_NAME, lead_id)
    audit.record("project.create", person_id=lead_id, project_id=project_id, name=PROJECT_NAME)
    queries.set_roles(project_id, lead_id, LEAD["roles"])
    people = [dict(name=LEAD["name"], roles=LEAD["roles"], pin=_pin())]
    queries.update_person(lead_id, pin=people[0]["pin"])
    for member in TEAM:
        pin = _pin()
        person_id = queries.create_person(member["name"], picture=member["picture"], pin=pin)
        queries.set_roles(project_id, person_id, member["roles"])
        audit.record("person.add", person_id=lead_id, project_id=project_id,
                     added=person_id, name=member["name"], roles=member["roles"])
        people.append(dict(name=member["name"], roles=member["roles"], pin=pin))
    device_id, token = devices.register(project_id, TABLET_NAME, lead_id, TABLET_SITE)
    audit.record("tablet.register", person_id=lead_id, project_id=project_id,
                 tablet=device_id, name=TABLET_NAME, site=TABLET_SITE)
    return _logins(project_id, password, token, people)


def _refresh(project):
    """The demo exists but its logins file was lost: give everyone new secrets."""
    password = secrets.token_urlsafe(9)
    people = []
    for person in queries.project_people(project["id"]):
        pin = _pin()
        changes = {"pin": pin}
        if person["email"] == LEAD["email"]:
            changes["password"] = password
        queries.update_person(person["id"], **changes)
        people.append(dict(name=person["name"], roles=person["roles"], pin=pin))
    lead = queries.find_by_email(LEAD["email"])
    for tablet in devices.for_project(project["id"]):
        if not tablet["revoked_at"]:
            devices.revoke(tablet["id"], lead["id"])
    _device_id, token = devices.register(project["id"], TABLET_NAME, lead["id"], TABLET_SITE)
    return _logins(project["id"], password, token, people)


def _logins(project_id, password, token, people):
    return {
        "project": {"id": project_id, "name": PROJECT_NAME},
        "lead": {"name": LEAD["name"], "email": LEAD["email"], "password": password},
        "tablet": {"name": TABLET_NAME, "token": token},
        "people": people,
    }


def _pairing_code(logins):
    """A fresh short code for the demo tablet: the long token is never typed."""
    tablet = next(t for t in devices.for_project(logins["project"]["id"])
                  if not t["revoked_at"] and t["name"] == logins["tablet"]["name"])
    lead = queries.find_by_email(LEAD["email"])
    return pairing.grouped(pairing.make_code(logins["project"]["id"], tablet["id"], lead["id"])[0])


def describe(logins):
    host = current_app.config["HOST"]
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{current_app.config['PORT']}"
    lines = [
        f"Demo project: {logins['project']['name']}",
        f"  Project lead: sign in at {base}/signin",
        f"    email {logins['lead']['email']}   password {logins['lead']['password']}",
        f"  To use this browser as '{logins['tablet']['name']}', go to {base}/tablet/setup and type",
        f"    {_pairing_code(logins)}   (it works once, for {pairing.CODE_MINUTES} minutes; run this again for a new one)",
        "  Tablet sign-in PINs:",
    ]
    lines += [f"    {p['name']:<14} {p['pin']}  ({', '.join(p['roles'])})" for p in logins["people"]]
    lines.append(f"  These are saved in {logins_path()}")
    return "\n".join(lines)
