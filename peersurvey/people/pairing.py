"""Pairing a tablet: one QR scan, or eight characters typed.

A lead adds a tablet and gets a short code. The code works once, for CODE_MINUTES, and is
kept only as its SHA-256. On the tablet, the code is exchanged for the tablet's long token,
which goes straight into the tablet's cookie: nobody ever sees or types the long token.
Each pairing makes a new token, so a tablet paired again (a new browser, a reset tablet)
takes the tablet's place and the browser it had before stops being that tablet.
"""
import hashlib
import secrets
from datetime import datetime, timedelta, timezone

import segno
from flask import current_app, request
from markupsafe import Markup

from ..db import get_db, now, writing
from . import devices
from .credentials import hash_token, new_token

# No characters that look alike, in print or handwriting: 0 O, 1 I L, 5 S, 2 Z, 8 B go.
# 25 characters, 8 of them: about 150 billion codes, for a code that lives 15 minutes.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8
CODE_MINUTES = 15
KEEP_DAYS = 1   # old codes are deleted after this: a used or expired code is worth nothing


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalised(typed):
    """What a person typed, as a code: capitals, without the spaces and dashes people add."""
    return "".join(ch for ch in (typed or "").upper() if ch not in " -\t\u00a0")


def grouped(code):
    """`KMT4H7QX` as `KMT4 H7QX`: two groups of four are easier to read out and type."""
    return f"{code[:4]} {code[4:]}"


def _hash(code):
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def _stamp(moment):
    return moment.replace(microsecond=0).isoformat()


def make_code(project_id, device_id, created_by):
    """A new code for the tablet; any code it had before stops working (the lead made a new
    one because the old was lost or too old). Returns (code, expires_at)."""
    moment = datetime.now(timezone.utc)
    code, expires = new_code(), _stamp(moment + timedelta(minutes=CODE_MINUTES))
    with writing(get_db()) as db:
        db.execute("update pairing_codes set expires_at = ? where device_id = ? and used_at is null "
                   "and expires_at > ?", [_stamp(moment), device_id, _stamp(moment)])
        db.execute("delete from pairing_codes where expires_at < ?",
                   [_stamp(moment - timedelta(days=KEEP_DAYS))])
        db.execute("""insert into pairing_codes (project_id, device_id, code_hash, created_at,
                      created_by, expires_at) values (?, ?, ?, ?, ?, ?)""",
                   [project_id, device_id, _hash(code), _stamp(moment), created_by, expires])
    return code, expires


def redeem(typed):
    """Use the code: (outcome, device, token). outcome is "paired" (device and its new
    token given), "expired", "used", "off" (the lead switched the tablet off) or "wrong".

    Marking the code used is one conditional UPDATE, so of two tablets racing with one
    code exactly one gets a row back; the other is told the code was used."""
    code_hash, stamp = _hash(normalised(typed)), now()
    with writing(get_db()) as db:
        won = db.execute("""update pairing_codes set used_at = ?
                            where code_hash = ? and used_at is null and expires_at > ?
                              and device_id in (select id from devices where revoked_at is null)
                            returning device_id, created_by""", [stamp, code_hash, stamp]).fetchone()
        if won is None:
            return _why_not(db, code_hash, stamp), None, None
        token = _new_token_for(db, won[0])
        device = devices.get_active(won[0])
    # Who made the code is who paired the tablet, for the project's history.
    return "paired", {**device, "code_made_by": won[1]}, token


def _why_not(db, code_hash, stamp):
    row = db.execute("""select pairing_codes.used_at, pairing_codes.expires_at, devices.revoked_at
                        from pairing_codes join devices on devices.id = pairing_codes.device_id
                        where code_hash = ? order by pairing_codes.id desc limit 1""",
                     [code_hash]).fetchone()
    if row is None:
        return "wrong"
    used_at, expires_at, revoked_at = row
    if revoked_at:
        return "off"
    return "used" if used_at else ("expired" if expires_at <= stamp else "wrong")


def _new_token_for(db, device_id):
    token = new_token()
    db.execute("update devices set token_hash = ? where id = ?", [hash_token(token), device_id])
    return token


def pair_here(device_id):
    """The lead's own browser becomes the tablet (they pressed "This is the tablet"): a new
    token for it, and the tablet's waiting code counts as used. None if it is switched off."""
    stamp = now()
    with writing(get_db()) as db:
        if db.execute("select 1 from devices where id = ? and revoked_at is null", [device_id]).fetchone() is None:
            return None
        db.execute("update pairing_codes set used_at = ? where device_id = ? and used_at is null",
                   [stamp, device_id])
        return _new_token_for(db, device_id)


def base_url():
    """The address tablets reach this server at: PUBLIC_URL when set (a hub or host knows its
    own name), else the address the lead's browser used."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def setup_url(code=None):
    return f"{base_url()}/tablet/setup" + (f"?code={code}" if code else "")


def well_formed(code):
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def set_tablet_cookie(response, token):
    """The tablet keeps its token in a long-lived HttpOnly cookie: its pages and its API
    calls send it, and no script on a page can read it."""
    response.set_cookie(devices.COOKIE, token, max_age=devices.COOKIE_DAYS * 24 * 3600,
                        httponly=True, samesite="Lax",
                        secure=bool(current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure))


def qr_svg(text):
    """`text` as a QR code in inline SVG, drawn on the server: it needs no script and no
    network, so it works on a hub with no internet. Sized by CSS (no width or height)."""
    svg = segno.make(text, error="m").svg_inline(scale=1, border=4, omitsize=True, svgclass="qr__svg",
                                                  dark="#000", light="#fff")
    return Markup(svg)   # segno writes only paths and numbers: nothing from a person
