"""The API knows a tablet by its bearer token, and refuses anything else in plain JSON."""
import pytest


@pytest.fixture
def tablet(make):
    lead = make.lead()
    project_id = make.project(lead, "Better Lives")
    return dict(make.tablet(project_id, lead), lead=lead, project=project_id)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_registered_tablet_is_told_its_project(client, tablet):
    response = client.get("/api/v1/device", headers=bearer(tablet["token"]))
    assert response.status_code == 200
    assert response.json == {"device": {"id": tablet["id"], "name": "Blue tablet"},
                             "project": {"id": tablet["project"], "name": "Better Lives"}}


def test_a_revoked_token_is_refused(client, tablet, login):
    login.as_lead(tablet["lead"])
    page = f"/projects/{tablet['project']}"
    assert client.submit(f"{page}/tablets/{tablet['id']}/revoke", {"confirmed": "1"}, page=page).status_code == 302
    response = client.get("/api/v1/device", headers=bearer(tablet["token"]))
    assert response.status_code == 401
    assert "switched it off" in response.json["error"]


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer two parts",
    "Bearer " + "x" * 5000, "Token abc", "Bearer \u00e9\u00e9",
])
def test_a_missing_or_malformed_bearer_token_gets_a_plain_json_refusal(client, tablet, header):
    headers = {} if header is None else {"Authorization": header}
    response = client.get("/api/v1/device", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == "application/json"
    assert response.json["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_api_address_answers_in_json(client, tablet):
    response = client.get("/api/v1/nothing-here", headers=bearer(tablet["token"]))
    assert response.status_code == 404
    assert response.json["error"] == "There is nothing at this address."


def test_the_api_does_not_take_cookies_instead_of_a_token(client, tablet, login):
    login.as_lead(tablet["lead"])
    assert client.get("/api/v1/device").status_code == 401
