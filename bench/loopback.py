"""One HTTP request to a server on loopback, timed: shared by the benchmarks.

A request goes on a new connection, or with keep=True on the connection this thread keeps
open to that port, as a browser keeps one open between a page's requests (HTTP/1.1
keep-alive). A kept connection the server has closed is opened again and the request sent
once more, as a browser does; the time is that of the request that was answered."""
import http.client
import threading
import time
from dataclasses import dataclass

_kept = threading.local()     # {port: HTTPConnection}, one set per thread


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float
    set_cookie: str | None
    response: http.client.HTTPResponse = None


def request(port, method, path, body=None, headers=None, keep=False):
    if not keep:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            return _send(conn, method, path, body, headers)
        finally:
            conn.close()
    kept = _kept.__dict__.setdefault("conns", {})
    for attempt in (1, 2):
        conn = kept.get(port) or kept.setdefault(port, http.client.HTTPConnection("127.0.0.1", port, timeout=60))
        try:
            answer = _send(conn, method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
            conn.close()
            kept.pop(port, None)
            if attempt == 2:
                raise
            continue
        if answer.response.will_close:
            conn.close()
            kept.pop(port, None)
        return answer


def _send(conn, method, path, body, headers):
    start = time.perf_counter()
    conn.request(method, path, body, headers or {})
    response = conn.getresponse()
    data = response.read()
    return Answer(response.status, data, time.perf_counter() - start, response.getheader("Set-Cookie"), response)
