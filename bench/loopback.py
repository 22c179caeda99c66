"""One HTTP request to the server on loopback, timed: shared by the benchmarks."""
import http.client
import time
from dataclasses import dataclass


@dataclass
class Answer:
    status: int
    body: bytes
    seconds: float
    set_cookie: str | None


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    try:
        start = time.perf_counter()
        conn.request(method, path, body, headers or {})
        response = conn.getresponse()
        data = response.read()
        return Answer(response.status, data, time.perf_counter() - start, response.getheader("Set-Cookie"))
    finally:
        conn.close()
