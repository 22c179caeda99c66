"""How fast the everyday pages answer through the real server (waitress in its own
process), so later changes can be compared. Prints figures; asserts nothing.

    make bench      or      .venv/bin/python bench/pages.py [requests per page]
"""
import http.client
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.conftest import LiveServer  # noqa: E402  (the same server the tests use)


def timed_get(port, path, cookie=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    start = time.perf_counter()
    conn.request("GET", path, headers={**({"Cookie": cookie} if cookie else {}), **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    set_cookie = response.getheader("Set-Cookie")
    conn.close()
    return elapsed, response.status, body, set_cookie


def sign_in(port, lead):
    _t, _s, body, cookie = timed_get(port, "/signin")
    cookie = cookie.split(";")[0]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1).decode()
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("POST", "/signin", urlencode({"email": lead["email"], "password": lead["password"],
                                               "csrf_token": token}),
                 {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    return response.getheader("Set-Cookie").split(";")[0]


def main(n):
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-bench-"))
    server = LiveServer(folder)
    try:
        make = server.make
        lead = make.lead()
        project = make.project(lead, "Bench")
        for i in range(40):
            make.member(project, f"Person {i}", ("interviewer",), pin="2580")
        tablet = make.tablet(project, lead)
        cookie = sign_in(server.port, lead)
        cases = [
            ("start page", "/", None, None),
            ("project page, 41 people", f"/projects/{project}", cookie, None),
            ("tablet: who are you?, 40 people", "/tablet/", f"peersurvey_tablet={tablet['token']}", None),
            ("API: which tablet am I", "/api/v1/device", None, {"Authorization": f"Bearer {tablet['token']}"}),
        ]
        print(f"{n} requests each, one at a time, through waitress on loopback")
        for label, path, c, h in cases:
            times = []
            for _ in range(n):
                elapsed, status, _b, _c = timed_get(server.port, path, c, h)
                assert status == 200, (label, status)
                times.append(elapsed * 1000)
            times.sort()
            print(f"  {label:<34} median {statistics.median(times):6.1f} ms   "
                  f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
