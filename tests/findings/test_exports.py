"""Exports for professionals: answers, interviews, themes and codings as CSV and Excel, with
the words people said, the themes the group gave them, and nothing that names anyone."""
import io
import json
import uuid

import openpyxl
import pandas
import pytest

from peersurvey.collect import sync
from peersurvey.db import get_db, now
from peersurvey.theme import coding as tagging
from peersurvey.theme import sessions, themes
from tests.collect.conftest import answer, interview
from tests.theme.conftest import build_coding_world

from ..pages import text

FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"


def every_kind():
    """A fair answer to each kind of question in the demo questionnaire, in words found
    nowhere else in the project."""
    return [
        answer("age", 34), answer("town", "Pont-y-pŵl"), answer("my_choices", "yes"),
        answer("money_who", "family"), answer("money_feel", "unhappy"), answer("money_not_good", FORMULA),
        answer("go_out_with", ["friends", "partner"]),
        answer("dreams", [{"option": "cinema", "text": "With my sister"}, {"option": "swimming", "text": ""}]),
        answer("has_job", None, "dont_know"), answer("safe_out", None, "skipped"),
    ]


def build_rich_project(make, lead=None):
    """A project with a bit of everything: the demo questionnaire published and a draft, six
    interviews (one answering every kind of question), themes in two languages with a
    sub-theme, a merged theme and its history, the group's codings and a coder's own, votes,
    a quote, a session to settle differences, "you said, we did", a picture, a hard word and
    the group's voice for one of the app's words."""
    world = build_coding_world(make, lead=lead)
    app, project, lead = make.app, world["project"], world["lead"]
    make.picture(project, lead)
    make.word(project, lead)
    make.questionnaire(project, lead)   # a draft, never published
    with app.test_request_context():
        from peersurvey.collect import voices
        from peersurvey.prepare import media

        from ..prepare.media_samples import wav
        voices.save(project, "consent_yes", "cy", media.store_recording(project, wav(), lead["id"]), lead["id"])
        db = get_db()
        version = db.execute("select id from questionnaire_versions where questionnaire_id = ? and status = 'published'",
                             [world["questionnaire"]]).fetchone()[0]
        interviewer = next(iter(db.query("select person_id as id from memberships where project_id = ? "
                                         "and role = 'interviewer'", [project])))
        every = interview({"version": version, "interviewer": interviewer}, every_kind(), participant_code="EVERY1",
                          started_at="2026-12-01T10:00:00+00:00", finished_at="2026-12-01T10:30:00+00:00")
        assert sync.ingest(project, [every])[0]["result"] == "stored"
        money = themes.add(project, lead["id"], {"en": "Money", "cy": "Arian"},
                           {"en": "Having enough to live on.", "cy": "Digon i fyw arno."}, "green")
        friends = themes.add(project, lead["id"], {"en": "Friends", "cy": "Ffrindiau"}, colour="blue")
        bus = themes.add(project, lead["id"], {"en": "The bus"}, parent_id=friends, colour="teal")
        cash = themes.add(project, lead["id"], {"cy": "Arian parod"}, colour="red")
        themes.change(project, lead["id"], friends, {"en": "Friends", "cy": "Ffrindiau"},
                      {"en": "People who matter."}, "blue", None, None)
        group = sessions.start(project, world["questionnaire"], lead["id"], "group",
                               {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
        session = sessions.get(project, group)
        answers = world["answers"]
        for answer_id, theme_id in [(answers[0], money), (answers[0], cash), (answers[1], money),
                                    (answers[2], friends), (answers[3], bus)]:
            tagging.set_tag(session, lead["id"], answer_id, theme_id, True)
        tagging.set_vote(session, world["coders"][0]["id"], answers[0], money, True)
        tagging.set_quote(session, lead["id"], answers[0], True)
        own = sessions.get(project, sessions.start(
            project, world["questionnaire"], world["coders"][0]["id"], "own",
            {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False}))
        tagging.set_tag(own, world["coders"][0]["id"], answers[0], friends, True)
        tagging.set_tag(own, world["coders"][0]["id"], answers[4], money, True)
        themes.merge(project, lead["id"], cash, money)
        settle = sessions.start(project, world["questionnaire"], lead["id"], "group",
                                {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False,
                                 "answers": [answers[0], answers[4]]})
        db["theme_actions"].insert({"theme_id": money, "project_id": project, "did": json.dumps({"en": "We asked for a bus pass."}),
                                    "updated_at": now(), "updated_by": lead["id"]})
    return dict(world, every=every["id"], themes=dict(money=money, friends=friends, bus=bus, cash=cash),
                sessions=dict(group=group, own=own["id"], settle=settle))


@pytest.fixture
def rich(make, login):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    return world


def read_csv(response):
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    body = response.data
    response.close()
    assert body.startswith("\ufeff".encode()), "a BOM, so Excel reads Welsh letters right"
    return pandas.read_csv(io.BytesIO(body), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def base(world):
    return f"/projects/{world['project']}/exports"


def test_the_exports_page_lists_every_download_and_says_what_is_left_out(client, rich):
    page = client.get(base(rich) + "/")
    words = text(page)
    assert "Exports for professionals" in words
    assert "Participant codes and interviewer names are left out" in words
    links = {a["href"] for a in page.soup.select("a[download]")}
    assert links == {base(rich) + path for path in (
        "/workbook.xlsx", "/answers.csv", "/interviews.csv", "/themes.csv", "/codings.csv", "/codebook.qdc")}
    assert "This file holds personal data" in words
    assert "It becomes a new project, and you are its lead." in words


def test_answers_come_one_row_each_in_words_with_the_groups_themes(client, rich):
    table = read_csv(client.get(base(rich) + "/answers.csv"))
    assert list(table.columns) == ["answer_id", "interview_id", "questionnaire", "version", "question_key",
                                   "question_en", "question_cy", "kind", "heading", "status", "answer",
                                   "site", "language", "started_at", "themes", "recording"]
    assert len(table) == 5 * 2 + 10
    every = table[table.interview_id == rich["every"]].set_index("question_key")
    assert every.loc["go_out_with", "answer"] == "My friends; My partner"
    assert every.loc["dreams", "answer"] == "Go to the cinema: With my sister; Go swimming"
    assert every.loc["money_feel", "answer"] == "Unhappy"
    assert every.loc["my_choices", "answer"] == "Yes"
    assert every.loc["age", "answer"] == "34" and every.loc["town", "answer"] == "Pont-y-pŵl"
    assert every.loc["has_job", "status"] == "dont_know" and every.loc["has_job", "answer"] == ""
    assert every.loc["safe_out", "status"] == "skipped"
    assert every.loc["money_not_good", "heading"] == "What is not working"
    assert every.loc["money_not_good", "question_cy"].startswith("Beth")
    assert every.loc["money_not_good", "answer"] == "'" + FORMULA, "a formula is made harmless"
    first = table[table.answer_id == rich["answers"][0]].iloc[0]
    assert first.themes == "Money", "the merged theme's coding moved to Money, and own codings are not the group's"
    assert table[table.answer_id == rich["answers"][3]].iloc[0].themes == "The bus"
    assert first.site == "Newport" and first.version == "1" and first.questionnaire


def test_nothing_names_a_participant_or_an_interviewer(client, rich):
    for path in ("/answers.csv", "/interviews.csv", "/codings.csv", "/themes.csv", "/workbook.xlsx"):
        response = client.get(base(rich) + path)
        body = response.data
        response.close()
        for secret in (b"CODE0", b"EVERY1", b"Dewi", b"participant_code", b"interviewer"):
            assert secret not in body, f"{secret!r} in {path}"


def test_interviews_come_one_row_each_with_a_column_per_question(client, rich):
    table = read_csv(client.get(base(rich) + "/interviews.csv"))
    assert list(table.columns[:10]) == ["interview_id", "questionnaire", "version", "site", "language", "consent",
                                        "share_words", "started_at", "finished_at", "demo"]
    assert "money_not_good" in table.columns and "dreams" in table.columns and "dream_other" in table.columns
    assert len(table) == 6
    every = table.set_index("interview_id").loc[rich["every"]]
    assert every["dreams"] == "Go to the cinema: With my sister; Go swimming"
    assert every["has_job"] == "[dont_know]" and every["safe_out"] == "[skipped]"
    assert every["job_good"] == "", "not asked is empty"
    assert every["consent"] == "1" and every["share_words"] == ""
    shared = table.set_index("interview_id").loc[rich["interviews"][0]["id"]]
    assert shared["share_words"] == "1" and shared["money_not_good"] == "I never have money for a cup of tea."


def test_themes_and_codings_say_who_gave_what(client, rich):
    table = read_csv(client.get(base(rich) + "/themes.csv")).set_index("words_en")
    assert list(table.columns) == ["theme_id", "words_cy", "description_en", "description_cy", "colour",
                                   "colour_hex", "parent_id", "answers"]
    assert table.loc["Money", "words_cy"] == "Arian" and table.loc["Money", "description_cy"] == "Digon i fyw arno."
    assert table.loc["Money", "answers"] == "2" and table.loc["Money", "colour"] == "green"
    assert table.loc["Money", "colour_hex"] == "#1b7a3a"
    assert table.loc["The bus", "parent_id"] == table.loc["Friends", "theme_id"]
    assert "Arian parod" not in set(table.words_cy), "a merged theme is not in use"
    codings = read_csv(client.get(base(rich) + "/codings.csv"))
    assert list(codings.columns) == ["answer_id", "theme_id", "theme_words", "owner", "created_at", "created_by"]
    own = codings[codings.owner != "group"]
    assert set(own.owner) == {"Sam"} and set(own.theme_words) == {"Friends", "Money"}
    group = codings[codings.owner == "group"]
    assert len(group) == 4 and set(group.created_by) == {"Lee Lead"}


def test_the_excel_workbook_has_a_read_me_and_a_sheet_per_table(client, rich):
    response = client.get(base(rich) + "/workbook.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    body = response.data
    response.close()
    book = openpyxl.load_workbook(io.BytesIO(body))
    try:
        assert book.sheetnames == ["Read me", "Answers", "Interviews", "Themes", "Codings"]
        explained = {(row[0], row[1]) for row in book["Read me"].iter_rows(values_only=True) if len(row) > 1}
        for sheet in ("Answers", "Interviews", "Themes", "Codings"):
            header = [cell.value for cell in book[sheet][1]]
            for column in header[:15]:
                if sheet != "Interviews" or header.index(column) < 10:
                    assert (sheet, column) in explained, f"the Read me explains {sheet}.{column}"
        formulas = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
        assert formulas == [], "no cell is a formula"
        answers = {row[0]: row for row in book["Answers"].iter_rows(values_only=True)}
        assert any(row[10] == "'" + FORMULA for row in answers.values())
    finally:
        book.close()


def test_words_follow_the_language_of_the_page(client, rich):
    client.get("/language/cy")
    table = read_csv(client.get(base(rich) + "/answers.csv"))
    every = table[table.interview_id == rich["every"]].set_index("question_key")
    assert every.loc["money_feel", "answer"] != "Unhappy"
    assert every.loc["money_not_good", "heading"] != "What is not working"
    assert list(table.columns)[0] == "answer_id", "column names stay the same"


def test_a_project_with_nothing_yet_exports_empty_tables_and_no_codebook(client, lead_project):
    project = lead_project["id"]
    page = client.get(f"/projects/{project}/exports/")
    assert "There are no themes yet, so there is no codebook to download." in text(page)
    for path in ("answers", "interviews", "themes", "codings"):
        assert len(read_csv(client.get(f"/projects/{project}/exports/{path}.csv"))) == 0
    response = client.get(f"/projects/{project}/exports/workbook.xlsx")
    assert response.status_code == 200
    response.close()
    redirect = client.get(f"/projects/{project}/exports/codebook.qdc")
    assert redirect.status_code == 302
    assert "There are no themes yet" in text(client.get(redirect.headers["Location"]))


def test_exports_are_for_the_lead_of_the_project_only(client, make, login, rich):
    other = make.lead(name="Other Lead")
    client.post("/signout", data={})
    login.as_lead(other)
    response = client.get(base(rich) + "/answers.csv")
    assert response.status_code == 404
    response.close()


def test_the_same_uuid_never_leaks_across_projects(client, make, rich):
    """Another project's interviews are in none of this project's files."""
    other_world = build_coding_world(make, name="Someone else's", lead=make.lead(name="Other"))
    table = read_csv(client.get(base(rich) + "/answers.csv"))
    assert not set(table.interview_id) & {i["id"] for i in other_world["interviews"]}
    assert str(uuid.UUID(table.interview_id[0]))


def test_downloads_are_named_after_the_project_with_welsh_letters_made_plain(client, lead_project, make, app):
    project = lead_project["id"]
    with app.app_context():
        get_db().execute("update projects set name = ? where id = ?", ["Caffi Llŷn, Ffrindiau", project])
    make.theme(project, lead_project["lead"])
    today = now()[:10]
    names = []
    for path in ("answers.csv", "workbook.xlsx", "codebook.qdc"):
        response = client.get(f"/projects/{project}/exports/{path}")
        names.append(response.headers["Content-Disposition"])
        response.close()
    whole = client.submit(f"/projects/{project}/exports/project", {}, page=f"/projects/{project}/exports/")
    names.append(whole.headers["Content-Disposition"])
    whole.close()
    assert names == [
        f'attachment; filename="peersurvey-caffi-llyn-ffrindiau-answers-{today}.csv"',
        f'attachment; filename="peersurvey-caffi-llyn-ffrindiau-{today}.xlsx"',
        'attachment; filename="peersurvey-caffi-llyn-ffrindiau-codebook.qdc"',
        f"attachment; filename=peersurvey-project-{project}-caffi-llyn-ffrindiau-{today}.zip"]
