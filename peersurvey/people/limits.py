"""Wrong sign-in tries, counted so that parallel tries cannot get round the count.

A try is *taken* before the PIN or password is checked, in one write transaction: the
person's count and the counts of where the try comes from go up together, and a try past a
limit is refused there and then. Twenty tries sent at once therefore see twenty different
counts, and exactly PIN_TRIES of them are checked. A right PIN or password gives its try back.

Three kinds of count, all in the database so they hold across threads and processes:

  a person, per way in (lockouts)   PIN_TRIES wrong in a row lock that way in for
      LOCK_MINUTES. The way in is "pin" on one tablet, or "password" from one browser that
      has signed in before (see known_browsers.py) or from anywhere else. So wrong PINs on a
      tablet never lock a lead's web sign-in, and someone typing a lead's email elsewhere
      never locks the lead out of their own laptop.
  a network address (try_limits)    ADDRESS_TRIES wrong passwords per LOCK_MINUTES, and
      apart from those ADDRESS_TRIES wrong tablet codes, so one attacker cannot lock a whole
      group of leads out. A browser the lead has signed in from before is not held up by
      its address (it has its own count), and PINs are not counted by address at all: a
      group's tablets often share one, and someone typing wrong passwords there must not
      stop everyone's tablets.
  a tablet (try_limits)             TABLET_TRIES wrong PINs per LOCK_MINUTES, for everyone on
      it together, wherever its requests come from, so one device cannot try PINs for
      everyone.
"""
import ipaddress
import time
from dataclasses import dataclass, field

from flask import current_app, request
from flask_babel import ngettext

from ..db import get_db, writing


@dataclass
class Try:
    allowed: bool
    why: str = ""              # "locked": this person's way in; "busy": the address or tablet
    lockout: tuple = None      # (person_id, kind, scope) counted, or None
    limits: list = field(default_factory=list)
    locked_now: bool = False   # this try was the one that locked the person


def address_limit(kind):
    """The try_limits key for `kind` of try ("password" or "tablet code") from this request's
    network address. An IPv6 device is given a whole /64 network by its provider, so that is
    counted as one address."""
    address = request.remote_addr or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return f"address:{kind}:{address[:64]}"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return f"address:{kind}:{parsed.ipv4_mapped}"
        return f"address:{kind}:{ipaddress.ip_network(f'{parsed}/64', strict=False)}"
    return f"address:{kind}:{parsed}"


def tablet_limit(tablet_id):
    return f"tablet:{tablet_id}"


def _window():
    return current_app.config["LOCK_MINUTES"] * 60


def _cap(key):
    return current_app.config["TABLET_TRIES" if key.startswith("tablet:") else "ADDRESS_TRIES"]


def take(person_id, kind, scope, limits):
    """Take one try at `person_id`'s `kind` ("pin" or "password") from `scope`, counted also
    against each key in `limits`. person_id None (an unknown email, a tablet code) counts
    only the limits. Returns a Try: check the secret only if it is allowed."""
    db, now = get_db(), int(time.time())
    with writing(db):
        busy = any(_full(db, key, now) for key in limits)
        for key in limits:
            _count(db, key, now)
        if busy:
            return Try(False, "busy", limits=limits)
        if person_id is None:
            return Try(True, limits=limits)
        lockout = (person_id, kind, scope)
        if _locked_until(db, lockout) > now:
            return Try(False, "locked", limits=limits)
        tries = db.execute(
            """insert into lockouts (person_id, kind, scope, failed_tries, locked_until)
               values (?, ?, ?, 1, 0)
               on conflict do update set failed_tries = failed_tries + 1
               returning failed_tries""", lockout).fetchone()[0]
        locked_now = tries >= current_app.config["PIN_TRIES"]
        if locked_now:
            db.execute("update lockouts set failed_tries = 0, locked_until = ? "
                       "where person_id = ? and kind = ? and scope = ?", [now + _window(), *lockout])
        return Try(True, lockout=lockout, limits=limits, locked_now=locked_now)


def succeeded(attempt):
    """The PIN or password was right: the person starts a new count, and the try is given
    back to the address and tablet, so only wrong tries use them up."""
    db = get_db()
    with writing(db):
        if attempt.lockout:
            db.execute("delete from lockouts where person_id = ? and kind = ? and scope = ?", attempt.lockout)
        for key in attempt.limits:
            db.execute("update try_limits set tries = max(tries - 1, 0) where key = ?", [key])


def _full(db, key, now):
    row = db.execute("select window_start, tries from try_limits where key = ?", [key]).fetchone()
    return row is not None and row[0] > now - _window() and row[1] >= _cap(key)


def _count(db, key, now):
    # A new window starts when the last one has run out.
    db.execute("""insert into try_limits (key, window_start, tries) values (?, ?, 1)
                  on conflict do update set
                    tries = case when window_start <= ? then 1 else tries + 1 end,
                    window_start = case when window_start <= ? then ? else window_start end""",
               [key, now, now - _window(), now - _window(), now])


def _locked_until(db, lockout):
    row = db.execute("select locked_until from lockouts where person_id = ? and kind = ? and scope = ?",
                     lockout).fetchone()
    return row[0] if row else 0


def locked_minutes(person_id, kind=None, scope=None):
    """Whole minutes (at least 1) until the person may try again (any way in, or the one
    given), or 0 if not locked."""
    sql, params = "select max(locked_until) from lockouts where person_id = ?", [person_id]
    if kind:
        sql, params = sql + " and kind = ? and scope = ?", params + [kind, scope]
    seconds = (get_db().execute(sql, params).fetchone()[0] or 0) - time.time()
    return max(1, -(-int(seconds) // 60)) if seconds > 0 else 0


def unlock(person_id):
    """A lead unlocks a person: every way in, everywhere."""
    db = get_db()
    with writing(db):
        db.execute("delete from lockouts where person_id = ?", [person_id])


def busy_message():
    """What a person is told when their address or tablet has had too many wrong tries."""
    return ngettext("Too many wrong tries were made here. Wait %(num)d minute, then try again. "
                    "Your project lead can help.",
                    "Too many wrong tries were made here. Wait %(num)d minutes, then try again. "
                    "Your project lead can help.", current_app.config["LOCK_MINUTES"])
