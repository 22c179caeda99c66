"""Charts drawn on the server with matplotlib, as PNG or SVG.

Made to be read by people who read little: large type, one theme per row with its
picture and words written beside the bar, the number written on the bar, and colour
never the only cue (every series also has its own pattern, and lines their own marker).
The words in the charts come in already translated; alt text and tables are made
beside them (alt.py, the pages).
"""
import functools
import io
from pathlib import Path

import matplotlib
import numpy
import resvg_py
from matplotlib.figure import Figure
from PIL import Image
from matplotlib.offsetbox import AnnotationBbox, OffsetImage
from matplotlib.patches import Patch

from ..prepare import media, pictures
from ..theme.themes import COLOURS

STATIC = Path(__file__).resolve().parents[2] / "static"

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


def _figure(rows, width=8.5, row_height=1.0, top=0.3, bottom=0.9, left=0.95, right=0.5):
    """A figure tall enough for its rows, with fixed margins in inches: the pictures sit in
    the left margin, the axis words at the bottom, a legend (if any) at the top."""
    height = max(2.5, rows * row_height + top + bottom)
    figure = Figure(figsize=(width, height), dpi=100)
    figure.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height,
                           bottom=bottom / height)
    return figure


def _render(figure, fmt):
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Creator": "peersurvey"} if fmt == "svg" else None)
    return buffer.getvalue()


def _plain_axes(ax):
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="x", labelsize=FONT - 2)
    ax.set_yticks([])


@functools.lru_cache(maxsize=256)
def _picture(picture_id, project_id, size=64):
    """The picture as an RGBA array for matplotlib, or None: library pictures are SVG,
    drawn with resvg; a project's own uploads are stored as PNG or JPEG."""
    if picture_id.startswith("openmoji:"):
        entry = pictures.get(picture_id)
        if entry is None:
            return None
        data = bytes(resvg_py.svg_to_bytes(svg_path=str(STATIC / entry["file"]), width=size, height=size))
    else:
        row = media.get(project_id, picture_id)
        if row is None:
            return None
        data = row["data"]
    image = Image.open(io.BytesIO(data)).convert("RGBA")
    image.thumbnail((size, size))
    return numpy.asarray(image)


def _row_labels(ax, y, words, picture_id, project_id, top, colour=None):
    """The picture in the left margin (or, for a theme with none, its first letter in a
    circle of its colour, as on the theme cards) and the words just above the bar."""
    ax.text(0, y - 0.34, words, fontsize=FONT + 2, fontweight="bold", va="bottom", ha="left")
    image = _picture(picture_id, project_id) if isinstance(picture_id, str) and picture_id else None
    if image is None and colour:
        ax.text(-0.045, y, words[:1].upper(), transform=ax.get_yaxis_transform(), ha="center", va="center",
                fontsize=FONT + 4, fontweight="bold", color="white", clip_on=False,
                bbox=dict(boxstyle="circle,pad=0.35", facecolor=colour, edgecolor="none"))
    elif image is not None:
        box = AnnotationBbox(OffsetImage(image, zoom=0.85), (0, y), xycoords=("axes fraction", "data"),
                             box_alignment=(1.05, 0.5), frameon=False, annotation_clip=False)
        box.set_in_layout(False)
        ax.add_artist(box)


def _count_label(ax, value, y, top, size=FONT + 2):
    ax.text(value + top * 0.01, y, str(int(value)), va="center", ha="left", fontsize=size, fontweight="bold")


def theme_bars(rows, axis_words, fmt="png", project_id=None):
    """rows: [{"words", "colour", "picture", "value"}] in order, most first."""
    figure = _figure(len(rows), row_height=1.15)
    ax = figure.add_subplot()
    top = max([r["value"] for r in rows] + [1])
    for n, row in enumerate(rows):
        colour = COLOURS.get(row["colour"], COLOURS["grey"])[0]
        ax.barh(n, row["value"], height=0.45, color=colour, edgecolor="#1a1a1a", linewidth=1.2,
                hatch=SERIES[n % len(SERIES)][1])
        _count_label(ax, row["value"], n, top)
        _row_labels(ax, n, row["words"], row["picture"], project_id, top, colour)
    _finish_rows(ax, len(rows), top, axis_words)
    return _render(figure, fmt)


def _finish_rows(ax, count, top, axis_words):
    ax.set_ylim(count - 0.4, -0.9)
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(axis_words, fontsize=FONT)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _plain_axes(ax)


def split_bars(rows, series, axis_words, fmt="png", project_id=None):
    """Grouped bars: rows [{"words", "picture", "values": [..one per series..]}], series
    [words, ...]; each series its own colour and pattern, named in the legend."""
    size = max(len(series), 1)
    columns = 1 if max((len(w) for w in series), default=0) > 28 else min(size, 3)
    legend_rows = -(-size // columns)
    figure = _figure(len(rows), row_height=0.8 + 0.32 * size, top=0.35 * legend_rows + 0.3)
    ax = figure.add_subplot()
    top = max([v for r in rows for v in r["values"]] + [1])
    height = 0.62 / size
    for n, row in enumerate(rows):
        for s, value in enumerate(row["values"]):
            colour, hatch = SERIES[s % len(SERIES)]
            y = n - 0.2 + height * (s + 0.5)
            ax.barh(y, value, height=height * 0.92, color=colour, hatch=hatch, edgecolor="#1a1a1a", linewidth=1)
            _count_label(ax, value, y, top, size=FONT - 1)
        _row_labels(ax, n + 0.06, row["words"], row["picture"], project_id, top)
    ax.legend(handles=[Patch(facecolor=SERIES[s % len(SERIES)][0], hatch=SERIES[s % len(SERIES)][1],
                             edgecolor="#1a1a1a", label=words) for s, words in enumerate(series)],
              loc="lower left", bbox_to_anchor=(0, 1.0), ncols=columns, fontsize=FONT - 1, frameon=False,
              borderaxespad=0.2)
    _finish_rows(ax, len(rows), top, axis_words)
    ax.set_ylim(len(rows) - 0.5, -1.0)
    return _render(figure, fmt)


def lines_over_time(months, rows, axis_words, fmt="png"):
    """rows [{"words", "values": [...one per month...]}]: one line per theme, each with its
    own marker and dash, labelled at its end with the theme's words."""
    figure = Figure(figsize=(12, 6), dpi=100)
    figure.subplots_adjust(left=0.08, right=0.68, top=0.95, bottom=0.12)
    ax = figure.add_subplot()
    x = list(range(len(months)))
    for n, row in enumerate(rows):
        colour = SERIES[n % len(SERIES)][0]
        ax.plot(x, row["values"], color=colour, marker=MARKERS[n % len(MARKERS)], markersize=10,
                linestyle=LINES[n % len(LINES)], linewidth=2.5, label=row["words"])
    ax.set_xticks(x, months, fontsize=FONT - 2)
    ax.set_ylabel(axis_words, fontsize=FONT)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(bottom=0)
    ax.tick_params(axis="y", labelsize=FONT - 2)
    ax.legend(fontsize=FONT - 1, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _render(figure, fmt)


def choice_bars(choices, missing, axis_words, fmt="png", project_id=None):
    """A closed question: one bar per answer (picture and words), then grey patterned bars
    for the answers that are missing ("skipped", "I don't know", "not asked"), so missing
    answers are shown, not hidden. choices/missing: [{"words", "picture", "value"}]."""
    rows = choices + missing
    figure = _figure(len(rows), row_height=1.0)
    ax = figure.add_subplot()
    top = max([r["value"] for r in rows] + [1])
    for n, row in enumerate(rows):
        is_missing = n >= len(choices)
        colour, hatch = (MISSING, "//") if is_missing else SERIES[n % len(SERIES)]
        ax.barh(n, row["value"], height=0.45, color=colour, hatch=hatch, edgecolor="#1a1a1a", linewidth=1.2)
        _count_label(ax, row["value"], n, top)
        _row_labels(ax, n, row["words"], row.get("picture"), project_id, top)
    if missing and choices:
        ax.axhline(len(choices) - 0.5 - 0.2, color="#1a1a1a", linewidth=1, linestyle=":")
    _finish_rows(ax, len(rows), top, axis_words)
    return _render(figure, fmt)
