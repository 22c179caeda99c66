"""The whole-project file carries the answers' recordings and their sound; bytes still on
their way stay behind (such a recording is on its way again on the new server); files made
before recordings existed still come in."""
import json

from peersurvey.collect import queries

from tests.collect.conftest import answer, field, interview, post  # noqa: F401  (field: a fixture)
from tests.collect.recording_helpers import announce, put, sound

from .test_project_transfer import bring_in, changed, download, fresh, rows  # noqa: F401  (fresh: a fixture)


def recorded_project(client, field, app, login):  # noqa: F811
    complete, partial, gone = sound(1.0), sound(0.8), sound(0.3)
    complete_rec, partial_rec = announce(complete), announce(partial, part="cinema")
    gone_rec = announce(gone)
    kept = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[complete_rec]),
                                     dict(answer("dreams", [{"option": "cinema", "text": ""}]),
                                          recordings=[partial_rec])], record_voice=True)
    taken_out = interview(field, answers=[dict(answer("money_not_good", ""), recordings=[gone_rec])],
                          record_voice=True, participant_code="GONE01")
    post(client, field, [kept, taken_out])
    put(client, field, complete_rec["id"], 0, complete)
    put(client, field, partial_rec["id"], 0, partial[:5000])
    with app.app_context():
        queries.withdraw(field["project"], "GONE01")
    login.as_lead(field["lead"])
    return {"project": field["project"], "complete": (complete_rec, complete), "partial": (partial_rec, partial),
            "gone": gone_rec}


def test_recordings_and_their_sound_move_to_a_fresh_server(client, field, app, login, fresh):  # noqa: F811
    world = recorded_project(client, field, app, login)
    arrived = bring_in(fresh["client"], fresh["landing"], download(client, world))
    assert arrived.status_code == 302
    project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    moved = {r["id"]: r for r in rows(fresh["app"], "select * from recordings where project_id = ?", [project])}
    (complete_rec, complete), (partial_rec, _partial) = world["complete"], world["partial"]
    assert set(moved) == {complete_rec["id"], partial_rec["id"]}
    assert moved[complete_rec["id"]]["media"] == f"media:{complete_rec['sha256']}"
    assert moved[complete_rec["id"]]["received"] == len(complete)
    assert (moved[partial_rec["id"]]["media"], moved[partial_rec["id"]]["received"]) == (None, 0)
    assert moved[partial_rec["id"]]["part"] == "cinema" and moved[partial_rec["id"]]["seconds"] == 0.5
    heard = fresh["client"].get(f"/projects/{project}/recordings/{complete_rec['id']}")
    assert heard.status_code == 200 and heard.data == complete
    assert rows(fresh["app"], "select record_voice from interviews where project_id = ?", [project]) == \
        [{"record_voice": 1}]
    # The withdrawn interview's recording is remembered there too (its SHA-256 only).
    assert len(rows(fresh["app"], "select * from withdrawn_recordings where project_id = ?", [project])) == 1


def test_a_copy_on_the_same_server_gets_new_recording_ids(client, field, app, login):  # noqa: F811
    world = recorded_project(client, field, app, login)
    arrived = bring_in(client, world["project"], download(client, world))
    project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    copied = rows(app, "select id, answer_id from recordings where project_id = ?", [project])
    original = rows(app, "select id from recordings where project_id = ?", [world["project"]])
    assert len(copied) == 2 and not {r["id"] for r in copied} & {r["id"] for r in original}
    answers = {r["id"] for r in rows(app, "select a.id from answers a join interviews i on i.id = a.interview_id "
                                          "where i.project_id = ?", [project])}
    assert {r["answer_id"] for r in copied} <= answers


def test_a_file_from_before_recordings_still_comes_in(client, field, app, login, fresh):  # noqa: F811
    world = recorded_project(client, field, app, login)

    def older(files):
        for name in ("tables/recordings.json", "tables/withdrawn_recordings.json"):
            del files[name]
        table = json.loads(files["tables/interviews.json"])
        for row in table:
            del row["record_voice"]
        files["tables/interviews.json"] = json.dumps(table).encode()
    arrived = bring_in(fresh["client"], fresh["landing"], changed(download(client, world), older))
    assert arrived.status_code == 302
    project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    assert rows(fresh["app"], "select record_voice from interviews where project_id = ?", [project]) == \
        [{"record_voice": None}]


def test_a_recording_whose_sound_is_not_in_the_file_is_refused(client, field, app, login, fresh):  # noqa: F811
    world = recorded_project(client, field, app, login)
    sha = world["complete"][0]["sha256"]

    def no_sound(files):
        del files[f"media/{sha}"]
        table = json.loads(files["tables/media.json"])
        files["tables/media.json"] = json.dumps([r for r in table if r["sha256"] != sha]).encode()
    response = bring_in(fresh["client"], fresh["landing"], changed(download(client, world), no_sound))
    assert response.status_code == 400 and "damaged" in response.get_data(as_text=True)
    assert not rows(fresh["app"], "select * from recordings")


def test_a_recording_paired_with_another_interviews_answer_is_refused(client, field, app, login, fresh):  # noqa: F811
    """A damaged file must not tie one person's recording to another's interview: the
    withdrawal of either would then fail, or erase the other's voice."""
    world = recorded_project(client, field, app, login)
    other = interview(field, answers=[answer("money_not_good", "Typed.")], participant_code="OTHER1")
    post(client, field, [other])
    login.as_lead(field["lead"])

    def crossed(files):
        table = json.loads(files["tables/recordings.json"])
        table[0]["interview_id"] = other["id"]
        files["tables/recordings.json"] = json.dumps(table).encode()
    response = bring_in(fresh["client"], fresh["landing"], changed(download(client, world), crossed))
    assert response.status_code == 400 and "damaged" in response.get_data(as_text=True)
    assert not rows(fresh["app"], "select * from recordings")
