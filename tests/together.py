"""Races tested as races: real requests from threads released together by a barrier,
never a sleep. Use against a real server process (tests/browser/conftest.py LiveServer),
or, where a test must see inside the server (what was drawn, how many threads), against
the app behind a real waitress server in the test's own process (in_process_server)."""
import contextlib
import http.client
import json
import threading


def at_once(calls, timeout=120):
    """Run every zero-argument callable in its own thread, all released at the same moment;
    give back what each returned (or the exception it raised), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        barrier.wait()
        try:
            results[n] = call()
        except Exception as error:      # kept, so the test can say what went wrong
            results[n] = error

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


@contextlib.contextmanager
def in_process_server(app, threads):
    """app (any WSGI app) behind a real waitress server on loopback, with the dispatcher
    `peersurvey serve` uses, run in this process so a test can see inside it; its port.
    Stopped, with every thread, when the block ends."""
    import waitress
    from waitress import wasyncore

    from peersurvey.server_threads import WarmThreads
    dispatcher = WarmThreads(threads)
    served = waitress.create_server(app, host="127.0.0.1", port=0, _dispatcher=dispatcher)
    stop = threading.Event()

    def run():      # served.run(), a step at a time, so it can be stopped
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=served._map, count=1)

    runner = threading.Thread(target=run, daemon=True)
    runner.start()
    try:
        yield served.effective_port
    finally:
        stop.set()
        runner.join(10)
        for channel in list(served._map.values()):      # the listening socket and every connection
            channel.close()
        dispatcher.shutdown(timeout=5)
        assert not dispatcher.threads, "every thread stops with the server"


def request(port, method, path, body=None, headers=None, timeout=60):
    """One HTTP request to 127.0.0.1:port; (status, headers, body bytes). A dict body is
    sent as JSON."""
    headers = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


class Visitor:
    """One person's browser against a real server: cookies kept from one request to the next,
    and forms sent as a browser sends them (every field of the form as the page shows it,
    hidden ones too: the CSRF token, the builder's revision), with the fields a test types.

        lead = Visitor(port).sign_in(email, password)
        form = lead.form(page_path, action)           # read the page now ...
        at_once([lambda: lead.post(action, form, title_en="Mine")])   # ... send it later
    """

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self._lock = threading.Lock()

    def send(self, method, path, body=None, headers=None):
        """(status, headers with lower-case names, body as text)."""
        from http.cookies import SimpleCookie
        headers = dict(headers or {})
        with self._lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            answer = {}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    with self._lock:
                        for key, morsel in SimpleCookie(value).items():
                            self.cookies[key] = morsel.value
                answer[name.lower()] = value
            return response.status, answer, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def get(self, path):
        return self.send("GET", path)

    def form(self, page, action=None):
        """The fields the form posting to `action` (default: the page itself) would send, as
        a list of (name, value): what the page shows now."""
        from bs4 import BeautifulSoup
        status, _headers, html = self.get(page)
        assert status == 200, f"GET {page}: {status}"
        soup = BeautifulSoup(html, "html.parser")
        path = page.split("#")[0].split("?")[0]
        found = [f for f in soup.find_all("form") if (f.get("method") or "get").lower() == "post"
                 and (f.get("action") or path).split("#")[0] == (action or path)]
        assert found, f"no form posting to {action or path} on {page}"
        fields = []
        for control in found[0].find_all(["input", "textarea", "select"]):
            name, kind = control.get("name"), (control.get("type") or "text").lower()
            if not name or kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio"):
                if control.has_attr("checked"):
                    fields.append((name, control.get("value", "on")))
            elif control.name == "textarea":
                fields.append((name, control.get_text()))
            elif control.name == "select":
                chosen = control.find("option", selected=True) or control.find("option")
                if chosen is not None:
                    fields.append((name, chosen.get("value", chosen.get_text())))
            else:
                fields.append((name, control.get("value", "")))
        return fields

    def post(self, path, fields=(), headers=None, **typed):
        """Send `fields` (from form()) with `typed` put in place of the fields of those names."""
        from urllib.parse import urlencode
        body = [(k, v) for k, v in fields if k not in typed] + [
            (k, str(item)) for k, v in typed.items() for item in (v if isinstance(v, list) else [v])]
        return self.send("POST", path, urlencode(body),
                         {**(headers or {}), "Content-Type": "application/x-www-form-urlencoded"})

    def submit(self, path, page=None, **typed):
        """Read the page and send its form at once, as a person would."""
        return self.post(path, self.form(page or path, path), **typed)

    def sign_in(self, email, password):
        """Sign in through the real sign-in page, as a project lead does."""
        status, headers, _body = self.submit("/signin", email=email, password=password)
        assert status == 302, f"{email} could not sign in ({status})"
        return self
