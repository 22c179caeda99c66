"""You said, we did: what the project is doing about each theme, and the read-only links
a lead makes to share that page.

A link's token is shown once, when it is made; only its SHA-256 is kept, so the public page
finds the project by looking the hash up (no comparison that leaks timing) and a copy of
the database cannot be used to open the page. A switched-off link is never looked up again.
"""
import json
import re

from ..db import get_db, now, writing
from ..i18n import current_language
from ..people.credentials import hash_token, new_token
from ..theme import display, themes
from . import counts

DID_MAX = 1000
# secrets.token_urlsafe(32) makes 43 letters, digits, "-" and "_".
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def did_by_theme(project_id):
    """{theme id: {"en": …, "cy": …}} for every theme the lead has written about."""
    return {row["theme_id"]: json.loads(row["did"]) for row in get_db().query(
        "select theme_id, did from theme_actions where project_id = ?", [project_id])}


def save_did(project_id, person_id, written):
    """Store {theme id: {language: text}}; empty texts are dropped, and a theme with none is
    removed. Returns the ids of the themes whose words changed. What is stored, and which
    themes are still in the codebook (not merged away a moment ago), are read in the write."""
    changed = []
    db = get_db()
    with writing(db):
        before = did_by_theme(project_id)
        in_use = {theme["id"] for theme in themes.active(project_id)}
        for theme_id, texts in written.items():
            if theme_id not in in_use:
                continue
            texts = {code: text for code, text in texts.items() if text}
            if texts == before.get(theme_id, {}):
                continue
            changed.append(theme_id)
            if texts:
                db["theme_actions"].upsert({
                    "theme_id": theme_id, "project_id": project_id,
                    "did": json.dumps(texts, ensure_ascii=False, sort_keys=True),
                    "updated_at": now(), "updated_by": person_id}, pk="theme_id")
            else:
                db.execute("delete from theme_actions where theme_id = ? and project_id = ?",
                           [theme_id, project_id])
    return changed


def you_said_we_did(project_id, language=None):
    """Every theme in use, most people first: the theme, its words in `language`, how many
    people talked about it, and what is being done (in `language`, else any language)."""
    by_id = {theme["id"]: theme for theme in themes.active(project_id)}
    did = did_by_theme(project_id)
    rows = []
    for theme_id, people in counts.theme_frequency(project_id)[["theme_id", "people"]].itertuples(index=False):
        theme = by_id[int(theme_id)]
        texts = did.get(theme["id"], {})
        rows.append({"theme": theme, "words": display.text_in(theme["words"], language),
                     "people": int(people), "did": texts, "did_words": display.text_in(texts, language),
                     "did_language": _language_of(texts, language or current_language())})
    return rows


def _language_of(texts, language):
    """The language text_in picks from `texts`: the one asked for, else the first there."""
    return language if texts.get(language) else next((code for code, text in texts.items() if text), language)


def make(project_id, person_id):
    """A new link for the project; returns (link id, token). The token is not kept."""
    token = new_token()
    link_id = get_db()["share_links"].insert({
        "project_id": project_id, "token_hash": hash_token(token),
        "created_at": now(), "created_by": person_id}).last_pk
    return link_id, token


def active(project_id):
    """The project's links that still work, newest first, with who made them."""
    return list(get_db().query(
        """select l.id, l.created_at, p.name as created_by_name from share_links l
           left join people p on p.id = l.created_by
           where l.project_id = ? and l.revoked_at is null order by l.id desc""", [project_id]))


def get(project_id, link_id):
    """The project's link with this id (working or switched off), or None."""
    row = get_db().execute("select id, revoked_at from share_links where id = ? and project_id = ?",
                           [link_id, project_id]).fetchone()
    return {"id": row[0], "revoked_at": row[1]} if row else None


def revoke(project_id, link_id, person_id):
    """Switch the link off for good. True if it was working."""
    return get_db().execute(
        """update share_links set revoked_at = ?, revoked_by = ?
           where id = ? and project_id = ? and revoked_at is null""",
        [now(), person_id, link_id, project_id]).rowcount == 1


def project_for(token):
    """The project id a working link opens, or None (unknown, mistyped or switched off)."""
    if not token or not TOKEN_SHAPE.fullmatch(token):
        return None
    row = get_db().execute("select project_id from share_links where token_hash = ? and revoked_at is null",
                           [hash_token(token)]).fetchone()
    return row[0] if row else None
