"""Plain error pages: say what happened and what to do. Never a stack trace."""
import sqlite3

from flask import make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from . import db
from .safety import came_from

MESSAGES = {
    400: (_l("Something went wrong with that request"),
          _l("Go back, check what you typed, and try again.")),
    403: (_l("This page is not for you"),
          _l("You are signed in, but this page is for other people in the project. "
             "Go back to the start page.")),
    404: (_l("We could not find that page"),
          _l("The address may be wrong, or the page has been taken away. "
             "Go back to the start page.")),
    405: (_l("That did not work"),
          _l("This page cannot do that. Go back to the start page.")),
    413: (_l("That is too big"),
          _l("What you sent is too big. Send something smaller.")),
    503: (_l("The server is very busy"),
          _l("Nothing you sent was lost or changed. Wait a minute and try again.")),
    500: (_l("Something went wrong on our side"),
          _l("It is not your fault. Wait a minute and try again. If it keeps happening, "
             "tell your project lead.")),
}
# The API's tablets show `error` as it is, so it is one plain sentence or two.
API_MESSAGES = {
    400: _l("The tablet sent something the server could not read. Try again."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not take that kind of request."),
    413: _l("What the tablet sent is too big. Send fewer interviews at a time."),
    500: _l("Something went wrong on the server. It is not your fault. Try again in a minute."),
    503: _l("The server is very busy. Nothing was lost: the tablet keeps everything. Try again in a minute."),
}
UNCHECKED_INPUT = "Input not checked before use"     # in the log, for people: not translated
CSRF_MESSAGE = (_l("This form is out of date"),
                _l("The page was open too long, or was sent twice. Go back, reload the "
                   "page, and try again. Nothing was changed."))


def render_error(error):
    code = error.code if isinstance(error, HTTPException) else 500
    if isinstance(error, CSRFError):
        title, advice = CSRF_MESSAGE
    else:
        title, advice = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    if request.path.startswith("/api/"):
        from .api import refuse
        return refuse(code, str(API_MESSAGES.get(code, API_MESSAGES[400 if code < 500 else 500])))
    if code == 413 and request.max_content_length:     # say how big, and back to the form
        advice = _l("What you sent is too big: this page takes at most %(most)s MB. Go back and choose "
                    "a smaller file.", most=f"{request.max_content_length / 1024 / 1024:,.0f}")
    return render_template("errors/error.html", title=title, advice=advice, back=came_from()), code


def init_app(app):
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, _unexpected)
    app.register_error_handler(db.Busy, _busy)
    app.register_error_handler(sqlite3.OperationalError, _busy_or_unexpected)
    app.register_error_handler(OverflowError, _unchecked_input)
    app.register_error_handler(RecursionError, _unchecked_input)


class _Busy(HTTPException):
    code = 503


def _busy(error):
    """Too many changes at once: the database stayed busy past BUSY_SECONDS. Nothing was
    written (the transaction rolled back), so the client can safely send again."""
    response = render_error(_Busy())
    response = make_response(response)
    response.headers["Retry-After"] = "30"
    return response


def _busy_or_unexpected(error):
    if "locked" in str(error) or "busy" in str(error):
        return _busy(error)
    return _unexpected(error)


def _unchecked_input(error):
    """The last net for input read before it was checked: a number too big for SQLite
    (OverflowError when it is bound) or nesting too deep to read (RecursionError). Each
    known cause is checked where the input is read (the int converter, safe_json, the
    forms); one missed is still the sender's mistake, so a plain 400, not a 500. Logged with
    its traceback, so the cause can be found and fixed, and the hostile-input tests fail on it."""
    from flask import current_app
    current_app.logger.warning(UNCHECKED_INPUT, exc_info=error)
    return render_error(BadRequest())


def _unexpected(error):
    if isinstance(error, HTTPException):
        return render_error(error)
    from flask import current_app
    current_app.logger.exception("Unexpected error")
    return render_error(InternalServerError())
