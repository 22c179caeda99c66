"""Every check is made inside the write that depends on it. Each test here is a race run as a
race: real requests from several signed-in people, released together by a barrier, against
the real server process (`peersurvey serve`)."""
import html
import io
import json

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from peersurvey.db import connect
from peersurvey.people import devices, queries
from peersurvey.prepare import questionnaires
from peersurvey.theme import sessions, themes

from .browser.conftest import LiveServer
from .prepare.media_samples import wav
from .theme.conftest import build_coding_world
from .together import Visitor, at_once

ROUNDS = 8      # races run side by side in one release, so one that slips through shows
STALE = "Someone else changed this questionnaire while you were working"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("races"))
    yield server
    server.stop()


def signed_in(server, lead):
    return Visitor(server.port).sign_in(lead["email"], lead["password"])


def on_tablet(server, tablet, person):
    """A coder signed in with their PIN on the project's tablet, through the real pages."""
    visitor = Visitor(server.port)
    visitor.cookies[devices.COOKIE] = tablet["token"]
    status, _headers, _body = visitor.submit(f"/tablet/people/{person['id']}", pin=person["pin"])
    assert status == 302, f"{person['name']} could not sign in on the tablet ({status})"
    return visitor


def rows(server, sql, params=()):
    db = connect(server.database)
    try:
        return [tuple(row) for row in db.execute(sql, params).fetchall()]
    finally:
        db.close()


def two_leads(server, name):
    """Ann and Bob, both leads of a new project: (ann, bob, project id)."""
    make = server.make
    ann, bob = make.lead("Ann"), make.lead("Bob")
    project = make.project(ann, name)
    with make.app.app_context():
        queries.set_roles(project, bob["id"], ["lead"])
    return ann, bob, project


def answered(results):
    """The statuses, after checking every request got an answer and none was a server error."""
    failed = [r for r in results if isinstance(r, Exception)]
    assert not failed, f"requests failed: {failed}"
    statuses = [r[0] for r in results]
    assert all(s < 500 for s in statuses), f"server errors: {statuses}"
    return statuses


# (a) The project keeps a lead -------------------------------------------------------------

def test_two_leads_taking_each_other_out_at_once_leave_the_project_one_lead(server):
    make = server.make
    ann, bob = make.lead("Ann"), make.lead("Bob")
    projects = [make.project(ann, f"Leads {n}") for n in range(ROUNDS)]
    with make.app.app_context():
        for project in projects:
            queries.set_roles(project, bob["id"], ["lead"])
    people = {ann["id"]: signed_in(server, ann), bob["id"]: signed_in(server, bob)}
    calls = []
    for project in projects:
        for who, other in ((ann["id"], bob["id"]), (bob["id"], ann["id"])):
            page, remove = f"/projects/{project}/people/{other}", f"/projects/{project}/people/{other}/remove"
            form = people[who].form(page, remove)     # each has the other's page open
            calls.append(lambda visitor=people[who], remove=remove, form=form: visitor.post(remove, form))
    answered(at_once(calls))
    for project in projects:
        leads = rows(server, "select person_id from memberships where project_id = ? and role = 'lead'", [project])
        assert len(leads) == 1, f"project {project} has {len(leads)} leads"


def test_a_person_taken_out_while_another_lead_saves_their_details_stays_out(server):
    make = server.make
    ann, bob, project = two_leads(server, "Out")
    people = [make.member(project, f"Person {n}", ("interviewer",)) for n in range(ROUNDS)]
    remover, editor = signed_in(server, ann), signed_in(server, bob)
    calls = []
    for person in people:
        page = f"/projects/{project}/people/{person['id']}"
        remove_form, edit_form = remover.form(page, f"{page}/remove"), editor.form(page)
        calls += [lambda page=page, form=remove_form: remover.post(f"{page}/remove", form),
                  lambda page=page, form=edit_form: editor.post(page, form, roles=["interviewer", "coder"])]
    results = at_once(calls)
    answered(results)
    for n, person in enumerate(people):
        removed, edited = results[2 * n:2 * n + 2]
        assert removed[0] == 302 and removed[1]["location"] == f"/projects/{project}"
        assert rows(server, "select role from memberships where project_id = ? and person_id = ?",
                    [project, person["id"]]) == [], "taken out is taken out"
        if edited[0] == 200:
            assert "Someone took this person out of the project while you were working" in edited[2]


# (b) 'Make changes' twice at once ----------------------------------------------------------

def test_make_changes_pressed_at_once_makes_one_draft_and_both_people_get_it(server):
    make = server.make
    ann, bob = make.lead("Ann"), make.lead("Bob")
    project = make.project(ann, "Make changes")
    with make.app.app_context():
        queries.set_roles(project, bob["id"], ["lead"])
    made = []
    for _ in range(ROUNDS):
        qid = make.questionnaire(project, ann)
        with make.app.app_context():
            questionnaires.publish(questionnaires.draft(qid), ann["id"])
        made.append(qid)
    visitors = [signed_in(server, ann), signed_in(server, bob)]
    calls = []
    for qid in made:
        overview = f"/projects/{project}/questionnaires/{qid}"
        for visitor in visitors:
            form = visitor.form(overview, f"{overview}/new-version")
            calls.append(lambda visitor=visitor, path=f"{overview}/new-version", form=form: visitor.post(path, form))
    results = at_once(calls)
    assert set(answered(results)) == {302}
    assert all(r[1]["location"].endswith(f"/questionnaires/{made[n // 2]}") for n, r in enumerate(results))
    for qid in made:
        versions = rows(server, "select number, status from questionnaire_versions where questionnaire_id = ? "
                                "order by number", [qid])
        assert versions == [(1, "published"), (2, "draft")]


# (c) Two people saving the same draft ------------------------------------------------------

def draft_questionnaire(server):
    ann, bob, project = two_leads(server, "Builder")
    qid = server.make.questionnaire(project, ann)
    return project, qid, signed_in(server, ann), signed_in(server, bob)


def typed_in(page, name):
    return BeautifulSoup(page, "html.parser").find(attrs={"name": name}).get_text().strip()


def draft_row(server, qid):
    [(revision, document)] = rows(server, "select revision, document from questionnaire_versions "
                                          "where questionnaire_id = ? and status = 'draft'", [qid])
    return revision, json.loads(document)


def test_two_people_saving_the_same_question_at_once_one_is_kept_and_the_other_keeps_their_words(server):
    project, qid, ann, bob = draft_questionnaire(server)
    question = f"/projects/{project}/questionnaires/{qid}/questions/happy"
    ann_form, bob_form = ann.form(question), bob.form(question)     # both open it
    results = at_once([lambda: ann.post(question, ann_form, text_en="Are you happy at home?"),
                       lambda: bob.post(question, bob_form, text_en="Do you feel happy?")])
    assert sorted(answered(results)) == [302, 409]
    kept, refused = ("Are you happy at home?", results[1]) if results[0][0] == 302 else \
        ("Do you feel happy?", results[0])
    mine = "Do you feel happy?" if kept == "Are you happy at home?" else "Are you happy at home?"
    assert STALE in refused[2]
    assert typed_in(refused[2], "text_en") == mine, "what they typed is still in the form"
    revision, document = draft_row(server, qid)
    assert revision == 1
    assert [q["text"]["en"] for q in document["questions"] if q["key"] == "happy"] == [kept]


def test_moving_and_taking_out_at_once_one_is_done_and_the_other_is_refused(server):
    project, qid, ann, bob = draft_questionnaire(server)
    overview = f"/projects/{project}/questionnaires/{qid}"
    move, remove = f"{overview}/questions/likes/move/down", f"{overview}/questions/happy/remove"
    move_form, remove_form = ann.form(overview, move), bob.form(overview, remove) + [("confirmed", "1")]
    results = at_once([lambda: ann.post(move, move_form), lambda: bob.post(remove, remove_form)])
    assert answered(results) == [302, 302]
    told = [STALE in page and "so nothing was changed" in page
            for page in (ann.get(overview)[2], bob.get(overview)[2])]
    assert told.count(True) == 1, f"exactly one of them is told nothing was changed: {told}"
    revision, document = draft_row(server, qid)
    assert revision == 1, "one change was made"
    keys = [q["key"] for q in document["questions"]]
    assert keys == (["likes"] if told[0] else ["happy", "likes"]), "the change made is the other one's"


def recording(visitor, project, qid, key, language):
    """What recorder.js sends: no revision (it saves without reloading its page)."""
    form = dict(visitor.form(f"/projects/{project}/questionnaires/{qid}/questions/{key}",
                             f"/projects/{project}/questionnaires/{qid}/voices"))
    fields = MultiDict({name: form[name] for name in ("csrf_token", "question", "language")})
    fields["option"] = ""
    fields["language"] = language
    fields.add("audio", FileStorage(stream=io.BytesIO(wav()), filename="recording.webm"))
    boundary, body = encode_multipart(fields)
    path = f"/projects/{project}/questionnaires/{qid}/voices"
    return lambda: visitor.send("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                     "Accept": "application/json"})


def test_a_recording_and_a_typed_save_at_once_neither_undoes_the_other(server):
    project, qid, ann, bob = draft_questionnaire(server)
    question = f"/projects/{project}/questionnaires/{qid}/questions/happy"
    typed = bob.form(question)
    results = at_once([recording(ann, project, qid, "happy", "cy"),
                       lambda: bob.post(question, typed, text_en="Are you happy today?")])
    statuses = answered(results)
    assert statuses[0] == 200, results[0][2]
    _revision, document = draft_row(server, qid)
    [happy] = [q for q in document["questions"] if q["key"] == "happy"]
    assert happy["audio"]["cy"], "the recording is kept"
    if statuses[1] == 302:
        assert happy["text"]["en"] == "Are you happy today?", "the typed change is kept"
    else:   # the recording landed between the save's read and its write: refused, words kept
        assert statuses[1] == 409 and typed_in(results[1][2], "text_en") == "Are you happy today?"


# (d) A tap on a theme merged away a moment before ---------------------------------------

def test_tags_and_votes_on_a_theme_merged_away_at_that_moment_never_land_on_it(server):
    make = server.make
    coding = build_coding_world(make, "Merge and tap")
    project, lead = coding["project"], coding["lead"]
    with make.app.test_request_context():
        session_id = sessions.start(project, coding["questionnaire"], lead["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    pairs = [(make.theme(project, lead, {"en": f"Gone {n}"}), make.theme(project, lead, {"en": f"Kept {n}"}))
             for n in range(ROUNDS)]
    screen, merger = signed_in(server, lead), signed_in(server, lead)
    joined = on_tablet(server, coding["tablet"], coding["coders"][0])
    base = f"/projects/{project}/coding/sessions/{session_id}"
    tag_form, vote_form = screen.form(base, f"{base}/tag"), joined.form(base, f"{base}/vote")
    live = {"X-Live": "1"}
    calls = []
    for n, (gone, kept) in enumerate(pairs):
        answer = coding["answers"][n % len(coding["answers"])]
        merge = f"/projects/{project}/themes/{gone}/merge"
        merge_form = merger.form(merge)
        calls += [
            lambda merge=merge, form=merge_form, kept=kept: merger.post(merge, form, into=str(kept)),
            lambda gone=gone, answer=answer: screen.post(f"{base}/tag", tag_form, live, theme_id=gone,
                                                          answer_id=answer, given="1"),
            lambda gone=gone, answer=answer: joined.post(f"{base}/vote", vote_form, live, theme_id=gone,
                                                          answer_id=answer, given="1"),
        ]
    results = at_once(calls)
    statuses = answered(results)
    assert all(s == 302 for s in statuses[0::3]), "every merge is made"
    assert set(statuses[1::3]) | set(statuses[2::3]) <= {200, 400, 409}
    for refused in [r for r in results if r[0] in (400, 409)]:
        assert "That theme is not in this project's codebook any more" in html.unescape(refused[2])
    assert rows(server, """select count(*) from codings c join themes t on t.id = c.theme_id
                           where t.merged_into is not null and t.project_id = ?""", [project]) == [(0,)]
    assert rows(server, """select count(*) from votes v join themes t on t.id = v.theme_id
                           where t.merged_into is not null and t.project_id = ?""", [project]) == [(0,)]
    with make.app.app_context():
        assert {t["id"] for t in themes.active(project)} >= {kept for _gone, kept in pairs}


def test_tags_votes_and_quotes_on_answers_withdrawn_at_that_moment_are_refused_plainly(server):
    make = server.make
    coding = build_coding_world(make, "Withdraw and tap")
    project, lead = coding["project"], coding["lead"]
    with make.app.test_request_context():
        session_id = sessions.start(project, coding["questionnaire"], lead["id"], "group",
                                    {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    theme = make.theme(project, lead, {"en": "Money"})
    screen, withdrawer = signed_in(server, lead), signed_in(server, lead)
    joined = on_tablet(server, coding["tablet"], coding["coders"][0])
    base = f"/projects/{project}/coding/sessions/{session_id}"
    tag_form, vote_form = screen.form(base, f"{base}/tag"), joined.form(base, f"{base}/vote")
    quote_form = screen.form(base, f"{base}/quote")
    token = [("csrf_token", dict(withdrawer.form(base, f"{base}/tag"))["csrf_token"])]
    withdraw = f"/projects/{project}/interviews/withdraw"
    live = {"X-Live": "1"}
    calls = []
    for item, answer in zip(coding["interviews"], coding["answers"]):
        calls += [
            lambda code=item["participant_code"]: withdrawer.post(withdraw, token, code=code, confirm="yes"),
            lambda answer=answer: screen.post(f"{base}/tag", tag_form, live, theme_id=theme,
                                                     answer_id=answer, given="1"),
            lambda answer=answer: joined.post(f"{base}/vote", vote_form, live, theme_id=theme,
                                                     answer_id=answer, given="1"),
            lambda answer=answer: screen.post(f"{base}/quote", quote_form, live, answer_id=answer,
                                                     marked="1"),
        ]
    results = at_once(calls)
    statuses = answered(results)
    assert set(statuses[0::4]) == {302}, "every withdrawal is made"
    for refused in [r for r in results if r[0] in (400, 409)]:
        assert "That answer is not here any more" in html.unescape(refused[2]) or \
            "did not say we can share their words" in html.unescape(refused[2])
    assert rows(server, "select count(*) from interviews where project_id = ?", [project]) == [(0,)]
    for table in ("codings", "votes", "quotes"):
        assert rows(server, f"select count(*) from {table} where answer_id not in (select id from answers)") == [(0,)]
    assert rows(server, "pragma foreign_key_check") == []


def test_two_leads_switching_off_a_tablet_at_once_switch_it_off_once(server):
    ann, bob, project = two_leads(server, "Tablets")
    tablet = server.make.tablet(project, ann)
    ann_v, bob_v = signed_in(server, ann), signed_in(server, bob)
    revoke = f"/projects/{project}/tablets/{tablet['id']}/revoke"     # the page that asks first
    forms = [ann_v.form(revoke), bob_v.form(revoke)]
    results = at_once([lambda: ann_v.post(revoke, forms[0]), lambda: bob_v.post(revoke, forms[1])])
    assert answered(results) == [302, 302]
    assert rows(server, "select count(*) from audit_log where project_id = ? and action = 'tablet.revoke'",
                [project]) == [(1,)], "switched off once, recorded once"


# (e) Two rooms coding at the same moment ----------------------------------------------------

def test_two_rooms_tapping_at_the_same_moment_keep_every_tap_once(server):
    """Two groups, each with its own project and session on the big screen, tap at once: every
    tap is answered and stored once, in its own room only, and each room's screens are told
    of each of its own taps (the session's version moves once a tap), none of the other's."""
    make = server.make
    rooms = []
    for name in ("Room one", "Room two"):
        coding = build_coding_world(make, name)
        project, lead = coding["project"], coding["lead"]
        with make.app.test_request_context():
            session_id = sessions.start(project, coding["questionnaire"], lead["id"], "group",
                                        {"questions": ["money_not_good"], "heading": "", "site": "",
                                         "uncoded": False})
        theme_ids = [make.theme(project, lead, {"en": f"{name} theme {n}"}) for n in range(ROUNDS)]
        taps = [(coding["answers"][n % len(coding["answers"])], theme_ids[n]) for n in range(ROUNDS)]
        screen = signed_in(server, lead)
        base = f"/projects/{project}/coding/sessions/{session_id}"
        rooms.append(dict(project=project, session=session_id, taps=taps, screen=screen, base=base,
                          form=screen.form(base, f"{base}/tag"),
                          version=rows(server, "select version from coding_sessions where id = ?", [session_id])))
    calls = [lambda room=room, answer=answer, theme=theme: room["screen"].post(
                 f"{room['base']}/tag", room["form"], {"X-Live": "1"}, answer_id=answer, theme_id=theme, given="1")
             for n in range(ROUNDS) for room in rooms for answer, theme in [room["taps"][n]]]
    assert answered(at_once(calls)) == [200] * len(calls)
    for room in rooms:
        stored = rows(server, """select answer_id, theme_id, count(*) from codings
                                 where project_id = ? and owner = 0 group by answer_id, theme_id""", [room["project"]])
        assert sorted(stored) == sorted((answer, theme, 1) for answer, theme in room["taps"]), "each tap once"
        (before,), = room["version"]
        assert rows(server, "select version from coding_sessions where id = ?", [room["session"]]) == \
            [(before + ROUNDS,)], "the room's screens are told of each of its own taps, and only those"
