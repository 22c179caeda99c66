"""An answer's words can change after they arrive: a lead puts a stored answer right on the
"read an interview" page, anyone coding types up what was said where there are no words.
Every version is kept with who and when, the change is in the audit log, codings stay on
the answer, and withdrawal and the whole-project file deal with the versions too."""
import io
import json

from peersurvey.collect import answer_versions
from peersurvey.db import connect

from ..pages import csrf_token, text
from .conftest import answer, interview, post


def rows(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return [tuple(row) for row in db.execute(sql, params).fetchall()]
    finally:
        db.close()


def stored(client, field, answers, **changes):
    sent = interview(field, answers, **changes)
    assert post(client, field, [sent]).status_code == 200
    return sent, {a["question"]: a["id"] for a in answers}


def words_url(field, sent, answer_id, part=""):
    url = f"/projects/{field['project']}/interviews/{sent['id']}/answers/{answer_id}/words"
    return url + (f"?part={part}" if part else "")


def value_of(app, answer_id):
    return json.loads(rows(app, "select value from answers where id = ?", [answer_id])[0][0])


def save(client, url, words, **more):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    before = page.soup.select_one("input[name=before]")["value"]
    return client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)), "words": words,
                                  "before": before, **more})


def test_a_lead_corrects_a_free_text_answer_and_its_history_is_kept(client, field, login, app):
    login.as_lead(field["lead"])
    sent, ids = stored(client, field, [answer("money_not_good", "I nevr have mony for tea.")])
    read = client.get(f"/projects/{field['project']}/interviews/{sent['id']}")
    link = read.soup.select_one("#answer-money_not_good .words-tools__change")
    assert link.get_text(strip=True) == "Correct the words"
    assert not read.soup.select(".words-tools__earlier"), "no earlier words before a change"
    saved = save(client, link["href"], "I never have money for tea.")
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#answer-money_not_good")
    assert value_of(app, ids["money_not_good"]) == "I never have money for tea."
    read = client.get(f"/projects/{field['project']}/interviews/{sent['id']}")
    assert "The words are saved. The words before are kept." in text(read)
    answer_box = read.soup.select_one("#answer-money_not_good")
    assert "I never have money for tea." in answer_box.select_one(".read-answer__words").get_text()
    earlier = answer_box.select_one(".words-tools__earlier")
    versions = [li.get_text(" ", strip=True) for li in earlier.select(".word-versions__item")]
    assert len(versions) == 2
    assert "Sent from the tablet by Dewi" in versions[0] and "I nevr have mony for tea." in versions[0]
    assert "Put right by Lee Lead" in versions[1] and "I never have money for tea." in versions[1]
    with app.test_request_context():
        history = answer_versions.history(ids["money_not_good"])
    assert [(v["why"], v["words"], v["name"]) for v in history] == [
        ("sent", "I nevr have mony for tea.", "Dewi"), ("corrected", "I never have money for tea.", "Lee Lead")]
    audit = rows(app, "select action, person_id, detail from audit_log where action like 'answer.%'")
    assert len(audit) == 1 and audit[0][:2] == ("answer.corrected", field["lead"]["id"])
    assert "tea" not in audit[0][2], "the audit log names the change, never the words"
    assert "Put right the words of participant K7P4QX." in text(client.get(f"/projects/{field['project']}/history"))


def test_codings_votes_and_quotes_stay_on_a_corrected_answer(client, field, login, app, make):
    login.as_lead(field["lead"])
    sent, ids = stored(client, field, [answer("money_not_good", "Too expnsive")])
    theme = make.theme(field["project"], field["lead"])
    db = connect(app.config["DATABASE"])
    db["codings"].insert({"project_id": field["project"], "answer_id": ids["money_not_good"], "theme_id": theme, "owner": 0,
                          "created_at": "2026-11-26T10:00:00+00:00", "created_by": field["lead"]["id"]})
    db["quotes"].insert({"project_id": field["project"], "answer_id": ids["money_not_good"], "marked_at": "2026-11-26T10:00:00+00:00",
                         "marked_by": field["lead"]["id"]})
    db.close()
    assert save(client, words_url(field, sent, ids["money_not_good"]), "Too expensive").status_code == 302
    assert rows(app, "select theme_id from codings where answer_id = ?", [ids["money_not_good"]]) == [(theme,)]
    assert rows(app, "select count(*) from quotes where answer_id = ?", [ids["money_not_good"]]) == [(1,)]
    csv = client.get(f"/projects/{field['project']}/exports/answers.csv").get_data(as_text=True)
    assert "Too expensive" in csv and "Too expnsive" not in csv


def test_a_short_text_answer_and_each_dream_can_be_put_right_but_a_number_or_a_choice_cannot(
        client, field, login, app):
    login.as_lead(field["lead"])
    sent, ids = stored(client, field, [
        answer("age", 34), answer("town", "Pontypol"), answer("my_choices", "yes"),
        answer("dreams", [{"option": "cinema", "text": "With my sistr"}, {"option": "swimming", "text": ""}])])
    read = client.get(f"/projects/{field['project']}/interviews/{sent['id']}")
    for key in ("age", "my_choices"):
        assert not read.soup.select(f"#answer-{key} .words-tools"), key
    dream_links = read.soup.select("#answer-dreams .words-tools__change")
    assert [a.get_text(strip=True) for a in dream_links] == ["Correct the words", "Type what they said"]
    assert dream_links[1]["aria-label"].startswith("Type what they said")
    assert save(client, words_url(field, sent, ids["town"]), "Pont-y-pŵl").status_code == 302
    assert value_of(app, ids["town"]) == "Pont-y-pŵl"
    assert save(client, dream_links[0]["href"], "With my sister").status_code == 302
    assert save(client, dream_links[1]["href"], "Every week, with my friends").status_code == 302
    assert value_of(app, ids["dreams"]) == [{"option": "cinema", "text": "With my sister"},
                                            {"option": "swimming", "text": "Every week, with my friends"}]
    assert rows(app, "select part, why from answer_versions where answer_id = ? order by id", [ids["dreams"]]) == [
        ("cinema", "sent"), ("cinema", "corrected"), ("swimming", "sent"), ("swimming", "typed_up")]
    # A number, a yes/no and a picture that was not chosen: refused plainly, nothing changed.
    for url in (words_url(field, sent, ids["age"]), words_url(field, sent, ids["my_choices"]),
                words_url(field, sent, ids["dreams"], "bowling")):
        refused = client.get(url)
        assert refused.status_code == 302
        page = client.get(refused.headers["Location"])
        assert ("This answer was chosen, not typed, so its words cannot be changed." in text(page)
                or "That part of the answer is not here." in text(page)), url
    token = csrf_token(read.get_data(as_text=True))
    posted = client.post(words_url(field, sent, ids["my_choices"]), data={"csrf_token": token, "words": "no"})
    assert posted.status_code == 302 and value_of(app, ids["my_choices"]) == "yes"
    assert value_of(app, ids["age"]) == 34


def test_bad_words_get_a_plain_answer_and_change_nothing(client, field, login, app):
    login.as_lead(field["lead"])
    sent, ids = stored(client, field, [answer("money_not_good", "Some words"), answer("town", "Cardiff")])
    url, town = words_url(field, sent, ids["money_not_good"]), words_url(field, sent, ids["town"])
    cases = [(url, "   ", "Type the words they said. The box cannot be empty."),
             (url, "x" * 5001, "These words are too long for this question. Make them shorter."),
             (town, "x" * 201, "These words are too long for this question. Make them shorter."),
             (url, "Hidden\u202ewords", "This has a hidden or unusual character in it."),
             (url, "x" * 20_000, "This is too long. Make it shorter and try again.")]
    for target, words, message in cases:
        refused = save(client, target, words)
        assert refused.status_code == 400, words[:10]
        assert message in text(refused), words[:10]
        assert refused.soup.select(".error-summary a[href='#words']")
    assert value_of(app, ids["money_not_good"]) == "Some words" and value_of(app, ids["town"]) == "Cardiff"
    # The same words again: nothing to keep.
    same = save(client, url, "Some   words")
    assert same.status_code == 302
    assert "Nothing was changed" in text(client.get(same.headers["Location"]))
    assert rows(app, "select count(*) from answer_versions") == [(0,)]
    # No CSRF token: refused.
    assert client.post(url, data={"words": "Other words"}).status_code == 400
    assert value_of(app, ids["money_not_good"]) == "Some words"


def test_words_changed_by_someone_else_meanwhile_are_not_written_over(client, field, login, app):
    login.as_lead(field["lead"])
    sent, ids = stored(client, field, [answer("money_not_good", "First words")])
    url = words_url(field, sent, ids["money_not_good"])
    page = client.get(url)
    with app.test_request_context():
        answer_versions.change_words(ids["money_not_good"], "", "Their words", field["coder"]["id"], "typed_up")
    refused = client.post(url, data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                     "words": "My words", "before": "First words"})
    assert refused.status_code == 400
    assert "Someone else changed these words while you were typing." in text(refused)
    assert refused.soup.select_one("textarea#words").get_text() == "My words"
    assert "Their words" in refused.soup.select_one("blockquote").get_text()
    assert value_of(app, ids["money_not_good"]) == "Their words"
    # Saved again from the page as it now is, the lead's words are kept too.
    again = client.post(url, data={"csrf_token": csrf_token(refused.get_data(as_text=True)), "words": "My words",
                                   "before": refused.soup.select_one("input[name=before]")["value"]})
    assert again.status_code == 302 and value_of(app, ids["money_not_good"]) == "My words"


def test_an_answer_of_another_project_or_interview_is_not_found(client, field, login, make):
    lead = make.lead(name="Other Lead")
    other_project = make.project(lead, "Other")
    sent, ids = stored(client, field, [answer("money_not_good", "Words")])
    other = interview(field, [answer("town", "Cardiff")])
    post(client, field, [other])
    login.as_lead(lead)
    assert client.get(words_url(dict(field, project=other_project), sent, ids["money_not_good"])).status_code == 404
    assert client.get(words_url(field, sent, ids["money_not_good"])).status_code == 404
    login.as_lead(field["lead"])
    assert client.get(words_url(field, other, ids["money_not_good"])).status_code == 404, "another interview's id"
    assert client.get(words_url(field, sent, "no-such-answer")).status_code == 404


def test_withdrawal_erases_every_version_of_the_words(client, field, login, app):
    login.as_lead(field["lead"])
    sent, ids = stored(client, field, [answer("money_not_good", "Words one")])
    keep, kept_ids = stored(client, field, [answer("money_not_good", "Not withdrawn")], participant_code="ZZZZ99")
    with app.test_request_context():
        answer_versions.change_words(ids["money_not_good"], "", "Words two", field["lead"]["id"], "corrected")
        answer_versions.change_words(kept_ids["money_not_good"], "", "Still here", field["lead"]["id"], "corrected")
    assert rows(app, "select count(*) from answer_versions") == [(4,)]
    page = client.get(f"/projects/{field['project']}/interviews/{sent['id']}")
    client.post(f"/projects/{field['project']}/interviews/withdraw",
                data={"csrf_token": csrf_token(page.get_data(as_text=True)), "code": "K7P4QX",
                      "interview": sent["id"], "confirm": "yes"})
    assert rows(app, "select count(*) from answers where id = ?", [ids["money_not_good"]]) == [(0,)]
    assert rows(app, "select answer_id, words from answer_versions order by id") == [
        (kept_ids["money_not_good"], "Not withdrawn"), (kept_ids["money_not_good"], "Still here")]
    # The history says whose words were put right, until that person is taken out.
    history = [li.get_text(" ", strip=True) for li in
               client.get(f"/projects/{field['project']}/history").soup.select("main tbody tr")]
    assert any("Put right the words of participant ZZZZ99." in entry for entry in history)
    assert any("Put right the words of a participant who has since been taken out of the research." in entry
               for entry in history)
    assert not any("K7P4QX" in entry for entry in history)
    assert rows(app, "select count(*) from audit_log where detail like '%K7P4QX%'") == [(0,)]


def test_the_whole_project_file_carries_the_versions(client, field, login, app, make):
    login.as_lead(field["lead"])
    sent, ids = stored(client, field, [answer("money_not_good", "Speling")])
    with app.test_request_context():
        answer_versions.change_words(ids["money_not_good"], "", "Spelling", field["lead"]["id"], "corrected")
    page = client.get(f"/projects/{field['project']}/exports/")
    with client.post(f"/projects/{field['project']}/exports/project",
                     data={"csrf_token": csrf_token(page.get_data(as_text=True))}) as exported:
        assert exported.status_code == 200, exported.status_code
        zipped = exported.data
    other = make.lead(name="New Lead", email="new@example.org")
    login.as_lead(other)
    brought = client.submit("/projects/import", {"project_file": (io.BytesIO(zipped), "project.zip")})
    assert brought.status_code == 302, text(brought)
    new_project = rows(app, "select max(id) from projects")[0][0]
    versions = rows(app, """select v.words, v.why, v.part from answer_versions v join answers a on a.id = v.answer_id
                            join interviews i on i.id = a.interview_id where i.project_id = ? order by v.id""",
                    [new_project])
    assert versions == [("Speling", "sent", ""), ("Spelling", "corrected", "")]
