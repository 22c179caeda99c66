"""Reading JSON that anyone may have sent: never a 500, never a runaway.

Python's json accepts NaN and Infinity (not JSON), integers of any size (SQLite stores
at most 64 bits), and nesting until the interpreter runs out of stack. `loads` refuses
each of those with BadJSON, which callers answer with a plain 400.
"""
import json

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 32
SQL_INT_MIN, SQL_INT_MAX = -(2 ** 63), 2 ** 63 - 1


class BadJSON(ValueError):
    """The bytes are not JSON peersurvey can take."""


class OutOfRange:
    """Stands for a number too big (or small) to store, when `loads(..., keep_big=True)`:
    it is no int or float, so the check of the one field holding it refuses that field, and
    one such number in one interview does not refuse a whole batch."""

    def __repr__(self):
        return "OutOfRange()"


OUT_OF_RANGE = OutOfRange()


def _no_constants(name):
    raise BadJSON(f"{name} is not allowed")


def _too_big(keep_big):
    if keep_big:
        return OUT_OF_RANGE
    raise BadJSON("number too large")


def _int_parser(keep_big):
    def parse(text):
        # Checked by length first: int() of a 5,000-digit string is slow, then refused.
        value = int(text) if len(text) <= 20 else None
        return value if value is not None and SQL_INT_MIN <= value <= SQL_INT_MAX else _too_big(keep_big)
    return parse


def _float_parser(keep_big):
    def parse(text):
        value = float(text)
        return value if value not in (float("inf"), float("-inf")) else _too_big(keep_big)
    return parse


def loads(data, max_depth=MAX_DEPTH, keep_big=False):
    """Parse `data` (bytes or str) as JSON within the limits above, or raise BadJSON. With
    keep_big, a number out of range is read as OUT_OF_RANGE instead of refusing it all."""
    try:
        if isinstance(data, bytes):
            data = data.decode("utf-8-sig")
        value = json.loads(data, parse_constant=_no_constants, parse_int=_int_parser(keep_big),
                           parse_float=_float_parser(keep_big))
    except (UnicodeDecodeError, RecursionError, ValueError) as error:
        raise BadJSON(str(error)) from None
    if too_deep(value, max_depth):
        raise BadJSON("nested too deeply")
    return value


def too_deep(value, max_depth=MAX_DEPTH):
    """True if lists and objects nest more than max_depth deep (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > max_depth:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def is_sql_int(value):
    """A whole number (not True/False) that SQLite can store."""
    return isinstance(value, int) and not isinstance(value, bool) and SQL_INT_MIN <= value <= SQL_INT_MAX


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading within the limits above: request.get_json anywhere (and
    flask.json.loads) refuses NaN, numbers SQLite cannot hold and deep nesting with BadJSON,
    a ValueError, which get_json answers with a plain 400. Writing is Flask's own."""

    def loads(self, s, **_kwargs):
        return loads(s)
