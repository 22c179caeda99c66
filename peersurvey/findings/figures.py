"""Each chart as data: what it draws, its words, its alt text (a sentence made from the
numbers) and the table shown beside it. The chart image and the page both come from
here, so the picture, the words and the table always say the same thing."""
from dataclasses import dataclass, field

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import ngettext

from ..prepare.document import HEADINGS
from . import charts, counts

SPLIT_NAMES = ("heading", "question", "site", "month")


@dataclass
class Figure:
    name: str
    title: str
    alt: str
    columns: list            # table heading cells
    rows: list               # table rows: [words, number, ...]
    draw: callable = None    # draw(fmt, narrow=False) -> bytes, or None when there is nothing to draw
    counts_what: str = ""    # "people" or "mentions", said in words on the page
    notes: list = field(default_factory=list)


# A chart draws at most this many themes, those that came up most: past that it is too
# long to read, and its picture grew with every theme (3,000 themes: 40 s and gigabytes).
# The table beside it lists them all.
CHART_MOST = 30


def _drawn(rows, figure, value=None):
    """The rows the chart draws (the CHART_MOST that came up most), saying so if not all."""
    if len(rows) <= CHART_MOST:
        return rows
    figure.notes.append(ngettext("The chart shows the %(num)d theme that came up most. The table lists all %(all)d.",
                                 "The chart shows the %(num)d themes that came up most. The table lists all %(all)d.",
                                 CHART_MOST, all=len(rows)))
    return sorted(rows, key=value, reverse=True)[:CHART_MOST] if value else rows[:CHART_MOST]


def _count_words(count):
    return _("Number of people who talked about it") if count == "people" else \
        _("Number of times it came up")


def themes_figure(project_id, count="people"):
    table = counts.theme_frequency(project_id)
    rows = [{"words": r.words, "colour": r.colour, "picture": r.picture, "value": int(getattr(r, count))}
            for r in table.itertuples()]
    title = _("How often each theme came up")
    figure = Figure("themes", title, _themes_alt(rows, count), [_("Theme"), _count_words(count)],
                    [[r["words"], r["value"]] for r in rows], counts_what=count)
    if rows:
        drawn = _drawn(rows, figure, value=lambda row: row["value"])
        figure.draw = lambda fmt, narrow=False: charts.theme_bars(drawn, _count_words(count), fmt, project_id, narrow)
    return figure


def _themes_alt(rows, count):
    if not rows:
        return _("There are no themes yet, so there is nothing to show.")
    leader = rows[0]
    if leader["value"] == 0:
        return _("No answers have been given a theme yet.")
    if count == "people":
        sentence = ngettext("%(words)s came up most: %(num)d person talked about it.",
                            "%(words)s came up most: %(num)d people talked about it.",
                            leader["value"], words=leader["words"])
    else:
        sentence = ngettext("%(words)s came up most: %(num)d time.", "%(words)s came up most: %(num)d times.",
                            leader["value"], words=leader["words"])
    if len(rows) > 1:
        sentence += " " + ngettext("Next is %(words)s with %(num)d.", "Next is %(words)s with %(num)d.",
                                   rows[1]["value"], words=rows[1]["words"])
    return sentence


def _series_words(by, values, project_id):
    if by == "heading":
        return [str(HEADINGS[v]) if v in HEADINGS else _("No heading") for v in values]
    if by == "question":
        words = counts.question_words(project_id)
        return [words.get(v, v) for v in values]
    if by == "site":
        return [v or _("Site not known") for v in values]
    return [format_date(date(int(v[:4]), int(v[5:7]), 1), "MMM yyyy") if len(v) == 7 else v for v in values]


def split_figure(project_id, by):
    split = counts.theme_split(project_id, by)
    table = counts.theme_frequency(project_id)
    series = _series_words(by, list(split.columns), project_id)
    rows = [{"words": t.words, "picture": t.picture,
             "values": [int(v) for v in (split.loc[t.theme_id] if t.theme_id in split.index else [])]}
            for t in table.itertuples()]
    titles = {"heading": _("Themes under each Working Together for Change heading"),
              "question": _("Themes by question"), "site": _("Themes by site or group"),
              "month": _("Themes over time, month by month")}
    figure = Figure(f"by-{by}", titles[by], _split_alt(rows, series), [_("Theme"), *series],
                    [[r["words"], *r["values"]] for r in rows], counts_what="people")
    if rows and series:
        axis, drawn = _count_words("people"), _drawn(rows, figure)      # rows: most people first
        if by == "month":
            figure.draw = lambda fmt, narrow=False: charts.lines_over_time(series, drawn, axis, fmt, narrow)
        else:
            figure.draw = lambda fmt, narrow=False: charts.split_bars(drawn, series, axis, fmt, project_id, narrow)
    return figure


def _split_alt(rows, series):
    cells = [(value, row["words"], series[n]) for row in rows for n, value in enumerate(row["values"])]
    if not cells or max(cells)[0] == 0:
        return _("No answers have been given a theme yet, so there is nothing to show.")
    value, words, where = max(cells, key=lambda cell: cell[0])
    return ngettext("The biggest is %(words)s in ‘%(where)s’: %(num)d person talked about it.",
                    "The biggest is %(words)s in ‘%(where)s’: %(num)d people talked about it.",
                    value, words=words, where=where)


def question_figures(project_id):
    return [_question_figure(project_id, q) for q in counts.closed_questions(project_id)]


def _question_figure(project_id, question):
    choices = [{"words": c["words"], "picture": c["picture"], "value": c["people"]} for c in question["choices"]]
    missing = [{"words": _("Skipped it"), "picture": None, "value": question["skipped"]},
               {"words": _("Said ‘I don't know’"), "picture": None, "value": question["dont_know"]},
               {"words": _("Not asked"), "picture": None, "value": question["not_asked"]}]
    axis = _("Number of people")
    figure = Figure(f"question-{question['key']}", question["question"], _question_alt(question),
                    [_("Answer"), axis], [[r["words"], r["value"]] for r in choices + missing],
                    counts_what="people")
    if question["interviews"]:
        figure.draw = lambda fmt, narrow=False: charts.choice_bars(choices, missing, axis, fmt, project_id, narrow)
    if question["multiple"]:
        figure.notes.append(_("People could choose more than one answer, so the numbers add up to more than the number of people."))
    return figure


def _question_alt(question):
    if not question["interviews"]:
        return _("Nobody has answered this question yet.")
    missing = _("%(skipped)d skipped it, %(dont_know)d said they did not know and %(not_asked)d were not asked.",
                skipped=question["skipped"], dont_know=question["dont_know"], not_asked=question["not_asked"])
    leader = max(question["choices"], key=lambda c: c["people"], default=None)
    if leader is None or leader["people"] == 0:
        return _("Nobody chose an answer to this question yet.") + " " + missing
    return ngettext("Most people chose %(words)s: %(num)d of %(total)d.",
                    "Most people chose %(words)s: %(num)d of %(total)d.",
                    leader["people"], words=leader["words"], total=question["interviews"]) + " " + missing


def by_name(project_id, name, count="people"):
    """The figure a chart address names, or None."""
    if name == "themes":
        return themes_figure(project_id, count if count in ("people", "mentions") else "people")
    if name.startswith("by-") and name[3:] in SPLIT_NAMES:
        return split_figure(project_id, name[3:])
    if name.startswith("question-"):
        # Only the one asked for is made (a questions page asks for each of its charts).
        key = name.removeprefix("question-")
        question = next((q for q in counts.closed_questions(project_id) if q["key"] == key), None)
        return _question_figure(project_id, question) if question else None
    return None
