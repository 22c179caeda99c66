from ..pages import errors, text

NO = ("We could not sign you in. Check your email address and password. "
      "After 5 wrong tries, wait 15 minutes before you try again.")


def test_lead_signs_in_with_email_and_password_and_sees_their_projects(client, make, login):
    lead = make.lead(name="Rhian")
    make.project(lead, "Better Lives")
    response = login.as_lead(lead)
    assert response.headers["Location"] == "/projects/"
    page = client.get("/projects/")
    assert "Better Lives" in text(page)
    assert "Signed in as Rhian" in text(page)


def test_email_is_matched_whatever_its_capitals(client, make, login):
    lead = make.lead(email="Rhian@Example.org")
    response = client.submit("/signin", {"email": "RHIAN@example.ORG", "password": lead["password"]})
    assert response.status_code == 302


def test_wrong_password_says_so_plainly_and_does_not_sign_in(client, make):
    lead = make.lead()
    response = client.submit("/signin", {"email": lead["email"], "password": "not it at all"})
    assert response.status_code == 200
    assert errors(response) == [NO]
    assert client.get("/projects/").status_code == 302


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client, make):
    response = client.submit("/signin", {"email": "nobody@example.org", "password": "whatever it is"})
    assert errors(response) == [NO]


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, make):
    lead = make.lead()
    for _ in range(5):
        response = client.submit("/signin", {"email": lead["email"], "password": "wrong password"})
    assert errors(response) == [NO]
    response = client.submit("/signin", {"email": lead["email"], "password": lead["password"]})
    assert response.status_code == 200
    assert errors(response) == [NO], "a locked account says nothing more than a wrong password"


def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(client, make):
    lead = make.lead()
    project_id = make.project(lead)
    assert client.get(f"/projects/{project_id}").headers["Location"].startswith("/signin?next=")
    response = client.submit(f"/signin?next=/projects/{project_id}",
                             {"email": lead["email"], "password": lead["password"]})
    assert response.headers["Location"] == f"/projects/{project_id}"
    client.post("/signout", data={"csrf_token": client.get("/projects/").soup.find(
        "input", attrs={"name": "csrf_token"})["value"]})
    response = client.submit("/signin?next=//evil.example/", {"email": lead["email"], "password": lead["password"]})
    assert response.headers["Location"] == "/projects/"


def test_signing_out_ends_the_session(client, make, login):
    lead = make.lead()
    login.as_lead(lead)
    response = client.submit("/signout", {}, page="/projects/")
    assert response.headers["Location"] == "/"
    assert client.get("/projects/").status_code == 302
