"""Posters and the findings booklet: the PDF opens and holds the theme's words, how many
people talked about it and only quotes whose speaker agreed to share them; A4 and A3 are
the right size (checked with pdftoppm too); PNGs; Welsh; empty projects; bad addresses."""
import io
import re
import shutil
import subprocess

import pypdfium2
import pytest
from PIL import Image

from peersurvey.db import get_db, now
from peersurvey.theme import themes

from ..pages import text
from ..theme.conftest import TEXTS, build_coding_world

A4_POINTS, A3_POINTS = (595.28, 841.89), (841.89, 1190.55)


def build_poster_world(make, name="Better Lives"):
    """The coding world (5 interviews; the first three agreed their words could be shared)
    with three themes: My money (4 people, a library picture, quotes from a person who
    agreed and one who did not), Going out (2 people, no picture) and Time on my own (nobody)."""
    world = build_coding_world(make, name)
    project, lead = world["project"], world["lead"]
    with make.app.test_request_context():
        # This project's answers only: a live server's database holds many worlds.
        answers = [row[0] for row in get_db().execute(
            """select a.id from answers a join interviews i on i.id = a.interview_id
               where i.project_id = ? and a.question = 'money_not_good' order by i.started_at""", [project])]
        money = themes.add(project, lead["id"], {"en": "My money", "cy": "Fy arian"}, colour="green",
                           picture="openmoji:1F45B")
        out = themes.add(project, lead["id"], {"en": "Going out", "cy": "Mynd i'r dŵr"}, colour="purple")
        alone = themes.add(project, lead["id"], {"en": "Time on my own", "cy": "Amser ar fy mhen fy hun"},
                           colour="teal", picture="openmoji:1F9CD")
        db = get_db()
        for theme_id, coded in ((money, answers[:4]), (out, answers[2:4])):
            for answer_id in coded:
                db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                              values (?, ?, ?, 0, ?, ?)""", [project, answer_id, theme_id, now(), lead["id"]])
        # answers[3]'s speaker did not agree: a quote marked anyway must never be shown.
        for answer_id in (answers[0], answers[1], answers[3]):
            db["quotes"].insert({"answer_id": answer_id, "project_id": project, "marked_at": now(),
                                 "marked_by": lead["id"]})
        db.conn.commit()
    return dict(world, answers=answers, money=money, out=out, alone=alone)


@pytest.fixture
def posters_world(make):
    return build_poster_world(make)


def pdf_text(data):
    document = pypdfium2.PdfDocument(data)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(" ".join(textpage.get_text_range().split()))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def page_size(data, index=0):
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[index]
        size = page.get_size()
        page.close()
        return size
    finally:
        document.close()


def url(world, tail=""):
    return f"/projects/{world['project']}/posters/{tail}"


def test_a_poster_holds_the_theme_the_people_and_only_shareable_quotes(client, login, posters_world):
    login.as_lead(posters_world["lead"])
    response = client.get(url(posters_world, f"{posters_world['money']}.pdf?size=A4"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename=poster-{posters_world["money"]}-my-money-en-a4.pdf'
    [poster] = pdf_text(response.data)
    assert "My money" in poster
    assert "4 people talked about this." in poster
    assert f"“{TEXTS[0]}”" in poster and f"“{TEXTS[1]}”" in poster
    assert TEXTS[3] not in poster, "a quote from a person who did not agree must never be on a poster"
    assert "What people told us" in poster and "Better Lives" in poster
    assert "CODE" not in poster and "Dewi" not in poster, "no participant codes, no names"
    assert page_size(response.data) == pytest.approx(A4_POINTS, abs=0.5)


def test_a3_is_the_same_poster_bigger(client, login, posters_world):
    login.as_lead(posters_world["lead"])
    a4 = client.get(url(posters_world, f"{posters_world['money']}.pdf?size=A4")).data
    a3 = client.get(url(posters_world, f"{posters_world['money']}.pdf?size=a3")).data
    assert page_size(a3) == pytest.approx(A3_POINTS, abs=0.5)
    assert pdf_text(a3) == pdf_text(a4)


@pytest.mark.parametrize("size, pixels", [("A4", (413, 585)), ("A3", (585, 827))])
def test_pdftoppm_draws_the_poster_at_the_paper_size(client, login, posters_world, tmp_path, size, pixels):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed here: apt-get install poppler-utils (CI has it)")
    login.as_lead(posters_world["lead"])
    (tmp_path / "poster.pdf").write_bytes(client.get(url(posters_world, f"{posters_world['out']}.pdf?size={size}")).data)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "poster.pdf", "page"],
                   cwd=tmp_path, check=True, capture_output=True)
    [png] = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        width, height = image.size
        assert abs(width - pixels[0]) <= 1 and abs(height - pixels[1]) <= 1
        # Not a blank page: the theme's colour band is at the top.
        assert image.convert("RGB").getpixel((width // 2, 5)) == pytest.approx((0x6b, 0x3f, 0xa0), abs=3)


def test_the_png_poster_is_the_a4_page_at_150_dpi_and_a_thumbnail(client, login, posters_world):
    login.as_lead(posters_world["lead"])
    response = client.get(url(posters_world, f"{posters_world['money']}.png"))
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=poster-")
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.size == (1240, 1754)
    thumbnail = client.get(url(posters_world, f"{posters_world['money']}.png?thumbnail=1"))
    assert thumbnail.headers["Content-Disposition"].startswith("inline")
    with Image.open(io.BytesIO(thumbnail.data)) as image:
        assert image.size[0] == 360


def test_each_thumbnail_is_drawn_once_until_something_on_it_changes(client, login, posters_world, app):
    """A page of thumbnails asks for each again on every visit: each is drawn (quotes looked
    up, a PDF made, pdfium run) once, and again only after a change."""
    quote_lookups = []

    @app.before_request
    def watch_queries():
        get_db().conn.set_trace_callback(
            lambda sql: quote_lookups.append(sql) if "from quotes q" in sql else None)

    login.as_lead(posters_world["lead"])
    project, money = posters_world["project"], posters_world["money"]
    thumbnails = [img["src"] for img in client.get(url(posters_world, "")).soup.select(".theme-grid img")]
    assert len(thumbnails) == 3
    del quote_lookups[:]
    first = [client.get(src).data for src in thumbnails]
    assert len(quote_lookups) == 3, "each poster drawn once"
    again = [client.get(src).data for src in thumbnails]
    assert again == first and len(quote_lookups) == 3, "the second visit draws nothing"
    with app.test_request_context():
        theme = themes.get(project, money)
        themes.change(project, posters_world["lead"]["id"], money, {"en": "Cash", "cy": "Arian parod"}, {},
                      theme["colour"], theme["picture"], None)
    changed = client.get(thumbnails[0])
    assert changed.data != first[0] and len(quote_lookups) == 4, "a renamed theme is drawn again"
    assert [client.get(src).data for src in thumbnails[1:]] == first[1:], "the others are kept"


def test_a_welsh_poster_has_the_welsh_words_with_their_accents(client, login, posters_world):
    login.as_lead(posters_world["lead"])
    response = client.get(url(posters_world, f"{posters_world['out']}.pdf?lang=cy"))
    [poster] = pdf_text(response.data)
    assert "Mynd i'r dŵr" in poster
    assert response.headers["Content-Disposition"].endswith("-mynd-ir-dwr-cy-a4.pdf")
    # The page's language is the default: a Welsh page gives Welsh posters.
    client.get("/language/cy")
    [poster] = pdf_text(client.get(url(posters_world, f"{posters_world['money']}.pdf")).data)
    assert "Fy arian" in poster and "My money" not in poster


def test_a_theme_nobody_talked_about_still_makes_a_poster(client, login, posters_world):
    login.as_lead(posters_world["lead"])
    [poster] = pdf_text(client.get(url(posters_world, f"{posters_world['alone']}.pdf")).data)
    assert "Time on my own" in poster and "Nobody has talked about this yet." in poster


def test_long_words_and_quotes_stay_on_the_page(client, login, make, app):
    world = build_coding_world(make)
    long_words = "Getting about on buses trains and taxis"
    long_quote = "I would like to go to the cinema on a Saturday night " * 6
    with app.test_request_context():
        theme_id = themes.add(world["project"], world["lead"]["id"], {"en": long_words})
        db = get_db()
        db.execute("update answers set value = ? where id = ?", [f'"{long_quote.strip()}"', world["answers"][2]])
        for answer_id in world["answers"][:3]:
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, ?, ?)""", [world["project"], answer_id, theme_id, now(), world["lead"]["id"]])
            db["quotes"].insert({"answer_id": answer_id, "project_id": world["project"], "marked_at": now(),
                                 "marked_by": world["lead"]["id"]})
        db.conn.commit()
    login.as_lead(world["lead"])
    data = client.get(url(world, f"{theme_id}.pdf")).data
    [poster] = pdf_text(data)
    assert long_words in poster
    assert "cinema" not in poster, "a quote too long to read on a wall is left off, not cut"
    assert TEXTS[0] in poster and TEXTS[1] in poster
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        width, height = page.get_size()
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            left, bottom, right, top = textpage.get_charbox(index)
            assert 0 <= left and right <= width and 0 <= bottom and top <= height
        textpage.close()
        page.close()
    finally:
        document.close()
    page = client.get(url(world))
    # The coding world's interviews were in Welsh, so on this English page each says so.
    assert sorted(li.get_text() for li in page.soup.select(".card li:not(:has(a))")) == [
        f"“{TEXTS[0]}” (in Welsh)", f"“{TEXTS[1]}” (in Welsh)"], "the page lists the quotes the poster shows"


def test_the_posters_page_lists_every_theme_most_people_first(client, login, posters_world):
    login.as_lead(posters_world["lead"])
    page = client.get(url(posters_world))
    assert page.status_code == 200
    assert [h.get_text() for h in page.soup.select(".card h3")] == ["My money", "Going out", "Time on my own"]
    cards = page.soup.select(".card")
    assert "4 people talked about this." in text_of(cards[0])
    assert f"“{TEXTS[0]}”" in text_of(cards[0]) and TEXTS[3] not in text(page)
    assert "This poster has no quotes yet." in text_of(cards[1])
    assert "Nobody has talked about this yet." in text_of(cards[2])
    links = [a["href"] for a in cards[0].select("a")]
    money = posters_world["money"]
    assert links == [url(posters_world, f"{money}.pdf?size=A4&lang=en"), url(posters_world, f"{money}.pdf?size=A3&lang=en"),
                     url(posters_world, f"{money}.png?lang=en")]
    assert cards[0].img["src"] == url(posters_world, f"{money}.png?lang=en&thumbnail=1")


def text_of(element):
    return " ".join(element.get_text().split())


def test_the_booklet_has_a_cover_every_theme_in_order_and_what_happens_next(client, login, posters_world, app):
    login.as_lead(posters_world["lead"])
    response = client.get(url(posters_world, "booklet.pdf"))
    assert response.headers["Content-Disposition"] == "attachment; filename=booklet-better-lives-en.pdf"
    pages = pdf_text(response.data)
    assert len(pages) == 4, "a cover and a page per theme; nothing is being done yet"
    assert "What people told us" in pages[0] and "We talked to 5 people." in pages[0]
    assert ["My money" in pages[1], "Going out" in pages[2], "Time on my own" in pages[3]] == [True] * 3
    assert TEXTS[3] not in " ".join(pages)
    client.submit(f"/projects/{posters_world['project']}/you-said-we-did/",
                  {f"did_{posters_world['out']}_en": "We asked the bus company for a late bus."})
    pages = pdf_text(client.get(url(posters_world, "booklet.pdf")).data)
    assert len(pages) == 5 and "What happens next" in pages[4]
    assert "Going out" in pages[4] and "We asked the bus company for a late bus." in pages[4]
    assert "My money" not in pages[4], "only themes something is being done about"


def test_an_empty_project_gets_plain_words_not_a_broken_file(client, login, make):
    lead = make.lead()
    project = make.project(lead, "Just started")
    login.as_lead(lead)
    page = client.get(f"/projects/{project}/posters/")
    assert "There are no themes yet, so there are no posters to make." in text(page)
    assert page.soup.select_one(f"a[href='/projects/{project}/coding/']")
    response = client.get(f"/projects/{project}/posters/booklet.pdf")
    assert response.status_code == 302 and response.headers["Location"] == f"/projects/{project}/posters/"
    assert "nothing to put in the booklet" in text(client.get(response.headers["Location"]))


def test_other_projects_merged_themes_and_odd_sizes_are_not_found(client, login, posters_world, make, app):
    other_lead = make.lead(name="Other", email="other@example.org")
    theirs = make.theme(make.project(other_lead, "Elsewhere"), other_lead, {"en": "Theirs"})
    with app.test_request_context():
        themes.merge(posters_world["project"], posters_world["lead"]["id"], posters_world["alone"], posters_world["money"])
    login.as_lead(posters_world["lead"])
    for tail in (f"{theirs}.pdf", f"{theirs}.png", f"{posters_world['alone']}.pdf", "99999.pdf",
                 f"{posters_world['money']}.pdf?size=A5", f"{posters_world['money']}.pdf?size=../../x"):
        response = client.get(url(posters_world, tail))
        assert response.status_code == 404, tail
        assert "We could not find that page" in text(response)
    # An unknown language is not an error: the page's language is used.
    [poster] = pdf_text(client.get(url(posters_world, f"{posters_world['money']}.pdf?lang=xx")).data)
    assert "My money" in poster


def test_the_pdf_says_its_language_and_title(client, login, posters_world):
    login.as_lead(posters_world["lead"])
    data = client.get(url(posters_world, f"{posters_world['money']}.pdf?lang=cy")).data
    assert re.search(rb"/Lang\s*\(cy\)", data)
    document = pypdfium2.PdfDocument(data)
    try:
        assert document.get_metadata_dict()["Title"] == "Fy arian"
    finally:
        document.close()
