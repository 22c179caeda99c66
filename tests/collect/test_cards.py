"""Participant cards: a lead prints an A4 PDF of cards, each with a new six-character code
(never one printed before or held by an interview), its QR code, and who to tell if the
person changes their mind, in English or Welsh; bad choices get a plain answer."""
import shutil
import subprocess

import pypdfium2
import pytest

from peersurvey.collect import cards
from peersurvey.db import connect

from ..pages import errors, text

CODE = r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}"


def pdf_text(body):
    pdf = pypdfium2.PdfDocument(body)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def print_cards(client, project, **fields):
    data = {"sheets": "1", "language": "en", "contact": "Ffion on 01633 123456", **fields}
    return client.submit(f"/projects/{project}/interviews/cards", data, page=f"/projects/{project}/interviews/")


def test_a_sheet_of_cards_has_eight_new_codes_and_who_to_tell(client, lead_project, app):
    import re
    response = print_cards(client, lead_project["id"], sheets="2")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pdf_text(response.data)
    assert len(pages) == 2
    codes = [c for page in pages for c in re.findall(rf"\b{CODE}\b", page)]
    assert len(codes) == 16 == len(set(codes))
    assert "If you change your mind about your answers, tell Better Lives. Show them this code." in \
        " ".join(pages[0].split())
    assert "Ffion on 01633 123456" in pages[0]
    again = [c for page in pdf_text(print_cards(client, lead_project["id"]).data)
             for c in re.findall(rf"\b{CODE}\b", page)]
    assert not set(again) & set(codes), "a code is never printed twice"
    db = connect(app.config["DATABASE"])
    assert db.execute("select count(*) from printed_cards").fetchone()[0] == 24
    assert not db.execute("select 1 from printed_cards where code_sha256 in (%s)" % ",".join("?" * 8),
                          again).fetchone(), "only hashes are kept"
    page = text(client.get(f"/projects/{lead_project['id']}/interviews/"))
    assert "24 cards printed so far." in page
    assert "Ffion on 01633 123456" in client.get(f"/projects/{lead_project['id']}/interviews/").get_data(as_text=True)


def test_welsh_cards_say_it_in_welsh(client, lead_project):
    pages = pdf_text(print_cards(client, lead_project["id"], language="cy").data)
    words = " ".join(pages[0].split())
    assert "Eich cod" in words and "Os byddwch chi'n newid eich meddwl" in words


@pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftoppm"), reason="needs zbar-tools and poppler")
def test_each_cards_qr_code_reads_as_its_code(client, lead_project, tmp_path):
    import re
    body = print_cards(client, lead_project["id"]).data
    (tmp_path / "cards.pdf").write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "cards.pdf"), str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page*.png")
    from PIL import Image
    page = Image.open(png)
    px = 150 / 25.4
    read = []
    for at in range(cards.CARDS_PER_SHEET):         # one card at a time, cut out as with scissors
        x, y = cards.LEFT + (at % 2) * cards.CARD_W, cards.TOP + (at // 2) * cards.CARD_H
        card = tmp_path / f"card{at}.png"
        page.crop((int(x * px), int(y * px), int((x + cards.CARD_W) * px), int((y + cards.CARD_H) * px))).save(card)
        read += subprocess.run(["zbarimg", "--quiet", "--raw", str(card)], capture_output=True, text=True).stdout.split()
    printed = re.findall(rf"\b{CODE}\b", pdf_text(body)[0])
    assert len(read) == 8 and sorted(read) == sorted(printed)


def test_a_code_printed_before_is_never_printed_again(app, lead_project, monkeypatch):
    import itertools
    choices = itertools.chain("AAAAAA", itertools.cycle("B"))
    monkeypatch.setattr(cards.secrets, "choice", lambda alphabet: next(choices))
    with app.test_request_context():
        first = cards.new_codes(lead_project["id"], 1, None)
    assert first == ["AAAAAA"]
    choices = itertools.chain("AAAAAA", "BBBBBB")
    with app.test_request_context():
        assert cards.new_codes(lead_project["id"], 1, None) == ["BBBBBB"]


@pytest.mark.parametrize("fields, said", [
    ({"sheets": "0"}, "Print from 1 to 10 sheets at a time."),
    ({"sheets": "11"}, "Print from 1 to 10 sheets at a time."),
    ({"sheets": "lots"}, "Type a whole number, like 25."),
    ({"sheets": ""}, "Type how many sheets to print, from 1 to 10."),
    ({"contact": ""}, "Type how people can tell your group"),
    ({"contact": "x" * 121}, "Make this 120 letters or fewer."),
    ({"language": "fr"}, "Not a valid choice"),
])
def test_bad_choices_get_a_plain_answer_and_print_nothing(client, lead_project, app, fields, said):
    response = print_cards(client, lead_project["id"], **fields)
    assert response.status_code == 400
    assert any(said in e for e in errors(response)), errors(response)
    assert connect(app.config["DATABASE"]).execute("select count(*) from printed_cards").fetchone()[0] == 0
