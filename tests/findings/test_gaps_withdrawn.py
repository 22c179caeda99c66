"""After a participant is withdrawn their words are on no poster, not in the booklet and not
on the shared "you said, we did" page, and every count made from them drops: the themes
chart, the posters, the booklet and the shared page all agree with SQL counts made here."""
import pytest

from peersurvey.collect import queries as interview_queries

from ..pages import text
from ..theme.conftest import TEXTS
from .test_actions import make_link, stranger
from .test_charts import independent_counts, table
from .test_posters import build_poster_world, pdf_text

SPEAKER = "CODE00"   # said TEXTS[0], agreed it could be shared; it is a marked quote for My money
WORDS = TEXTS[0]


@pytest.fixture
def world(make):
    return build_poster_world(make)


def everything_shared(client, app, world, link):
    """The money poster's text, the booklet's text, the shared page's words, the themes table."""
    base = f"/projects/{world['project']}"
    [poster] = pdf_text(client.get(f"{base}/posters/{world['money']}.pdf?size=A4").data)
    booklet = " ".join(pdf_text(client.get(f"{base}/posters/booklet.pdf").data))
    shared = stranger(app).get(link)
    assert shared.status_code == 200
    return poster, booklet, text(shared), table(client.get(f"{base}/findings/themes"))


def test_a_withdrawn_persons_words_and_counts_leave_every_shared_thing(client, login, world, app):
    login.as_lead(world["lead"])
    _response, link = make_link(client, world)
    poster, booklet, shared, themes = everything_shared(client, app, world, link)
    # Before: their quote is on the poster and in the booklet, and they are counted.
    assert f"“{WORDS}”" in poster and WORDS in booklet
    before = independent_counts(app, world["project"])
    assert themes["My money"] == [before["My money"][0]] == [4]
    assert "4 people talked about this." in poster and "4 people talked about this." in shared

    with app.app_context():
        assert interview_queries.withdraw(world["project"], SPEAKER) == 1

    poster, booklet, shared, themes = everything_shared(client, app, world, link)
    after = independent_counts(app, world["project"])
    assert after["My money"] == (3, 3) and after["Going out"] == before["Going out"]
    assert WORDS not in poster and WORDS not in booklet and WORDS not in shared
    assert SPEAKER not in poster + booklet + shared
    assert themes == {"My money": [after["My money"][0]], "Going out": [after["Going out"][0]], "Time on my own": [0]}
    assert "3 people talked about this." in poster and "3 people talked about this." in shared
    assert "4 people talked about this." not in poster + booklet + shared
    # The other quote that may be shared is still there: the poster was drawn again, not emptied.
    assert f"“{TEXTS[1]}”" in poster and TEXTS[1] in booklet
    assert "We talked to 4 people." in booklet
