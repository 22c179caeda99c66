"""HTTPS in front of waitress: Caddy, started and stopped by `peersurvey serve` as a child.

A browser keeps the tablet app for use with no internet only on https:// addresses, so a
group with no IT staff needs HTTPS made for them, in one of two ways:
- a host (`--domain survey.example.org`): Caddy gets a public certificate by itself (Let's
  Encrypt, automatic HTTPS), so it needs the domain pointing here and ports 80 and 443;
- a hub (`--hub`): a laptop, often with no internet, whose own certificate authority (Caddy's
  "internal" one) signs its certificate; each tablet is told once to trust it.
Caddy's files (its settings, certificates and the hub's authority) live in the instance
folder, readable only by the account that runs peersurvey, never in anyone's home folder.
waitress then listens on 127.0.0.1 only, so nothing can reach the app around Caddy and its
X-Forwarded-* headers can be trusted.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HUB_PORT = 8443       # above 1024: a hub laptop needs no administrator to listen on it
HUB_HTTP_PORT = 8080  # plain HTTP, for the one thing a tablet needs before it trusts the hub
HOST_PORT = 443
CERTIFICATE_PATH = "/tablet/hub-certificate.crt"
START_SECONDS = 30


class HttpsError(Exception):
    """Caddy could not start; the message says what to do."""


@dataclass
class Plan:
    """What Caddy serves: the names in the certificate, the port, and where waitress is."""
    names: list
    port: int
    upstream_port: int
    folder: Path          # Caddy's own files, under the instance folder
    hub: bool
    email: str = ""
    http_port: int = HUB_HTTP_PORT
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.folder / "caddy.log"

    @property
    def public_url(self):
        port = "" if self.port == HOST_PORT else f":{self.port}"
        host = f"[{self.names[0]}]" if ":" in self.names[0] else self.names[0]
        return f"https://{host}{port}/"

    @property
    def certificate_url(self):
        """Where a tablet gets the hub's certificate. Plain HTTP, because a tablet that does not
        trust the hub yet would be stopped at an https:// address; the certificate is public."""
        host = f"[{self.names[0]}]" if ":" in self.names[0] else self.names[0]
        return f"http://{host}:{self.http_port}{CERTIFICATE_PATH}"

    @property
    def certificate_authority(self):
        """The hub's root certificate, which Caddy writes on its first start."""
        return self.folder / "data" / "pki" / "authorities" / "local" / "root.crt"


# A name, an IPv4 or IPv6 address, or an email: nothing that could end a line of the Caddyfile.
FAIR_NAME = re.compile(r"[A-Za-z0-9:][A-Za-z0-9.:\-]{0,252}")
FAIR_EMAIL = re.compile(r"[^\s{}\"'#]{1,254}@[A-Za-z0-9.\-]{1,253}")


def plan_for(instance_path, upstream_port, domain=None, hub_names=(), port=None, email="", http_port=None):
    for name in ([domain] if domain else []) + list(hub_names):
        if not FAIR_NAME.fullmatch(name):
            raise HttpsError(f"“{name}” is not a web address or a network address. Give one like "
                             "survey.example.org or 192.168.1.20.")
    if email and not FAIR_EMAIL.fullmatch(email):
        raise HttpsError(f"“{email}” does not look like an email address.")
    folder = Path(instance_path) / "caddy"
    if domain:
        return Plan([domain], port or HOST_PORT, upstream_port, folder, hub=False, email=email)
    names = list(hub_names) or [*lan_addresses(), f"{socket.gethostname()}.local"]
    return Plan(names, port or HUB_PORT, upstream_port, folder, hub=True, http_port=http_port or HUB_HTTP_PORT)


def lan_addresses():
    """This laptop's address on its network, found with no internet: a UDP socket "connected"
    to a private address sends nothing but picks the interface a tablet would reach."""
    found = []
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))
                address = s.getsockname()[0]
        except OSError:
            continue
        if address not in found and not address.startswith("127."):
            found.append(address)
    return found or ["127.0.0.1"]


# The app's own files (scripts, styles, pictures drawn as SVG), squeezed for the network: a
# tablet fetching the collection app over a venue's weak Wi-Fi gets its 473 KB as about 157
# (bench/sync_ingest.py; the app's few scripts made on request go as they are).
# Only /static/: a page that carries a form token is never compressed (over HTTPS that lets
# someone who can watch the sizes guess the token, BREACH), and the live screens' event
# streams must go out as each event is written.
COMPRESS = "\tencode /static/* zstd gzip\n"


def caddyfile(plan):
    """The Caddyfile for a plan. `admin off`: nothing else can change Caddy while it runs."""
    options = ["admin off", f"storage file_system {plan.folder / 'data'}", f"https_port {plan.port}"]
    if plan.hub:
        # Never touch the laptop's own trust store; a hub has no port 80 to redirect from.
        options += ["skip_install_trust", "local_certs", "auto_https disable_redirects"]
    elif plan.email:
        options.append(f"email {plan.email}")
    sites = ", ".join(f"https://{_site(name)}:{plan.port}" for name in plan.names)
    tls = "\ttls internal\n" if plan.hub else ""
    return ("{\n" + "".join(f"\t{line}\n" for line in options) + "}\n\n"
            f"{sites} {{\n{tls}\treverse_proxy 127.0.0.1:{plan.upstream_port}\n{COMPRESS}"
            f"\tlog {{\n\t\toutput file {plan.log}\n\t}}\n}}\n" + (_plain_http(plan) if plan.hub else ""))


def _plain_http(plan):
    """On a hub's plain HTTP port: its certificate, and for everything else the way to HTTPS."""
    sites = ", ".join(f"http://{_site(name)}:{plan.http_port}" for name in plan.names)
    return (f"\n{sites} {{\n\thandle {CERTIFICATE_PATH} {{\n\t\treverse_proxy 127.0.0.1:{plan.upstream_port}\n"
            f"\t}}\n\thandle {{\n\t\tredir https://{{host}}:{plan.port}{{uri}}\n\t}}\n}}\n")


def _site(name):
    return f"[{name}]" if ":" in name else name


def caddy_binary():
    """The `caddy` of the `https` extra (beside this Python), else the system's (Debian's)."""
    beside = Path(sys.executable).parent / ("caddy.exe" if os.name == "nt" else "caddy")
    found = str(beside) if beside.is_file() else shutil.which("caddy")
    if not found:
        raise HttpsError("HTTPS needs Caddy, and it is not installed. Install it with "
                         "`pip install \"peersurvey[https]\"` (or `sudo apt install caddy`), then try again.")
    return found


def write_config(plan):
    """The Caddyfile, private, in Caddy's folder (also private: it will hold keys)."""
    plan.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(plan.folder, 0o700)
    path = plan.folder / "Caddyfile"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(caddyfile(plan))
    return path


def child_environment(plan):
    """Caddy's settings and autosaves go under its folder, not the home folder."""
    return {**os.environ, "XDG_DATA_HOME": str(plan.folder / "data"),
            "XDG_CONFIG_HOME": str(plan.folder / "config"), "HOME": str(plan.folder)}


def _die_with_parent():
    """On Linux, Caddy is stopped if peersurvey is killed outright (no finally runs then)."""
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG


def start(plan):
    """Start Caddy for the plan; returns its process once it listens (and, for a hub, once
    its certificate authority exists). Raises HttpsError with what to do if it cannot."""
    config = write_config(plan)
    log = open(plan.folder / "caddy-output.log", "w")
    process = subprocess.Popen(
        [caddy_binary(), "run", "--config", str(config), "--adapter", "caddyfile"],
        stdout=log, stderr=subprocess.STDOUT, env=child_environment(plan),
        preexec_fn=_die_with_parent if os.name != "nt" else None)
    log.close()
    try:
        _wait_until_ready(plan, process)
    except BaseException:
        stop(process)
        raise
    return process


def _wait_until_ready(plan, process):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HttpsError(_why_not_started(plan))
        if all(_listening(p) for p in _ports(plan)) and all(path.is_file() for path in _made_first(plan)):
            return
        time.sleep(0.1)
    raise HttpsError(f"Caddy did not start within {START_SECONDS} seconds. "
                     f"What it said is in {plan.folder / 'caddy-output.log'}.")


def _made_first(plan):
    """For a hub, the files Caddy makes as it starts: its authority and a certificate for
    each name, so the first tablet never meets a half-ready hub. A host's certificate comes
    from Let's Encrypt, which can take a minute: Caddy answers once it has it."""
    if not plan.hub:
        return []
    certificates = plan.folder / "data" / "certificates" / "local"
    return [plan.certificate_authority, *(certificates / name / f"{name}.crt" for name in plan.names)]


def _why_not_started(plan):
    said = (plan.folder / "caddy-output.log").read_text(errors="replace")
    if "permission denied" in said and plan.port < 1024:
        return (f"Caddy may not listen on port {plan.port}: only an administrator may use ports below 1024. "
                "Run `sudo setcap cap_net_bind_service=+ep $(which caddy)` once, or choose "
                "another port with --https-port.")
    if "address already in use" in said:
        ports = " or ".join(str(p) for p in _ports(plan))
        return (f"Something else is using port {ports}. Stop it, or choose other ports "
                "with --https-port and --http-port.")
    return f"Caddy stopped as it started. What it said is in {plan.folder / 'caddy-output.log'}."


def _ports(plan):
    return (plan.port, plan.http_port) if plan.hub else (plan.port,)


def _listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def stop(process):
    """Stop Caddy and wait for it, so no Caddy is left behind."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_settings(plan):
    """What the app must know when it sits behind Caddy."""
    settings = {"BEHIND_PROXY": True, "SESSION_COOKIE_SECURE": True, "PUBLIC_URL": plan.public_url}
    if plan.hub:
        settings["HUB_CERTIFICATE"] = str(plan.certificate_authority)
        settings["HUB_CERTIFICATE_URL"] = plan.certificate_url
    return settings
