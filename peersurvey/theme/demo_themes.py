"""The demo's codebook and coding: the five Better Lives themes, most of the demo's
own-words answers sorted into them by the group, two coders who coded some on their own
(so the agreement page has something to show), and a few quotes for posters.

Answers are sorted by the words in them, which is good enough for a demo; the real thing
is people deciding together.
"""
import random

from ..db import get_db, now
from . import themes

# The five themes of the Better Lives research ("It's my life: ...").
THEMES = [
    ({"en": "My choices", "cy": "Fy newisiadau"}, "openmoji:1F5E3", "blue",
     {"en": "It's my life: let me get on with it.", "cy": "Fy mywyd i yw e: gadewch i mi fwrw ymlaen."},
     ("choose", "allowed", "told", "listen", "ask", "dewis", "gwrando")),
    ({"en": "My money", "cy": "Fy arian"}, "openmoji:1F45B", "green",
     {"en": "It's my money, I can use it how I want.", "cy": "Fy arian i yw e, galla i ei ddefnyddio fel dw i eisiau."},
     ("money", "bank", "purse", "buy", "spent", "pay for", "costs", "dear", "arian", "banc", "prynu")),
    ({"en": "A paid job", "cy": "Swydd â chyflog"}, "openmoji:1F9D1-200D-1F4BC", "orange",
     {"en": "I want a job, I want to be paid.", "cy": "Dw i eisiau swydd, dw i eisiau cael fy nhalu."},
     ("job", "work", "paid", "boss", "uniform", "café", "swydd", "gwaith", "cyflog")),
    ({"en": "Going out with friends", "cy": "Mynd allan gyda ffrindiau"}, "openmoji:1F9D1-200D-1F91D-200D-1F9D1",
     "purple", {"en": "I want to go out with my friends.", "cy": "Dw i eisiau mynd allan gyda fy ffrindiau."},
     ("friend", "mates", "go out", "going out", "bus", "taxi", "concert", "boyfriend", "night", "ffrind", "bws")),
    ({"en": "Time on my own", "cy": "Amser ar fy mhen fy hun"}, "openmoji:1F9CD", "teal",
     {"en": "Sometimes we want to be alone.", "cy": "Weithiau rydyn ni eisiau bod ar ein pennau ein hunain."},
     ("on my own", "alone", "own flat", "programmes", "ar fy mhen")),
]
OPEN_QUESTIONS = ("money_not_good", "job_good", "going_out_stops", "dream_other")


def make(project_id, lead_id, coder_ids, seed=2026):
    rng = random.Random(seed)
    theme_ids = [themes.add(project_id, lead_id, words, description, colour, picture)
                 for words, picture, colour, description, _keywords in THEMES]
    answers = _open_answers(project_id)
    db = get_db()
    group = [(a, t) for n, a in enumerate(answers) if n % 5 != 4 for t in _fitting(a, theme_ids)]
    _insert(db, project_id, group, owner=0, person_id=lead_id)
    # Two coders coded the first forty on their own; now and then they saw it differently.
    for coder_id in coder_ids[:2]:
        own = []
        for answer in answers[:40]:
            fitting = _fitting(answer, theme_ids)
            if fitting and rng.random() < 0.2:
                fitting = [rng.choice(theme_ids)]
            own.extend((answer, t) for t in fitting)
        _insert(db, project_id, own, owner=coder_id, person_id=coder_id)
    shareable = [a for a in answers if a["share_words"] == 1 and len(a["text"]) > 25]
    for answer in shareable[:8]:
        db["quotes"].insert({"answer_id": answer["id"], "project_id": project_id,
                             "marked_at": now(), "marked_by": lead_id})
    return len(group)


def _open_answers(project_id):
    import json
    rows = get_db().execute(
        f"""select a.id, a.value, i.share_words from answers a join interviews i on i.id = a.interview_id
            where i.project_id = ? and a.status = 'answered'
            and a.question in ({','.join('?' * len(OPEN_QUESTIONS))})
            order by i.started_at, a.id""", [project_id, *OPEN_QUESTIONS]).fetchall()
    return [{"id": r[0], "text": json.loads(r[1]) if r[1] else "", "share_words": r[2]} for r in rows]


def _fitting(answer, theme_ids):
    text = (answer["text"] or "").lower() if isinstance(answer["text"], str) else ""
    return [theme_id for theme_id, (*_rest, keywords) in zip(theme_ids, THEMES)
            if any(word in text for word in keywords)]


def _insert(db, project_id, pairs, owner, person_id):
    db.conn.executemany(
        """insert or ignore into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
           values (?, ?, ?, ?, ?, ?)""",
        [(project_id, answer["id"], theme_id, owner, now(), person_id) for answer, theme_id in pairs])
