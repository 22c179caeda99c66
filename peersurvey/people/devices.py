"""Tablets registered to a project. A tablet proves itself with its token, which it keeps
in a cookie (pages) and sends as `Authorization: Bearer <token>` (API)."""
from ..db import get_db, now, writing
from .credentials import hash_token, new_token

COOKIE = "peersurvey_tablet"
COOKIE_DAYS = 5 * 365  # a tablet stays registered until a lead revokes it


def register(project_id, name, created_by, site=None):
    """Register a tablet; returns (device id, token). The token is shown once, never stored.
    `site` is where it is used (a place or group): each interview it sends takes it."""
    token = new_token()
    device_id = get_db()["devices"].insert({
        "project_id": project_id, "name": name, "token_hash": hash_token(token),
        "created_at": now(), "created_by": created_by, "site": site or None,
    }).last_pk
    return device_id, token


def set_site(device_id, site):
    """Where the tablet is used from now on; interviews it already sent keep theirs."""
    get_db()["devices"].update(device_id, {"site": site or None})


def by_token(token):
    """The active (not revoked) tablet with this token, or None."""
    if not token:
        return None
    rows = list(get_db().query(
        "select * from devices where token_hash = ? and revoked_at is null",
        [hash_token(token)]))
    return rows[0] if rows else None


def get_active(device_id):
    rows = list(get_db().query(
        "select * from devices where id = ? and revoked_at is null", [device_id]))
    return rows[0] if rows else None


def for_project(project_id):
    return list(get_db().query(
        "select * from devices where project_id = ? order by revoked_at is not null, name",
        [project_id]))


def in_project(project_id, device_id):
    rows = list(get_db().query(
        "select * from devices where project_id = ? and id = ?", [project_id, device_id]))
    return rows[0] if rows else None


def revoke(device_id, revoked_by):
    """Switch the tablet off; False if it was already off (two leads pressing at once)."""
    with writing(get_db()) as db:
        return db.execute("update devices set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null",
                          [now(), revoked_by, device_id]).rowcount == 1


def seen(device):
    """Note when the tablet was last used; at most once a minute, so that a busy tablet's
    every request does not cost a write to disk."""
    stamp = now()
    if (device.get("last_seen_at") or "")[:16] != stamp[:16]:
        with writing(get_db()) as db:   # waits its turn with the syncs, never fails on a busy database
            db.execute("update devices set last_seen_at = ? where id = ?", [stamp, device["id"]])


def signed_in(device_id, person_id):
    """Remember that this person signed in with their PIN on this tablet: the tablet may
    then send their interviews (collect/sync.py refuses anyone else's)."""
    stamp = now()
    with writing(get_db()) as db:
        db.execute("""insert into device_people (device_id, person_id, first_at, last_at) values (?, ?, ?, ?)
                      on conflict (device_id, person_id) do update set last_at = excluded.last_at""",
                   [device_id, person_id, stamp, stamp])
