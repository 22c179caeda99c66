"""A lead adds people to a project with roles, a picture, a PIN; bad input changes nothing."""
import pytest

from peersurvey.db import connect

from ..pages import errors, text

GOOD = {"name": "Dewi Price", "picture": "guitar", "roles": ["interviewer", "coder"], "pin": "4821"}


@pytest.fixture
def project(make, login):
    lead = make.lead()
    project_id = make.project(lead)
    login.as_lead(lead)
    return dict(id=project_id, lead=lead)


def count(app, sql):
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


def snapshot(app):
    return tuple(count(app, f"select count(*) from {table}")
                 for table in ("people", "memberships", "audit_log", "devices", "projects"))


def test_lead_adds_an_interviewer_who_is_also_a_coder(client, project, app):
    response = client.submit(f"/projects/{project['id']}/people/new", GOOD)
    assert response.status_code == 302
    page = client.get(f"/projects/{project['id']}")
    assert "Dewi Price added to the project" not in text(page)
    assert "Dewi Price has been added to the project." in text(page)
    row = page.soup.find("a", string="Dewi Price").find_parent("li")
    assert "Interviewer" in row.get_text() and "Coder" in row.get_text()
    assert count(app, "select count(*) from audit_log where action = 'person.add'") == 1


def test_pin_is_stored_only_as_a_hash(client, project, app):
    client.submit(f"/projects/{project['id']}/people/new", GOOD)
    pin_hash = connect(app.config["DATABASE"]).execute(
        "select pin_hash from people where name = 'Dewi Price'").fetchone()[0]
    assert pin_hash.startswith("$argon2") and "4821" not in pin_hash


@pytest.mark.parametrize("name, message", [
    ("", "Type the person's name."),
    ("   ", "Type the person's name."),
    ("x" * 61, "Names can be up to 60 letters long. Make it shorter."),
    ("Dewi\u0000Price", "This has a hidden or unusual character in it."),
    ("Dewi\u202ePrice", "This has a hidden or unusual character in it."),
])
def test_bad_names_get_a_plain_message_and_store_nothing(client, project, app, name, message):
    before = snapshot(app)
    response = client.submit(f"/projects/{project['id']}/people/new", {**GOOD, "name": name})
    assert response.status_code == 200
    assert any(e.startswith(message) for e in errors(response)), errors(response)
    assert response.soup.select_one(".error-summary a[href='#name']")
    assert snapshot(app) == before


def test_welsh_and_unusual_but_real_names_are_kept_as_typed(client, project):
    for name in ("Siân Llŷr-Ŵyn", "Seán O'Brien", "<b>Bold</b> & Co"):
        assert client.submit(f"/projects/{project['id']}/people/new", {**GOOD, "name": name}).status_code == 302
    html = client.get(f"/projects/{project['id']}").get_data(as_text=True)
    assert "Siân Llŷr-Ŵyn" in html and "Seán O&#39;Brien" in html
    assert "<b>Bold</b>" not in html and "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in html


def test_duplicate_email_is_refused_and_the_first_person_is_unchanged(client, project, app):
    lead = {**GOOD, "name": "Second Lead", "roles": ["lead"], "email": "two@example.org",
            "password": "a long password"}
    assert client.submit(f"/projects/{project['id']}/people/new", lead).status_code == 302
    before = snapshot(app)
    response = client.submit(f"/projects/{project['id']}/people/new",
                             {**lead, "name": "Copy", "email": "TWO@example.org"})
    assert "Someone already uses this email address. Type a different one." in errors(response)
    assert snapshot(app) == before


@pytest.mark.parametrize("changes, message", [
    ({"roles": []}, "Choose at least one thing they do in this project."),
    ({"picture": ""}, "Choose a picture."),
    ({"picture": "unicorn"}, "Not a valid choice."),
    ({"pin": ""}, "Interviewers and coders sign in on tablets with a PIN."),
    ({"pin": "12"}, "A PIN is 4 to 6 numbers, like 2580. Use numbers only."),
    ({"pin": "12ab"}, "A PIN is 4 to 6 numbers, like 2580. Use numbers only."),
    ({"roles": ["lead"], "pin": ""}, "A project lead signs in with an email address. Type one."),
    ({"roles": ["lead"], "email": "a@example.org"}, "A project lead needs a password"),
    ({"roles": ["lead"], "email": "not-an-email", "password": "long enough pw"},
     "Type the email address in the right way"),
    ({"roles": ["lead"], "email": "a@example.org", "password": "short"},
     "A password needs at least 10 letters"),
])
def test_each_missing_or_wrong_detail_is_named_and_nothing_is_stored(client, project, app, changes, message):
    before = snapshot(app)
    response = client.submit(f"/projects/{project['id']}/people/new", {**GOOD, **changes})
    assert response.status_code == 200
    assert any(message in e for e in errors(response)), errors(response)
    assert snapshot(app) == before


def test_what_was_typed_stays_in_the_form_after_an_error(client, project):
    response = client.submit(f"/projects/{project['id']}/people/new", {**GOOD, "pin": "1"})
    assert response.soup.find("input", attrs={"name": "name"})["value"] == "Dewi Price"
    assert response.soup.find("input", attrs={"value": "guitar"}).has_attr("checked")
    assert response.soup.find("input", attrs={"value": "coder"}).has_attr("checked")


def test_a_form_without_its_csrf_token_is_refused_plainly(client, project, app):
    before = snapshot(app)
    response = client.post(f"/projects/{project['id']}/people/new", data=GOOD)
    assert response.status_code == 400
    assert "This form is out of date" in text(response)
    assert "Traceback" not in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_unknown_project_gets_a_plain_not_found(client, project):
    response = client.get("/projects/9999")
    assert response.status_code == 404
    assert "We could not find that page" in text(response)
    assert client.get("/projects/9999/people/new").status_code == 404


def test_lead_changes_roles_and_pin_and_it_is_audited(client, project, make, app):
    person = make.member(project["id"], "Ceri", ("interviewer",))
    url = f"/projects/{project['id']}/people/{person['id']}"
    response = client.submit(url, {"name": "Ceri Jones", "picture": "cat", "roles": ["coder"], "pin": "9999"})
    assert response.status_code == 302
    page = client.get(f"/projects/{project['id']}")
    row = page.soup.find("a", string="Ceri Jones").find_parent("li")
    assert "Coder" in row.get_text() and "Interviewer" not in row.get_text()
    history = text(client.get(f"/projects/{project['id']}/history"))
    assert "Changed the details of Ceri Jones." in history


def test_editing_without_a_new_pin_keeps_the_old_one(client, project, make, login, app):
    person = make.member(project["id"], "Ceri", ("interviewer",), pin="2468")
    tablet = make.tablet(project["id"], project["lead"])
    url = f"/projects/{project['id']}/people/{person['id']}"
    assert client.submit(url, {"name": "Ceri", "picture": "cat", "roles": ["interviewer"]}).status_code == 302
    login.as_tablet_person(tablet, person, pin="2468")


def test_the_last_lead_cannot_be_taken_out_or_demoted(client, project):
    url = f"/projects/{project['id']}/people/{project['lead']['id']}"
    response = client.submit(url, {"name": "Lee Lead", "picture": "star", "roles": ["coder"], "pin": "1234"})
    assert "A project needs at least one lead." in " ".join(errors(response))
    response = client.submit(url + "/remove", {}, page=url)
    assert response.headers["Location"] == url
    assert "A project needs at least one lead." in text(client.get(url))
    assert "Lee Lead" in text(client.get(f"/projects/{project['id']}"))


def test_a_person_taken_out_can_no_longer_sign_in_on_the_tablet(client, project, make, app):
    person = make.member(project["id"], "Ceri", ("interviewer",))
    tablet = make.tablet(project["id"], project["lead"])
    url = f"/projects/{project['id']}/people/{person['id']}"
    assert client.submit(url + "/remove", {}, page=url).status_code == 302
    client.set_cookie("peersurvey_tablet", tablet["token"])
    names = [el.get_text() for el in client.get("/tablet/").soup.select(".person-button__name")]
    assert names == []
    assert client.get(f"/tablet/people/{person['id']}").status_code == 404
