"""Sign-ins are kept on the server: signing out, a new password or a new PIN ends them, so a
copied session cookie stops working. And one lead cannot take over another."""
import pytest

from peersurvey.people import devices, queries

from ..pages import errors, text


def session_cookie(client):
    return client.get_cookie("session").value


def copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    other = app.test_client()
    other.set_cookie("session", session_cookie(client))
    return other


def test_a_copied_cookie_stops_working_after_sign_out(app, client, make, login):
    lead = make.lead()
    login.as_lead(lead)
    thief = copy_of(app, client)
    assert thief.get("/projects/").status_code == 200
    client.submit("/signout", {}, page="/projects/")
    assert thief.get("/projects/").status_code == 302, "a copied cookie still worked after sign-out"


def test_a_new_password_ends_the_other_sign_ins_but_not_this_one(app, client, make, login):
    lead = make.lead()
    login.as_lead(lead)
    elsewhere = app.test_client()
    elsewhere.submit("/signin", {"email": lead["email"], "password": lead["password"]})
    thief = copy_of(app, client)
    response = client.submit("/account/password", {"current": lead["password"], "new": "a brand new password"})
    assert response.status_code == 302
    assert client.get("/projects/").status_code == 200
    assert elsewhere.get("/projects/").status_code == 302
    # The copy is of *this* sign-in, so it lives on with it: until this browser signs out.
    client.submit("/signout", {}, page="/projects/")
    assert thief.get("/projects/").status_code == 302
    assert client.submit("/signin", {"email": lead["email"], "password": "a brand new password"}).status_code == 302


def test_changing_your_password_needs_the_one_you_have(client, make, login):
    lead = make.lead()
    login.as_lead(lead)
    response = client.submit("/account/password", {"current": "not my password", "new": "a brand new password"})
    assert errors(response) == ["That is not your password now, or there were too many wrong tries. "
                                "Check it and try again."]
    client.submit("/signout", {}, page="/projects/")
    login.as_lead(lead)


@pytest.fixture
def two_leads(make):
    """Rhian and Sam lead "Better Lives" together; Rhian also leads "Her Own"."""
    rhian, sam = make.lead(name="Rhian"), make.lead(name="Sam")
    shared = make.project(sam, "Better Lives")
    own = make.project(rhian, "Her Own")
    with make.app.app_context():
        queries.set_roles(shared, rhian["id"], ["lead"])
    return dict(rhian=rhian, sam=sam, shared=shared, own=own)


def test_a_lead_cannot_take_over_a_co_lead_who_leads_elsewhere(app, client, login, two_leads):
    rhian, sam, shared = two_leads["rhian"], two_leads["sam"], two_leads["shared"]
    login.as_lead(sam)
    edit = f"/projects/{shared}/people/{rhian['id']}"
    page = client.get(edit)
    assert page.soup.find("input", attrs={"name": "password"}) is None
    assert "Rhian leads another project too, so only they can change their email address and password." in text(page)
    # A hostile client sends the fields anyway.
    client.submit(edit, {"name": "Rhian", "picture": "star", "roles": ["lead"],
                         "email": "sam-now@example.org", "password": "taken over now"})
    client.submit("/signout", {}, page="/projects/")
    assert errors(client.submit("/signin", {"email": "sam-now@example.org", "password": "taken over now"}))
    login.as_lead(rhian)
    assert client.get(f"/projects/{two_leads['own']}").status_code == 200


def test_a_lead_may_still_set_a_password_for_a_co_lead_of_only_this_project(app, client, make, login, two_leads):
    sam, shared = two_leads["sam"], two_leads["shared"]
    new = make.lead(name="Nia")
    with make.app.app_context():
        queries.set_roles(shared, new["id"], ["lead"])
    nia_browser = app.test_client()
    nia_browser.submit("/signin", {"email": new["email"], "password": new["password"]})
    login.as_lead(sam)
    edit = f"/projects/{shared}/people/{new['id']}"
    response = client.submit(edit, {"name": "Nia", "picture": "star", "roles": ["lead"],
                                    "email": new["email"], "password": "forgot it so new"})
    assert response.status_code == 302
    assert nia_browser.get("/projects/").status_code == 302, "Nia's old sign-in lived on after a new password"


def test_a_new_pin_ends_the_persons_tablet_sign_ins(app, client, make, login):
    lead = make.lead()
    project_id = make.project(lead)
    ivy = make.member(project_id, "Ivy", pin="2580")
    tablet = make.tablet(project_id, lead)
    on_tablet = app.test_client()
    on_tablet.set_cookie(devices.COOKIE, tablet["token"])
    assert on_tablet.submit(f"/tablet/people/{ivy['id']}", {"pin": "2580"}).status_code == 302
    assert on_tablet.get("/tablet/home").status_code == 200
    login.as_lead(lead)
    client.submit(f"/projects/{project_id}/people/{ivy['id']}",
                  {"name": "Ivy", "picture": "cat", "roles": ["interviewer"], "pin": "9753"})
    assert on_tablet.get("/tablet/home").status_code == 302


def test_the_command_line_gives_a_lead_a_new_password(runner, client, make):
    lead = make.lead()
    client.submit("/signin", {"email": lead["email"], "password": lead["password"]})
    result = runner.invoke(args=["set-password", "--email", lead["email"], "--password", "given on the server"])
    assert result.exit_code == 0, result.output
    assert client.get("/projects/").status_code == 302
    client.submit("/signin", {"email": lead["email"], "password": "given on the server"})
    assert client.get("/projects/").status_code == 200
