"""Where a picture id (`openmoji:…` or `media:…`) is served from, and its words."""
from flask import request, url_for

from ..i18n import current_language
from . import media, pictures


def picture_url(picture_id, project_id=None):
    if not picture_id:
        return None
    if picture_id.startswith("openmoji:"):
        entry = pictures.get(picture_id)
        return url_for("static", filename=entry["file"]) if entry else None
    project_id = project_id or request.view_args["project_id"]
    return url_for("media.serve", project_id=project_id, sha=picture_id.split(":", 1)[1])


def picture_words(picture_id, project_id=None, language=None):
    """The picture's main words in the page's language (for alt text and labels)."""
    language = language or current_language()
    if not picture_id:
        return ""
    if picture_id.startswith("openmoji:"):
        entry = pictures.get(picture_id)
        return entry["words"][language][0] if entry else ""
    row = media.get(project_id or request.view_args["project_id"], picture_id)
    return (row or {}).get("words", {}).get(language, "") if row else ""
