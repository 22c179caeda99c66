"""Pairing a tablet takes one scan or eight characters: a short code with no look-alike
characters, good once for 15 minutes, exchanged on the tablet for its long token (never
shown). Wrong codes count towards the address limit; the lead's own browser becomes a
tablet only when the lead says so. (Two tablets racing with one code: test_pairing_race.py.)"""
import re
import subprocess
from pathlib import Path

import resvg_py

import pytest

from peersurvey.db import connect
from peersurvey.people import devices, pairing

from ..pages import errors, text

LOOK_ALIKES = "0O1IL5S2Z8B"


def test_codes_are_eight_characters_with_no_look_alikes_shown_in_two_groups():
    assert not set(LOOK_ALIKES) & set(pairing.ALPHABET)
    assert len(set(pairing.ALPHABET)) == len(pairing.ALPHABET) == 25
    codes = {pairing.new_code() for _ in range(500)}
    assert len(codes) == 500, "codes are random"
    assert all(re.fullmatch(f"[{pairing.ALPHABET}]{{8}}", code) for code in codes)
    assert pairing.grouped("KMT4H7QX") == "KMT4 H7QX"
    assert pairing.normalised(" kmt4-h7qx ") == pairing.normalised("KMT4 H7QX") == "KMT4H7QX"


def add_tablet(client, project, name="Blue tablet"):
    """The lead adds a tablet: the page with its code."""
    response = client.submit(f"/projects/{project}/tablets/new", {"name": name})
    assert response.status_code == 200
    return response, response.soup.select_one("#pairing-code").get_text()


def paired_client(app, client):
    """Another browser (a tablet) against the same app."""
    return client.__class__(app)


@pytest.fixture
def lead_in(client, make, login):
    lead = make.lead()
    project = make.project(lead, "Better Lives")
    make.member(project, "Ivy", pin="2580")
    login.as_lead(lead)
    return dict(lead=lead, project=project)


def test_a_tablet_types_the_code_in_small_letters_with_spaces_and_dashes_and_is_paired(app, client, lead_in):
    _page, code = add_tablet(client, lead_in["project"])
    assert re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4}", code)
    response = paired_client(app, client).submit("/tablet/setup", {"code": code.lower().replace(" ", "-")})
    assert response.headers["Location"] == "/tablet/"
    db = connect(app.config["DATABASE"])
    used, = db.execute("select used_at from pairing_codes").fetchone()
    assert used, "the code is used up"
    history = db.execute("select action, person_id from audit_log where action = 'tablet.pair'").fetchall()
    assert history == [("tablet.pair", lead_in["lead"]["id"])]


def test_a_used_code_says_so_and_what_to_do(app, client, lead_in):
    _page, code = add_tablet(client, lead_in["project"])
    assert paired_client(app, client).submit("/tablet/setup", {"code": code}).status_code == 302
    second = paired_client(app, client)
    response = second.submit("/tablet/setup", {"code": code})
    assert errors(response) == ["This code has been used already. Ask the lead to make a new one."]
    assert second.get_cookie(devices.COOKIE) is None


def test_a_code_older_than_15_minutes_is_too_old(app, client, lead_in):
    _page, code = add_tablet(client, lead_in["project"])
    db = connect(app.config["DATABASE"])
    with db.conn:
        db.execute("update pairing_codes set expires_at = '2020-01-01T00:00:00+00:00'")
    tablet = paired_client(app, client)
    response = tablet.submit("/tablet/setup", {"code": code})
    assert errors(response) == ["This code is too old. Ask the lead to make a new one."]
    assert tablet.get_cookie(devices.COOKIE) is None


def test_a_code_lasts_15_minutes(app, client, lead_in):
    add_tablet(client, lead_in["project"])
    made, expires = connect(app.config["DATABASE"]).execute(
        "select created_at, expires_at from pairing_codes").fetchone()
    from datetime import datetime
    assert (datetime.fromisoformat(expires) - datetime.fromisoformat(made)).total_seconds() == 15 * 60


def test_a_wrong_code_and_a_code_of_the_wrong_shape_get_plain_words(app, client, lead_in):
    add_tablet(client, lead_in["project"])
    tablet = paired_client(app, client)
    wrong = tablet.submit("/tablet/setup", {"code": "KMT4 H7QX"})
    assert errors(wrong) == ["That code is not right. Check it and type it again. Or ask the lead to make a new one."]
    short = tablet.submit("/tablet/setup", {"code": "KMT4"})
    assert errors(short) == ["A code has 8 letters and numbers, like KMT4 H7QX. Check it and type it again."]
    tries = connect(app.config["DATABASE"]).execute(
        "select tries from try_limits where key like 'address:tablet code:%'").fetchall()
    assert tries == [(1,)], "the wrong code counts; a code that cannot be one is not a guess"


def test_wrong_codes_stop_at_the_address_limit_even_for_a_right_code(app, client, lead_in):
    _page, code = add_tablet(client, lead_in["project"])
    tablet = paired_client(app, client)
    for n in range(app.config["ADDRESS_TRIES"]):
        tablet.submit("/tablet/setup", {"code": "KMT4H7Q" + pairing.ALPHABET[n]})
    response = tablet.submit("/tablet/setup", {"code": code})
    assert "Too many wrong tries were made here" in " ".join(errors(response))
    assert tablet.get_cookie(devices.COOKIE) is None


def test_a_scanned_link_fills_the_code_in_but_pairs_only_when_the_button_is_pressed(app, client, lead_in):
    _page, code = add_tablet(client, lead_in["project"])
    tablet = paired_client(app, client)
    page = tablet.get("/tablet/setup?code=" + code.replace(" ", ""))
    assert page.soup.select_one("#code")["value"] == code.replace(" ", "")
    assert page.soup.select_one("button#pair").get_text().strip() == "Pair this tablet"
    assert tablet.get_cookie(devices.COOKIE) is None, "a GET never pairs (that would be a CSRF hole)"
    assert connect(app.config["DATABASE"]).execute("select used_at from pairing_codes").fetchone()[0] is None
    assert tablet.post("/tablet/setup", data={"code": code}).status_code == 400, "no CSRF token, no pairing"
    assert tablet.submit("/tablet/setup", {"code": code}, page="/tablet/setup").status_code == 302


def test_adding_a_tablet_never_makes_the_leads_browser_a_tablet_until_they_say_so(app, client, lead_in):
    page, code = add_tablet(client, lead_in["project"])
    assert client.get_cookie(devices.COOKIE) is None
    assert "This tablet is not set up yet" in text(client.get("/tablet/"))
    action = page.soup.select_one("#this-is-the-tablet").find_parent("form")["action"]
    response = client.submit(action, {}, page=f"/projects/{lead_in['project']}")
    assert response.headers["Location"] == "/tablet/"
    assert client.get_cookie(devices.COOKIE).http_only
    assert "Ivy" in text(client.get("/tablet/"))
    other = paired_client(app, client)
    assert errors(other.submit("/tablet/setup", {"code": code})) == [
        "This code has been used already. Ask the lead to make a new one."], \
        "the code shown to the lead no longer pairs another tablet"


def test_making_a_new_code_stops_the_old_one(app, client, lead_in):
    page, old = add_tablet(client, lead_in["project"])
    action = page.soup.select_one("#new-code").find_parent("form")["action"]
    new = client.submit(action, {}, page=f"/projects/{lead_in['project']}").soup.select_one("#pairing-code").get_text()
    assert new != old
    tablet = paired_client(app, client)
    assert errors(tablet.submit("/tablet/setup", {"code": old})) == [
        "This code is too old. Ask the lead to make a new one."]
    assert tablet.submit("/tablet/setup", {"code": new}).status_code == 302


def test_pairing_again_gives_a_new_token_and_the_old_browser_stops_being_the_tablet(app, client, make, lead_in):
    tablet = make.tablet(lead_in["project"], lead_in["lead"])
    first, second = paired_client(app, client), paired_client(app, client)
    first.submit("/tablet/setup", {"code": make.pairing_code(lead_in["project"], tablet, lead_in["lead"])})
    second.submit("/tablet/setup", {"code": make.pairing_code(lead_in["project"], tablet, lead_in["lead"])})
    assert first.get_cookie(devices.COOKIE).value != second.get_cookie(devices.COOKIE).value
    assert "This tablet is not set up yet" in text(first.get("/tablet/"))
    assert "Ivy" in text(second.get("/tablet/"))


def test_switching_a_tablet_off_asks_first_naming_it_and_saying_what_happens_to_waiting_interviews(
        app, client, make, lead_in):
    tablet = make.tablet(lead_in["project"], lead_in["lead"], "Green tablet")
    project_page = client.get(f"/projects/{lead_in['project']}")
    link = project_page.soup.find("a", string=re.compile("Switch off Green tablet"))
    page = client.get(link["href"])
    assert page.soup.h1.get_text() == "Switch off Green tablet?"
    assert "Interviews still on it cannot be sent. Send them first, or save them to a file on the tablet." in text(page)
    assert not connect(app.config["DATABASE"]).execute(
        "select revoked_at from devices where id = ?", [tablet["id"]]).fetchone()[0], "asking changes nothing"
    response = client.submit(link["href"], {"confirmed": "1"})
    assert response.status_code == 302
    db = connect(app.config["DATABASE"])
    assert db.execute("select revoked_at from devices where id = ?", [tablet["id"]]).fetchone()[0]
    assert db.execute("select count(*) from audit_log where action = 'tablet.revoke'").fetchone()[0] == 1


def test_a_code_for_a_tablet_switched_off_does_not_pair(app, client, make, lead_in):
    tablet = make.tablet(lead_in["project"], lead_in["lead"])
    code = make.pairing_code(lead_in["project"], tablet, lead_in["lead"])
    client.submit(f"/projects/{lead_in['project']}/tablets/{tablet['id']}/revoke", {"confirmed": "1"})
    other = paired_client(app, client)
    assert errors(other.submit("/tablet/setup", {"code": code})) == [
        "The lead has switched this tablet off. Ask the lead to add it again."]


# --- The QR code -----------------------------------------------------------------------

def svg_to_png(svg, path, pixels=400):
    """Draw the page's inline SVG as a PNG with resvg (the app's own SVG renderer), as a
    camera would see the screen."""
    if "xmlns=" not in svg:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    Path(path).write_bytes(bytes(resvg_py.svg_to_bytes(svg_string=svg, width=pixels, height=pixels)))


def decoded(png):
    return subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_the_qr_code_holds_the_setup_address_and_the_code(app, client, lead_in, tmp_path):
    page, code = add_tablet(client, lead_in["project"])
    svg_to_png(str(page.soup.select_one("#pairing-qr svg")), tmp_path / "qr.png")
    assert decoded(tmp_path / "qr.png") == f"http://localhost/tablet/setup?code={code.replace(' ', '')}"
    assert page.soup.select_one("#pairing-qr")["aria-label"].endswith(
        f"http://localhost/tablet/setup?code={code.replace(' ', '')}"), "the square has words too"
    assert page.soup.select_one("#setup-address").get_text() == "http://localhost/tablet/setup"


def test_the_qr_code_uses_the_public_address_when_there_is_one(app, client, lead_in, tmp_path):
    app.config["PUBLIC_URL"] = "https://survey.example.org/"
    page, code = add_tablet(client, lead_in["project"])
    svg_to_png(str(page.soup.select_one("#pairing-qr svg")), tmp_path / "qr.png")
    assert decoded(tmp_path / "qr.png") == f"https://survey.example.org/tablet/setup?code={code.replace(' ', '')}"


# --- A hub's certificate ----------------------------------------------------------------

PEM = "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n"


def test_a_server_that_is_not_a_hub_has_no_certificate_and_no_trust_steps(client, lead_in):
    assert client.get("/tablet/hub-certificate.crt").status_code == 404
    page = client.get(f"/projects/{lead_in['project']}/tablets/new")
    assert page.soup.select_one("#hub-title") is None


def test_a_hub_offers_its_certificate_and_the_steps_to_trust_it(app, client, lead_in, tmp_path):
    (tmp_path / "ca.pem").write_text(PEM)
    app.config.update(HUB_CERTIFICATE=str(tmp_path / "ca.pem"), PUBLIC_URL="https://hub.local:8443")
    page = client.get(f"/projects/{lead_in['project']}/tablets/new")
    words = text(page)
    assert "Your tablet will trust this laptop to prove who it is. Only do this for your group's own hub. " \
           "You can remove it later in Settings." in words
    assert "Encryption & credentials" in words and "Certificate Trust Settings" in words
    assert page.soup.select_one("#hub-address").get_text() == "https://hub.local:8443"
    svg_to_png(str(page.soup.select_one("#hub-qr svg")), tmp_path / "hub.png")
    assert decoded(tmp_path / "hub.png") == "https://hub.local:8443/tablet/hub-certificate.crt"
    assert all(img["src"].startswith("/static/easyread/pictures/") for img in page.soup.select(".hub-steps img"))
    client.get("/signout")
    download = paired_client(app, client).get("/tablet/hub-certificate.crt")
    assert download.status_code == 200, "anyone may fetch it: a certificate is not a secret"
    assert download.mimetype == "application/x-x509-ca-cert" and download.get_data(as_text=True) == PEM
