"""`peersurvey serve --hub` and `--domain`: the real Caddy in front of the real server. The hub
answers over HTTPS with a certificate its own authority signed (and nothing else trusts),
tells the app it is behind HTTPS, and leaves no Caddy behind when it stops, however it stops."""
import gzip
import http.client
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from peersurvey import create_app, https

from .browser.conftest import free_port
from .conftest import Maker

def caddy_accepts(path, folder):
    done = subprocess.run([https.caddy_binary(), "validate", "--config", str(path), "--adapter", "caddyfile"],
                          capture_output=True, text=True, env=https.child_environment(https.Plan(
                              ["x"], 1, 1, folder, hub=True)))
    return done.returncode == 0, done.stdout + done.stderr


def test_the_caddyfiles_for_a_host_and_a_hub_are_ones_caddy_accepts(tmp_path):
    host = https.plan_for(tmp_path / "host", 5000, domain="survey.example.org", email="it@example.org")
    hub = https.plan_for(tmp_path / "hub", 5000, hub_names=("hub.test", "192.168.1.20"))
    assert host.public_url == "https://survey.example.org/" and host.port == 443
    assert hub.public_url == "https://hub.test:8443/" and hub.port == 8443
    for plan in (host, hub):
        path = https.write_config(plan)
        assert os.stat(path).st_mode & 0o077 == 0 and os.stat(plan.folder).st_mode & 0o077 == 0
        accepted, said = caddy_accepts(path, plan.folder)
        assert accepted, said
    assert "tls internal" in https.caddyfile(hub) and "skip_install_trust" in https.caddyfile(hub)
    assert "tls internal" not in https.caddyfile(host) and "email it@example.org" in https.caddyfile(host)
    assert "https://[::1]:8443" in https.caddyfile(https.plan_for(tmp_path, 5000, hub_names=("::1",)))


def test_a_name_that_would_break_caddys_settings_is_refused_plainly(tmp_path):
    for bad in ("survey.example.org {\n\trespond hacked", "two words", "", "a}b"):
        with pytest.raises(https.HttpsError, match="is not a web address or a network address"):
            https.plan_for(tmp_path, 5000, domain=bad or None, hub_names=() if bad else ("",))
    with pytest.raises(https.HttpsError, match="does not look like an email address"):
        https.plan_for(tmp_path, 5000, domain="survey.example.org", email="me@example.org\n}")
    assert https.plan_for(tmp_path, 5000, hub_names=("hub.local", "192.168.1.20", "fe80::1")).names


class Hub:
    """`peersurvey serve --hub` as a lead starts it, in its own instance folder."""

    def __init__(self, folder, https_port=None, env=None):
        self.folder, self.port, self.https_port = folder, free_port(), https_port or free_port()
        self.http_port = free_port()
        self.env = {**os.environ, "PEERSURVEY_INSTANCE_PATH": str(folder), "PEERSURVEY_SECRET_KEY": "hub-test",
                    "PEERSURVEY_BACKUP_HOURS": "0", **(env or {})}
        self.output = folder / "serve.log"
        folder.mkdir(exist_ok=True)
        with open(self.output, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "peersurvey", "serve", "--hub", "--port", str(self.port),
                 "--https-port", str(self.https_port), "--http-port", str(self.http_port),
                 "--hub-name", "hub.test"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return self.output.read_text()
            if "is running at" in self.output.read_text():
                return None
            time.sleep(0.1)
        raise AssertionError("the hub did not start: " + self.output.read_text())

    @property
    def authority(self):
        return self.folder / "caddy" / "data" / "pki" / "authorities" / "local" / "root.crt"

    def caddies(self):
        """Process ids of Caddy children running this hub's Caddyfile."""
        config = str(self.folder / "caddy" / "Caddyfile")
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if config in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(pid))
            except OSError:
                pass
        return found


def get(port, path, cafile=None, raw=False, headers=""):
    """GET over TLS to 127.0.0.1 as if to hub.test, trusting only `cafile` (or the system):
    the reply as text, or with raw=True as (its head as text, its body as bytes)."""
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as plain, \
            context.wrap_socket(plain, server_hostname="hub.test") as tls:
        tls.sendall(f"GET {path} HTTP/1.1\r\nHost: hub.test:{port}\r\nConnection: close\r\n{headers}\r\n".encode())
        reply = b""
        while chunk := tls.recv(65536):
            reply += chunk
    if raw:
        head, _, body = reply.partition(b"\r\n\r\n")
        return head.decode(errors="replace"), body
    return reply.decode(errors="replace")


def gone(hub, pids):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if not any(os.path.exists(f"/proc/{pid}") and "Z" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def _state(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
    except OSError:
        return "Z"


@pytest.fixture
def hub(tmp_path):
    hub = Hub(tmp_path / "hub")
    assert hub.wait() is None, hub.output.read_text()
    yield hub
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        hub.process.wait(timeout=20)


def test_a_hub_answers_over_https_with_its_own_authority_and_stops_caddy_on_sigterm(hub):
    reply = get(hub.https_port, "/signin", cafile=hub.authority)
    assert reply.startswith("HTTP/1.1 200")
    # The app knows it is behind HTTPS: its cookies are only ever sent back over HTTPS.
    cookies = [line for line in reply.split("\r\n") if line.lower().startswith("set-cookie:")]
    assert cookies and all("Secure" in line for line in cookies)
    # Nothing else trusts the hub's authority.
    with pytest.raises(ssl.SSLCertVerificationError):
        get(hub.https_port, "/signin")
    # The app itself listens on this machine only: tablets reach it through Caddy.
    assert "https://hub.test:" in hub.output.read_text()
    caddies = hub.caddies()
    assert len(caddies) == 1
    hub.process.send_signal(signal.SIGTERM)
    assert hub.process.wait(timeout=20) == 0
    assert gone(hub, caddies), "Caddy was left running after peersurvey serve stopped"


def test_a_tablet_that_does_not_trust_the_hub_yet_gets_its_certificate_over_plain_http(hub):
    """The one thing a tablet needs before it trusts the hub; everything else goes to HTTPS."""
    connection = http.client.HTTPConnection("127.0.0.1", hub.http_port, timeout=10)
    try:
        connection.request("GET", "/tablet/hub-certificate.crt", headers={"Host": f"hub.test:{hub.http_port}"})
        reply = connection.getresponse()
        assert reply.status == 200 and reply.read() == hub.authority.read_bytes()
        connection.request("GET", "/signin?next=/projects/", headers={"Host": f"hub.test:{hub.http_port}"})
        reply = connection.getresponse()
        reply.read()
        assert reply.status in (301, 302, 308)
        assert reply.getheader("Location") == f"https://hub.test:{hub.https_port}/signin?next=/projects/"
    finally:
        connection.close()


def test_caddy_stops_even_when_peersurvey_is_killed_outright(hub):
    caddies = hub.caddies()
    hub.process.kill()
    hub.process.wait(timeout=10)
    assert gone(hub, caddies), "Caddy outlived a killed peersurvey serve"


def test_a_port_already_in_use_is_said_plainly(hub, tmp_path):
    second = Hub(tmp_path / "second", https_port=hub.https_port)
    said = second.wait()
    assert said is not None and second.process.returncode != 0
    assert f"Something else is using port {hub.https_port}" in said
    assert second.caddies() == []


def test_the_apps_own_files_are_compressed_and_pages_with_form_tokens_are_not(hub):
    """A tablet on weak Wi-Fi fetches the collection app's files squeezed; a page that carries
    a form token never is (BREACH), and nothing is squeezed for a browser that cannot."""
    script = Path(https.__file__).parent / "static" / "collect" / "app.js"
    head, body = get(hub.https_port, "/static/collect/app.js", hub.authority, raw=True,
                     headers="Accept-Encoding: gzip\r\n")
    assert head.startswith("HTTP/1.1 200") and "content-encoding: gzip" in head.lower()
    if "transfer-encoding: chunked" in head.lower():
        body = unchunked(body)
    assert gzip.decompress(body) == script.read_bytes()
    assert len(body) < script.stat().st_size / 2
    head, body = get(hub.https_port, "/signin", hub.authority, raw=True, headers="Accept-Encoding: gzip\r\n")
    assert head.startswith("HTTP/1.1 200") and "content-encoding" not in head.lower()
    assert b'name="csrf_token"' in body
    head, body = get(hub.https_port, "/static/collect/app.js", hub.authority, raw=True)
    assert "content-encoding" not in head.lower()


def unchunked(body):
    whole = b""
    while body:
        size, _, body = body.partition(b"\r\n")
        size = int(size.split(b";")[0], 16)
        if not size:
            return whole
        whole, body = whole + body[:size], body[size + 2:]
    return whole


class Browser:
    """A browser on its own network address (127.0.0.x: Linux answers the whole 127/8 on
    loopback) talking to the hub through Caddy, with its cookies."""

    def __init__(self, hub, address):
        self.hub, self.address, self.cookies = hub, address, {}

    def send(self, method, path, form=None):
        context = ssl.create_default_context(cafile=str(self.hub.authority))
        plain = socket.create_connection(("127.0.0.1", self.hub.https_port), timeout=10,
                                         source_address=(self.address, 0))
        connection = http.client.HTTPConnection(f"hub.test:{self.hub.https_port}")
        connection.sock = context.wrap_socket(plain, server_hostname="hub.test")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if form is not None:     # as a browser posts a form (Referrer-Policy: same-origin)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"https://hub.test:{self.hub.https_port}{path}"})
        try:
            connection.request(method, path, urlencode(form) if form is not None else None, headers)
            reply = connection.getresponse()
            for name, value in reply.getheaders():
                if name.lower() == "set-cookie":
                    self.cookies.update({k: m.value for k, m in SimpleCookie(value).items()})
            return reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read().decode()
        finally:
            connection.close()

    def sign_in(self, email, password):
        _status, _headers, page = self.send("GET", "/signin")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        return self.send("POST", "/signin", {"email": email, "password": password, "csrf_token": token})[0]


def test_behind_caddy_the_app_sees_each_browsers_own_address_and_that_it_came_over_https(tmp_path):
    """Caddy says who asked, and how (X-Forwarded-For and -Proto): one address's wrong
    passwords hold up that address alone, and pages say to keep to HTTPS (HSTS)."""
    hub = Hub(tmp_path / "hub", env={"PEERSURVEY_ADDRESS_TRIES": "3"})
    try:
        assert hub.wait() is None, hub.output.read_text()
        make = Maker(create_app({"DATABASE": str(tmp_path / "hub" / "peersurvey.db"), "SECRET_KEY": "seed"}))
        lead = make.lead(email="lead@example.org")
        status, headers, _page = Browser(hub, "127.0.0.2").send("GET", "/signin")
        assert status == 200 and headers.get("strict-transport-security") == "max-age=31536000"
        guesser = Browser(hub, "127.0.0.2")
        assert [guesser.sign_in(lead["email"], "wrong-password") for _ in range(3)] == [200] * 3
        assert guesser.sign_in(lead["email"], lead["password"]) == 200, "that address must wait now"
        assert Browser(hub, "127.0.0.3").sign_in(lead["email"], lead["password"]) == 302, \
            "another address is not held up by the first one's tries"
    finally:
        hub.process.send_signal(signal.SIGTERM)
        hub.process.wait(timeout=20)
