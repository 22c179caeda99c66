"""Walk every route as each kind of visitor, and check only the right people get in.

EXPECTED is the access policy written out by hand: a new route fails
test_every_route_is_in_the_access_policy until someone decides who may use it.
"""
import os
import shutil
import tempfile
from unittest import mock

import pytest

from peersurvey import create_app

from .conftest import Login, Maker, in_one_file
from .pages import PageClient, csrf_token

EXPECTED = {
    "home.index": "anyone",
    "health.healthz": "anyone",
    "home.pictures": "anyone",
    "i18n.switch": "anyone",
    "signin.signin": "anyone",
    "signin.change_password": "account",
    "signin.signout": "anyone",
    "tablet.setup": "anyone",
    "tablet.hub_certificate": "anyone",
    "tablet.choose_person": "anyone",
    "tablet.enter_pin": "anyone",
    "tablet.signout": "anyone",
    "tablet.home": "tablet",
    "pay_work.index": "lead",
    "pay_work.add": "lead",
    "pay_work.writing": "lead",
    "pay_work.tablet_add": "tablet",
    "projects.index": "account",
    "projects.new": "account",
    "projects.show": "lead",
    "projects.history": "lead",
    "team.add": "lead",
    "team.edit": "lead",
    "team.unlock": "lead",
    "team.remove": "lead",
    "tablets.register": "lead",
    "tablets.revoke": "lead",
    "tablets.new_code": "lead",
    "tablets.this_is_the_tablet": "lead",
    "tablets.edit": "lead",
    "api.device": "device",
    "questionnaires.index": "lead",
    "questionnaires.new": "lead",
    "questionnaires.show": "lead",
    "questionnaires.title": "lead",
    "questionnaires.consent": "lead",
    "questionnaires.publish": "lead",
    "questionnaires.new_version": "lead",
    "questionnaires.preview": "lead",
    "questionnaires.export": "lead",
    "questionnaires.import_questionnaire": "lead",
    "consent.add": "lead",
    "consent.point": "lead",
    "consent.new_point": "lead",
    "consent.change": "lead",
    "consent.suggested": "lead",
    "questions.add": "lead",
    "questions.edit": "lead",
    "questions.move": "lead",
    "questions.remove": "lead",
    "questions.add_option": "lead",
    "questions.option": "lead",
    "questions.change_option": "lead",
    "media.serve": "lead",
    "media.pictures": "lead",
    "media.voice": "lead",
    "words.index": "lead",
    "words.remove": "lead",
    "interview.app": "anyone",
    "interview.service_worker": "anyone",
    "interview.messages": "anyone",
    "interview.config": "anyone",
    "interview.kind_script": "anyone",
    "interview.signout_token": "anyone",
    "interview.signout": "anyone",
    "voices.index": "lead",
    "voices.record": "lead",
    "interviews.index": "lead",
    "interviews.upload": "lead",
    "interviews.withdraw": "lead",
    "interviews.print_cards": "lead",
    "reading.index": "lead",
    "reading.interview": "lead",
    "reading.correct_words": "lead",
    "recordings.listen": "coder",
    "api.list_questionnaires": "device",
    "api.bundle": "device",
    "api.media_file": "device",
    "api.sync_interviews": "device",
    "api.recording_status": "device",
    "api.recording_part": "device",
    "themes.index": "coder",
    "themes.new": "coder",
    "themes.edit": "coder",
    "themes.show": "coder",
    "themes.merge": "coder",
    "themes.split": "coder",
    "coding.index": "coder",
    "coding.start": "coder",
    "coding.screen": "coder",
    "coding.big_screen": "coder",
    "coding.tag": "coder",
    "coding.vote": "coder",
    "coding.confirm": "coder",
    "coding.move": "coder",
    "coding.undo": "coder",
    "coding.quote": "coder",
    "coding.new_theme": "coder",
    "coding.filters": "coder",
    "coding.end": "coder",
    "coding.events": "coder",
    "typing.type_up": "coder",
    "coding_join.join": "signed_in",
    "agreement.page": "coder",
    "agreement.settle": "coder",
    # findings: charts and dashboard
    "findings.dashboard": "lead",
    "findings.themes": "coder",
    "findings.split": "coder",
    "findings.questions": "coder",
    "findings.chart": "coder",
    # findings: posters and "you said, we did"
    "posters.index": "lead",
    "posters.poster_pdf": "lead",
    "posters.poster_png": "lead",
    "posters.booklet": "lead",
    "actions.index": "lead",
    "actions.make_link": "lead",
    "actions.revoke_link": "lead",
    "shared.page": "anyone",
    "shared.picture": "anyone",
    # findings: exports
    "project_import.page": "account",
    "pay.overview": "lead",
    "pay.rates": "lead",
    "pay.rate_remove": "lead",
    "pay.person": "lead",
    "pay.approve": "lead",
    "pay.choice": "lead",
    "pay.paid": "lead",
    "pay.export_csv": "lead",
    "pay.export_xlsx": "lead",
    "exports.index": "lead",
    "exports.answers_csv": "lead",
    "exports.interviews_csv": "lead",
    "exports.themes_csv": "lead",
    "exports.codings_csv": "lead",
    "exports.workbook": "lead",
    "exports.codebook": "lead",
    "exports.import_codebook": "lead",
    "exports.export_project": "lead",
    "exports.import_project": "lead",
    # pay: what a peer researcher keeps (statement, record, certificate) and the funders' summary
    "pay_docs.my_pay": "tablet",
    "pay_docs.my_pay_pdf": "tablet",
    "pay_docs.my_record": "tablet",
    "pay_docs.my_certificate": "tablet",
    "pay_docs.my_choice": "tablet",
    "pay_docs.statement": "lead",
    "pay_docs.statement_pdf": "lead",
    "pay_docs.involvement": "lead",
    "pay_docs.certificate": "lead",
    "pay_docs.summary": "lead",
}
VISITORS = ("stranger", "lead_a", "lead_b", "interviewer_a", "coder_a")


def routes():
    # Made while the tests are collected, before conftest's fixture names an instance folder:
    # a folder of its own, so none is made in the repository.
    with tempfile.TemporaryDirectory() as folder, \
            mock.patch.dict(os.environ, {"PEERSURVEY_INSTANCE_PATH": folder}):
        app = create_app({"TESTING": True, "DATABASE": ":memory:", "SECRET_KEY": "x"})
    return sorted(((rule.endpoint, rule) for rule in app.url_map.iter_rules()
                   if rule.endpoint != "static"), key=lambda pair: (pair[0], pair[1].rule))


def test_every_route_is_in_the_access_policy(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert endpoint in EXPECTED, f"{endpoint} has no entry in the access policy"
        assert getattr(view, "audience", None) == EXPECTED[endpoint], \
            f"{endpoint} is marked {getattr(view, 'audience', None)!r}, policy says {EXPECTED[endpoint]!r}"


def url_for_rule(rule, world):
    a = world["a"]
    values = {"project_id": a["project"], "person_id": a["interviewer"]["id"],
              "device_id": a["tablet"]["id"], "code": "cy", "questionnaire_id": a["questionnaire"],
              "key": "likes", "option_key": "tea", "number": 1, "page": 1, "direction": "down",
              "action": "down", "sha": a["picture"].split(":")[1], "word_id": a["word"], "version_id": 1,
              "theme_id": a["theme"], "session_id": a["session"], "interview_id": a["interview"],
              "by": "heading", "name": "themes", "fmt": "png", "link_id": 1,
              "answer_id": a["answer"], "claim_id": 1, "rate_id": a.get("rate", 1),
              "recording_id": a.get("recording", "3f0c1d8e-0000-4000-8000-000000000000")}
    return rule.build({arg: values[arg] for arg in rule.arguments})[1]


def visit_as(client, login, world, visitor):
    if visitor.startswith("lead"):
        login.as_lead(world[visitor[-1]]["lead"])
    elif visitor != "stranger":
        role, project = visitor.split("_")
        login.as_tablet_person(world[project]["tablet"], world[project][role])


def request(client, rule, url):
    if "GET" in rule.methods:
        return client.get(url)
    if "PUT" in rule.methods:
        return client.put(url, data=b"")
    token = csrf_token(client.get("/signin").get_data(as_text=True))
    # The fields some forms need to find their target; others ignore them.
    return client.post(url, data={"csrf_token": token, "question": "likes", "language": "en"})


def allowed(audience, visitor):
    return {
        "account": visitor in ("lead_a", "lead_b"),
        "lead": visitor == "lead_a",
        "tablet": visitor in ("interviewer_a", "coder_a"),
        "coder": visitor in ("lead_a", "coder_a"),
        "signed_in": visitor != "stranger",
    }[audience]


@pytest.fixture(scope="module")
def template_world(tmp_path_factory):
    """Two projects made once; each case gets its own copy, so POSTs cannot leak across."""
    folder = tmp_path_factory.mktemp("world")
    app = create_app({"TESTING": True, "DATABASE": str(folder / "world.db"), "SECRET_KEY": "x"})
    world = Maker(app).world()
    with app.test_request_context():
        from peersurvey.pay import claims, settings
        settings.set_rate(world["a"]["project"], "training", "hour", 1260, "2026-01-01", by=world["a"]["lead"]["id"])
        world["a"]["rate"] = claims.rates(world["a"]["project"])[0]["id"]
    return in_one_file(folder / "world.db"), world


@pytest.fixture
def world_client(template_world, tmp_path, monkeypatch):
    template, world = template_world
    shutil.copyfile(template, tmp_path / "case.db")
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    # Live streams end at once, so walking the events route does not wait for them.
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "case.db"), "LIVE_STREAM_SECONDS": 0})
    app.test_client_class = PageClient
    return app.test_client(), world


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("endpoint, rule", routes(), ids=[f"{e}:{r.rule}" for e, r in routes()])
def test_only_the_right_people_get_in(world_client, endpoint, rule, visitor):
    client, world = world_client
    login = Login(client)
    visit_as(client, login, world, visitor)
    response = request(client, rule, url_for_rule(rule, world))
    audience = EXPECTED[endpoint]
    body = response.get_data(as_text=True) if response.mimetype.startswith(("text/", "application/json")) else ""
    response.close()
    assert response.status_code < 500 and "Traceback" not in body
    if audience == "anyone":
        return
    if audience == "device":
        assert response.status_code == 401, "the API must refuse anyone without a token"
        return
    if allowed(audience, visitor):
        # 400: let in, but the empty form this walk sends is refused by the page itself.
        assert response.status_code in (200, 302, 400), f"{visitor} should get into {endpoint}"
        assert "/signin" not in response.headers.get("Location", "")
        return
    if visitor == "stranger":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/signin" if audience != "tablet" else "/tablet/")
    elif audience == "tablet":
        assert response.status_code == 302 and response.headers["Location"] == "/tablet/"
    elif visitor == "lead_b" or audience == "coder":
        assert response.status_code == 404, "another project, or a project you do not code in, must look absent"
    else:
        assert response.status_code == 403, "people signed in by PIN never open lead pages"
