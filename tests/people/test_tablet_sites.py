"""Where a tablet is used (its site: a place or group, like 'Pontypool'): set when the
lead registers it or later on the tablet's page, shown in the list of tablets, and
recorded in the history. (The sync copying it onto interviews: tests/collect/test_sites.py.)"""
import pytest

from peersurvey.db import connect

from ..pages import errors, text


def devices(app):
    db = connect(app.config["DATABASE"])
    try:
        return list(db.query("select name, site from devices order by id"))
    finally:
        db.close()


def test_a_lead_says_where_a_tablet_is_used_when_registering_it_and_sees_it_in_the_list(client, lead_project, app):
    project = lead_project["id"]
    form = client.get(f"/projects/{project}/tablets/new")
    label = form.soup.find("label", attrs={"for": "site"}).get_text()
    assert label == "Where is this tablet used? (a place or group, like ‘Pontypool’)"
    client.submit(f"/projects/{project}/tablets/new", {"name": "Blue tablet", "site": "  Pont-y-pŵl  "})
    client.submit(f"/projects/{project}/tablets/new", {"name": "Red tablet", "site": ""})
    assert devices(app) == [{"name": "Blue tablet", "site": "Pont-y-pŵl"}, {"name": "Red tablet", "site": None}]
    rows = {row.th.get_text(): row.select_one(".tablet-site").get_text(" ", strip=True)
            for row in client.get(f"/projects/{project}").soup.select("#tablets-title ~ table tbody tr")}
    assert rows["Blue tablet"].startswith("Pont-y-pŵl")
    assert rows["Red tablet"].startswith("Not said yet")
    assert "Change where Red tablet is used" in rows["Red tablet"]


def test_a_lead_changes_where_a_tablet_is_used_and_it_is_in_the_history(client, lead_project, make, app):
    project = lead_project["id"]
    tablet = make.tablet(project, lead_project["lead"])
    url = f"/projects/{project}/tablets/{tablet['id']}"
    page = client.get(url)
    assert page.soup.h1.get_text() == "Where Blue tablet is used"
    assert client.get(f"/projects/{project}").soup.find("a", href=url)
    response = client.submit(url, {"site": "Torfaen People First"})
    assert response.status_code == 302
    assert "Saved where Blue tablet is used." in text(client.get(response.headers["Location"]))
    assert devices(app) == [{"name": "Blue tablet", "site": "Torfaen People First"}]
    assert client.get(url).soup.find(id="site")["value"] == "Torfaen People First"
    history = text(client.get(f"/projects/{project}/history"))
    assert history.count("Changed where the tablet Blue tablet is used.") == 1
    client.submit(url, {"site": "Torfaen People First"})           # no change: nothing to record
    client.submit(url, {"site": ""})                               # used in many places now
    assert devices(app)[0]["site"] is None
    db = connect(app.config["DATABASE"])
    try:
        details = [row[0] for row in db.execute(
            "select detail from audit_log where action = 'tablet.site' order by id")]
    finally:
        db.close()
    assert details == ['{"before": null, "name": "Blue tablet", "site": "Torfaen People First", "tablet": %d}' % tablet["id"],
                       '{"before": "Torfaen People First", "name": "Blue tablet", "site": null, "tablet": %d}' % tablet["id"]]


@pytest.mark.parametrize("site, message", [
    ("P" * 61, "A place or group can be up to 60 letters long."),
    ("<b>Pontypool</b>", "Type just the name of the place or group, like ‘Pontypool’"),
    ("<script>alert(1)</script>", "Type just the name of the place or group"),
    ("{{ 7*7 }}", "Type just the name of the place or group"),
    ("Pont\u200bypool", "This has a hidden or unusual character in it."),
])
def test_a_bad_place_gets_a_plain_message_and_changes_nothing(client, lead_project, make, app, site, message):
    project = lead_project["id"]
    tablet = make.tablet(project, lead_project["lead"])
    for url, data in ((f"/projects/{project}/tablets/{tablet['id']}", {"site": site}),
                      (f"/projects/{project}/tablets/new", {"name": "Green tablet", "site": site})):
        response = client.submit(url, data)
        assert response.status_code == 200
        assert any(e.startswith(message) for e in errors(response)), errors(response)
        assert response.soup.select_one(".error-summary a")["href"] == "#site"
    assert devices(app) == [{"name": "Blue tablet", "site": None}]


def test_sixty_letters_and_welsh_places_are_fine(client, lead_project, make, app):
    tablet = make.tablet(lead_project["id"], lead_project["lead"])
    for site in ("P" * 60, "Glynebwy & Tredegar", "Caerffili (grŵp dydd Mawrth)"):
        client.submit(f"/projects/{lead_project['id']}/tablets/{tablet['id']}", {"site": site})
        assert devices(app)[0]["site"] == site


def test_another_projects_tablet_is_not_found(client, lead_project, make):
    other_lead = make.lead()
    other = make.project(other_lead, "Other")
    tablet = make.tablet(other, other_lead)
    assert client.get(f"/projects/{lead_project['id']}/tablets/{tablet['id']}").status_code == 404
    assert client.get(f"/projects/{other}/tablets/{tablet['id']}").status_code == 404
