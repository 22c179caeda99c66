"""Charts drawn on the server with matplotlib, as PNG or SVG.

Made to be read by people who read little: large type, one theme per row with its
picture and words written beside the bar, the number written on the bar, and colour
never the only cue (every series also has its own pattern, and lines their own marker).
The words in the charts come in already translated; their alt text and tables are made
beside them (figures.py, the pages). Each picture drawn is kept for the next view of the
same chart (kept_charts.py).
"""
import functools
import io
from dataclasses import dataclass

import matplotlib
import numpy
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from PIL import Image
from matplotlib.offsetbox import AnnotationBbox, OffsetImage
from matplotlib.patches import Patch

from ..theme.themes import COLOURS
from . import kept_charts
from .kept_charts import kept
from .pictures_png import picture_bytes

# Words in SVG charts stay words (not drawn as shapes): they can be found, read by screen
# readers and copied, and the font on the reader's computer draws Welsh letters.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["font.family"] = "DejaVu Sans"
FONT = 17
# Okabe and Ito's colours, told apart by most colour-blind people, each with a pattern.
SERIES = [("#0072B2", ""), ("#E69F00", "//"), ("#009E73", ".."), ("#CC79A7", "xx"),
          ("#56B4E9", "\\\\"), ("#D55E00", "oo"), ("#F0E442", "--"), ("#000000", "++")]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h"]
LINES = ["-", "--", ":", "-."]
MISSING = "#9a9a9a"
# (width in inches, dots per inch). A phone gets half the inches at twice the dots: the
# same number of pixels, so on its narrow screen every word shows twice as big.
WIDE = (8.5, 100)
NARROW = (4.4, 200)
LEFT, RIGHT = 0.95, 0.5      # margins in inches: pictures on the left, room for a count on the right
LINE = 0.36                  # inches one more line of row words takes
_MEASURE = TextToPath()


def _size(narrow):
    return NARROW if narrow else WIDE


@functools.lru_cache(maxsize=4096)
def _inches(text, fontsize, bold):
    """How wide `text` is drawn, in inches, measured with the charts' own font."""
    font = FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal", size=fontsize)
    width, _height, _descent = _MEASURE.get_text_width_height_descent(text, font, ismath=False)
    return width / 72


def _wrapped(words, inches, fontsize, bold=True):
    """Words broken into lines no wider than `inches`, so nothing runs off the picture
    (a single word longer than that keeps its own line; words are never cut)."""
    lines = []
    for word in str(words).split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and _inches(joined, fontsize, bold) <= inches:
            lines[-1] = joined
        else:
            lines.append(word)
    return "\n".join(lines)


def _lines(text):
    return text.count("\n") + 1


def _row_words(rows, narrow):
    """Each row's words wrapped to the width of the bars, and how many lines the longest takes."""
    # Words stand above the bars, so they may use the right margin too.
    words = [_wrapped(r["words"], _size(narrow)[0] - LEFT - 0.15, FONT + 2) for r in rows]
    return words, max([_lines(w) for w in words] + [1])


def _axis_words(words, narrow):
    """The words under the bars, wrapped to fit: they are centred under the bars, which sit
    nearer the right edge than the left."""
    width = _size(narrow)[0]
    return _wrapped(words, width - LEFT + RIGHT - 0.3, FONT, bold=False)


def _below(axis_words):
    """Inches under the bars for the numbers and the (wrapped) axis words."""
    return 0.6 + 0.3 * _lines(axis_words)


@dataclass
class _Rows:
    """Rows of bars measured in inches, one data unit per row: each row is a group of bars
    `bars_in` tall with `lines` lines of words just above it, so longer (wrapped) words
    make taller rows instead of running into the row above."""
    count: int
    bars_in: float
    lines: int

    @property
    def row_in(self):
        return self.bars_in + LINE * self.lines + 0.3

    def units(self, inches):
        return inches / self.row_in

    @property
    def bar(self):
        """The height of a row's group of bars, in data units."""
        return self.units(self.bars_in)

    def words_y(self, n):
        """Where row n's words stand: their foot just above the row's bars."""
        return n - self.bar / 2 - self.units(0.06)

    @property
    def limits(self):
        """The y axis from below the last row to above the first row's words (inverted)."""
        return (self.count - 1 + self.bar / 2 + self.units(0.15),
                -self.bar / 2 - self.units(0.06 + LINE * self.lines + 0.1))

    @property
    def axes_in(self):
        low, high = self.limits
        return (low - high) * self.row_in


def _figure(axes_in, narrow=False, top=0.3, bottom=0.9, left=LEFT, right=RIGHT):
    """A figure whose axes are `axes_in` inches tall, with fixed margins in inches: the
    pictures sit in the left margin, the axis words at the bottom, a legend (if any) at the
    top. Fixed inches keep the rows' words where _Rows put them."""
    width, dpi = _size(narrow)
    height = axes_in + top + bottom
    figure = Figure(figsize=(width, height), dpi=dpi)
    figure.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                           bottom=bottom / height)
    return figure


def _render(figure, fmt):
    """The figure as PNG or SVG bytes; with fmt None, the Figure itself (tests measure
    where its words fall)."""
    if fmt is None:
        return figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Creator": "peersurvey"} if fmt == "svg" else None)
    return buffer.getvalue()


def _plain_axes(ax):
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=FONT - 2)
    ax.set_yticks([])


def _picture(picture_id, project_id, size=64):
    """The picture as an RGBA array for matplotlib, or None (no such picture, or a stored
    file that is not a picture). A project's pictures are named by their SHA-256, so a name
    always means the same picture in the same database and can be kept."""
    return _kept_picture(kept_charts.database(), picture_id, project_id, size)


@functools.lru_cache(maxsize=256)
def _kept_picture(_database, picture_id, project_id, size):
    found = picture_bytes(project_id, picture_id, size)
    if found is None:
        return None
    image = Image.open(io.BytesIO(found[0])).convert("RGBA")
    image.thumbnail((size, size))
    return numpy.asarray(image)


def _row_labels(ax, y, words_y, words, picture_id, project_id, colour=None):
    """The picture in the left margin beside the bars at y (or, for a theme with none, its
    first letter in a circle of its colour, as on the theme cards) and the words above them."""
    ax.text(0, words_y, words, fontsize=FONT + 2, fontweight="bold", va="bottom", ha="left",
            linespacing=1.1)
    image = _picture(picture_id, project_id) if isinstance(picture_id, str) and picture_id else None
    if image is None and colour:
        ax.annotate(words[:1].upper(), (0, y), xycoords=("axes fraction", "data"), xytext=(-26, 0),
                    textcoords="offset points", ha="center", va="center", fontsize=FONT + 4,
                    fontweight="bold", color="white", annotation_clip=False,
                    bbox=dict(boxstyle="circle,pad=0.35", facecolor=colour, edgecolor="none"))
    elif image is not None:
        box = AnnotationBbox(OffsetImage(image, zoom=0.85), (0, y), xycoords=("axes fraction", "data"),
                             box_alignment=(1.05, 0.5), frameon=False, annotation_clip=False)
        box.set_in_layout(False)
        ax.add_artist(box)


def _count_label(ax, value, y, top, size=FONT + 2):
    ax.text(value + top * 0.01, y, str(int(value)), va="center", ha="left", fontsize=size, fontweight="bold")


def _one_bar_rows(rows, axis_words, narrow, bars_in):
    """The frame of a chart with one bar per row: the figure, its axes and row layout, the
    rows' wrapped words and the axis words."""
    words, lines = _row_words(rows, narrow)
    axis_words = _axis_words(axis_words, narrow)
    layout = _Rows(len(rows), bars_in, lines)
    figure = _figure(layout.axes_in, narrow, bottom=_below(axis_words))
    return figure, figure.add_subplot(), layout, words, axis_words


def _bar_row(ax, layout, n, row, words, project_id, colour, hatch, top, letter_colour=None):
    ax.barh(n, row["value"], height=layout.bar, color=colour, hatch=hatch, edgecolor="#1a1a1a", linewidth=1.2)
    _count_label(ax, row["value"], n, top)
    _row_labels(ax, n, layout.words_y(n), words, row.get("picture"), project_id, letter_colour)


@kept
def theme_bars(rows, axis_words, fmt="png", project_id=None, narrow=False):
    """rows: [{"words", "colour", "picture", "value"}] in order, most first."""
    figure, ax, layout, words, axis_words = _one_bar_rows(rows, axis_words, narrow, 0.5)
    top = max([r["value"] for r in rows] + [1])
    for n, row in enumerate(rows):
        colour = COLOURS.get(row["colour"], COLOURS["grey"])[0]
        _bar_row(ax, layout, n, row, words[n], project_id, colour, SERIES[n % len(SERIES)][1], top,
                 letter_colour=colour)
    _finish_rows(ax, layout, top, axis_words)
    return _render(figure, fmt)


def _finish_rows(ax, layout, top, axis_words):
    ax.set_ylim(*layout.limits)
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(axis_words, fontsize=FONT)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _plain_axes(ax)


def _legend_columns(labels, size, narrow):
    """As many columns (up to 3) as fit across the figure; else one, with wrapped words."""
    room = _size(narrow)[0] - 0.3
    for columns in range(min(size, 3), 1, -1):
        widest = max(_inches(w, FONT - 1, False) for w in labels) + 0.8
        if widest * columns <= room:
            return columns, list(labels)
    return 1, [_wrapped(w, room - 0.8, FONT - 1, bold=False) for w in labels]


@kept
def split_bars(rows, series, axis_words, fmt="png", project_id=None, narrow=False):
    """Grouped bars: rows [{"words", "picture", "values": [..one per series..]}], series
    [words, ...]; each series its own colour and pattern, named in the legend."""
    size = max(len(series), 1)
    columns, labels = _legend_columns(series, size, narrow)
    legend_in = 0.3 + sum(0.27 * _lines(w) + 0.1 for w in labels[::columns])
    words, lines = _row_words(rows, narrow)
    axis_words = _axis_words(axis_words, narrow)
    layout = _Rows(len(rows), 0.36 * size, lines)
    figure = _figure(layout.axes_in, narrow, top=legend_in, bottom=_below(axis_words))
    ax = figure.add_subplot()
    top = max([v for r in rows for v in r["values"]] + [1])
    pitch = layout.bar / size
    for n, row in enumerate(rows):
        for s, value in enumerate(row["values"]):
            colour, hatch = SERIES[s % len(SERIES)]
            y = n - layout.bar / 2 + pitch * (s + 0.5)
            ax.barh(y, value, height=pitch * 0.92, color=colour, hatch=hatch, edgecolor="#1a1a1a", linewidth=1)
            _count_label(ax, value, y, top, size=FONT - 1)
        _row_labels(ax, n, layout.words_y(n), words[n], row["picture"], project_id)
    ax.legend(handles=[Patch(facecolor=SERIES[s % len(SERIES)][0], hatch=SERIES[s % len(SERIES)][1],
                             edgecolor="#1a1a1a", label=words) for s, words in enumerate(labels)],
              loc="lower left", bbox_to_anchor=(-LEFT / (_size(narrow)[0] - LEFT - RIGHT) + 0.02, 1.0),
              ncols=columns, fontsize=FONT - 1, frameon=False, borderaxespad=0.2)
    _finish_rows(ax, layout, top, axis_words)
    return _render(figure, fmt)


@kept
def lines_over_time(months, rows, axis_words, fmt="png", narrow=False):
    """rows [{"words", "values": [...one per month...]}]: one line per theme, each with its
    own marker and dash, named in the legend: beside the lines on a wide screen, below
    them on a phone."""
    width, dpi = (12, 100) if not narrow else NARROW
    plot_in = 4.4 if not narrow else 3.2
    labels = [_wrapped(r["words"], 3.0 if not narrow else width - 1.0, FONT - 1, bold=False) for r in rows]
    legend_in = sum(0.3 * _lines(w) + 0.12 for w in labels) + 0.2 if narrow else 0
    turned = len(months) > (3 if narrow else 10)
    ticks_in = 1.0 if turned else 0.5
    height = 0.3 + plot_in + ticks_in + legend_in
    figure = Figure(figsize=(width, height), dpi=dpi)
    left = 1.1
    figure.subplots_adjust(left=left / width, right=1 - (0.3 if narrow else 3.9) / width,
                           top=1 - 0.3 / height, bottom=(ticks_in + legend_in) / height)
    ax = figure.add_subplot()
    x = list(range(len(months)))
    for n, row in enumerate(rows):
        colour = SERIES[n % len(SERIES)][0]
        ax.plot(x, row["values"], color=colour, marker=MARKERS[n % len(MARKERS)], markersize=10,
                linestyle=LINES[n % len(LINES)], linewidth=2.5, label=labels[n])
    ax.set_xticks(x, months, fontsize=FONT - 2, rotation=45 if turned else 0, ha="right" if turned else "center")
    ax.set_ylabel(_wrapped(axis_words, plot_in, FONT, bold=False), fontsize=FONT)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(bottom=0)
    ax.tick_params(axis="y", labelsize=FONT - 2)
    if narrow:
        figure.legend(fontsize=FONT - 1, frameon=False, loc="lower left", bbox_to_anchor=(0.02, 0.01))
    else:
        ax.legend(fontsize=FONT - 1, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _render(figure, fmt)


@kept
def choice_bars(choices, missing, axis_words, fmt="png", project_id=None, narrow=False):
    """A closed question: one bar per answer (picture and words), then grey patterned bars
    for the answers that are missing ("skipped", "I don't know", "not asked"), so missing
    answers are shown, not hidden. choices/missing: [{"words", "picture", "value"}]."""
    rows = choices + missing
    figure, ax, layout, words, axis_words = _one_bar_rows(rows, axis_words, narrow, 0.45)
    top = max([r["value"] for r in rows] + [1])
    for n, row in enumerate(rows):
        colour, hatch = (MISSING, "//") if n >= len(choices) else SERIES[n % len(SERIES)]
        _bar_row(ax, layout, n, row, words[n], project_id, colour, hatch, top)
    if missing and choices:
        # Between the last answer's bar and the first missing row's words.
        ax.axhline(len(choices) - 1 + layout.bar / 2 + layout.units(0.15), color="#1a1a1a",
                   linewidth=1, linestyle=":")
    _finish_rows(ax, layout, top, axis_words)
    return _render(figure, fmt)
