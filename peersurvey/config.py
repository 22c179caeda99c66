"""Settings, declared once with their help text.

Every setting comes from an environment variable with a safe default. The README's
settings table is checked against SETTINGS by a test, so a new setting cannot go
undocumented.
"""
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    key: str          # app.config key
    env: str          # environment variable
    default: object
    help: str
    cast: type = str


SETTINGS = (
    Setting("DATABASE", "PEERSURVEY_DATABASE", None,
            "Path of the SQLite database file. Default: `peersurvey.db` in the instance folder."),
    Setting("HOST", "PEERSURVEY_HOST", "127.0.0.1",
            "Address `peersurvey serve` listens on. Use 0.0.0.0 to let tablets on the same network connect."),
    Setting("PORT", "PEERSURVEY_PORT", 5000, "Port `peersurvey serve` listens on.", int),
    Setting("IDLE_MINUTES", "PEERSURVEY_IDLE_MINUTES", 30,
            "Minutes of no use after which a person is signed out (up to a minute later).", int),
    Setting("PIN_TRIES", "PEERSURVEY_PIN_TRIES", 5,
            "Wrong PINs (or passwords) in a row before that way of signing in is locked for a while: "
            "a PIN on one tablet, or a password from one browser. Counted apart, so wrong PINs never "
            "lock a web sign-in.", int),
    Setting("LOCK_MINUTES", "PEERSURVEY_LOCK_MINUTES", 15,
            "How long a lock-out lasts, and the window in which tries per address and per tablet are counted.", int),
    Setting("ADDRESS_TRIES", "PEERSURVEY_ADDRESS_TRIES", 20,
            "Wrong passwords one network address may try in LOCK_MINUTES (and, counted apart, wrong "
            "tablet codes); then it must wait. Right ones are not counted, a browser that signed in "
            "before is not held up, and PINs are limited per tablet instead.", int),
    Setting("TABLET_TRIES", "PEERSURVEY_TABLET_TRIES", 20,
            "Wrong PINs, for everyone together, one tablet may take in LOCK_MINUTES; then it must wait.", int),
    Setting("SESSION_COOKIE_SECURE", "PEERSURVEY_HTTPS_ONLY", False,
            "Set to 1 when the site is only ever reached over HTTPS: cookies are then never sent "
            "over plain HTTP. Cookies are marked Secure on HTTPS requests either way.", bool),
    Setting("BEHIND_PROXY", "PEERSURVEY_BEHIND_PROXY", False,
            "Set to 1 when a reverse proxy (nginx, Caddy) terminates HTTPS in front of peersurvey, "
            "so it trusts the proxy's X-Forwarded-Proto and X-Forwarded-For headers.", bool),
    Setting("THREADS", "PEERSURVEY_THREADS", 32,
            "Requests `peersurvey serve` handles at once. Each screen following a coding session "
            "holds one open, so keep it well above LIVE_STREAMS.", int),
    Setting("LIVE_STREAMS", "PEERSURVEY_LIVE_STREAMS", 24,
            "Screens that may follow coding sessions live at once; more than this check every "
            "two seconds instead.", int),
    Setting("CONNECTIONS", "PEERSURVEY_CONNECTIONS", 500,
            "Connections `peersurvey serve` keeps open at once (tablets, screens, browsers); "
            "past this, new ones wait. If the system cannot keep that many files open (waitress "
            "watches at most about 1,000 on Linux and macOS, 500 on Windows), serve uses fewer "
            "and says so.", int),
    Setting("IDLE_CONNECTION_SECONDS", "PEERSURVEY_IDLE_CONNECTION_SECONDS", 30,
            "Seconds a connection may sit idle, sending nothing, before `peersurvey serve` "
            "closes it, so one device holding many idle connections cannot keep others out. "
            "Live screens are not idle: they hear from the server every few seconds.", int),
    Setting("LIVE_STREAMS_PER_PERSON", "PEERSURVEY_LIVE_STREAMS_PER_PERSON", 3,
            "Live places one person may hold at once (a big screen and a tablet or two); "
            "more of their screens check every two seconds instead, so one person cannot "
            "take every place.", int),
    Setting("BUSY_SECONDS", "PEERSURVEY_BUSY_SECONDS", 30,
            "Seconds a change waits for its turn to write to the database when many arrive at "
            "once (200 tablets sending); past that it is answered 503 'busy, try again'.", int),
    Setting("LIVE_STREAM_SECONDS", "PEERSURVEY_LIVE_STREAM_SECONDS", 300,
            "How long one live connection stays open before the screen quietly opens a new one.", int),
    Setting("PUBLIC_URL", "PEERSURVEY_PUBLIC_URL", None,
            "The address tablets use to reach peersurvey (put in the pairing QR code), for example "
            "https://survey.example.org/. `serve --domain` and `serve --hub` set it. Default: the "
            "address the lead's browser used."),
    Setting("HUB_CERTIFICATE", "PEERSURVEY_HUB_CERTIFICATE", None,
            "The hub's own certificate authority (a PEM file), offered to tablets on \"Add a tablet\" "
            "so they trust the hub. `serve --hub` sets it."),
    Setting("BACKUP_DIR", "PEERSURVEY_BACKUP_DIR", None,
            "Folder for the backups `peersurvey serve` makes on a schedule. Default: `backups` in "
            "the instance folder."),
    Setting("BACKUP_HOURS", "PEERSURVEY_BACKUP_HOURS", 6,
            "Hours between backups while `peersurvey serve` runs; 0 for none.", int),
    Setting("BACKUP_KEEP", "PEERSURVEY_BACKUP_KEEP", 14,
            "How many of the newest backups are kept; older ones are deleted.", int),
)
# Outside the table because they decide where the instance folder is, before the app exists.
INSTANCE_ENV = "PEERSURVEY_INSTANCE_PATH"
SECRET_ENV = "PEERSURVEY_SECRET_KEY"


def _cast(setting, raw):
    if setting.cast is bool:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return setting.cast(raw)


def from_environment(environ=os.environ):
    """The settings as app.config entries, environment first, then defaults."""
    values = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env)
        values[setting.key] = setting.default if raw in (None, "") else _cast(setting, raw)
    return values


def secret_key(instance_path, environ=os.environ):
    """The session signing key: from the environment, else a file made on first start.

    The file lives in the instance folder, which git ignores, so no key is ever committed.
    """
    if environ.get(SECRET_ENV):
        return environ[SECRET_ENV]
    path = Path(instance_path) / "secret_key"
    key = _read_key(path)
    if key is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _make_key(path)
        key = _read_key(path)
    if not key:
        # Only an older peersurvey, stopped while writing the file, leaves it empty.
        raise RuntimeError(f"The secret key file {path} is empty. Delete it and start peersurvey again.")
    return key


def _read_key(path):
    """The key in the file, or None if there is no file yet."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return None


def _make_key(path):
    """Write a new key under `path` unless another process got there first. The key is
    written whole to a private file of its own, then linked to its name: a process reading
    the name finds nothing or the whole key, never half of one, and the first link wins."""
    fd, written = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")   # mode 0600
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(written, path)
        except FileExistsError:
            pass
        except OSError:
            # A file system with no hard links (some USB sticks): a rename still never shows
            # half a key, and refuses to replace one on Windows; elsewhere two first starts at
            # the same instant could each keep their own key until the next restart.
            if not path.exists():
                os.replace(written, path)
    finally:
        if os.path.exists(written):
            os.unlink(written)
