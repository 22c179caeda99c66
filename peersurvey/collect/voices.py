"""Our voices: the group records the app's own words once per project and language ("Do you
want to take part?", "Yes, I do", "I don't know", the yes/no and feelings answers...), with
the same recorder as questions. Read aloud on the tablet then plays the group's voice for
those words wherever it reads them, before falling back to the device's voice, which most
tablets do not have for Welsh.

The bundle carries the recordings as {language: {the words as shown: media id}}, so the
tablet matches what it reads by its words, and no screen needs to know which are recorded.
"""
from ..db import get_db, now, writing
from ..i18n import LANGUAGES, in_every_language
from ..questions import QUESTION_KINDS
from .messages import MESSAGES

# The app's words that Read aloud reads, in the order an interview meets them ("I don't
# know" and "I don't want to say" are read as answers on Check your answers; the Stop
# screen and Check your answers read their heading). The buttons that move between screens
# (Back, Next, Stop) are read at the end of every Read aloud, but only once the group has
# recorded them: a device voice saying "Back. Next. Stop." after every question would be
# noise, while a group may record "Tap the green arrow to go on" for Next (read_aloud.js).
APP_WORDS = ("consent_question", "consent_yes", "consent_no", "share_yes", "share_no",
             "voice_why", "voice_safe", "voice_question", "voice_yes", "voice_no",
             "dont_know", "skip", "back", "next", "stop", "stop_title", "stop_text", "stop_keep",
             "stop_delete", "stop_back", "check_title", "finish")


def words():
    """[(word key, {language: words})]: the app's words, then each built-in answer."""
    found = [(key, in_every_language(MESSAGES[key])) for key in APP_WORDS]
    for kind in QUESTION_KINDS:
        for key, text, _picture in kind.FIXED_ANSWERS or ():
            found.append((f"answer:{kind.NAME}:{key}", in_every_language(text)))
    return found


def is_word(key):
    return key in {k for k, _text in words()}


def recorded(project_id):
    """{word key: {language: media id}} for the project."""
    found = {}
    for row in get_db().query("select word, language, audio from app_voices where project_id = ?",
                              [project_id]):
        found.setdefault(row["word"], {})[row["language"]] = row["audio"]
    return found


def save(project_id, word, language, audio, person_id):
    """Keep a recording of `word` in `language` (audio None takes it away)."""
    db = get_db()
    with writing(db):
        if audio is None:
            db.execute("delete from app_voices where project_id = ? and word = ? and language = ?",
                       [project_id, word, language])
        else:
            db["app_voices"].upsert({"project_id": project_id, "word": word, "language": language,
                                     "audio": audio, "recorded_by": person_id, "recorded_at": now()},
                                    pk=("project_id", "word", "language"))


def for_tablet(project_id):
    """What the bundle carries, the words and recordings read once: {language: {the words as
    the tablet shows them: media id}}, and {language: [the words with no recording]}, which
    "Get ready" lists on a tablet with no voice for that language."""
    shown, have = dict(words()), recorded(project_id)
    by_words = {code: {} for code in LANGUAGES}
    for word, by_language in have.items():
        for code, audio in by_language.items():
            if word in shown and code in by_words:
                by_words[code][shown[word][code]] = audio
    # By words: where two keys say the same ("Ydw"), one recording serves both.
    missing = {code: list(dict.fromkeys(text[code] for text in shown.values()
                                        if text[code] not in by_words[code]))
               for code in LANGUAGES}
    return by_words, missing

