"""Posters keep one language: quotes given in the poster's language come first, and a quote
given in the other language says so ("(in Welsh)", "(yn Saesneg)"; lang on the page), never
passing for a translation."""
import pytest

from peersurvey.db import get_db

from ..theme.conftest import TEXTS
from .test_posters import build_poster_world, pdf_text, url


@pytest.fixture
def mixed_world(make):
    """The poster world, where the person who said TEXTS[0] was interviewed in Welsh and
    everyone else in English, and TEXTS[0] was the first quote marked."""
    world = build_poster_world(make)
    with make.app.test_request_context():
        db = get_db()
        db.execute("update interviews set language = 'en' where project_id = ?", [world["project"]])
        db.execute("update interviews set language = 'cy' where id = (select interview_id from answers where id = ?)",
                   [world["answers"][0]])
        # The Welsh quote was marked first, so only a preference for English puts it second.
        db.execute("update quotes set marked_at = '2026-01-01T00:00:00+00:00' where answer_id = ?",
                   [world["answers"][0]])
        db.conn.commit()
    return world


def test_an_english_poster_marks_a_welsh_quote_and_puts_english_quotes_first(client, login, mixed_world):
    login.as_lead(mixed_world["lead"])
    [poster] = pdf_text(client.get(url(mixed_world, f"{mixed_world['money']}.pdf?lang=en")).data)
    assert f"“{TEXTS[0]}” (in Welsh)" in poster, poster
    assert f"“{TEXTS[1]}” (in" not in poster, "a quote in the poster's language has no label"
    assert poster.index(TEXTS[1]) < poster.index(TEXTS[0]), "quotes in the poster's language come first"


def test_a_welsh_poster_marks_an_english_quote_and_puts_welsh_quotes_first(client, login, mixed_world):
    login.as_lead(mixed_world["lead"])
    [poster] = pdf_text(client.get(url(mixed_world, f"{mixed_world['money']}.pdf?lang=cy")).data)
    assert f"“{TEXTS[1]}” (yn Saesneg)" in poster, poster
    assert f"“{TEXTS[0]}” (yn" not in poster
    assert poster.index(TEXTS[0]) < poster.index(TEXTS[1])


def test_the_posters_page_marks_each_quote_with_its_language(client, login, mixed_world):
    login.as_lead(mixed_world["lead"])
    page = client.get(url(mixed_world))
    quotes = {span["lang"]: span for span in page.soup.select("main li > span[lang]")}
    welsh, english = quotes["cy"], quotes["en"]
    assert TEXTS[0] in welsh.get_text() and "(in Welsh)" in welsh.parent.get_text()
    assert TEXTS[1] in english.get_text() and "(in" not in english.parent.get_text()


def test_a_welsh_booklet_labels_what_we_are_doing_written_only_in_english(client, login, mixed_world):
    login.as_lead(mixed_world["lead"])
    client.submit(f"/projects/{mixed_world['project']}/you-said-we-did/",
                  {f"did_{mixed_world['out']}_en": "We asked the bus company for a late bus."})
    english = pdf_text(client.get(url(mixed_world, "booklet.pdf?lang=en")).data)[-1]
    assert "We asked the bus company for a late bus." in english and "(in" not in english
    welsh = pdf_text(client.get(url(mixed_world, "booklet.pdf?lang=cy")).data)[-1]
    assert "We asked the bus company for a late bus. (yn Saesneg)" in welsh, welsh
