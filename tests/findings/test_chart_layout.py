"""Where the words in a chart land, measured in the drawn figure: every word inside the
picture, and no theme's words on top of a bar or of other words. Checked for the wide
chart (tablets, print) and the narrow one phones get, with long Welsh words."""
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from peersurvey.findings import charts

AXIS = "Nifer y bobl a siaradodd amdano"
THEMES = [
    {"words": "Gwneud fy newisiadau fy hun", "colour": "blue", "picture": "openmoji:1F4B7", "value": 34},
    {"words": "Mynd allan gyda ffrindiau ŵyr ac ŷd ar nos Sadwrn", "colour": "green", "picture": None, "value": 21},
    {"words": "Arian", "colour": "orange", "picture": None, "value": 3},
]
SERIES = ["Beth sy'n gweithio", "Beth sydd ddim yn gweithio", "Beth sy'n bwysig ar gyfer y dyfodol"]
SPLIT = [{"words": t["words"], "picture": t["picture"], "values": [5, 12, 3]} for t in THEMES]
MONTHS = ["Ion 2026", "Chwef 2026", "Maw 2026", "Ebr 2026", "Mai 2026"]
LINES = [{"words": t["words"], "values": [1, 4, 2, 6, 3]} for t in THEMES]
CHOICES = [{"words": "Hapus iawn", "picture": "openmoji:1F600", "value": 10},
           {"words": "Trist", "picture": None, "value": 4}]
MISSING = [{"words": "Wedi'i hepgor", "picture": None, "value": 2},
           {"words": "Wedi dweud ‘Dydw i ddim yn gwybod’", "picture": None, "value": 1},
           {"words": "Heb ei ofyn", "picture": None, "value": 0}]

CHARTS = {
    "themes": lambda narrow: charts.theme_bars(THEMES, AXIS, None, 1, narrow),
    "split": lambda narrow: charts.split_bars(SPLIT, SERIES, AXIS, None, 1, narrow),
    "months": lambda narrow: charts.lines_over_time(MONTHS, LINES, AXIS, None, narrow),
    "choices": lambda narrow: charts.choice_bars(CHOICES, MISSING, AXIS, None, 1, narrow),
}


def drawn(name, narrow):
    figure = CHARTS[name](narrow)
    FigureCanvasAgg(figure).draw()
    return figure, figure.canvas.get_renderer()


def words_in(figure):
    """The words drawn: matplotlib also keeps labels for ticks outside the axis's range,
    which it does not draw."""
    hidden = set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            hidden.update(id(tick.label1) for tick in axis.get_major_ticks()
                          if not low - 1e-9 <= tick.get_loc() <= high + 1e-9)
    return [t for t in figure.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
@pytest.mark.parametrize("name", CHARTS)
def test_every_word_is_inside_the_picture(name, narrow):
    figure, renderer = drawn(name, narrow)
    page = figure.bbox
    texts = words_in(figure)
    assert any("ŵyr" in t.get_text() or "gwybod" in t.get_text() for t in texts)
    for text in texts:
        box = text.get_window_extent(renderer)
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, f"{text.get_text()!r} runs off the side"
        assert page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, f"{text.get_text()!r} runs off the top or bottom"


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
@pytest.mark.parametrize("name", ["themes", "split", "choices"])
def test_row_words_sit_clear_of_bars_and_other_words(name, narrow):
    figure, renderer = drawn(name, narrow)
    ax = figure.axes[0]
    rows = [t for t in ax.texts if t.get_fontweight() == "bold" and not t.get_text().isdigit()
            and len(t.get_text()) > 1]
    bars = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    assert len(rows) >= 3 and bars
    boxes = [t.get_window_extent(renderer) for t in rows]
    for text, box in zip(rows, boxes):
        for bar in bars:
            assert not box.overlaps(bar), f"{text.get_text()!r} is drawn over a bar"
        for other, other_box in zip(rows, boxes):
            assert other is text or not box.overlaps(other_box), f"{text.get_text()!r} is on top of other words"


@pytest.mark.parametrize("name", CHARTS)
def test_the_phone_chart_is_drawn_narrow_with_its_words_bigger(name):
    wide, _ = drawn(name, False)
    narrow, _ = drawn(name, True)
    wide_w, narrow_w = wide.get_size_inches()[0], narrow.get_size_inches()[0]
    assert narrow_w < wide_w
    # On a phone either picture is shown the same width on the screen, so the words show
    # bigger by the ratio of the widths in inches.
    assert wide_w / narrow_w > 1.9
