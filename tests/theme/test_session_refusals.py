"""A refused new theme or change of answers comes back with what the person typed or
ticked, and its message, so they can put it right instead of starting again."""
from ..pages import text
from .session_helpers import press, start

TOO_LONG = "Getting to the shops and the doctor on the bus"   # over 40 letters


def test_a_refused_new_theme_keeps_the_words_typed(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    refused = press(client, coding, session_id, "new-theme", answer_id=coding["answers"][0], words=TOO_LONG)
    assert refused.status_code == 400 and refused.headers["X-Fragment"] == "1"
    box = refused.soup.select_one("#new-theme-words")
    assert box["value"] == TOO_LONG and box["aria-invalid"] == "true"
    assert "new-theme-error" in box["aria-describedby"]
    assert "Theme words can be up to 40 letters long." in refused.soup.select_one("#new-theme-error").get_text()
    # Without JavaScript the page comes back with the words too.
    plain = press(client, coding, session_id, "new-theme", live_request=False,
                  answer_id=coding["answers"][0], words=TOO_LONG)
    assert plain.status_code == 400 and plain.soup.select_one("#new-theme-words")["value"] == TOO_LONG
    # A theme that is made leaves the box empty for the next one.
    made = press(client, coding, session_id, "new-theme", answer_id=coding["answers"][0], words="Buses")
    assert made.status_code == 200 and not made.soup.select_one("#new-theme-words").get("value")


def test_a_refused_change_of_answers_keeps_the_ticks(client, login, coding, app):
    session_id = start(app, coding)
    login.as_lead(coding["lead"])
    refused = press(client, coding, session_id, "filters", questions=["money_feel"], heading="not_working",
                    site="Torfaen", uncoded="y")
    assert refused.status_code == 400
    soup = refused.soup
    assert soup.select_one(".session-filters").has_attr("open"), "the choices stay open to put right"
    assert {i["value"] for i in soup.select("input[name=questions][checked]")} == {"money_feel"}
    assert soup.select_one("input[name=heading][checked]")["value"] == "not_working"
    assert soup.select_one("select[name=site] option[selected]")["value"] == "Torfaen"
    assert soup.select_one("input[name=uncoded]").has_attr("checked")
    assert "None of the questions you ticked sit under that heading." in soup.select_one("#filter-questions-error").get_text()
    assert "Answer 1 of 5" in text(refused), "the session goes on as it was"
