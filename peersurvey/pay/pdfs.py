"""The statement and the certificate as A4 PDFs, in big easy-read type with a picture beside
each line. The page, its fonts (DejaVu, so Welsh ŵ and ŷ print) and the library pictures come
from the posters (findings/posters.py), so there is one way of drawing a page.

Both are drawn in the page's language: callers build the content (statements.statement,
involvement.lines) in the same request, so words and PDF agree."""
import io

from flask_babel import gettext as _

from ..findings.pictures_png import picture_bytes
from ..findings.posters import BRAND, INK, MARGIN, MUTED, WHITE, Pdf, W, line_height
from . import involvement

BOTTOM = 297 - 20
PICTURE = 22
TEXT_PT, DETAIL_PT = 24, 18
SIGN_Y = 297 - 24                 # the certificate's line to sign on, inside its frame


def _picture(pdf, picture_id, x, y, size, words):
    found = picture_bytes(None, picture_id)
    if found:
        pdf.image(io.BytesIO(found[0]), x=x, y=y, w=size, h=size, keep_aspect_ratio=True, alt_text=words)


def _row(pdf, y, picture_id, words, detail="", pt=TEXT_PT, picture_words="", new_page=None):
    """A picture on the left and its words beside it; a new page when the row would not fit.
    The y below the row."""
    text_x, width = MARGIN + PICTURE + 6, W - 2 * MARGIN - PICTURE - 6
    height = len(pdf.lines(words, width, pt, bold=True)) * line_height(pt) + \
        (len(pdf.lines(detail, width, DETAIL_PT)) * line_height(DETAIL_PT) + 1 if detail else 0)
    if y + max(PICTURE, height) > BOTTOM:
        y = (new_page or _plain_page)(pdf)
    _picture(pdf, picture_id, MARGIN, y, PICTURE, picture_words)
    top = y + max(0, (PICTURE - height) / 2)
    below = pdf.write_lines(text_x, top, width, words, pt, bold=True, align="L")
    if detail:
        below = pdf.write_lines(text_x, below + 1, width, detail, DETAIL_PT, colour=INK, align="L")
    return max(y + PICTURE, below) + 6


def _fitting_pt(pdf, text, width, largest, smallest, bold=True, most_lines=2):
    """The biggest type, from `largest` down to `smallest`, that writes `text` in at most
    `most_lines` lines across `width` without breaking a word: a long name stays inside the
    page (and the certificate on one page). At `smallest` the text wraps as it must."""
    for pt in range(largest, smallest - 1, -2):
        if len(pdf.lines(text, width, pt, bold=bold)) <= most_lines and all(
                pdf.get_string_width(word) <= width for word in text.split()):
            return pt
    return smallest


def _plain_page(pdf):
    pdf.add_page()
    return MARGIN


def _framed_page(pdf):
    """A certificate page: a frame in the brand's colour."""
    pdf.add_page()
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(2)
    pdf.rect(6, 6, W - 12, 297 - 12)
    return MARGIN + 6


def _band(pdf, text):
    pdf.set_fill_color(*BRAND)
    pdf.rect(0, 0, W, 20, style="F")
    pdf.font(_fitting_pt(pdf, text, W - 2 * MARGIN, 18, 10, most_lines=1), bold=True)
    pdf.set_text_color(*WHITE)
    pdf.set_xy(MARGIN, 0)
    pdf.cell(W - 2 * MARGIN, 20, text, align="L")


def statement_pdf(found, person, project, language):
    """The statement (statements.statement) as an A4 PDF."""
    with Pdf("A4", language) as pdf:
        pdf.set_title(found["title"])
        pdf.add_page()
        _band(pdf, project["name"])
        y = pdf.write_lines(MARGIN, 30, W - 2 * MARGIN, found["title"], 30, bold=True, align="L")
        name_pt = _fitting_pt(pdf, person["name"], W - 2 * MARGIN, 20, 12, bold=False)
        y = pdf.write_lines(MARGIN, y + 2, W - 2 * MARGIN, person["name"], name_pt, colour=MUTED, align="L") + 8
        for row in found["work"]:
            y = _row(pdf, y, row["picture"], row["words"], picture_words=str(row["picture_words"]))
        if found["nothing"]:
            y = pdf.write_lines(MARGIN, y, W - 2 * MARGIN, found["nothing"], TEXT_PT, align="L") + 6
        y = _row(pdf, y + 4, involvement.HOURS_PICTURE, found["hours"])
        if found["volunteer"]:
            y = _row(pdf, y, "openmoji:1F64F", found["volunteer"])
        if found["money"]:
            detail = "\n".join(f"{part['amount']}: {part['words']}" for part in found["money_parts"])
            y = _row(pdf, y, "openmoji:1F4B7", found["money"], detail=detail)
        for calm in (found["no_rate_words"], found["waiting_words"]):
            if calm:
                y = _row(pdf, y, "openmoji:1F4CB", calm, pt=18)
        return bytes(pdf.output())


def certificate_pdf(found, person, project, signed_by, day, language):
    """The certificate of involvement (involvement.record) as an A4 PDF: never any money."""
    with Pdf("A4", language) as pdf:
        title = _("Certificate of involvement")
        pdf.set_title(title)
        _framed_page(pdf)
        width = W - 2 * MARGIN
        y = pdf.write_lines(MARGIN, 22, width, title, 32, bold=True, colour=BRAND)
        y = pdf.write_lines(MARGIN, y + 6, width, person["name"], _fitting_pt(pdf, person["name"], width, 36, 16), bold=True)
        y = pdf.write_lines(MARGIN, y + 4, width, project["name"], 22, colour=INK)
        took_part = involvement.took_part(found)
        if took_part:
            y = pdf.write_lines(MARGIN, y + 4, width, took_part, 18)
        y += 8
        for row in involvement.lines(found):
            y = _row(pdf, y, row["picture"], row["words"], row["detail"], pt=20, new_page=_framed_page)
        # The signed-off line sits at the foot of the page, below a line to sign on.
        if y + 4 > SIGN_Y:
            y = _framed_page(pdf)
        line_y = max(y + 4, SIGN_Y)
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.4)
        pdf.line(MARGIN, line_y, MARGIN + 90, line_y)
        pdf.write_lines(MARGIN, line_y + 2, width, _("Signed off by %(lead)s on %(day)s.", lead=signed_by, day=day),
                        16, align="L")
        return bytes(pdf.output())
