"""The demo project comes with pay filled in, so a newcomer sees the money pages working."""
import json
import os

from peersurvey.db import connect


def test_the_demo_has_rates_confirmed_work_and_one_paid_claim(runner, app, client, login):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0          # twice: nothing made twice
    with open(os.path.join(app.instance_path, "demo-logins.json"), encoding="utf-8") as f:
        logins = json.load(f)
    db = connect(app.config["DATABASE"])
    assert db["pay_rates"].count == 8
    [claim] = list(db.query("select * from pay_claims"))
    assert claim["period"] == "2026-10" and claim["paid_how"] == "bank" and claim["pence"] > 0
    login.as_lead(dict(logins["lead"]))
    project_id = logins["project"]["id"]
    page = " ".join(client.get(f"/projects/{project_id}/pay?month=2026-10").soup.get_text().split())
    assert "Dewi Price" in page and "Ceri Jones" in page and "Vouchers" in page
    person = client.get(f"/projects/{project_id}/pay/people/{claim['person_id']}?month=2026-10")
    assert "Paid on" in person.soup.get_text()
