"""Reading JSON that anyone may have sent: never a 500, never a runaway.

Python's json accepts NaN and Infinity (not JSON), integers of any size (SQLite stores
at most 64 bits), and nesting until the interpreter runs out of stack. `loads` refuses
each of those with BadJSON, which callers answer with a plain 400.
"""
import json

MAX_DEPTH = 32
SQL_INT_MIN, SQL_INT_MAX = -(2 ** 63), 2 ** 63 - 1


class BadJSON(ValueError):
    """The bytes are not JSON peersurvey can take."""


def _no_constants(name):
    raise BadJSON(f"{name} is not allowed")


def _bounded_int(text):
    if len(text) > 20:
        raise BadJSON("number too large")
    value = int(text)
    if not SQL_INT_MIN <= value <= SQL_INT_MAX:
        raise BadJSON("number too large")
    return value


def _finite_float(text):
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise BadJSON("number too large")
    return value


def loads(data, max_depth=MAX_DEPTH):
    """Parse `data` (bytes or str) as JSON within the limits above, or raise BadJSON."""
    try:
        if isinstance(data, bytes):
            data = data.decode("utf-8-sig")
        value = json.loads(data, parse_constant=_no_constants, parse_int=_bounded_int,
                           parse_float=_finite_float)
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
