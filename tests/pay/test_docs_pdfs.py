"""The statement and the certificate are real A4 PDFs, in English and in Welsh: their text is
read back with pdfium, so the words (a Welsh month name, ŵ and ŷ) really are on the page. The
certificate never shows money."""
import pypdfium2
import pytest

from peersurvey.db import get_db

from .docs_world import build

A4 = (595, 842)


def pictures_on(data):
    """How many pictures the PDF's pages draw."""
    document = pypdfium2.PdfDocument(data)
    try:
        return sum(len(list(document[n].get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])))
                   for n in range(len(document)))
    finally:
        document.close()


def pdf_text(data):
    assert data[:5] == b"%PDF-"
    document = pypdfium2.PdfDocument(data)
    try:
        sizes = [tuple(round(v) for v in document[n].get_size()) for n in range(len(document))]
        words = " ".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    finally:
        document.close()
    assert set(sizes) == {A4}
    return " ".join(words.split())


@pytest.fixture
def world(app, make):
    world = build(app, make)
    with app.app_context():
        # A name with the Welsh letters the fonts must print.
        get_db()["people"].update(world["ada"]["id"], {"name": "Ada Ŵyn Ŷr"})
    world["ada"]["name"] = "Ada Ŵyn Ŷr"
    return world


@pytest.mark.parametrize("language, expected", [
    ("en", ["What I did in November 2026", "3 interviews", "Money: £90.00", "Paid on 3 December, into your bank.",
            "Ada Ŵyn Ŷr"]),
    ("cy", ["Beth wnes i ym mis Tachwedd 2026", "3 chyfweliad", "Arian: £90.00", "Talwyd ar 3 Rhagfyr, i'ch banc.",
            "Ada Ŵyn Ŷr"])])
def test_my_pay_pdf_is_a_real_pdf_in_each_language(client, login, world, language, expected):
    login.as_tablet_person(world["tablet"], world["ada"])
    client.get(f"/language/{language}")
    response = client.get("/tablet/my-pay.pdf?month=2026-11")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    words = pdf_text(response.data)
    for expected_words in expected:
        assert expected_words in words, expected_words
    # A picture beside each line: 3 kinds of work, the hours, the money, the work waiting.
    assert pictures_on(response.data) == 6


@pytest.mark.parametrize("language, expected", [
    ("en", ["Certificate of involvement", "Ada Ŵyn Ŷr", "Better Lives",
            "Took part as a peer researcher in November 2026.", "3 interviews", "Signed off by Lee Lead"]),
    ("cy", ["Tystysgrif cymryd rhan", "Ada Ŵyn Ŷr", "ym mis Tachwedd 2026", "3 chyfweliad",
            "Wedi'i llofnodi gan Lee Lead"])])
def test_the_certificate_is_a_real_pdf_in_each_language_and_never_shows_money(client, login, world, language,
                                                                              expected):
    login.as_tablet_person(world["tablet"], world["ada"])
    client.get(f"/language/{language}")
    response = client.get("/tablet/my-certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    words = pdf_text(response.data)
    for expected_words in expected:
        assert expected_words in words, expected_words
    assert "£" not in words


def test_the_lead_gets_the_same_pdfs_for_a_person(client, login, world):
    login.as_lead(world["lead"])
    base = f"/projects/{world['project']}"
    statement = pdf_text(client.get(f"{base}/pay/people/{world['ada']['id']}/statement.pdf?month=2026-11").data)
    assert "Money: £90.00" in statement
    certificate = pdf_text(client.get(f"{base}/people/{world['ada']['id']}/certificate.pdf").data)
    assert "Certificate of involvement" in certificate and "£" not in certificate


def test_a_long_certificate_goes_on_to_a_second_framed_page_and_is_signed_at_the_end(app, client, login, world, make):
    import json
    from peersurvey.db import now
    with app.app_context():
        for n in range(12):
            questionnaire = make.questionnaire(world["project"], world["lead"])
            get_db()["work_entries"].insert({
                "project_id": world["project"], "person_id": world["ada"]["id"], "kind": "writing",
                "started_at": "2026-10-02T10:00:00+00:00", "minutes": 30, "source": f"writing:{n}",
                "detail": json.dumps({"questionnaire_id": questionnaire}), "status": "confirmed", "added_at": now()})
    login.as_tablet_person(world["tablet"], world["ada"])
    data = client.get("/tablet/my-certificate.pdf").data
    pdf_text(data)                                   # every page A4
    document = pypdfium2.PdfDocument(data)
    try:
        pages = [document[n].get_textpage().get_text_range() for n in range(len(document))]
    finally:
        document.close()
    assert len(pages) > 1
    assert "Signed off by Lee Lead" in pages[-1] and not any("Signed off" in page for page in pages[:-1])


LONG_NAME = ("Ada " + "Wynne-Llewellyn-Pritchard " * 5)[:120]


def name_fits_inside(data, name):
    """The name is drawn whole on the first page, inside the certificate's frame (6 mm from
    each edge), on one page. A PNG of the page goes to /tmp for a person to look at."""
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        textpage = page.get_textpage()
        width, height = page.get_size()
        frame = 6 * 72 / 25.4
        boxes = [textpage.get_charbox(n) for n in range(textpage.count_chars())]
        page.render(scale=1).to_pil().save(f"/tmp/long-name-{len(document)}.png")
        words = " ".join(textpage.get_text_range().split())
        return (name in words or " ".join(name.split()) in words.replace("- ", "-"),
                all(frame < left and right < width - frame and frame < bottom and top < height - frame
                    for left, bottom, right, top in boxes), len(document))
    finally:
        document.close()


@pytest.mark.parametrize("url", ["/tablet/my-certificate.pdf", "/tablet/my-pay.pdf?month=2026-11"])
def test_a_very_long_name_stays_inside_the_page(client, login, app, world, url):
    with app.app_context():
        get_db()["people"].update(world["ada"]["id"], {"name": LONG_NAME})
    login.as_tablet_person(world["tablet"], world["ada"])
    response = client.get(url)
    assert response.status_code == 200
    drawn, inside, pages = name_fits_inside(response.data, LONG_NAME)
    assert drawn, "the name is not on the page whole"
    assert inside, "some words run past the frame"
    assert pages == 1
