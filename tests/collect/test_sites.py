"""The sync marks each new interview with its tablet's site (a place or group), as it is
when the interview arrives; a file a lead brings in has no tablet, so no site. The demo's
interviews are spread over the Gwent areas of the Better Lives research."""
import io
import json

from peersurvey.db import connect

from .conftest import interview, post


def interview_sites(app):
    db = connect(app.config["DATABASE"])
    try:
        return dict(db.execute("select id, site from interviews").fetchall())
    finally:
        db.close()


def set_site(app, device_id, site):
    with app.app_context():
        from peersurvey.people import devices as tablets
        tablets.set_site(device_id, site)


def test_each_new_interview_takes_its_tablets_site_and_keeps_it_after_a_change(client, field, app):
    first = interview(field)
    post(client, field, [first])                                # no site yet
    set_site(app, field["tablet"]["id"], "Blaenau Gwent")
    second = interview(field)
    post(client, field, [second])
    set_site(app, field["tablet"]["id"], "Newport")
    third = interview(field)
    assert post(client, field, [second, third]).json["results"][0]["result"] == "already_stored"
    assert interview_sites(app) == {first["id"]: None, second["id"]: "Blaenau Gwent", third["id"]: "Newport"}


def test_interviews_a_lead_brings_in_from_a_file_have_no_site(client, field, app, login):
    set_site(app, field["tablet"]["id"], "Caerphilly")
    item = interview(field)
    login.as_lead(field["lead"])
    client.submit(f"/projects/{field['project']}/interviews/upload",
                  {"file": (io.BytesIO(json.dumps({"interviews": [item]}).encode()), "waiting.json")},
                  page=f"/projects/{field['project']}/interviews/", content_type="multipart/form-data")
    assert interview_sites(app) == {item["id"]: None}


def test_the_demo_interviews_are_spread_over_the_gwent_areas(runner, app):
    assert runner.invoke(args=["demo"]).exit_code == 0
    db = connect(app.config["DATABASE"])
    try:
        sites = dict(db.execute("select site, count(*) from interviews group by site").fetchall())
        tablet = db.execute("select site from devices where revoked_at is null").fetchone()[0]
    finally:
        db.close()
    assert set(sites) == {"Torfaen", "Blaenau Gwent", "Caerphilly", "Newport", "Monmouthshire"}
    assert max(sites, key=sites.get) == "Torfaen" and min(sites.values()) >= 3
    assert tablet == "Torfaen"
