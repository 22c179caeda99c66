"""A browser a lead has signed in from before keeps its own count of wrong passwords.

Without this, anyone who knows a lead's email could type five wrong passwords every 15
minutes and keep the lead locked out for good. With it, those tries lock only "anywhere
else"; the lead's own laptop, which carries this signed cookie from their last sign-in,
counts its own wrong tries. (The "device cookie" defence in OWASP's authentication advice.)

The cookie names the person and a random nonce, signed with the app's secret key; it is
not a sign-in and opens nothing by itself.
"""
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "peersurvey_known"
ANYWHERE = "anywhere"
YEAR = 365 * 24 * 3600


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt="known-browser")


def scope_for(person):
    """The lockout scope for a password try at `person` (a row or None) from this browser."""
    raw = request.cookies.get(COOKIE)
    if person is None or not raw or len(raw) > 200:
        return ANYWHERE
    try:
        person_id, nonce = _serializer().loads(raw)
    except (BadSignature, ValueError, TypeError):
        return ANYWHERE
    return f"browser:{nonce}" if person_id == person["id"] else ANYWHERE


def remember(response, person_id):
    """After a right password: this browser is known for this person from now on."""
    value = _serializer().dumps([person_id, secrets.token_urlsafe(12)])
    response.set_cookie(COOKIE, value, max_age=YEAR, httponly=True, samesite="Lax",
                        secure=request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response
