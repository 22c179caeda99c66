"""Easy-read posters, one per theme, and the findings booklet, as PDF; PNG by drawing the
PDF page with pdfium, so there is only one layout.

A poster: a band in the theme's colour, the theme's picture big (or its first letter in a
big circle, like the cards on screen), the theme's words very large, how many people talked
about it, up to three quotes in speech bubbles, and the project's name small at the bottom.
Quotes come only from counts.shareable_quotes, which checks again that the person agreed
their words could be shared; never a participant code or a name.

Everything is laid out in A4 millimetres; an A3 page uses a larger unit and font sizes
scaled by the same factor, so it is the same poster, bigger. The words on the poster are in
the poster's language (flask_babel.force_locale), which may differ from the page's.
"""
import io
import threading
from collections import OrderedDict
from pathlib import Path

import matplotlib
import pypdfium2
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from fpdf import FPDF

from ..prepare.picture_urls import picture_words
from ..projects.queries import get_project
from ..theme import display, themes
from . import counts, share_links
from .pictures_png import picture_bytes
from .said_in import quoted, with_language

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
MM = 72 / 25.4                       # points in a millimetre
SIZES = {"A4": (210, 297), "A3": (297, 420)}
W, H, MARGIN = 210, 297, 15          # the A4 page every layout is designed on
BAND = 22                            # the coloured band at the top
BODY_TOP, BODY_BOTTOM = BAND + 10, H - 26
INK, MUTED, WHITE = (26, 26, 26), (74, 74, 74), (255, 255, 255)
BRAND = (11, 79, 138)

QUOTE_CANDIDATES = 6                 # quotes looked at, in the order they were marked
QUOTES_ON_POSTER = 3
QUOTE_MAX_LINES = 5                  # a longer quote is too much to read on a wall
QUOTE_PT, QUOTE_PAD, QUOTE_TAIL, QUOTE_GAP = 22, 6, 7, 5
WORDS_PT, WORDS_MIN_PT, WORDS_MAX_LINES = 60, 34, 2
COUNT_PT = 26
PICTURE_SMALL, PICTURE_BIG = 70, 100
PNG_DPI = 150

# pdfium is not thread-safe, and the server answers requests on several threads.
_pdfium = threading.Lock()


def rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def tint(colour, amount=0.12):
    """A pale version of the colour, for a background black text can sit on."""
    return tuple(round(255 - (255 - c) * amount) for c in colour)


def line_height(pt):
    return pt / MM * 1.25


class Pdf(FPDF):
    """A page of `size` whose user unit makes it 210 units wide, like A4 in millimetres."""

    def __init__(self, size="A4", language="en"):
        scale = SIZES[size][0] / W
        super().__init__(orientation="P", unit=MM * scale, format=(W, SIZES[size][1] / scale))
        self.scale = scale
        self.add_font(FONT, "", FONT_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.set_creator("peersurvey")
        self.set_lang(language)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        # fontTools keeps the font files open until told otherwise.
        for font in self.fonts.values():
            font.close()

    def font(self, pt, bold=False):
        """Font sizes are given for A4 and grow with the page."""
        self.set_font(FONT, "B" if bold else "", pt * self.scale)

    def lines(self, text, width, pt, bold=False):
        self.font(pt, bold)
        return self.multi_cell(width, line_height(pt), text, dry_run=True, output="LINES")

    def write_lines(self, x, y, width, text, pt, bold=False, colour=INK, align="C"):
        """Write wrapped text at (x, y); returns the y below it."""
        self.font(pt, bold)
        self.set_text_color(*colour)
        self.set_xy(x, y)
        self.multi_cell(width, line_height(pt), text, align=align)
        return self.get_y()


# What goes on a poster ----------------------------------------------------------------

def poster_content(project_id, theme, people, language):
    """Everything a poster says, in `language` (call inside force_locale)."""
    words = display.text_in(theme["words"], language)
    quotes = counts.shareable_quotes(project_id, theme["id"], QUOTE_CANDIDATES, prefer=language)
    return {
        "project_id": project_id, "theme_id": theme["id"], "words": words,
        "initial": words[:1].upper(), "colour": rgb(themes.COLOURS[theme["colour"]][0]),
        "picture": theme["picture"], "picture_words": picture_words(theme["picture"], project_id, language),
        "people": people, "quotes": quotes,
        "heading": _("What people told us"),
        "count": ngettext("%(num)d person talked about this.", "%(num)d people talked about this.", people)
        if people else _("Nobody has talked about this yet."),
        "quoted": [quoted(quote, language) for quote in quotes],
        "credit": _("Picture from OpenMoji (CC BY-SA 4.0)")
        if (theme["picture"] or "").startswith("openmoji:") else "",
        "project": get_project(project_id)["name"],
    }


def people_by_theme(project_id):
    frequency = counts.theme_frequency(project_id)
    return {int(t): int(p) for t, p in zip(frequency["theme_id"], frequency["people"])}


def themes_by_people(project_id):
    """Every theme in use, most people first (the order of the booklet and the pages)."""
    by_id = {theme["id"]: theme for theme in themes.active(project_id)}
    return [(by_id[theme_id], people) for theme_id, people in people_by_theme(project_id).items()]


# Layout -------------------------------------------------------------------------------

def layout(pdf, content):
    """Sizes and places for the poster: the picture, the words' font size and lines, the
    quotes that fit (at most three, each whole), and where the body starts."""
    width = W - 2 * MARGIN
    picture = PICTURE_SMALL if content["quotes"] else PICTURE_BIG
    words_pt = WORDS_PT
    words = pdf.lines(content["words"], width, words_pt, bold=True)
    while len(words) > WORDS_MAX_LINES and words_pt > WORDS_MIN_PT:
        words_pt -= 2
        words = pdf.lines(content["words"], width, words_pt, bold=True)
    count = pdf.lines(content["count"], width, COUNT_PT, bold=True)
    top = picture + 8 + len(words) * line_height(words_pt) + 3 + len(count) * line_height(COUNT_PT)
    room = BODY_BOTTOM - BODY_TOP - top - 10
    chosen = []
    for quote, said in zip(content["quotes"], content["quoted"]):
        lines = pdf.lines(said, width - 2 * QUOTE_PAD, QUOTE_PT)
        height = len(lines) * line_height(QUOTE_PT) + 2 * QUOTE_PAD + QUOTE_TAIL + QUOTE_GAP
        if len(lines) <= QUOTE_MAX_LINES and height <= room:
            chosen.append({"words": quote["words"], "language": quote["language"], "quoted": said,
                           "height": height})
            room -= height
        if len(chosen) == QUOTES_ON_POSTER:
            break
    used = top + (10 + sum(q["height"] for q in chosen) if chosen else 0)
    # Space left over makes the picture bigger, up to the size it has with no quotes.
    grow = min(max(0, (BODY_BOTTOM - BODY_TOP - used) * 0.7), PICTURE_BIG - picture)
    picture, used = picture + grow, used + grow
    # A little above the middle of what is left looks balanced on a wall.
    start = BODY_TOP + max(0, (BODY_BOTTOM - BODY_TOP - used) / 3)
    return {"picture": picture, "words_pt": words_pt, "quotes": chosen, "start": start}


def quotes_on_posters(project_id, language):
    """{theme id: the quotes its poster shows, each {"words", "language"}}, for the posters
    page to list."""
    result = {}
    with Pdf("A4", language) as pdf, force_locale(language):
        pdf.add_page()     # measuring text needs a page, though nothing is drawn on it
        for theme, people in themes_by_people(project_id):
            content = poster_content(project_id, theme, people, language)
            result[theme["id"]] = [{"words": q["words"], "language": q["language"]}
                                   for q in layout(pdf, content)["quotes"]]
    return result


# Drawing ------------------------------------------------------------------------------

def draw_picture(pdf, content, x, y, size):
    found = picture_bytes(content["project_id"], content["picture"])
    if found:
        pdf.image(io.BytesIO(found[0]), x=x, y=y, w=size, h=size, keep_aspect_ratio=True,
                  alt_text=content["picture_words"] or content["words"])
        return
    # No picture: the first letter in a big circle of the theme's colour, like the cards.
    pdf.set_fill_color(*content["colour"])
    pdf.ellipse(x, y, size, size, style="F")
    pdf.font(size * 1.9, bold=True)
    pdf.set_text_color(*WHITE)
    pdf.set_xy(x, y)
    pdf.cell(size, size, content["initial"], align="C")


def draw_bubble(pdf, x, y, width, quote, colour, tail_left):
    """A speech bubble: a rounded box with a tail, the quote inside, left-aligned."""
    lines = pdf.lines(quote["quoted"], width - 2 * QUOTE_PAD, QUOTE_PT)
    height = len(lines) * line_height(QUOTE_PT) + 2 * QUOTE_PAD
    pdf.set_draw_color(*colour)
    pdf.set_fill_color(*tint(colour))
    pdf.set_line_width(0.9)
    pdf.rect(x, y, width, height, style="DF", round_corners=True, corner_radius=6)
    base = x + 26 if tail_left else x + width - 26
    tip = (base - 5 if tail_left else base + 5, y + height + QUOTE_TAIL)
    # The tail's fill covers the box's border where they meet; then its two edges.
    pdf.polygon([(base - 6, y + height - 0.6), (base + 6, y + height - 0.6), tip], style="F")
    pdf.line(base - 6, y + height, *tip)
    pdf.line(base + 6, y + height, *tip)
    pdf.write_lines(x + QUOTE_PAD, y + QUOTE_PAD, width - 2 * QUOTE_PAD, quote["quoted"], QUOTE_PT, align="L")
    return y + height + QUOTE_TAIL + QUOTE_GAP


def draw_band(pdf, colour, text):
    pdf.set_fill_color(*colour)
    pdf.rect(0, 0, W, BAND, style="F")
    pdf.font(20, bold=True)
    pdf.set_text_color(*WHITE)
    pdf.set_xy(MARGIN, 0)
    pdf.cell(W - 2 * MARGIN, BAND, text, align="C")


def draw_footer(pdf, colour, project, credit=""):
    pdf.write_lines(MARGIN, H - 22, W - 2 * MARGIN, project, 12, colour=MUTED)
    if credit:
        pdf.write_lines(MARGIN, H - 15.5, W - 2 * MARGIN, credit, 8, colour=MUTED)
    pdf.set_fill_color(*colour)
    pdf.rect(0, H - 6, W, 6, style="F")


def draw_poster(pdf, content):
    pdf.add_page()
    plan = layout(pdf, content)
    colour = content["colour"]
    draw_band(pdf, colour, content["heading"])
    width = W - 2 * MARGIN
    y = plan["start"]
    draw_picture(pdf, content, (W - plan["picture"]) / 2, y, plan["picture"])
    y = pdf.write_lines(MARGIN, y + plan["picture"] + 8, width, content["words"], plan["words_pt"], bold=True)
    y = pdf.write_lines(MARGIN, y + 3, width, content["count"], COUNT_PT, bold=True, colour=MUTED)
    y += 10
    for n, quote in enumerate(plan["quotes"]):
        y = draw_bubble(pdf, MARGIN, y, width, quote, colour, tail_left=n % 2 == 0)
    draw_footer(pdf, colour, content["project"], content["credit"])
    return plan


def poster_pdf(project_id, theme, language, size="A4"):
    """One theme's poster as PDF bytes."""
    with Pdf(size, language) as pdf, force_locale(language):
        content = poster_content(project_id, theme, people_by_theme(project_id).get(theme["id"], 0), language)
        pdf.set_title(content["words"])
        draw_poster(pdf, content)
        return bytes(pdf.output())


# The booklet --------------------------------------------------------------------------

def booklet_pdf(project_id, language):
    """The cover, a poster page per theme (most people first) and, if the lead has written
    any, what happens next. None when the project has no themes yet."""
    ordered = themes_by_people(project_id)
    if not ordered:
        return None
    with Pdf("A4", language) as pdf, force_locale(language):
        project = get_project(project_id)["name"]
        pdf.set_title(_("What people told us: %(project)s", project=project))
        contents = [poster_content(project_id, theme, people, language) for theme, people in ordered]
        draw_cover(pdf, project, counts.people_interviewed(project_id), contents)
        for content in contents:
            draw_poster(pdf, content)
        next_steps = [(content, with_language(row["did_words"], row["did_language"], language)) for content, row in
                      zip(contents, _by_theme(share_links.you_said_we_did(project_id, language), ordered))
                      if row["did_words"]]
        if next_steps:
            draw_next_steps(pdf, project, next_steps)
        return bytes(pdf.output())


def _by_theme(rows, ordered):
    by_id = {row["theme"]["id"]: row for row in rows}
    return [by_id[theme["id"]] for theme, _people in ordered]


def draw_cover(pdf, project, interviewed, contents):
    pdf.add_page()
    draw_band(pdf, BRAND, "")
    width = W - 2 * MARGIN
    y = pdf.write_lines(MARGIN, 50, width, _("What people told us"), 44, bold=True)
    y = pdf.write_lines(MARGIN, y + 6, width, project, 28, colour=BRAND, bold=True)
    if interviewed:
        y = pdf.write_lines(MARGIN, y + 8, width, ngettext(
            "We talked to %(num)d person.", "We talked to %(num)d people.", interviewed), 22)
    rows_room = int((BODY_BOTTOM - (y + 34)) // 22)
    columns = 1 if len(contents) <= rows_room else 2
    if len(contents) > rows_room * 2:
        draw_footer(pdf, BRAND, project)
        return
    y = pdf.write_lines(MARGIN, y + 16, width, _("In this booklet"), 24, bold=True, align="L")
    column_width = width / columns
    per_column = -(-len(contents) // columns)
    for n, content in enumerate(contents):
        x = MARGIN + (n // per_column) * column_width
        row_y = y + 4 + (n % per_column) * 22
        draw_picture(pdf, content, x, row_y, 18)
        pt = 20 if columns == 1 else 16
        lines = pdf.lines(content["words"], column_width - 24, pt, bold=True)
        if len(lines) > 2:
            pt = 12
            lines = pdf.lines(content["words"], column_width - 24, pt, bold=True)
        pdf.write_lines(x + 22, row_y + max(0, (18 - len(lines) * line_height(pt)) / 2), column_width - 24,
                        content["words"], pt, bold=True, align="L")
    draw_footer(pdf, BRAND, project)


def draw_next_steps(pdf, project, next_steps):
    """What happens next: each theme's picture and words, and what is being done about it."""
    width = W - 2 * MARGIN

    def new_page():
        pdf.add_page()
        draw_band(pdf, BRAND, _("What happens next"))
        draw_footer(pdf, BRAND, project)
        return pdf.write_lines(MARGIN, BODY_TOP, width, _("You told us what matters. "
                                                          "This is what we are doing about it."),
                               20, align="L") + 6

    y = new_page()
    text_x = MARGIN + 30
    for content, did in next_steps:
        words = pdf.lines(content["words"], width - 30, 22, bold=True)
        doing = pdf.lines(did, width - 30, 18)
        needed = max(24, len(words) * line_height(22) + 2 + len(doing) * line_height(18)) + 8
        if y + needed > BODY_BOTTOM and y > BODY_TOP + 40:
            y = new_page()
        draw_picture(pdf, content, MARGIN, y, 24)
        below = pdf.write_lines(text_x, y, width - 30, content["words"], 22, bold=True, align="L")
        below = pdf.write_lines(text_x, below + 2, width - 30, did, 18, align="L")
        y = max(y + 24, below) + 8


# PNG ----------------------------------------------------------------------------------

PNG_KEPT = 48                        # a few pages of thumbnails and some full-size pictures
_pngs = OrderedDict()
_pngs_lock = threading.Lock()


def poster_png(project_id, theme, language, width=None):
    """One theme's A4 poster as PNG bytes, `width` pixels wide (or at PNG_DPI). Drawing it
    takes a PDF and a pdfium render, so each is kept until anything on it could have changed:
    the counts' stamp moves with every tag, quote, theme change and withdrawal; the project's
    name and the theme's own row are in the key too."""
    key = (current_app.config["DATABASE"], project_id, theme["id"], language, width,
           counts.stamp(project_id), get_project(project_id)["name"],
           tuple(sorted((name, str(value)) for name, value in dict(theme).items())))
    with _pngs_lock:
        if key in _pngs:
            _pngs.move_to_end(key)
            return _pngs[key]
    data = pdf_to_png(poster_pdf(project_id, theme, language, "A4"), width=width)
    with _pngs_lock:
        _pngs[key] = data
        while len(_pngs) > PNG_KEPT:
            _pngs.popitem(last=False)
    return data


def pdf_to_png(pdf_bytes, dpi=PNG_DPI, width=None):
    """The first page as PNG bytes, at `dpi`, or `width` pixels wide."""
    with _pdfium:
        document = pypdfium2.PdfDocument(pdf_bytes)
        try:
            page = document[0]
            pixels = width or round(page.get_width() * dpi / 72)
            # pdfium rounds the bitmap's size up: aim a hair under, to get exactly `pixels`.
            image = page.render(scale=(pixels - 0.01) / page.get_width()).to_pil()
            page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
