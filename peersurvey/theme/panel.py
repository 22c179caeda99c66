"""The live panel of a coding session (templates/theme/_session_panel.html): the answer as
it shows, and drawing the panel for live.js, once for all the joined screens that see it
alike.

After a tap on the big screen every joined screen fetches the panel at once (twenty of them
in a room), and all but a few see the same thing: the answer, the group's themes and the
votes, differing only in the person's own votes and their form token. So the panel drawn for
one joined screen is kept, keyed by what makes it differ, and only for the session's current
version (every change to what a session shows moves its version on, in the same write) and
for at most KEEP_SECONDS: the next nineteen screens get it with their own token put in.
"""
import json
import secrets
import threading
import time

from flask import current_app, g, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from ..db import get_db

from ..i18n import current_language
from ..prepare.picture_urls import picture_url
from ..questions import kind_of
from . import coding, display, session_asks, sessions

KEEP_SECONDS = 1.0
_TOKEN = f"csrf-{secrets.token_hex(16)}"    # stands for the form token in a kept panel
_ANSWER = f"answer-{secrets.token_hex(16)}"  # and for the answer, in a kept theme button
_kept = {}             # (database, session id): (version, when drawn, {key: html})
_locks = {}
_filters = {}          # what filters_fields() drew, by all it depends on
_buttons = {}          # what theme_cards() drew, by all a theme button depends on
_urls = {}             # session_urls(), by where the app is served and the session
KEEP_BUTTONS = 4096
_locks_lock = threading.Lock()


def answer(project_id, answer_id):
    """The answer row, how it shows, and whether it may be a quote (its participant agreed
    their words could be shared), from one read; (None, None, False) if it was withdrawn."""
    if answer_id is None:
        return None, None, False
    row = sessions.answer_on_screen(answer_id)
    if row is None:
        return None, None, False
    found = {"id": row["id"], "question": row["question"], "value": row["value"]}
    question = display.Documents().question(row["version_id"], row["question"])
    if question is None:
        return None, None, False
    view = {**display.shown(found, question, project_id), "kind": kind_of(question).NAME,
            "recordings": display.recordings_of(found["id"])}
    view["typeable"] = display.typeable(found["id"], view["parts"], g.signed_in_with == "password")
    return found, view, row["share_words"] == 1


def fragment(context, status=200):
    """The live part of the page alone, for live.js to draw in."""
    return render_template("theme/_session_panel.html", **context), status, {"X-Fragment": "1"}


def joined_fragment(session, make_context):
    """The panel for a screen that does not drive, drawn once per session version and what
    else makes it differ (language, the big-screen view, how the person signed in, their own
    votes); make_context() gives the context when it has to be drawn."""
    answer_id = sessions.answer_at(session["id"], session["position"]) if session["total"] else None
    mine = coding.votes_by(session["id"], answer_id, g.person["id"]) if answer_id else set()
    key = (current_language(), session_asks.big_wanted(), g.signed_in_with, answer_id, frozenset(mine))
    place = (current_app.config["DATABASE"], session["id"])
    with _lock(place):
        version, drawn_at, drawn = _kept.get(place, (None, 0, {}))
        if version != session["version"] or time.monotonic() - drawn_at > KEEP_SECONDS:
            drawn_at, drawn = time.monotonic(), {}
            _forget_old(drawn_at)
            _kept[place] = (session["version"], drawn_at, drawn)
        html = drawn.get(key)
        if html is None:
            # The person's own votes as read for the key (a vote since would be drawn under
            # the old key, and shown to another screen as theirs).
            html = drawn[key] = drawn_to_keep({**make_context(), "mine": mine})
    return with_token(html), 200, {"X-Fragment": "1"}


def drawn_to_keep(context):
    """The panel drawn to be sent later, to this request or another: its form token is a
    stand-in, which with_token puts the request's own in place of."""
    return render_template("theme/_session_panel.html", **context, csrf_token=lambda: _TOKEN)


def with_token(html):
    return html.replace(_TOKEN, generate_csrf())


def theme_cards(context, token, stay, tap_url, only=None):
    """The panel's theme buttons (only: that theme's alone). Each is drawn once for every way
    it can look (the theme, whether the group chose it, the person's own vote, who voted,
    the language and the view) and kept, with stand-ins for the form token and the answer:
    a tap changes one button and Next usually none, so the twelve are rarely drawn again
    (drawing them was a third of each tap's reply)."""
    language, drives = current_language(), context["drives"]
    project_id = context["project"]["id"]
    chosen, own, votes = context["chosen"], context["mine"], context["votes"]
    alike = (current_app.config["DATABASE"], project_id, language, drives, str(stay), tap_url)  # every button's
    buttons = []
    for theme in context["themes"]:
        if only is not None and theme["id"] != only:
            continue
        is_chosen, mine = theme["id"] in chosen, theme["id"] in own
        voters = tuple(votes.get(theme["id"], ()))
        key = (alike, theme["id"], tuple(theme["words"].items()), theme["picture"], theme["colour"],
               theme["parent_id"], is_chosen, mine, voters)
        html = _buttons.get(key)
        if html is None:
            if len(_buttons) > KEEP_BUTTONS:
                _buttons.clear()
            html = _buttons[key] = current_app.jinja_env.get_template("theme/_theme_button.html").render(
                theme=theme, words=display.text_in(theme["words"]), picture=picture_url(theme["picture"], project_id),
                is_chosen=is_chosen, pressed=is_chosen if drives else mine, mine=mine and not drives,
                voters=voters, stay=stay, tap_url=tap_url, token=_TOKEN, answer_id=_ANSWER)
        buttons.append(html)
    return Markup("".join(buttons).replace(_TOKEN, token).replace(_ANSWER, str(escape(context["answer_id"]))))


def session_urls(project_id, session_id):
    """{button: the address its form posts to} for the session's panel, worked out once:
    building addresses was a tenth of drawing a tap's reply."""
    key = (current_app.name, request.script_root, project_id, session_id)
    urls = _urls.get(key)
    if urls is None:
        if len(_urls) > KEEP_BUTTONS:
            _urls.clear()
        urls = _urls[key] = {name: url_for(f"coding.{name}", project_id=project_id, session_id=session_id)
                             for name in ("tag", "vote", "move", "confirm", "quote", "new_theme", "undo", "filters",
                                          "end")}
    return urls


def filters_fields(session, make_form):
    """The big screen's "Choose which answers" fields, as drawn: the same on every tap until
    the session's filters, the project's sites or the questionnaire's published versions
    change (all in the key), so they are drawn once. make_form() gives the form to draw."""
    versions = tuple(row[0] for row in get_db().execute(
        "select id from questionnaire_versions where questionnaire_id = ? and status = 'published'",
        [session["questionnaire_id"]]))
    key = (current_app.config["DATABASE"], session["id"], current_language(),
           json.dumps(session["filters"], sort_keys=True), tuple(sessions.sites(session["project_id"])), versions)
    html = _filters.get(key)
    if html is None:
        if len(_filters) > 256:
            _filters.clear()
        html = _filters[key] = Markup(render_template("theme/_start_fields.html", f=make_form(), prefix="filter-"))
    return html


def _forget_old(moment):
    for place, (_version, drawn_at, _drawn) in list(_kept.items()):
        if moment - drawn_at > KEEP_SECONDS:
            _kept.pop(place, None)


def one_at_a_time(session_id):
    """The session's lock, for sending its joined screens their panels one at a time: twenty
    stream threads each making ten short reads at once spent most of their time handing the
    interpreter's lock to one another at every read (about 29 ms a screen, 80 ms for the
    last of twenty); taking turns, a screen takes about 0.6 ms."""
    return _lock((current_app.config["DATABASE"], session_id))


def _lock(place):
    """One lock per session, so the screens that ask at once wait for one drawing. Re-entrant:
    a screen sent its panel holds it already (one_at_a_time)."""
    with _locks_lock:
        return _locks.setdefault(place, threading.RLock())
