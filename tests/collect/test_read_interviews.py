"""A lead lists the interviews (by interviewer, place, questionnaire and day, a page at a
time), reads one with every answer in the language it was asked in, and withdraws the
person from there. Nobody else may."""
from peersurvey.db import connect

from ..pages import text
from .conftest import DEMO, interview, post


def base(field):
    return f"/projects/{field['project']}/interviews"


def rows(response):
    return response.soup.select("table.interview-list tbody tr")


def count(app, sql, params=()):
    db = connect(app.config["DATABASE"])
    try:
        return db.execute(sql, params).fetchone()[0]
    finally:
        db.close()


def test_a_lead_reads_every_answer_in_the_language_the_interview_was_in(client, field, login):
    login.as_lead(field["lead"])
    sent = interview(field)     # in Welsh, one answer of each kind, "I don't know" and a skip
    post(client, field, [sent])
    page = client.get(f"{base(field)}/{sent['id']}")
    assert page.status_code == 200
    words = text(page)
    assert "Interview with participant K7P4QX" in words
    assert "Cymraeg" in words and "Dewi" in words
    items = {li.select_one(".read-answer__asked").get_text(strip=True): li for li in page.soup.select(".read-answer")}
    # Every question of the version, in its order, in Welsh, marked as Welsh on an English page.
    assert list(items)[0] == "Faint yw eich oed chi?"
    assert len(items) == len(DEMO["questions"])
    money = items["Pwy sy'n edrych ar ôl eich arian chi?"]
    assert money.select_one(".read-answer__question")["lang"] == "cy"
    assert money.select_one(".read-answer__choice").get_text(strip=True) == "Fy nheulu"
    picture = money.select_one(".read-answer__chosen img")
    assert picture["src"].startswith("/static/") and picture.has_attr("alt")
    assert money.select_one(".read-answer__question img")["alt"], "the question's picture has words"
    dreams = items["Edrychwch ar y lluniau. Beth hoffech chi ei wneud?"]
    assert "Mynd i'r sinema" in dreams.get_text() and "With my sister" in dreams.get_text()
    assert "Pont-y-pŵl" in items["Ym mha dref rydych chi'n byw?"].get_text()
    assert "I don't know" in items["Oes gennych chi swydd?"].get_text()
    assert "I don't want to say" in items["Ydych chi'n teimlo'n ddiogel pan fyddwch chi'n mynd allan?"].get_text()
    assert "Not asked" in items["Beth sy'n dda am eich swydd chi?"].get_text()


def test_a_welsh_page_needs_no_lang_mark_on_a_welsh_interview(client, field, login):
    login.as_lead(field["lead"])
    sent = interview(field)
    post(client, field, [sent])
    client.get("/language/cy")
    page = client.get(f"{base(field)}/{sent['id']}")
    assert "Cyfweliad gyda chyfranogwr K7P4QX" in text(page)
    assert not page.soup.select(".read-answers [lang]")


def test_the_list_filters_by_interviewer_place_questionnaire_and_day(client, field, login, make, app):
    login.as_lead(field["lead"])
    other = make.member(field["project"], "Alaw", ("interviewer",))
    make.interview(field["project"], field["version"], field["interviewer"], site="Cardiff",
                   participant_code="AAAA11", started_at="2026-06-30T23:30:00+00:00")   # 1 July in Wales
    make.interview(field["project"], field["version"], other, site="Newport", participant_code="BBBB22",
                   started_at="2026-07-02T09:00:00+01:00")
    make.interview(field["project"], field["version"], other, site="Cardiff", participant_code="CCCC33",
                   started_at="2026-07-03T09:00:00+00:00", demo=1)

    def codes(**query):
        response = client.get(f"{base(field)}/list", query_string=query)
        assert response.status_code == 200
        return [row.select("td")[4].get_text(strip=True) for row in rows(response)]

    assert codes() == ["CCCC33", "BBBB22", "AAAA11"]
    assert codes(interviewer=other["id"]) == ["CCCC33", "BBBB22"]
    assert codes(site="Cardiff") == ["CCCC33", "AAAA11"]
    assert codes(start="2026-07-01", end="2026-07-01") == ["AAAA11"]
    assert codes(start="2/7/2026") == ["CCCC33", "BBBB22"]
    assert codes(end="2026-07-02") == ["BBBB22", "AAAA11"]
    assert codes(questionnaire=field["questionnaire"], interviewer=other["id"], site="Newport") == ["BBBB22"]
    listed = client.get(f"{base(field)}/list")
    first = rows(listed)[0]
    assert "3 July 2026" in first.get_text() and "Demo" in first.get_text()
    assert "Alaw" in first.get_text() and "What matters to you" in first.get_text()
    read = first.select_one("a")["href"]
    assert "CCCC33" in text(client.get(read))


def test_the_list_comes_a_page_at_a_time_keeping_the_filters(client, field, login, make):
    login.as_lead(field["lead"])
    for number in range(120):
        make.interview(field["project"], field["version"], field["interviewer"], site="Cardiff",
                       started_at=f"2026-07-01T{number // 60:02d}:{number % 60:02d}:00+00:00")
    first = client.get(f"{base(field)}/list", query_string={"site": "Cardiff"})
    assert "120 interviews" in text(first) and "Page 1 of 3" in text(first)
    assert len(rows(first)) == 50
    next_page = first.soup.select_one(".pager a.button:not(.button--secondary)")["href"]
    assert "site=Cardiff" in next_page and "page=2" in next_page
    last = client.get(f"{base(field)}/list", query_string={"site": "Cardiff", "page": 3})
    assert len(rows(last)) == 20 and "Page 3 of 3" in text(last)
    assert "Page 3 of 3" in text(client.get(f"{base(field)}/list", query_string={"page": 99}))


BAD_FILTERS = [
    ({"interviewer": "abc"}, "Choose from the list."),
    ({"interviewer": "999999"}, "Choose from the list."),
    ({"interviewer": "9" * 40}, "Choose from the list."),
    ({"site": "Nowhere"}, "Choose from the list."),
    ({"questionnaire": "-1"}, "Choose from the list."),
    ({"start": "2026-13-45"}, "That is not a date. Choose the day again."),
    ({"start": "9999-12-31"}, "That is not a date. Choose the day again."),
    ({"end": "tomorrow"}, "That is not a date. Choose the day again."),
    ({"start": "2026-07-02", "end": "2026-07-01"}, "The ‘To’ date is before the ‘From’ date."),
    ({"page": "0"}, "Pages start at 1."),
    ({"page": "x"}, "Type a whole number, like 25."),
    ({"page": str(10 ** 30)}, "Type a whole number, like 25."),
]


def test_a_bad_filter_gets_a_plain_message_not_an_error_page(client, field, login):
    # One test over every case: each would otherwise sign in again, and signing in is slow on purpose.
    login.as_lead(field["lead"])
    for query, message in BAD_FILTERS:
        response = client.get(f"{base(field)}/list", query_string=query)
        assert response.status_code == 400, query
        assert message in text(response), query
        assert response.soup.select(".error-summary a"), query


def test_an_interview_of_another_project_or_none_is_not_found(client, field, login, make):
    lead = make.lead(name="Other Lead")
    other_project = make.project(lead, "Other")
    sent = interview(field)
    post(client, field, [sent])
    login.as_lead(lead)
    for url in (f"/projects/{other_project}/interviews/{sent['id']}", f"{base(field)}/{sent['id']}",
                f"/projects/{other_project}/interviews/no-such-interview"):
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that page" in text(response)


def test_coders_and_interviewers_on_a_tablet_cannot_read_interviews(client, field, login):
    sent = interview(field)
    post(client, field, [sent])
    for person in (field["coder"], field["interviewer"]):
        login.as_tablet_person(field["tablet"], person)
        for url in (f"{base(field)}/list", f"{base(field)}/{sent['id']}"):
            response = client.get(url)
            assert response.status_code == 403
            assert "K7P4QX" not in response.get_data(as_text=True)


def test_withdrawing_from_an_interview_asks_first_then_goes_back_to_the_list(client, field, login, app):
    login.as_lead(field["lead"])
    theirs, other = interview(field, participant_code="WXYZ22"), interview(field, participant_code="ABCD23")
    post(client, field, [theirs, other])
    page = f"{base(field)}/{theirs['id']}"
    confirm = client.submit(f"{base(field)}/withdraw", {"code": "WXYZ22", "interview": theirs["id"]}, page=page)
    assert "Erase everything participant WXYZ22 said?" in text(confirm)
    assert confirm.soup.select_one("a.button--secondary")["href"] == page, "No goes back to the interview"
    assert count(app, "select count(*) from interviews") == 2, "nothing is erased before the lead confirms"
    done = client.submit(f"{base(field)}/withdraw", {"code": "WXYZ22", "interview": theirs["id"], "confirm": "yes"},
                         page=page)
    assert done.headers["Location"] == f"{base(field)}/list"
    listed = client.get(done.headers["Location"])
    assert "Everything participant WXYZ22 said has been erased." in text(listed)
    assert [row.select("td")[4].get_text(strip=True) for row in rows(listed)] == ["ABCD23"]
    assert count(app, "select count(*) from interviews where participant_code = 'WXYZ22'") == 0
    assert client.get(page).status_code == 404


def test_the_interviews_page_links_to_the_list(client, field, login):
    login.as_lead(field["lead"])
    post(client, field, [interview(field)])
    page = client.get(f"{base(field)}/")
    assert page.soup.find("a", string="Read the interviews")["href"] == f"{base(field)}/list"


def test_a_page_of_interviews_is_found_in_index_order_without_sorting_them_all(app, field):
    from peersurvey.collect import reading
    from peersurvey.db import get_db
    with app.test_request_context():
        for filters, index in (({}, "interviews_project_started"),
                               ({"interviewer": 1}, "interviews_project_interviewer_started")):
            where, params = reading._where(field["project"], filters)
            plan = " ".join(row[3] for row in get_db().execute(
                f"explain query plan select i.id from interviews i where {where} "
                f"order by {reading.STARTED} desc, i.id desc limit 50", params))
            assert f"USING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
