"""What the agreement page reads: each coder's own codings. (Their names: people/queries.py.)"""
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
