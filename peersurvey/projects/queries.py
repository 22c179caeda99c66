"""Projects, and who leads them."""
from .. import audit
from ..db import get_db, now, writing


def create_project(name, lead_id):
    db = get_db()
    with writing(db):
        project_id = db["projects"].insert(
            {"name": name, "created_at": now(), "created_by": lead_id}).last_pk
        db["memberships"].insert({"project_id": project_id, "person_id": lead_id, "role": "lead"})
    return project_id


def create_project_and_record(name, lead_id):
    """Make the project and write it in the project's history, in one write."""
    with writing(get_db()):
        project_id = create_project(name, lead_id)
        audit.record("project.create", person_id=lead_id, project_id=project_id, name=name)
    return project_id


def get_project(project_id):
    rows = list(get_db().query("select * from projects where id = ?", [project_id]))
    return rows[0] if rows else None


def projects_for(person_id):
    """Projects the person holds any role in, with their roles, newest first."""
    rows = get_db().query(
        """select projects.*, group_concat(memberships.role) as roles from projects
           join memberships on memberships.project_id = projects.id
           where memberships.person_id = ? group by projects.id order by projects.id desc""",
        [person_id])
    return [dict(row, roles=row["roles"].split(",")) for row in rows]
