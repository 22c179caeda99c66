"""An answer as the coding screen shows it: the question (words, picture, heading) and what
the person said or chose, in the page's language. Never who said it or who asked."""
import json

from ..collect import answer_versions, recordings
from ..db import get_db
from ..i18n import text_in
from ..prepare.document import HEADINGS
from ..prepare import questionnaires
from ..prepare.picture_urls import picture_url
from ..questions import kind_of


def title_of(questionnaire):
    """A questionnaire's title in the page's language (for choosing one from a list)."""
    return text_in(json.loads(questionnaire["document"])["title"])


class Documents:
    """Questionnaire versions, each read and parsed once per request (published ones, once)."""

    def __init__(self):
        self._questions = {}

    def question(self, version_id, key):
        if version_id not in self._questions:
            self._questions[version_id] = questionnaires.questions_by_key(version_id)
        return self._questions[version_id].get(key)


def answer_views(project_id, ids):
    """{answer id: how it shows, as `shown` gives it} for the answers of `ids` that are still
    there (withdrawn ones are left out), read in one query however many there are."""
    documents = Documents()
    views = {}
    for row in get_db().query(
            """select a.id, a.question, a.value, i.questionnaire_version_id as version
               from answers a join interviews i on i.id = a.interview_id
               where a.id in (select value from json_each(?)) and i.project_id = ?""",
            [json.dumps(list(ids)), project_id]):
        question = documents.question(row["version"], row["question"])
        if question:
            views[row["id"]] = shown(row, question, project_id)
    return views


def shown(answer, question, project_id):
    """{"question", "picture", "heading", "text", "chosen": [{"picture", "words", "text"}],
    "parts": the typed words that may be typed up or put right, {part: words}}."""
    value = json.loads(answer["value"]) if answer["value"] is not None else None
    return {
        "parts": kind_of(question).typed_words(question, value),
        "question": text_in(question["text"]),
        "picture": picture_url(question.get("picture"), project_id),
        "heading": str(HEADINGS[question["heading"]]) if question.get("heading") else "",
        **_with_urls(kind_of(question).shown(question, value), project_id),
    }


def recordings_of(answer_id):
    """{part: recording} of one answer, to play beside what it is of ("" the answer itself, or
    a chosen picture's key), complete or still on its way (collect/recordings.for_answers)."""
    return {r["part"]: r for r in recordings.for_answers([answer_id]).get(answer_id, [])}


def may_type_up(answer_id, part):
    """A coder types up only what was said, not typed: words not there yet, a recording's
    words, or words typed up before. What the interviewer typed with the person is theirs;
    only a lead puts it right (theme/typing_views.py, collect/words_views.py)."""
    found = answer_versions.answer(answer_id)
    words = answer_versions.parts(found).get(part, "") if found else ""
    if not words.strip() or part in recordings_of(answer_id):
        return True
    return any(v["part"] == part and v["why"] == "typed_up" for v in answer_versions.history(answer_id))


def typeable(answer_id, parts, lead):
    """The parts of an answer the person on screen may type up or put right."""
    return set(parts) if lead else {part for part in parts if may_type_up(answer_id, part)}


def _with_urls(view, project_id):
    """The kind gives picture ids; the page needs where they are served from."""
    return {**view, "chosen": [{**chosen, "picture": picture_url(chosen["picture"], project_id)}
                               for chosen in view["chosen"]]}


def plain_words(view):
    """The answer as one line of words (for lists: disagreements, splitting a theme)."""
    parts = [view["text"]] + [
        f"{c['words']}: {c['text']}" if c["text"] else c["words"] for c in view["chosen"]]
    return " · ".join(p for p in parts if p)
