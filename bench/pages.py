"""How fast the everyday pages answer through the real server (waitress in its own
process), so later changes can be compared. Prints figures; asserts nothing.

    make bench      or      .venv/bin/python bench/pages.py [requests per page]
"""
import re
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.loopback import request  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402  (the same server the tests use)


def cookies_in(set_cookie):
    """{name: value} of every cookie in a reply's Set-Cookie headers (http.client joins
    them with ", "; an Expires date has a ", " too, but no "=" after its first word)."""
    return dict(re.findall(r"(?:^|, )([A-Za-z_][A-Za-z0-9_]*)=([^;]*)", set_cookie or ""))


def sign_in(port, lead):
    """The Cookie header of a lead signed in with their password. Signing in sends two
    cookies (the session, and the known-browser one), so the session is picked by name."""
    page = request(port, "GET", "/signin")
    cookie = page.set_cookie.split(";")[0]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.body).group(1).decode()
    answer = request(port, "POST", "/signin",
                     urlencode({"email": lead["email"], "password": lead["password"], "csrf_token": token}),
                     {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    return f"session={cookies_in(answer.set_cookie)['session']}"


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
                answer = request(server.port, "GET", path, headers={**({"Cookie": c} if c else {}), **(h or {})})
                assert answer.status == 200, (label, answer.status)
                times.append(answer.seconds * 1000)
            times.sort()
            print(f"  {label:<34} median {statistics.median(times):6.1f} ms   "
                  f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
