"""Participant cards: a printed A4 sheet of eight cards, each with a code the person keeps.
Withdrawal asks for "the code on their card"; the interviewer types the same code on the
tablet at the start (static/collect/consent.js), so the card is how a person changes their
mind later.

A code is six characters with no look-alikes (no O, 0, I, 1 or L), the tablet's own
alphabet. It is never one printed before in the project nor one an interview already
holds; only its SHA-256 is kept, which is enough to refuse a repeat.
"""
import hashlib
import io
import secrets
from pathlib import Path

import matplotlib
import segno
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from ..db import get_db, now, writing

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARDS_PER_SHEET, MOST_SHEETS = 8, 10
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
CARD_W, CARD_H, LEFT, TOP = 95, 68, 10, 12.5          # millimetres: 2 x 4 cards on A4
INK, BRAND = (26, 26, 26), (11, 79, 138)


def _sha(code):
    return hashlib.sha256(code.encode()).hexdigest()


def new_codes(project_id, count, person_id):
    """`count` fresh codes, recorded as printed (in one write, so two leads printing at once
    never get the same code)."""
    db = get_db()
    codes = []
    with writing(db):
        used = {row[0] for row in db.execute(
            "select participant_code from interviews where project_id = ?", [project_id])}
        while len(codes) < count:
            code = "".join(secrets.choice(ALPHABET) for _ in range(6))
            if code in used or code in codes or db.execute(
                    "select 1 from printed_cards where code_sha256 = ?", [_sha(code)]).fetchone():
                continue
            codes.append(code)
        db["printed_cards"].insert_all(
            [{"code_sha256": _sha(code), "project_id": project_id, "printed_at": now(),
              "printed_by": person_id} for code in codes])
    return codes


def printed(project_id):
    return get_db().execute("select count(*) from printed_cards where project_id = ?",
                            [project_id]).fetchone()[0]


def sheet_pdf(codes, group, contact, language):
    """The PDF: eight cards to an A4 page, with dashed lines to cut along."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.add_font("Mono", "B", FONT_DIR / "DejaVuSansMono-Bold.ttf")
    with force_locale(language):
        words = {"title": _("Your code"),
                 "change": _("If you change your mind about your answers, tell %(group)s. "
                             "Show them this code.", group=group),
                 "contact": contact}
        pdf.set_title(_("Participant cards"))
    pdf.set_lang(language)
    for at, code in enumerate(codes):
        if at % CARDS_PER_SHEET == 0:
            pdf.add_page()
        column, row = at % 2, (at % CARDS_PER_SHEET) // 2
        _card(pdf, LEFT + column * CARD_W, TOP + row * CARD_H, code, words)
    return bytes(pdf.output())


def _card(pdf, x, y, code, words):
    pdf.set_draw_color(150, 150, 150)
    pdf.set_dash_pattern(dash=2, gap=2)
    pdf.rect(x, y, CARD_W, CARD_H)
    pdf.set_dash_pattern()
    pad = 5
    qr = io.BytesIO()
    # A full QR code (make_qr: segno.make picks a Micro QR for six letters, which phone
    # cameras and zbar do not read), with its quiet zone.
    segno.make_qr(code, error="m").save(qr, kind="png", scale=10, border=3)
    pdf.image(qr, x + CARD_W - pad - 30, y + pad, 30, 30)
    pdf.set_text_color(*BRAND)
    pdf.set_font("DejaVu", "B", 13)
    pdf.set_xy(x + pad, y + pad)
    pdf.cell(CARD_W - 2 * pad - 32, 7, words["title"])
    pdf.set_text_color(*INK)
    pdf.set_font("Mono", "B", 30)
    pdf.set_xy(x + pad, y + pad + 10)
    pdf.cell(CARD_W - 2 * pad - 32, 14, code)
    pdf.set_font("DejaVu", "", 12)
    pdf.set_xy(x + pad, y + pad + 32)
    pdf.multi_cell(CARD_W - 2 * pad, 5.8, words["change"], align="L")
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_x(x + pad)
    pdf.multi_cell(CARD_W - 2 * pad, 5.8, words["contact"], align="L")
