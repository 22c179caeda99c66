"""The session cookie's check is kept (safety.SessionInterface), and is as strict as Flask's:
a changed, forged or expired cookie, or one signed with another key, is refused, and no
request sees what another request changed."""
import time
import uuid
from datetime import datetime, timedelta, timezone

from flask import request
from flask.sessions import SecureCookieSessionInterface
from markupsafe import Markup


def cookie_for(app, data):
    return app.session_interface.get_signing_serializer(app).dumps(data)


def opened(app, cookie, interface=None):
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        return (interface or app.session_interface).open_session(app, request)


def test_a_kept_cookie_gives_each_request_its_own_copy(app):
    cookie = cookie_for(app, {"signin": "abc", "link": {"project": 1}})
    first = opened(app, cookie)
    first["signin"] = "changed"
    first["link"]["project"] = 2
    assert dict(opened(app, cookie)) == {"signin": "abc", "link": {"project": 1}}


def test_a_forged_cookie_is_refused_after_the_real_one_was_kept(app):
    cookie = cookie_for(app, {"signin": "abc"})
    assert opened(app, cookie)["signin"] == "abc"
    body, _, signature = cookie.rpartition(".")
    forged = f"{body}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    assert dict(opened(app, forged)) == {}
    other_body = cookie_for(app, {"signin": "xyz"}).rpartition(".")[0]
    assert dict(opened(app, f"{other_body}.{signature}")) == {}


def test_a_kept_cookie_still_expires(app, monkeypatch):
    cookie = cookie_for(app, {"signin": "abc"})
    assert opened(app, cookie)["signin"] == "abc"
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert dict(opened(app, cookie)) == {}


def test_a_kept_cookie_is_refused_once_the_secret_key_changes(app):
    cookie = cookie_for(app, {"signin": "abc"})
    assert opened(app, cookie)["signin"] == "abc"
    app.secret_key = "a new secret key"
    assert dict(opened(app, cookie)) == {}


def test_a_kept_cookie_meets_a_shorter_lifetime_set_since(app, monkeypatch):
    cookie = cookie_for(app, {"signin": "abc"})
    assert opened(app, cookie)["signin"] == "abc"
    app.permanent_session_lifetime = timedelta(seconds=30)
    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert dict(opened(app, cookie)) == {}


def test_a_cookie_signed_with_an_old_key_works_only_while_that_key_is_a_fallback(app):
    old = app.secret_key
    cookie = cookie_for(app, {"signin": "abc"})
    app.secret_key = "the new key"
    app.config["SECRET_KEY_FALLBACKS"] = [old]
    assert opened(app, cookie)["signin"] == "abc"
    app.config["SECRET_KEY_FALLBACKS"].clear()
    assert dict(opened(app, cookie)) == {}


def test_what_flask_keeps_in_a_cookie_comes_back_as_flask_reads_it_and_apart(app):
    data = {"pair": ([1], {"k": [2]}), "markup": Markup("<b>"), "at": datetime(2020, 1, 1, tzinfo=timezone.utc),
            "id": uuid.uuid4(), "bytes": b"xy", "nested": [[1]], " di": {"x": [1]}}
    cookie = cookie_for(app, data)
    first = opened(app, cookie)
    first["pair"][0].append(9)
    first["nested"][0].append(9)
    first[" di"]["x"].append(9)
    again = opened(app, cookie)
    assert dict(again) == dict(opened(app, cookie, SecureCookieSessionInterface()))
    assert type(again["markup"]) is Markup and not again.modified and not again.accessed
