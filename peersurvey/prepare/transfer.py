"""Moving questionnaires in and out: our own JSON export (the document plus the project's
pictures and recordings it uses, so nothing is lost) and XLSForm spreadsheets.

Either the whole questionnaire is made, or nothing is: one transaction, checked first.
"""
import base64
import json
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from .. import safe_json
from ..db import get_db, now, writing
from ..i18n import words_ok
from . import document as doc
from . import media, questionnaires

EXPORT_FORMAT = "peersurvey-export/1"


@dataclass
class ImportOutcome:
    questionnaire_id: int = None
    carried: list = field(default_factory=list)       # plain sentences
    not_carried: list = field(default_factory=list)   # plain sentences


def media_ids(document):
    """Every `media:` picture or recording the document uses."""
    found = set()
    for item in doc.with_media(document):
        if item.get("picture", "") and item["picture"].startswith("media:"):
            found.add(item["picture"])
        found.update(a for a in item["audio"].values() if a)
    return found


def export_file(project_id, document):
    files = {}
    for media_id in sorted(media_ids(document)):
        row = media.get(project_id, media_id)
        if row:
            files[media_id] = {"kind": row["kind"], "mime": row["mime"], "words": row["words"],
                               "data": base64.b64encode(row["data"]).decode("ascii")}
    return {"format": EXPORT_FORMAT, "questionnaire": document, "media": files}


def import_json(project_id, raw, person_id):
    outcome = ImportOutcome()
    try:
        data = safe_json.loads(raw)
    except safe_json.BadJSON:
        outcome.not_carried.append(_l("This file is not a questionnaire exported from peersurvey. "
                                      "Choose the .json file you exported, or an XLSForm .xlsx file."))
        return outcome
    document, files = (data.get("questionnaire"), data.get("media") or {}) \
        if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT else (data, {})
    try:
        doc.check_new(document)
        missing = media_ids(document) - set(files)
        blobs = _checked_files(files, media_ids(document))
    except doc.DocumentError as error:
        outcome.not_carried.extend(error.problems)
        return outcome
    if missing:
        outcome.not_carried.append(_l("The file uses pictures or recordings that are not in it. "
                                      "Export the questionnaire again from peersurvey and import that file."))
        return outcome
    with writing(get_db()):
        for media_id, (kind, mime, words, data_bytes) in blobs.items():
            get_db()["media"].insert({
                "project_id": project_id, "sha256": media_id.split(":", 1)[1], "kind": kind,
                "mime": mime, "data": data_bytes, "words": json.dumps(words, ensure_ascii=False),
                "created_at": now(), "created_by": person_id}, ignore=True)
        outcome.questionnaire_id = questionnaires.create(project_id, document["title"], person_id, document)
    outcome.carried.append(ngettext("Everything was carried over: %(num)d question.",
                                    "Everything was carried over: %(num)d questions.",
                                    len(document["questions"])))
    return outcome


def _checked_files(files, wanted):
    """Decode and check each embedded file: it must be what it claims and match its name."""
    blobs = {}
    bad = _l("A picture or recording in the file is damaged. Export the questionnaire again.")
    for media_id in wanted & set(files):
        entry = files[media_id]
        try:
            data = base64.b64decode(entry["data"], validate=True)
            kind, words = entry["kind"], entry.get("words") or {}
        except (KeyError, TypeError, ValueError):
            raise doc.DocumentError([bad])
        if not words_ok(words):      # pages read them as {"en": …, "cy": …}
            raise doc.DocumentError([bad])
        try:
            sha = media_id[len("media:"):] if media_id.startswith("media:") else ""
            mime = media.checked_file(data, sha, kind, entry.get("mime"))
        except media.MediaError as error:
            raise doc.DocumentError([error.args[0]])
        if mime is None:
            raise doc.DocumentError([bad])
        blobs[media_id] = (kind, mime, words, data)
    return blobs


def import_xlsform(project_id, raw, person_id):
    from .xlsform import read_xlsform
    result = read_xlsform(raw)
    outcome = ImportOutcome(
        carried=[_line(line) for line in result.carried],
        not_carried=[_line(line) for line in result.not_carried])
    if result.document is not None:
        _cut_long_words(result.document, outcome)
        try:       # what the builder could not keep either is said, not a 500
            doc.check_new(result.document)
        except doc.DocumentError as error:
            outcome.not_carried.extend(error.problems)
            return outcome
        with writing(get_db()):
            outcome.questionnaire_id = questionnaires.create(
                project_id, result.document["title"], person_id, result.document)
    return outcome


def _cut_long_words(document, outcome):
    """Words longer than a questionnaire keeps (a long consent note, several notes joined,
    a long title) are cut to doc.TEXT_MAX letters, and the lead is told where."""
    def cut(value):
        found = False
        if value and words_ok(value):
            for language, words in value.items():
                if len(words) > doc.TEXT_MAX:
                    value[language], found = words[:doc.TEXT_MAX], True
        elif isinstance(value, (dict, list)):
            for item in (value.values() if isinstance(value, dict) else value):
                found = cut(item) or found
        return found
    if cut(document.get("title")):
        outcome.not_carried.append(_l("The title was longer than %(most)s letters, so only the first %(most)s "
                                      "were carried over.", most=f"{doc.TEXT_MAX:,}"))
    for question in document.get("questions", []):
        if cut(question):
            outcome.not_carried.append(_l("Some words of the question “%(key)s” were longer than %(most)s "
                                          "letters, so only the first %(most)s were carried over. Make them "
                                          "shorter in the builder.", key=question.get("key", ""),
                                          most=f"{doc.TEXT_MAX:,}"))


def _line(line):
    return line.message


# Files people choose by mistake, known by their first bytes or name: each gets its own
# plain answer, not "this is not a questionnaire from peersurvey".
NOT_A_FORM = (
    (lambda raw, name: raw.startswith(b"%PDF"),
     _l("This is a PDF file. A questionnaire file is an XLSForm spreadsheet (.xlsx) or a .json "
        "file saved from peersurvey. Choose one of those and try again.")),
    (lambda raw, name: raw.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"),
     _l("This is an old Excel file (.xls). Open it in Excel or LibreOffice, save it as an Excel "
        "workbook (.xlsx), and try again.")),
    (lambda raw, name: name.endswith((".csv", ".txt", ".ods", ".doc", ".docx")),
     _l("This is not a spreadsheet peersurvey can read. Save the form as an Excel workbook "
        "(.xlsx), or choose a .json file saved from peersurvey, and try again.")),
)


def import_file(project_id, filename, raw, person_id):
    """Import a .json or .xlsx file by its name and first bytes."""
    name = (filename or "").lower()
    if raw[:2] == b"PK" or name.endswith((".xlsx", ".xlsm")):
        return import_xlsform(project_id, raw, person_id)
    for looks_like, message in NOT_A_FORM:
        if looks_like(raw, name):
            outcome = ImportOutcome()
            outcome.not_carried.append(message)
            return outcome
    return import_json(project_id, raw, person_id)
