"""Security by default: headers, cookie flags, a secret key kept out of the repo, and a
sign-out after a period of no use."""
import os
import stat
import subprocess
import time
from pathlib import Path

from peersurvey import access, create_app
from peersurvey.forms import row_id, row_id_or_none
from peersurvey.safety import local_path

from .pages import csrf_token, text

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_has_a_strict_content_security_policy_with_no_inline_script(client):
    response = client.get("/signin")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert not response.soup.find("script", src=False), "no inline <script> anywhere"
    assert not response.soup.find(style=True), "no inline style= (the policy blocks it)"


def test_the_session_cookie_is_httponly_and_samesite(client, make, login):
    login.as_lead(make.lead())
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure


def test_the_session_cookie_is_secure_when_served_over_https(client, make):
    lead = make.lead()
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/signin"}}
    token = csrf_token(client.get("/signin", **https).get_data(as_text=True))
    response = client.post("/signin", data={"email": lead["email"], "password": lead["password"],
                                            "csrf_token": token}, **https)
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=")[0] for c in cookies} == {"session", "peersurvey_known"}
    for set_cookie in cookies:
        assert "Secure" in set_cookie and "HttpOnly" in set_cookie


def test_the_secret_key_is_made_on_first_start_kept_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("PEERSURVEY_SECRET_KEY", raising=False)
    first = create_app({"DATABASE": str(tmp_path / "a.db")})
    key_file = tmp_path / "instance" / "secret_key"
    assert len(first.secret_key) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert create_app({"DATABASE": str(tmp_path / "a.db")}).secret_key == first.secret_key


def test_no_secret_or_database_is_tracked_by_git():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [f for f in tracked if f.startswith("instance/") or f.endswith((".db", "secret_key"))]
    assert "/instance/" in (ROOT / ".gitignore").read_text()


def test_a_lead_is_signed_out_after_a_period_of_no_use(client, make, login, app):
    login.as_lead(make.lead())
    assert client.get("/projects/").status_code == 200
    with client.session_transaction() as session:
        # The time in the cookie may be up to SEEN_EVERY_SECONDS behind the last use.
        session["seen"] = time.time() - app.config["IDLE_MINUTES"] * 60 - access.SEEN_EVERY_SECONDS - 1
    response = client.get("/projects/")
    assert response.headers["Location"].startswith("/signin")
    assert "You were signed out because nobody used this screen for a while" in text(client.get("/signin"))


def test_using_the_app_keeps_the_session_alive(client, make, login, app):
    login.as_lead(make.lead())
    with client.session_transaction() as session:
        session["seen"] = time.time() - app.config["IDLE_MINUTES"] * 60 + 30
    assert client.get("/projects/").status_code == 200
    assert client.get("/projects/").status_code == 200


def test_the_idle_sign_out_never_comes_before_idle_minutes_of_no_use(client, make, login, app, monkeypatch):
    moment = [time.time()]
    monkeypatch.setattr(access.time, "time", lambda: moment[0])
    app.config["IDLE_MINUTES"] = 1
    login.as_lead(make.lead())
    with client.session_transaction() as session:
        session["seen"] = int(moment[0])
    moment[0] += 40
    assert client.get("/projects/").status_code == 200     # used 40 s after signing in: not written down
    moment[0] += 40                                          # then 40 s of no use, under the minute
    assert client.get("/projects/").status_code == 200, "signed out after 40 s of no use"
    moment[0] += 2 * 60 + access.SEEN_EVERY_SECONDS
    assert client.get("/projects/").headers["Location"].startswith("/signin")


def test_unexpected_errors_show_a_plain_page_not_a_stack_trace(app, client):
    @app.route("/broken-on-purpose")
    def broken():
        raise RuntimeError("boom")
    broken.audience = "anyone"
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/broken-on-purpose")
    assert response.status_code == 500
    assert "Something went wrong on our side" in text(response)
    assert "boom" not in response.get_data(as_text=True)


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PEERSURVEY_IDLE_MINUTES", "5")
    monkeypatch.setenv("PEERSURVEY_DATABASE", str(tmp_path / "env.db"))
    app = create_app()
    assert app.config["IDLE_MINUTES"] == 5
    assert app.config["DATABASE"] == str(tmp_path / "env.db")


def test_every_setting_is_documented_in_the_readme():
    from peersurvey.config import INSTANCE_ENV, SECRET_ENV, SETTINGS
    readme = (ROOT / "README.md").read_text()
    for env in [s.env for s in SETTINGS] + [INSTANCE_ENV, SECRET_ENV]:
        assert f"`{env}`" in readme, f"{env} is not in the README's settings table"


def test_a_line_break_in_a_return_address_sends_the_person_home_not_to_an_error(client, make, login):
    assert local_path("/a\r\nSet-Cookie: x=1") is None and local_path("/a\nb") is None
    response = client.get("/language/cy?next=/%0d%0aSet-Cookie:%20x=1")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    lead = make.lead()
    response = client.submit("/signin?next=/%0d%0ax", {"email": lead["email"], "password": lead["password"]},
                             page="/signin")
    assert response.status_code == 302 and "\n" not in response.headers["Location"]


def test_an_id_too_big_for_the_database_is_not_found_not_an_error(client, make, login):
    lead = make.lead()
    project = make.project(lead)
    login.as_lead(lead)
    assert client.get(f"/projects/{'9' * 25}/").status_code == 404
    assert client.get(f"/projects/{project}/themes/{'9' * 25}/edit").status_code == 404
    assert row_id("12") == 12 and row_id_or_none("²") is None and row_id_or_none(str(2 ** 63)) is None



def test_a_sentence_made_in_python_with_someone_s_words_is_escaped_in_a_page(app):
    """flask_babel's lazy strings said they were HTML already, so the words put in them were
    drawn as markup (i18n.py)."""
    from flask import render_template_string
    from flask_babel import lazy_gettext, lazy_ngettext
    with app.test_request_context():
        said = render_template_string("{{ one }} {{ many }}",
                                      one=lazy_gettext("“%(word)s” is a hard word.", word="<b>x</b>"),
                                      many=lazy_ngettext("%(num)d & <i>", "%(num)d & <i>", 2))
    assert said == "“&lt;b&gt;x&lt;/b&gt;” is a hard word. 2 &amp; &lt;i&gt;"
