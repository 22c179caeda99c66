"""Security by default: headers on every answer, cookie flags, safe redirects."""
import copy
import time
from urllib.parse import urlsplit

from flask import request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from werkzeug.routing import IntegerConverter

from .forms import ROW_ID_MAX

# No inline script or style anywhere: everything the page runs comes from our own files.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def add_security_headers(response):
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    # The camera only for scanning a participant card (static/collect/scan.js).
    response.headers["Permissions-Policy"] = "camera=(self), geolocation=(), microphone=(self)"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.endpoint != "static":
        # Pages can hold personal data: never keep them in a shared cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed session cookie, marked Secure whenever the request came over HTTPS, and
    each cookie's check kept.

    A screen sends the same cookie on every request until something in it changes (the
    sign-in's last use moves on once a minute, access.SEEN_EVERY_SECONDS), and checking its
    signature and reading it again every time was a tenth of a coding session's tap. So a
    cookie that passed is kept, by its exact text and the secret keys it was checked with,
    while it is younger than PERMANENT_SESSION_LIFETIME (as Flask checks): a changed, forged
    or expired cookie is checked, and refused, as Flask does.
    Each request gets its own copy of what the cookie holds."""
    KEEP = 4096       # cookies kept at most (a few hundred bytes each); then all are checked afresh

    def __init__(self):
        self._checked = {}     # (secret keys, cookie): (when it was signed, what it holds)

    def get_cookie_secure(self, app):
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def open_session(self, app, request):
        if not app.secret_key:      # as Flask: no sessions without a key
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()), cookie)
        lifetime = int(app.permanent_session_lifetime.total_seconds())
        kept = self._checked.get(key)
        if kept is None or not 0 <= time.time() - kept[0] <= lifetime:     # as itsdangerous judges age
            try:      # the signer only now: making one is a third of the cost of a kept cookie
                data, signed = self.get_signing_serializer(app).loads(cookie, max_age=lifetime, return_timestamp=True)
            except BadSignature:      # forged, damaged or expired: an empty session, as Flask gives
                return self.session_class()
            if len(self._checked) >= self.KEEP:
                self._checked.clear()
            kept = self._checked[key] = (signed.timestamp(), data)
        return self.session_class(copy.deepcopy(kept[1]))


def came_from():
    """The page on this site the request came from (its Referer), or None: where to send a
    person back to after a form was sent."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path:
        return None
    return local_path(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


def local_path(target):
    """`target` if it is a path on this site, else None: never redirect off-site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None     # a line break cannot go into a Location header: werkzeug would raise
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


class RowIdConverter(IntegerConverter):
    """<int:…> in every route: a number bigger than SQLite's largest integer is a plain
    404, not an OverflowError (a 500) when it reaches the database."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", ROW_ID_MAX)
        super().__init__(url_map, *args, **kwargs)


def init_app(app):
    # Before any blueprint is registered: routes take their converters when they are added.
    app.url_map.converters["int"] = RowIdConverter
    app.session_interface = SessionInterface()
    app.after_request(add_security_headers)
