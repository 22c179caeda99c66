"""What the agreement page reads: each coder's own codings, and the names of the coders."""
import json

from ..db import get_db


def own_codings(project_id, questionnaire_id):
    """{coder id: {answer id: set of theme ids}} for everyone who coded on their own."""
    result = {}
    for owner, answer_id, theme_id in get_db().execute(
            """select c.owner, c.answer_id, c.theme_id from codings c
               join answers a on a.id = c.answer_id join interviews i on i.id = a.interview_id
               join questionnaire_versions v on v.id = i.questionnaire_version_id
               where c.project_id = ? and c.owner != 0 and v.questionnaire_id = ?""",
            [project_id, questionnaire_id]):
        result.setdefault(owner, {}).setdefault(answer_id, set()).add(theme_id)
    return result


def names_of(person_ids):
    """{person id: name} for these people."""
    if not person_ids:
        return {}
    return {row[0]: row[1] for row in get_db().execute(
        "select id, name from people where id in (select value from json_each(?))", [json.dumps(list(person_ids))])}
