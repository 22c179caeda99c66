"""Security by default: headers on every answer, cookie flags, safe redirects."""
from urllib.parse import urlsplit

from flask import request
from flask.sessions import SecureCookieSessionInterface
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
    """Marks the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


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
