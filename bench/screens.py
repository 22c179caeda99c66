"""A screen following a coding session as static/coding/live.js does, for the benchmarks:
its own event stream; a panel sent in an event (`event: panel`, what a joined screen gets)
is drawn as it comes, and a bare version (what the big screen gets) makes it fetch its panel
(?fragment=1, X-Live: 1). Used by bench/coding.py and bench/tablets.py."""
import http.client
import re
import threading
import time
from collections import Counter

from bench.loopback import request

VERSION = re.compile(rb'<div class="panel" data-version="(\d+)"')


def events(response):
    """(event name, data) for each event on an open stream, as EventSource parses them;
    yields ("open", "") when the stream says how long to wait before reconnecting."""
    name, data = "message", []
    while True:
        line = response.readline()
        if not line:
            return
        line = line.rstrip(b"\r\n")
        if not line:
            if data:
                yield name, b"\n".join(data)
            name, data = "message", []
        elif line.startswith(b"retry:"):
            yield "open", b""
        elif line.startswith(b"event:"):
            name = line[6:].strip().decode()
        elif line.startswith(b"data:"):
            data.append(line[6:] if line.startswith(b"data: ") else line[5:])


class Screen(threading.Thread):
    """One screen. `drawn`: (perf_counter, version) of each newer panel it drew; `heard`:
    perf_counter of each event; `fetched`: seconds each fetch after a bare version took;
    `pushed`: panels that came in their event. again=False: the first failure stops it and is
    kept in `error` (the benchmark stops); again=True: it is counted in `problems` and the
    stream opened again, as EventSource does. drives=True: the big screen with the only one
    tapping, whose taps' replies bring its panel, so it only hears the events (live.js
    fetches only for a version newer than its last tap showed, which nobody else makes)."""

    def __init__(self, port, events_path, fragment, cookie, changed=None, again=False, drives=False):
        super().__init__(daemon=True)
        self.port, self.events_path, self.fragment, self.cookie = port, events_path, fragment, cookie
        self.drives = drives
        self.changed = changed or threading.Condition()
        self.again = again
        self.ready = threading.Event()
        self.shown = 0
        self.heard, self.drawn, self.fetched = [], [], []
        self.pushed = 0
        self.problems = Counter()
        self.error = None
        self.sock = None
        self.closing = False

    def run(self):
        while not self.closing:
            try:
                self._listen()
            except Exception as error:  # noqa: BLE001  (told to the benchmark, unless we closed the socket)
                if self.closing:
                    return
                if not self.again:
                    self.error = error
                    self.ready.set()
                    with self.changed:
                        self.changed.notify_all()
                    return
                self.problems[type(error).__name__] += 1
                time.sleep(0.5)

    def _listen(self):
        if not self.shown and not self.drives:
            self._fetch()                # the page as it opened
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.connect()
        self.sock = conn.sock
        path = self.events_path + ("&" if "?" in self.events_path else "?") + "panels=1"    # as live.js asks
        conn.request("GET", path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
        response = conn.getresponse()
        if response.status != 200:
            self.problems[f"stream answered {response.status}"] += 1
            self.ready.set()
            if not self.again:
                raise RuntimeError(f"the event stream answered {response.status} (too many open? "
                                   "the server tells screens past LIVE_STREAMS to poll)")
            time.sleep(2)                # as live.js does: it polls every two seconds instead
            return
        for name, data in events(response):
            if name == "open":
                self.ready.set()
            elif name == "panel":
                self.heard.append(time.perf_counter())
                self.pushed += 1
                self._draw(self.heard[-1], int(VERSION.search(data).group(1)))
            elif name == "message" and self.drives:
                self.heard.append(time.perf_counter())
            elif name == "message" and int(data) != self.shown:
                heard = time.perf_counter()
                self.heard.append(heard)
                self.fetched.append(self._fetch() - heard)

    def _fetch(self):
        answer = request(self.port, "GET", self.fragment, headers={"Cookie": self.cookie, "X-Live": "1"})
        found = VERSION.search(answer.body) if answer.status == 200 else None
        if found is None:
            raise RuntimeError(f"the panel answered {answer.status}: {answer.body[:200]!r}")
        at = time.perf_counter()
        self._draw(at, int(found.group(1)))
        return at

    def _draw(self, at, version):
        if version > self.shown:
            self.shown = version
            with self.changed:
                self.drawn.append((at, version))
                self.changed.notify_all()

    def close(self):
        self.closing = True
        if self.sock is not None:
            try:
                self.sock.shutdown(2)   # wakes the blocked read with end of stream
            except OSError:
                pass
            self.sock.close()
