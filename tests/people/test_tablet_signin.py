"""Interviewers and coders sign in on a registered tablet by picking their name and picture
and typing a PIN. Five wrong PINs lock them out for a while, with a plain message."""

from ..pages import errors, text


def test_an_unregistered_tablet_is_told_how_to_get_set_up(client, team):
    response = client.get("/tablet/")
    assert "This tablet is not set up yet" in text(response)
    assert response.soup.find("a", href="/tablet/setup")


def test_tablet_is_set_up_with_its_code_then_shows_the_projects_people(client, team, make):
    code = make.pairing_code(team["project"], team["tablet"], team["lead"])
    response = client.submit("/tablet/setup", {"code": code})
    assert response.headers["Location"] == "/tablet/"
    cookie = client.get_cookie("peersurvey_tablet")
    assert cookie.http_only and len(cookie.value) > 40, "the long token is set, never shown"
    page = client.get("/tablet/")
    names = [el.get_text() for el in page.soup.select(".person-button__name")]
    assert names == ["Cai", "Ivy"]
    assert "Lee Lead" not in names, "a lead with no PIN and no tablet role is not offered"


def test_a_wrong_tablet_code_is_refused_plainly(client, team):
    response = client.submit("/tablet/setup", {"code": "KMT4H7QX"})
    assert errors(response) == ["That code is not right. Check it and type it again. "
                                "Or ask the lead to make a new one."]
    assert client.get_cookie("peersurvey_tablet") is None


def test_interviewer_signs_in_with_their_pin(client, team, login):
    response = login.as_tablet_person(team["tablet"], team["ivy"])
    assert response.headers["Location"] == "/tablet/home"
    page = client.get("/tablet/home")
    assert "Hello Ivy" in text(page)
    assert "You are an interviewer in this project." in text(page)


def test_a_wrong_pin_says_try_again(client, team):
    client.set_cookie("peersurvey_tablet", team["tablet"]["token"])
    response = client.submit(f"/tablet/people/{team['ivy']['id']}", {"pin": "0000"})
    assert errors(response) == ["That PIN is not right. Try again."]
    assert client.get("/tablet/home").status_code == 302


def test_five_wrong_pins_lock_out_with_a_plain_message_even_for_the_right_pin(client, team):
    client.set_cookie("peersurvey_tablet", team["tablet"]["token"])
    url = f"/tablet/people/{team['ivy']['id']}"
    for _ in range(4):
        assert "locked" not in text(client.submit(url, {"pin": "0000"}))
    response = client.submit(url, {"pin": "0000"})
    assert "You are locked out for now" in text(response)
    assert "Wait 15 minutes, then try again. Or ask your project lead to unlock you now." in text(response)
    assert response.soup.find("input", attrs={"name": "pin"}) is None
    client.post(url, data={"pin": team["ivy"]["pin"], "csrf_token": "x"})
    assert client.get("/tablet/home").status_code == 302
    # Cai is not locked: the lock is per person.
    assert "locked" not in text(client.get(f"/tablet/people/{team['cai']['id']}"))


def test_the_lead_can_unlock_a_locked_out_person(client, team, make, login):
    client.set_cookie("peersurvey_tablet", team["tablet"]["token"])
    url = f"/tablet/people/{team['ivy']['id']}"
    for _ in range(5):
        client.submit(url, {"pin": "0000"})
    login.as_lead(team["lead"])
    edit = f"/projects/{team['project']}/people/{team['ivy']['id']}"
    assert "locked out for 15 more minutes" in text(client.get(edit))
    assert client.submit(edit + "/unlock", {}, page=edit).status_code == 302
    client.submit("/signout", {}, page="/projects/")
    login.as_tablet_person(team["tablet"], team["ivy"])


def test_people_of_another_project_cannot_sign_in_on_this_tablet(client, team, make):
    other_lead = make.lead()
    other = make.member(make.project(other_lead, "Elsewhere"), "Olly", ("interviewer",))
    client.set_cookie("peersurvey_tablet", team["tablet"]["token"])
    assert client.get(f"/tablet/people/{other['id']}").status_code == 404


def test_switching_off_the_tablet_signs_out_whoever_is_on_it(client, team, login, app):
    login.as_tablet_person(team["tablet"], team["ivy"])
    assert client.get("/tablet/home").status_code == 200
    with app.app_context():
        from peersurvey.people import devices
        devices.revoke(team["tablet"]["id"], team["lead"]["id"])
    assert client.get("/tablet/home").status_code == 302
    assert "This tablet is not set up yet" in text(client.get("/tablet/"))


def test_a_pin_sign_in_never_opens_lead_pages_even_for_a_lead(client, team, make, app):
    with app.app_context():
        from peersurvey.people import queries
        queries.set_roles(team["project"], team["lead"]["id"], ["lead", "coder"])
        queries.update_person(team["lead"]["id"], pin="9876")
    client.set_cookie("peersurvey_tablet", team["tablet"]["token"])
    client.submit(f"/tablet/people/{team['lead']['id']}", {"pin": "9876"})
    assert client.get("/tablet/home").status_code == 200
    response = client.get(f"/projects/{team['project']}")
    assert response.status_code == 403
    assert "This page is not for you" in text(response)
