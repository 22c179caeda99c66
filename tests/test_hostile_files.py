"""Files a lead brings in, made the proper way and then changed anywhere to any JSON value:
a questionnaire (.json), interviews saved on a tablet (.json), a whole project (.zip).
Every answer is plain and below 500, and nothing reaches errors.py's last net. The causes
the fuzz found are pinned by the tests at the end, each with its exact input: a value of
the wrong type where a questionnaire holds a key, a list inside a multiple-choice answer, a
number too big or a file nested too deep."""
import copy
import io
import json
import uuid
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import hostile
from .collect.conftest import DEMO, interview
from .hostile import changed, dumps, sign_in, zipped

hostile_world, walk = hostile.hostile_world, hostile.walk      # the fixtures
FUZZ = settings(derandomize=True, deadline=None, max_examples=40, database=None,
                suppress_health_check=list(HealthCheck))


def bring_in(client, world, form, kind, data):
    """Send `data` (bytes) as a lead would, from the page for `kind` of file."""
    project = world["a"]["project"]
    url, field, name = {
        "questionnaire": (f"/projects/{project}/questionnaires/import", "file", "questionnaire.json"),
        "tablet": (f"/projects/{project}/interviews/upload", "file", "interviews.json"),
        "project": (f"/projects/{project}/exports/import-project", "project_file", "project.zip"),
    }[kind]
    return client.post(url, data={**form, field: (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def lead(walk):
    client, world, findings = walk
    _headers, form = sign_in(client, world, "lead_a")
    return client, world, findings, form


def test_a_questionnaire_file_changed_anywhere_gets_a_plain_answer(lead):
    client, world, findings, form = lead

    @FUZZ
    @given(document=changed(DEMO))
    def run(document):
        findings.check(bring_in(client, world, form, "questionnaire", dumps(document).encode()), "questionnaire file")
    run()
    findings.assert_none()


def test_a_tablet_file_changed_anywhere_gets_a_plain_answer(lead):
    client, world, findings, form = lead
    field = {"version": world["a"]["demo_version"], "interviewer": world["a"]["interviewer"]}

    @FUZZ
    @given(ids=st.lists(st.uuids(), min_size=12, max_size=12), data=st.data())
    def run(ids, data):
        item = interview(field, id=str(ids[0]))
        for answer, answer_id in zip(item["answers"], ids[1:]):
            answer["id"] = str(answer_id)
        body = data.draw(changed({"interviews": [item]}))
        findings.check(bring_in(client, world, form, "tablet", dumps(body).encode()), "tablet file")
    run()
    findings.assert_none()


def _project_file(client, world, form):
    with client.post(f"/projects/{world['a']['project']}/exports/project", data=form) as response:
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}



def test_a_whole_project_file_changed_anywhere_gets_a_plain_answer(lead):
    client, world, findings, form = lead
    files = _project_file(client, world, form)
    tables = sorted(name for name in files if name.endswith(".json"))

    @FUZZ
    @given(name=st.sampled_from(tables), data=st.data())
    def run(name, data):
        content = data.draw(changed(json.loads(files[name])))
        findings.check(bring_in(client, world, form, "project", zipped({**files, name: dumps(content)})),
                       f"project file with {name} changed")
    run()
    findings.assert_none()


# --- Known causes, left to their owners -------------------------------------------------------

def _demo_with(change):
    document = copy.deepcopy(DEMO)
    change(document)
    return json.dumps(document).encode()


def _first_condition(document):
    return next(q["condition"] for q in document["questions"] if q.get("condition"))


QUESTIONNAIRE_FILES = {
    "100,000 brackets deep": b"[" * 100_000 + b"]" * 100_000,
    "a 5,000-digit number": b'{"format": 1, "n": ' + b"9" * 5000 + b"}",
    "a question's kind is a list": _demo_with(lambda d: d["questions"][0].update(kind=[])),
    "an option's key is a list": _demo_with(
        lambda d: next(q for q in d["questions"] if q.get("options"))["options"][0].update(key=[])),
    "a condition's question is an object": _demo_with(lambda d: _first_condition(d).update(question={})),
    "a condition's options hold a list": _demo_with(lambda d: _first_condition(d).update(options=[[]])),
    "a condition looks at a question whose kind is null": _demo_with(
        lambda d: next(q for q in d["questions"] if q["key"] == _first_condition(d)["question"]).update(kind=None)),
}


@pytest.mark.parametrize("what", QUESTIONNAIRE_FILES)
def test_questionnaire_files_with_known_causes_get_a_plain_answer(lead, what):
    client, world, findings, form = lead
    findings.check(bring_in(client, world, form, "questionnaire", QUESTIONNAIRE_FILES[what]), what)
    assert not findings.found + findings.known


def test_a_tablet_file_with_a_list_in_a_multiple_choice_answer_gets_a_plain_answer(lead):
    client, world, findings, form = lead
    item = interview({"version": world["a"]["demo_version"], "interviewer": world["a"]["interviewer"]})
    next(a for a in item["answers"] if a["question"] == "go_out_with")["value"] = [["friends"], "partner"]
    findings.check(bring_in(client, world, form, "tablet", json.dumps({"interviews": [item]}).encode()), "tablet")
    assert not findings.found + findings.known


@pytest.mark.parametrize("table, key, number", [("questionnaire_versions", "number", "1" + "0" * 30),
                                                ("memberships", "person_id", "9" * 5000)])
def test_a_project_file_with_a_number_too_big_gets_a_plain_answer(lead, table, key, number):
    client, world, findings, form = lead
    files = _project_file(client, world, form)
    rows = json.loads(files[f"tables/{table}.json"])
    files[f"tables/{table}.json"] = json.dumps(rows).replace(f'"{key}": {rows[0][key]}', f'"{key}": {number}', 1)
    findings.check(bring_in(client, world, form, "project", zipped(files)), f"project file with {table}.{key}")
    assert not findings.found + findings.known


def test_the_fuzz_brings_in_good_files(lead):
    """Made the proper way and not changed, each kind of file is taken, so the fuzz above is
    not all refusals at the door."""
    client, world, findings, form = lead
    item = interview({"version": world["a"]["demo_version"], "interviewer": world["a"]["interviewer"]},
                     id=str(uuid.uuid4()))
    taken = bring_in(client, world, form, "questionnaire", json.dumps(DEMO).encode())
    assert taken.status_code == 200 and "Everything was carried over" in taken.get_data(as_text=True)
    assert bring_in(client, world, form, "tablet", json.dumps({"interviews": [item]}).encode()).status_code == 200
    assert bring_in(client, world, form, "project", zipped(_project_file(client, world, form))).status_code == 302


def test_a_project_file_with_half_a_character_inside_a_theme_brings_in_a_project_whose_pages_open(lead):
    """JSON inside a column can write half an emoji ("\\ud83d"), which no page can show: it
    is kept as U+FFFD, the sign for a lost character, and every page of the theme opens."""
    client, world, findings, form = lead
    files = _project_file(client, world, form)
    themes = json.loads(files["tables/themes.json"])
    themes[0]["words"] = json.dumps({"en": "Money \ud83d", "cy": "Arian"})     # the half, written as \ud83d
    assert "\\ud83d" in themes[0]["words"]
    files["tables/themes.json"] = json.dumps(themes)
    brought = bring_in(client, world, form, "project", zipped(files))
    assert brought.status_code == 302, brought.get_data(as_text=True)[:500]
    project = int(brought.headers["Location"].split("/projects/")[1].split("/")[0])
    for page in ("themes/", "findings/themes", "findings/charts/themes.png", "exports/themes.csv"):
        reply = client.get(f"/projects/{project}/{page}")
        assert reply.status_code == 200, page
    assert "Money \ufffd" in client.get(f"/projects/{project}/themes/").get_data(as_text=True)
    findings.assert_none()


def _png():
    import hashlib

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue(), f"media:{hashlib.sha256(out.getvalue()).hexdigest()}"


@pytest.mark.parametrize("words", [5, "Red", ["Red"], {"en": 5}, {"fr": "Rouge"}])
def test_a_picture_whose_words_are_not_words_is_refused_plainly_and_breaks_no_page(lead, words):
    """A picture's words are read as {"en": …, "cy": …} by the picture chooser of every
    question: anything else in a file is refused at the door, from a questionnaire file or
    a whole-project file, and the builder's pages go on opening."""
    import base64
    client, world, findings, form = lead
    data, media_id = _png()
    document = copy.deepcopy(DEMO)
    document["questions"][0]["picture"] = media_id
    sent = {"format": "peersurvey-export/1", "questionnaire": document,
            "media": {media_id: {"kind": "image", "mime": "image/png", "words": words,
                                 "data": base64.b64encode(data).decode()}}}
    reply = bring_in(client, world, form, "questionnaire", json.dumps(sent).encode())
    assert "Nothing was brought in" in reply.get_data(as_text=True)
    files = _project_file(client, world, form)
    pictures = [row for row in json.loads(files["tables/media.json"]) if row["kind"] == "image"]
    pictures[0]["words"] = json.dumps(words)
    files["tables/media.json"] = json.dumps(pictures)
    assert bring_in(client, world, form, "project", zipped(files)).status_code == 400
    findings.assert_none()


def test_a_project_file_from_before_codes_were_forgotten_brings_no_withdrawn_code_into_the_history(lead):
    """A server before this one kept a withdrawn participant's code in the entries about their
    words; bringing its file in blanks them, as the withdrawal now does (audit.forget_withdrawn)."""
    import hashlib
    client, world, findings, form = lead
    files = _project_file(client, world, form)
    history = json.loads(files["tables/audit_log.json"])
    for code in ("GONE42", "STAYS7"):
        history.append({"id": 90_000 + len(history), "at": "2026-01-02T00:00:00+00:00", "person_id": None,
                        "action": "answer.corrected", "detail": json.dumps({"name": code, "part": ""})})
    files["tables/audit_log.json"] = json.dumps(history)
    files["tables/withdrawals.json"] = json.dumps(
        [{"code_sha256": hashlib.sha256(b"GONE42").hexdigest(), "withdrawn_at": "2026-01-03T00:00:00+00:00",
          "withdrawn_by": None}])
    brought = bring_in(client, world, form, "project", zipped(files))
    assert brought.status_code == 302, brought.get_data(as_text=True)[:300]
    project = int(brought.headers["Location"].split("/projects/")[1].split("/")[0])
    page = client.get(f"/projects/{project}/history").get_data(as_text=True)
    assert "GONE42" not in page and "STAYS7" in page
    findings.assert_none()
