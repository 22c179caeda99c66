"""The session cookie's check is kept (safety.SessionInterface), and is as strict as Flask's:
a changed, forged or expired cookie, or one signed with another key, is refused, and no
request sees what another request changed."""
import time

from flask import request


def cookie_for(app, data):
    return app.session_interface.get_signing_serializer(app).dumps(data)


def opened(app, cookie):
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
        return app.session_interface.open_session(app, request)


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
