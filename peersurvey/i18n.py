"""Languages: English and Welsh, chosen by the person and kept across pages.

A first visit follows the browser's Accept-Language; the language switch stores the
choice in the session. Add a language by adding it to LANGUAGES and a catalogue.
"""
from datetime import datetime

from flask import Blueprint, g, has_request_context, redirect, request, session, url_for
from babel import Locale
from babel.core import get_locale_identifier, parse_locale
from babel.dates import format_datetime
from flask_babel import Babel, force_locale, get_locale, get_timezone, get_translations, gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape

from .access import allow
from .safety import came_from, local_path

# Each language names itself, so a person who reads only that language can find it.
LANGUAGES = {"en": "English", "cy": "Cymraeg"}
DEFAULT_LANGUAGE = "en"

babel = Babel()

# flask_babel's lazy strings tell Jinja they are HTML already (__html__ gives the text as it
# is), so a sentence made in Python with a person's words in it (a question's sentence in the
# easy-read check, an XLSForm cell in the import report) was drawn as markup: a cell holding
# <meta http-equiv="refresh"> sent the lead's browser to another site. None of ours holds
# markup, so each is escaped, as any other text drawn in a page is.
LazyString.__html__ = lambda self: escape(str(self))


class _Language(Locale):
    """One of LANGUAGES as a babel Locale that knows its own name: flask_babel asks for the
    name (str) for every string it translates, and babel works it out afresh each time."""

    def __init__(self, code):
        parts = parse_locale(code)
        self._name = get_locale_identifier(parts)
        super().__init__(*parts)

    def __str__(self):
        return self._name


_LOCALES = {code: _Language(code) for code in LANGUAGES}

# Each language's catalogue, once found. flask_babel's own lookup goes through the request's
# context nine times for every string (7 µs, more than the rest of drawing the string); the
# catalogues cannot change while the app runs. Emptied when an app starts (init_app).
_catalogues = {}


def translations():
    """The catalogue of the language the page is in (as flask_babel's get_translations)."""
    name = str(get_locale())
    found = _catalogues.get(name)
    if found is None:
        found = _catalogues[name] = get_translations()
    return found
bp = Blueprint("i18n", __name__)


def words_ok(value):
    """Words in each language, as a theme, a picture or a description keeps them:
    {"en": …, "cy": …}, text in each (what a file brought in must hold, or pages break)."""
    return isinstance(value, dict) and set(value) <= set(LANGUAGES) and all(isinstance(v, str) for v in value.values())


def text_in(texts, language=None):
    """The text in the page's language, else in any language it has."""
    language = language or current_language()
    texts = texts or {}
    return texts.get(language) or next((t for t in texts.values() if t), "")


def select_locale():
    if not has_request_context():
        return _LOCALES[DEFAULT_LANGUAGE]    # command line: English
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return _LOCALES[chosen]
    return _LOCALES[request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE]


def in_every_language(message):
    """A message in every language: {"en": ..., "cy": ...}. A lazy message (with its values)
    or a msgid string marked for translation."""
    words = {}
    for code in LANGUAGES:
        with force_locale(code):
            words[code] = gettext(message) if isinstance(message, str) else str(message)
    return words


def current_language():
    return str(get_locale())


def when(moment):
    """A date and time as people in Britain write it: "4 December 2026, 15:04" ("4 Rhagfyr
    2026, 15:04"), never the US "Dec 4, 2026" that Babel's plain English gives."""
    language = current_language()
    return format_datetime(moment, "d MMMM y, HH:mm", tzinfo=get_timezone(),
                           locale="en_GB" if language == "en" else language)


def day(moment):
    """The day of a moment, as people in Britain write it: "4 December 2026" ("4 Rhagfyr 2026")."""
    language = current_language()
    return format_datetime(moment, "d MMMM y", tzinfo=get_timezone(),
                           locale="en_GB" if language == "en" else language)


def return_path():
    """Where the language switch brings a person back to: this page, or after a form was
    sent (a page that cannot be opened again), the page the form was on, unless the view
    said where its page opens again (switch_comes_back_to)."""
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    return g.get("switch_comes_back_to") or came_from() or url_for("home.index")


def switch_comes_back_to(path):
    """For a page sent in answer to a form that a GET of `path` opens again: the language
    switch comes back there (keep-typing.js puts what was typed back in its form)."""
    g.switch_comes_back_to = path


@bp.route("/language/<code>")
@allow("anyone")
def switch(code):
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(local_path(request.args.get("next")) or url_for("home.index"))


def init_app(app):
    babel.init_app(app, locale_selector=select_locale)
    _catalogues.clear()
    # As flask_babel installs them, through the kept catalogues (see translations()).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True)
    from .audit import sentence
    app.jinja_env.globals.update(current_language=current_language, LANGUAGES=LANGUAGES,
                                 return_path=return_path,
                                 when=when, day=day, audit_sentence=sentence)
    app.jinja_env.filters["parse_time"] = datetime.fromisoformat
    app.register_blueprint(bp)
