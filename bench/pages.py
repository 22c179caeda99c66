"""How fast the everyday pages answer through the real server (waitress in its own
process), so later changes can be compared: among them the questionnaire builder, which
checks every word of a questionnaire for easy read on each opening. Prints figures;
asserts nothing. Warm: each
page is asked for once, not counted, before its timed requests, and the database is small
enough to stay in SQLite's and the system's caches.

    make bench      or      .venv/bin/python bench/pages.py [requests per page]
"""
import json
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.loopback import request  # noqa: E402
from bench.report import figures  # noqa: E402
from peersurvey.prepare import document as doc  # noqa: E402
from tests.browser.conftest import LiveServer  # noqa: E402  (the same server the tests use)
from tests.collect.conftest import DEMO  # noqa: E402


def cookies_in(set_cookie):
    """{name: value} of every cookie in a reply's Set-Cookie headers (http.client joins
    them with ", "; an Expires date has a ", " too, but no "=" after its first word)."""
    return dict(re.findall(r"(?:^|, )([A-Za-z_][A-Za-z0-9_]*)=([^;]*)", set_cookie or ""))


def cookie_header(jar):
    """{name: value} as a Cookie header's value."""
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def keep_cookies(screen, set_cookie):
    """As a browser does: a cookie the reply sets replaces the one sent (screen["cookie"],
    a Cookie header's value). The session cookie is set again once a minute, when the
    sign-in's last use moves on; a bench that went on sending the old one would have every
    later request write it again."""
    if set_cookie:
        jar = dict(part.split("=", 1) for part in screen["cookie"].split("; "))
        jar.update(cookies_in(set_cookie))
        screen["cookie"] = cookie_header(jar)


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


def longest_questionnaire():
    """The demo questionnaire's questions over and over (without their conditions), to the
    most a questionnaire can hold."""
    document = json.loads(json.dumps(DEMO))
    questions = [q for q in document["questions"]]
    document["questions"] = [{**questions[i % len(questions)], "key": f"q{i}", "condition": None}
                             for i in range(doc.MOST_QUESTIONS)]
    return document


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
        demo = make.questionnaire(project, lead, json.loads(json.dumps(DEMO)))
        longest = make.questionnaire(project, lead, longest_questionnaire())
        cookie = sign_in(server.port, lead)
        cases = [
            ("start page", "/", None, None, n),
            ("project page, 41 people", f"/projects/{project}", cookie, None, n),
            ("tablet: who are you?, 40 people", "/tablet/", f"peersurvey_tablet={tablet['token']}", None, n),
            ("API: which tablet am I", "/api/v1/device", None, {"Authorization": f"Bearer {tablet['token']}"}, n),
            ("builder, the demo questionnaire", f"/projects/{project}/questionnaires/{demo}", cookie, None, n),
            # the longest a questionnaire can be (doc.MOST_QUESTIONS), each checked for easy read
            (f"builder, {doc.MOST_QUESTIONS} questions", f"/projects/{project}/questionnaires/{longest}",
             cookie, None, max(3, n // 20)),
        ]
        print(f"{n} requests each ({max(3, n // 20)} of the longest builder), one at a time, through waitress on "
              "loopback, each on a new connection; warm (after one not counted)")
        for label, path, c, h, n in cases:
            screen = {"cookie": c}
            times = []
            for n_ in range(1 + n):
                answer = request(server.port, "GET", path,
                                 headers={**({"Cookie": screen["cookie"]} if c else {}), **(h or {})})
                assert answer.status == 200, (label, answer.status)
                if c:
                    keep_cookies(screen, answer.set_cookie)
                if n_:
                    times.append(answer.seconds)
            figures(label, times, width=34)
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
