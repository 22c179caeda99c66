"""/healthz, for a host's monitoring: can the database be written, is there room on the disk,
and how old is the newest backup. It names no file and no person."""
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, current_app, jsonify

from . import backups
from .access import allow
from .db import connect

bp = Blueprint("health", __name__)
LOW_DISK_MB = 200          # below this, a day of recordings or a backup may not fit
BACKUP_LATE_HOURS = 48


@bp.route("/healthz")
@allow("anyone")
def healthz():
    writable = _writable(current_app.config["DATABASE"])
    free_mb = shutil.disk_usage(Path(current_app.config["DATABASE"]).resolve().parent).free // 2**20
    newest = backups.latest(backups.folder_for(current_app.config, current_app.instance_path))
    hours = None if newest is None else int((datetime.now(timezone.utc) - newest).total_seconds() // 3600)
    report = {"database": "writable" if writable else "not writable", "disk_free_mb": free_mb,
              "disk_ok": free_mb >= LOW_DISK_MB, "last_backup": newest.isoformat() if newest else None,
              "last_backup_hours": hours,
              "backup_ok": hours is not None and hours < BACKUP_LATE_HOURS}
    # A late backup is reported, not an outage: the app still works.
    report["ok"] = writable and report["disk_ok"]
    return jsonify(report), 200 if report["ok"] else 503


def _writable(path):
    """A real write, undone: takes the write lock (waiting at most 2 seconds for it)."""
    try:
        db = connect(path, busy_seconds=2)
    except sqlite3.Error:
        return False
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("create table health_probe (x)")     # a write to the file itself, rolled back
        db.execute("ROLLBACK")
        return True
    except sqlite3.Error:
        return False
    finally:
        db.close()
