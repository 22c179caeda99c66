"""Reading JSON that anyone may have sent: never a 500, never a runaway.

Python's json accepts NaN and Infinity (not JSON), integers of any size (SQLite stores
at most 64 bits), and nesting until the interpreter runs out of stack. `loads` refuses
each of those with BadJSON, which callers answer with a plain 400.

JSON may also write half of a character ("\\ud800": half an emoji, as a browser cutting
text in the wrong place makes). Python reads it, but no text can hold it: SQLite, hashing
and every page that shows it fail (a 500, and a tablet's whole batch refused for one
answer). Each is read as U+FFFD, the sign for a lost character, so nothing else is lost.
"""
import json
import re

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


_HALF_ESCAPED = re.compile(r"\\u[dD][89a-fA-F]")     # in JSON text: \ud800 to \udfff
_HALF = re.compile("[\ud800-\udfff]")                 # read: only a half is left as one
LOST = "\ufffd"


def _mended(value):
    """`value` with each half character put as LOST (its depth is checked already)."""
    if isinstance(value, str):
        return _HALF.sub(LOST, value)
    if isinstance(value, list):
        return [_mended(item) for item in value]
    if isinstance(value, dict):
        return {_mended(key): _mended(item) for key, item in value.items()}
    return value


def mended_text(text):
    """JSON text as it can be kept: `text` itself, or, if it writes a half character, the
    same written again without (BadJSON as loads). For JSON kept inside a column."""
    value = loads(text)
    return json.dumps(value, ensure_ascii=False) if _HALF_ESCAPED.search(text) else text


# Lists and objects take about 60 to 100 bytes each once read, so text made of little else
# ("[],[],[]…") took 45 times its size (a 9 MB file, 430 MB). Past FEW of them, text with
# more than one in PER_CHARACTERS characters is refused unread: what peersurvey writes
# (interviews, questionnaires, projects) has about a hundred in each. Brackets inside
# words count too (not telling them apart is what keeps this quick), so words with
# "[pause]" every few words still fit.
FEW, PER_CHARACTERS = 10_000, 8

# Only sound makes one item of a stream longer than LONG: a tablet file's recordings, each
# one long string of base64. An item of many small values takes 10 to 23 times its size
# once read (a 37 MB object of two-letter words, 470 MB; objects nested in objects more), so
# past LONG an item may have at most one value (counted by its , : { and [) in VALUE_CHARS
# characters. It is read up to LONG, then on LONG at a time, and reading stops after a
# piece with more: small interviews after the long one, or an attack, refused if the item
# goes on past that piece. At most about LONG of many small values is ever read as one item.
LONG, VALUE_CHARS = 2 * 1024 * 1024, 64


def _many_values(text, start=0, size=None):
    """True if `text` (from `start`) has more than one value in VALUE_CHARS characters,
    judged as if it were at least `size` long."""
    values = sum(text.count(mark, start) for mark in ",:{[")
    return values * VALUE_CHARS > max(len(text) - start, size or 0)


def _too_many_parts(data, start=0):
    """True for `data` (from `start`) with more lists and objects than its size can hold."""
    brackets = (b"[", b"{") if isinstance(data, bytes) else ("[", "{")
    parts = data.count(brackets[0], start) + data.count(brackets[1], start)
    return parts > FEW and parts * PER_CHARACTERS > len(data) - start


def loads(data, max_depth=MAX_DEPTH, keep_big=False):
    """Parse `data` (bytes or str) as JSON within the limits above, or raise BadJSON. With
    keep_big, a number out of range is read as OUT_OF_RANGE instead of refusing it all."""
    if _too_many_parts(data):
        raise BadJSON("too many lists and objects for its size")
    try:
        if isinstance(data, bytes):
            data = data.decode("utf-8-sig")
        value = json.loads(data, parse_constant=_no_constants, parse_int=_int_parser(keep_big),
                           parse_float=_float_parser(keep_big))
    except (UnicodeDecodeError, RecursionError, ValueError) as error:
        raise BadJSON(str(error)) from None
    if too_deep(value, max_depth):
        raise BadJSON("nested too deeply")
    return _mended(value) if _HALF_ESCAPED.search(data) else value


def too_deep(value, max_depth=MAX_DEPTH):
    """True if lists and objects nest more than max_depth deep (checked without recursion)."""
    stack = [(value, 1)] if isinstance(value, (list, dict)) else []
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            return True
        # Only lists and objects are stacked: a tuple for each of a million numbers took
        # 64 MB more than the numbers themselves.
        stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)
                     if isinstance(child, (list, dict)))
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


def _scanner(keep_big):
    return json.JSONDecoder(parse_constant=_no_constants, parse_int=_int_parser(keep_big),
                            parse_float=_float_parser(keep_big))


def array_items(stream, max_item_chars=16 * 1024 * 1024, max_depth=MAX_DEPTH, chunk=1 << 16):
    """Each item of the JSON list in the binary `stream`, one at a time, within the limits of
    `loads`: a table of a million rows is read in the memory of one row. Raises BadJSON for
    anything but a list, and for an item longer than `max_item_chars`."""
    reader = _Chunks(stream, chunk)
    if reader.next_char() != "[":
        raise BadJSON("not a list")
    yield from reader.items(_scanner(False), max_item_chars, max_depth - 1)     # in the list
    reader.end()


def members(stream, lists, others=None, max_item_chars=16 * 1024 * 1024, max_depth=MAX_DEPTH, keep_big=False,
            chunk=1 << 16, sized=False):
    """The JSON object in the binary `stream`, one member at a time: (name, value) for each,
    within the limits of `loads` (keep_big as there). A member named in `lists` must be a
    list, and its value is given as an iterator of its items, read one at a time as it is
    gone through (whatever it leaves is skipped): a file of 300 MB of interviews is read in
    the memory of one interview. others: the names any other member may have (None: any);
    one named otherwise is refused before its value is read. sized: a listed member's items
    come as (item, its length in characters). BadJSON as array_items."""
    reader = _Chunks(stream, chunk)
    scanner = _scanner(keep_big)
    if reader.next_char() != "{":
        raise BadJSON("not an object")
    reader.pos += 1
    if reader.next_char() == "}":
        reader.pos += 1
        return reader.end()
    while True:
        name = reader.value(scanner, 4096)
        if not isinstance(name, str) or reader.next_char() != ":":
            raise BadJSON("a member needs a name and a colon")
        if name not in lists and others is not None and name not in others:
            raise BadJSON("a member of another name")
        reader.pos += 1
        if name in lists:
            if reader.next_char() != "[":
                raise BadJSON(f"{name} is not a list")
            items = reader.items(scanner, max_item_chars, max_depth - 2, sized)    # in a list, in the object
            yield name, items
            for _left in items:
                pass
        else:
            yield name, reader.checked(scanner, max_item_chars, max_depth - 1)
        if reader.after("}"):
            return reader.end()


_WHITE_SPACE = re.compile(r"[ \t\r\n]*")


class _Chunks:
    """Text read from a binary stream as it is needed, for array_items and members."""

    def __init__(self, stream, chunk):
        import codecs
        self.stream, self.chunk = stream, chunk
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text, self.pos, self.eof = "", 0, False
        self.began = 0      # where the last value read began
        self.dense = False  # the last piece more(sparse=True) read had many values (see LONG)

    def more(self, at_least=0, sparse=False):
        """Read on; False at the end of the stream. sparse: LONG at a time, stopping after a
        piece with more than one value in VALUE_CHARS characters (see LONG)."""
        if self.eof:
            return False
        pieces, wanted, self.dense = [], max(self.chunk, at_least), False
        while wanted > 0 and not self.eof:
            data = self.stream.read(min(wanted, LONG) if sparse else wanted)
            try:
                pieces.append(self.decoder.decode(data, final=not data))
            except UnicodeDecodeError as error:
                raise BadJSON(str(error)) from None
            wanted, self.eof = wanted - len(data), not data
            # A last piece shorter than LONG is judged as if LONG: one comma in 30 bytes is not many.
            self.dense = sparse and _many_values(pieces[-1], size=LONG)
            if self.dense:
                break
        self.text, self.pos = self.text[self.pos:] + "".join(pieces), 0
        return True

    def next_char(self):
        """The next character that is not white space, or "" at the end."""
        while True:
            self.pos = _WHITE_SPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos:self.pos + 1]

    def value(self, scanner, max_chars):
        self.next_char()
        self.dense = False
        while True:
            try:
                value, end = scanner.raw_decode(self.text, self.pos)
                # A number may go on past what is read so far: "12" of "123", "1" of "1.5"
                # or "1e5" (read as 1, then a "." or "e" with nothing after it yet).
                cut = end == len(self.text) or (self.text[end] in ".eE" and self.text[end - 1].isdigit())
                if not cut or self.eof:
                    self.began, self.pos = self.pos, end
                    return value
            except RecursionError:
                raise BadJSON("nested too deeply") from None
            except ValueError as error:
                if self.eof or len(self.text) - self.pos > max_chars:
                    raise BadJSON(str(error)) from None
            # Cut short by the end of what is read, so all of it from pos is this item's:
            # read as much again (a long item is scanned a few times, not once per chunk),
            # up to max_chars, but first only up to LONG, then LONG at a time (see LONG).
            held = len(self.text) - self.pos
            if held >= LONG and (self.dense or _many_values(self.text, self.pos)):
                raise BadJSON("too many values for its size")
            if held > max_chars or not (self.more(held, sparse=True) if held >= LONG else
                                        self.more(min(held, LONG - held))):
                raise BadJSON("an item is too long")
            # A long item is held whole once read: as loads, refused first if it is mostly
            # lists and objects (what follows it in the text is counted too).
            if _too_many_parts(self.text, self.pos):
                raise BadJSON("too many lists and objects for its size")

    def items(self, scanner, max_chars, max_depth, sized=False):
        """Each item of the list beginning here (at its "["); sized: (item, its length in
        characters) for each."""
        self.pos += 1
        if self.next_char() == "]":
            self.pos += 1
            return
        while True:
            value = self.checked(scanner, max_chars, max_depth)
            yield (value, self.pos - self.began) if sized else value
            if self.after("]"):
                return

    def checked(self, scanner, max_chars, max_depth):
        value = self.value(scanner, max_chars)
        if too_deep(value, max_depth):
            raise BadJSON("nested too deeply")
        # Mended only if its text writes a half character: mending copies every list and object.
        return _mended(value) if _HALF_ESCAPED.search(self.text, self.began, self.pos) else value

    def after(self, closing):
        """Past what follows a value: True at `closing`, False at a comma."""
        separator = self.next_char()
        self.pos += 1
        if separator == closing:
            return True
        if separator != ",":
            raise BadJSON("items must be separated by commas")
        return False

    def end(self):
        if self.next_char():
            raise BadJSON("more after the end")
