"""A whole project in one file: downloaded, brought in on a fresh server as a new project,
and downloaded again, with nothing lost. Damaged, changed or newer files are refused in
plain words and change nothing."""
import hashlib
import io
import json
import os
import zipfile

import pytest
from PIL import Image

from peersurvey import create_app
from peersurvey.db import connect, now
from peersurvey.project_files import bring_in as project_import
from peersurvey.project_files import transfer

from ..conftest import Login, Maker
from ..pages import PageClient, errors, text
from .test_exports import base, build_rich_project


def download(client, world):
    response = client.submit(base(world) + "/project", {}, page=base(world) + "/")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=peersurvey-project-")
    data = response.data
    response.close()
    return data


def bring_in(client, project, data, name="project.zip"):
    return client.submit(f"/projects/{project}/exports/import-project",
                         {"project_file": (io.BytesIO(data), name)}, page=f"/projects/{project}/exports/")


def files_of(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def normalised(data):
    """The file's content with every id this server made replaced by its place in order, and
    each person by their name (the one who exported it as "exporter")."""
    files = files_of(data)
    manifest = json.loads(files["manifest.json"])
    tables = {name: json.loads(files[f"tables/{name}.json"]) for name in transfer.TABLES}
    people = json.loads(files["tables/people.json"])
    person = {p["id"]: "exporter" if p["id"] == manifest["exported_by"] else p["name"] for p in people}
    person.update({0: 0, None: None})
    place = {name: {row["id"]: n for n, row in enumerate(sorted(rows, key=lambda r: r["id"]))}
             for name, rows in tables.items() if rows and isinstance(rows[0].get("id"), int)}
    result = {}
    for name, table in transfer.TABLES.items():
        rows = []
        for row in tables[name]:
            new = dict(row)
            for column, target in table.refs.items():
                new[column] = person[row[column]] if target == "people" else \
                    row[column] if target in project_import.TABLET_IDS or row[column] is None else place[target][row[column]]
            if name in place:
                new["id"] = place[name][row["id"]]
            rows.append(new)
        result[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    result["people"] = sorted((person[p["id"]], p["picture"]) for p in people)
    result["media"] = (result["media"], {name: blob for name, blob in files.items() if name.startswith("media/")})
    return result


@pytest.fixture
def fresh(tmp_path):
    """Another server: its own database, one lead, and one project of theirs to start from."""
    server = create_app({"TESTING": True, "DATABASE": str(tmp_path / "fresh.db")})
    server.test_client_class = PageClient
    client = server.test_client()
    maker = Maker(server)
    lead = maker.lead(name="Nia Newydd", email="nia@example.org")
    landing = maker.project(lead, "Landing")
    Login(client).as_lead(lead)
    return dict(app=server, client=client, lead=lead, landing=landing)


def rows(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return [dict(row) for row in db.query(sql, params)]
    finally:
        db.close()


def test_a_whole_project_moves_to_a_fresh_server_with_nothing_lost(client, make, login, fresh):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    first = download(client, world)

    arrived = bring_in(fresh["client"], fresh["landing"], first)
    assert arrived.status_code == 302
    new_page = fresh["client"].get(arrived.headers["Location"])
    assert "Better Lives is here now, as a new project that you lead." in text(new_page)
    assert "It came with 6 interviews." in text(new_page)
    new_project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    moved = dict(world, project=new_project)
    second = download(fresh["client"], moved)

    before, after = normalised(first), normalised(second)
    imported = [row for row in after["audit_log"] if row["action"] == "project.import"]
    assert len(imported) == 1 and imported[0]["person_id"] == "exporter"
    after["audit_log"] = [row for row in after["audit_log"] if row["action"] != "project.import"]
    for name in before:
        assert after[name] == before[name], f"{name} changed on the way"
    assert len(before["interviews"]) == 6 and len(before["answers"]) == 20
    assert len(before["themes"]) == 4 and len(before["theme_history"]) >= 6
    assert {r["owner"] for r in before["codings"]} == {0, "Sam"}
    assert before["quotes"] and before["votes"] and before["theme_actions"] and before["easyread_words"]
    assert {v["status"] for v in before["questionnaire_versions"]} == {"published", "draft"}
    assert len(before["media"][1]) == 2                  # a picture and a voice
    assert [(v["word"], v["language"]) for v in before["app_voices"]] == [("consent_yes", "cy")]

    # What a professional downloads is the same on both servers.
    for path in ("/answers.csv", "/interviews.csv"):
        old, new = client.get(base(world) + path), fresh["client"].get(base(moved) + path)
        assert old.data == new.data, path
        old.close(), new.close()


def test_people_arrive_with_names_and_roles_but_no_way_to_sign_in_yet(client, make, login, fresh):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    arrived = bring_in(fresh["client"], fresh["landing"], download(client, world))
    new_project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    people = rows(fresh["app"], """select people.*, group_concat(role) as roles from people join memberships
                                   on person_id = people.id where project_id = ? group by people.id""", [new_project])
    by_name = {p["name"]: p for p in people}
    assert set(by_name) == {"Nia Newydd", "Dewi", "Sam", "Ffion"}, "the lead who exported it is the one who brings it in"
    assert by_name["Nia Newydd"]["roles"] == "lead" and by_name["Nia Newydd"]["email"] == "nia@example.org"
    for name in ("Dewi", "Sam", "Ffion"):
        person = by_name[name]
        assert person["pin_hash"] is None and person["password_hash"] is None and person["email"] is None
    assert by_name["Sam"]["roles"] == "coder" and by_name["Dewi"]["roles"] == "interviewer"
    assert rows(fresh["app"], "select count(*) as n from devices")[0]["n"] == 0
    assert {r["device_id"] for r in rows(fresh["app"], "select device_id from interviews")} == {None}
    published = rows(fresh["app"], "select status from questionnaire_versions v join questionnaires q "
                                   "on q.id = v.questionnaire_id where q.project_id = ?", [new_project])
    assert sorted(v["status"] for v in published) == ["draft", "published"]
    team = fresh["client"].get(f"/projects/{new_project}")
    assert "Sam" in text(team)
    codebook = fresh["client"].get(f"/projects/{new_project}/themes/")
    assert codebook.status_code == 200 and "Money" in text(codebook)


def test_the_file_holds_no_secrets_and_says_it_holds_personal_data(client, make, login):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    files = files_of(download(client, world))
    everything = b"".join(files.values())
    secrets = [value for person in rows(make.app, "select email, password_hash, pin_hash from people")
               for value in person.values() if value]
    secrets += [d["token_hash"] for d in rows(make.app, "select token_hash from devices")] + [world["tablet"]["token"]]
    assert len(secrets) >= 6
    for secret in [*secrets, "$argon2"]:
        assert secret.encode() not in everything
    readme = files["README.txt"].decode()
    assert "It holds personal data" in readme
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "peersurvey-project" and manifest["version"] == 1
    assert "personal data" in manifest["personal_data"]
    interviews = json.loads(files["tables/interviews.json"])
    assert {i["participant_code"] for i in interviews} >= {"CODE00", "EVERY1"}, "a backup keeps the codes"
    history = rows(make.app, "select action from audit_log where project_id = ?", [world["project"]])
    assert "project.export" in {h["action"] for h in history}


def test_a_copy_on_the_same_server_gets_new_interview_ids_and_leaves_the_original_alone(client, make, login, app):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    before = rows(app, "select id from interviews where project_id = ?", [world["project"]])
    arrived = bring_in(client, world["project"], download(client, world))
    new_project = int(arrived.headers["Location"].strip("/").split("/")[-1])
    assert new_project != world["project"]
    copied = rows(app, "select id from interviews where project_id = ?", [new_project])
    assert len(copied) == len(before) and not {r["id"] for r in copied} & {r["id"] for r in before}
    assert rows(app, "select id from interviews where project_id = ?", [world["project"]]) == before
    assert rows(app, "select count(*) as n from codings where project_id = ?", [new_project])[0]["n"] == \
        rows(app, "select count(*) as n from codings where project_id = ?", [world["project"]])[0]["n"]
    lead_of_copy = rows(app, "select person_id from memberships where project_id = ? and role = 'lead'", [new_project])
    assert lead_of_copy == [{"person_id": world["lead"]["id"]}]
    settle = rows(app, "select filters from coding_sessions where project_id = ? and filters like '%answers%'",
                  [new_project])
    named = json.loads(settle[0]["filters"])["answers"]
    assert set(named) <= {r["id"] for r in rows(app, "select a.id from answers a join interviews i on i.id = a.interview_id "
                                                     "where i.project_id = ?", [new_project])}


def changed(data, change):
    """The same file with one part changed: change(files) edits the dict of name: bytes."""
    files = files_of(data)
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, blob in files.items():
            archive.writestr(name, blob)
    return out.getvalue()


def edit_table(name, edit):
    def change(files):
        table = json.loads(files[f"tables/{name}.json"])
        edit(table)
        files[f"tables/{name}.json"] = json.dumps(table).encode()
    return change


def edit_manifest(**values):
    def change(files):
        files["manifest.json"] = json.dumps({**json.loads(files["manifest.json"]), **values}).encode()
    return change


def html_as_picture(files):
    sha = next(name for name in files if name.startswith("media/"))
    fake = b"<!doctype html><script>alert(1)</script>"
    new_sha = hashlib.sha256(fake).hexdigest()
    del files[sha]
    files[f"media/{new_sha}"] = fake
    media = json.loads(files["tables/media.json"])
    media[0]["sha256"] = new_sha
    files["tables/media.json"] = json.dumps(media).encode()


BAD = {
    "not a zip": (lambda data: b"this is not a zip", transfer.NOT_A_PROJECT_FILE),
    "a questionnaire file": (lambda data: json.dumps({"format": "peersurvey-export/1"}).encode(), transfer.NOT_A_PROJECT_FILE),
    "no manifest": (lambda data: changed(data, lambda f: f.pop("manifest.json")), transfer.NOT_A_PROJECT_FILE),
    "another format": (lambda data: changed(data, edit_manifest(format="something-else")), transfer.NOT_A_PROJECT_FILE),
    "a newer version": (lambda data: changed(data, edit_manifest(version=2)), transfer.NEWER),
    "a table missing": (lambda data: changed(data, lambda f: f.pop("tables/themes.json")), transfer.NOT_A_PROJECT_FILE),
    "a column too many": (lambda data: changed(data, edit_table("themes", lambda t: t[0].update(secret=1))), transfer.DAMAGED),
    "a wrong type": (lambda data: changed(data, edit_table("interviews", lambda t: t[0].update(consent="yes"))), transfer.DAMAGED),
    "an unknown colour": (lambda data: changed(data, edit_table("themes", lambda t: t[0].update(colour="gold"))), transfer.DAMAGED),
    "an answer of nobody": (lambda data: changed(data, edit_table("answers", lambda t: t[0].update(interview_id="x"))), transfer.DAMAGED),
    "a theme of nowhere": (lambda data: changed(data, edit_table("codings", lambda t: t[0].update(theme_id=9999))), transfer.DAMAGED),
    "a broken questionnaire": (lambda data: changed(data, edit_table(
        "questionnaire_versions", lambda t: t[0].update(document='{"format": "x"}'))), transfer.DAMAGED),
    "not JSON in a JSON column": (lambda data: changed(data, edit_table("answers", lambda t: t[0].update(value="{"))), transfer.DAMAGED),
    "a changed picture": (lambda data: changed(data, lambda f: f.update({
        next(n for n in f if n.startswith("media/")): b"\x89PNG changed"})), transfer.DAMAGED),
    "a web page as a picture": (lambda data: changed(data, html_as_picture), transfer.DAMAGED),
    "theme words null": (lambda data: changed(data, edit_table("themes", lambda t: t[0].update(words=None))), transfer.DAMAGED),
    "theme words a list": (lambda data: changed(data, edit_table("themes", lambda t: t[0].update(words="[1]"))), transfer.DAMAGED),
    "theme words a number": (lambda data: changed(data, edit_table("themes", lambda t: t[0].update(words='{"en": 5}'))), transfer.DAMAGED),
    "JSON nested too deep": (lambda data: changed(data, edit_table("answers", lambda t: t[0].update(
        value="[" * 100_000 + "]" * 100_000))), transfer.DAMAGED),
    "session filters a list": (lambda data: changed(data, edit_table(
        "coding_sessions", lambda t: t[0].update(filters="[1]"))), transfer.DAMAGED),
    "a questionnaire that is a list": (lambda data: changed(data, edit_table(
        "questionnaire_versions", lambda t: t[0].update(document="[]"))), transfer.DAMAGED),
    "people not a list": (lambda data: changed(data, lambda f: f.update({"tables/people.json": b'{"id": 1}'})), transfer.DAMAGED),
    "a picture missing": (lambda data: changed(data, lambda f: f.pop(next(n for n in f if n.startswith("media/")))), transfer.DAMAGED),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_project_file_is_refused_in_plain_words_and_changes_nothing(client, make, login, app, case):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    good = download(client, world)
    counts = rows(app, "select (select count(*) from projects) as projects, (select count(*) from people) as people, "
                       "(select count(*) from interviews) as interviews, (select count(*) from themes) as themes")
    make_bad, message = BAD[case]
    response = bring_in(client, world["project"], make_bad(good))
    assert response.status_code == 400
    assert errors(response) == [str(message)]
    assert "Nothing" in str(message) or "nothing" in str(message)
    after = rows(app, "select (select count(*) from projects) as projects, (select count(*) from people) as people, "
                      "(select count(*) from interviews) as interviews, (select count(*) from themes) as themes")
    assert after == counts


def test_a_zip_bomb_is_refused_before_it_is_unpacked(client, make, login, app, monkeypatch):
    lead = make.lead()
    project = make.project(lead)
    login.as_lead(lead)
    monkeypatch.setattr(project_import, "MAX_TOTAL_BYTES", 10_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps({"format": "peersurvey-project", "version": 1}))
        archive.writestr("tables/answers.json", b" " * 20_000_000)
    assert len(out.getvalue()) < 100_000
    response = bring_in(client, project, out.getvalue())
    assert errors(response) == [str(transfer.DAMAGED)]


def test_a_project_that_unpacks_to_more_than_the_page_takes_is_refused_plainly_and_changes_nothing(
        client, make, login, app, monkeypatch):
    assert project_import.MAX_UPLOAD_BYTES < project_import.MAX_TOTAL_BYTES <= 2 * project_import.MAX_UPLOAD_BYTES, \
        "what a lead's upload may unpack to is a small multiple of what they may upload"
    lead = make.lead()
    project = make.project(lead)
    login.as_lead(lead)
    monkeypatch.setattr(project_import, "MAX_TOTAL_BYTES", 1_000_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps({"format": "peersurvey-project", "version": 1}))
        archive.writestr(f"media/{'0' * 64}", os.urandom(1_200_000), compress_type=zipfile.ZIP_STORED)
    projects = rows(app, "select count(*) as n from projects")
    response = bring_in(client, project, out.getvalue())
    assert response.status_code == 400
    assert errors(response) == [str(transfer.TOO_BIG)]
    assert rows(app, "select count(*) as n from projects") == projects


def test_a_project_file_bigger_than_other_uploads_comes_in(client, make, login, app):
    """Other forms take up to 8 MB; a project with its pictures can be far bigger."""
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    db = connect(app.config["DATABASE"])
    try:
        for n in range(2):
            image = Image.frombytes("RGB", (1200, 1200), os.urandom(1200 * 1200 * 3))
            out = io.BytesIO()
            image.save(out, "PNG")
            db["media"].insert({"project_id": world["project"], "sha256": hashlib.sha256(out.getvalue()).hexdigest(),
                                "kind": "image", "mime": "image/png", "data": out.getvalue(), "words": "{}",
                                "created_at": now(), "created_by": world["lead"]["id"]})
    finally:
        db.close()
    data = download(client, world)
    assert len(data) > 8 * 1024 * 1024
    arrived = bring_in(client, world["project"], data)
    assert arrived.status_code == 302


def test_bringing_in_a_project_checks_the_form_token_and_a_file(client, make, login, app):
    lead = make.lead()
    project = make.project(lead)
    login.as_lead(lead)
    refused = client.post(f"/projects/{project}/exports/import-project",
                          data={"project_file": (io.BytesIO(b"x"), "p.zip")}, content_type="multipart/form-data")
    assert refused.status_code == 400 and "This form is out of date" in text(refused)
    empty = client.submit(f"/projects/{project}/exports/import-project", {}, page=f"/projects/{project}/exports/")
    assert empty.status_code == 400
    assert errors(empty) == ["Choose the whole-project file (.zip) to bring in."]
    assert rows(app, "select count(*) as n from projects")[0]["n"] == 1


def test_every_column_is_either_kept_or_left_out_on_purpose(app):
    db = connect(app.config["DATABASE"])
    try:
        for table in db.table_names():
            if table.startswith("_") or table.startswith("sqlite_"):
                continue
            if table in transfer.LEFT_OUT and isinstance(transfer.LEFT_OUT[table], str):
                continue
            columns = set(db[table].columns_dict)
            kept = set(transfer.PEOPLE_COLUMNS if table == "people" else transfer.TABLES[table].columns) \
                if table in transfer.TABLES or table == "people" else set()
            assert table in transfer.TABLES or table == "people", f"{table} is neither moved nor left out"
            missing = columns - kept - {"project_id"} - set(transfer.LEFT_OUT.get(table, {}))
            assert not missing, f"{table}: {missing} neither kept nor left out on purpose"
    finally:
        db.close()


def test_a_project_moves_by_the_command_line_too(runner, make, tmp_path, fresh):
    world = build_rich_project(make)
    path = tmp_path / "backup.zip"
    result = runner.invoke(transfer.export_command, ["--project", str(world["project"]),
                                                     "--lead", world["lead"]["email"], str(path)])
    assert result.exit_code == 0, result.output
    assert "holds personal data" in result.output
    result = fresh["app"].test_cli_runner().invoke(project_import.import_command, ["--lead", "nia@example.org", str(path)])
    assert result.exit_code == 0, result.output
    assert "with 6 interviews and 4 themes" in result.output
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")
    result = fresh["app"].test_cli_runner().invoke(project_import.import_command, ["--lead", "nia@example.org", str(bad)])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    result = runner.invoke(transfer.export_command, ["--project", "999", str(path)])
    assert result.exit_code != 0 and "There is no project 999" in result.output


def test_a_lead_with_no_project_yet_brings_one_in_from_the_projects_list(client, make, login, tmp_path):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    data = download(client, world)
    server = create_app({"TESTING": True, "DATABASE": str(tmp_path / "empty.db")})
    server.test_client_class = PageClient
    newcomer = server.test_client()
    lead = Maker(server).lead(name="Nia Newydd", email="nia@example.org")
    Login(newcomer).as_lead(lead)
    projects = newcomer.get("/projects/")
    assert projects.soup.select_one("a[href='/projects/import']"), "the projects list offers it"
    empty = newcomer.submit("/projects/import", {})
    assert empty.status_code == 400 and "Choose the whole-project file (.zip) to bring in." in text(empty)
    bad = newcomer.submit("/projects/import", {"project_file": (io.BytesIO(b"not a zip"), "x.zip")})
    assert bad.status_code == 400 and "Nothing was changed." in text(bad)
    arrived = newcomer.submit("/projects/import", {"project_file": (io.BytesIO(data), "project.zip")})
    assert arrived.status_code == 302
    assert "Better Lives is here now, as a new project that you lead." in text(newcomer.get(arrived.headers["Location"]))
