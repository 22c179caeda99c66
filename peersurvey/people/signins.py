"""Who is signed in where, kept on the server.

The session cookie is signed, so nobody can forge one, but on its own a copied cookie would
keep working after its owner signs out or changes their password. So a sign-in also makes a
row here, and the cookie carries only a random token (the row keeps its SHA-256). A request
whose token has no row is signed out. Signing out deletes the row; a new password ends the
person's other password sign-ins, and a new PIN their tablet sign-ins.
"""
import secrets
import time

from ..db import get_db, writing
from .credentials import hash_token

# A sign-in older than this ends even if it is still in use: rows do not pile up for ever.
LONGEST_DAYS = 30


def start(person_id, via, device_id=None, checked_hash=None):
    """Record a new sign-in; returns the token for the session cookie. With checked_hash (the
    password or PIN hash the secret was checked against), returns None instead if that hash
    was changed meanwhile: a sign-in with the old password, checked while it was being
    changed, must not outlive the change."""
    token, now = secrets.token_urlsafe(32), int(time.time())
    db = get_db()
    with writing(db):
        if checked_hash is not None:
            column = "pin_hash" if via == "pin" else "password_hash"
            current = db.execute(f"select {column} from people where id = ?", [person_id]).fetchone()
            if current is None or current[0] != checked_hash:
                return None
        db.execute("delete from signins where started_at < ?", [now - LONGEST_DAYS * 86400])
        db["signins"].insert({"token_sha256": hash_token(token), "person_id": person_id, "via": via,
                              "device_id": device_id, "started_at": now})
    return token


def find(token):
    """The sign-in the token names, with its person's row, or None."""
    if not isinstance(token, str) or len(token) > 100:
        return None
    row = get_db().execute(
        "select person_id, via, device_id, started_at from signins where token_sha256 = ?",
        [hash_token(token)]).fetchone()
    if row is None or row[3] < time.time() - LONGEST_DAYS * 86400:
        return None
    return {"person_id": row[0], "via": row[1], "device_id": row[2]}


def end(token):
    if isinstance(token, str):
        db = get_db()
        with writing(db):
            db.execute("delete from signins where token_sha256 = ?", [hash_token(token)])


def end_all(person_id, via, keep=None):
    """End the person's sign-ins made with `via` ("password" or "pin"), except the one whose
    token is `keep` (the person changing their own password stays signed in there)."""
    db = get_db()
    with writing(db):
        db.execute("delete from signins where person_id = ? and via = ? and token_sha256 != ?",
                   [person_id, via, hash_token(keep) if keep else ""])
