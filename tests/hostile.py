"""Hostile values, the world they are sent into, what each route reads, and how answers are
judged, for the tests that walk every route, form and file with them (test_hostile_input,
test_hostile_forms, test_hostile_files, test_api_fuzz). What a view reads is found in its
module's source, so a new `request.args.get("x")` or form field is walked at once."""
import copy
import inspect
import io
import json
import re
import shutil
import sys
import traceback
import uuid
import zipfile
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup, SoupStrainer
from flask.testing import FlaskClient
from hypothesis import strategies as st

from peersurvey import create_app
from peersurvey.errors import UNCHECKED_INPUT
from peersurvey.forms import BaseForm

from .collect.conftest import DEMO
from .conftest import Maker, in_one_file
from .pages import PageClient, csrf_token
from .test_access import EXPECTED, Login, url_for_rule, visit_as

# Each kind of trouble once (a view reads every value of a kind the same way): numbers too
# big for SQLite (2**63 is one past its largest), negative, fractions, infinity, digits that
# are not 0-9, long text, control characters, bytes that are not UTF-8.
# Path parts: a 100,000-letter address is refused by any real server before the app; 5,000 is not.
PATH_VALUES = [str(10 ** 30), str(2 ** 63), str(2 ** 63 - 1), "-1", "1.5", "1e999", "١٢٣", "x" * 5000, "a\x00b",
               "\x1b", b"\xff", "ŵ", "%00", ".."]
QUERY_VALUES = [str(10 ** 30), str(2 ** 63), str(-2 ** 63 - 1), "-1", "1.5", "NaN", "١٢٣", "x" * 2000,
                "a\x00b", "\x1b\x7f", b"\xff", ""]
# Repeated keys (?a=1&a=2) and keys no view reads.
EXTRA_QUERY_KEYS = ["id", "page", "x" * 300, "\x00", "ŵ"]


@pytest.fixture(scope="session")
def hostile_world(tmp_path_factory):
    """The access test's two projects, and in project A an interview whose answers are in
    the group coding session, so the coding screen, charts and exports have something to
    show and the hostile values reach the code behind them. Made once; each test copies it."""
    from peersurvey.collect import sync
    from peersurvey.prepare import questionnaires
    from peersurvey.theme import sessions
    folder = tmp_path_factory.mktemp("hostile")
    app = create_app({"TESTING": True, "DATABASE": str(folder / "world.db"), "SECRET_KEY": "x"})
    make = Maker(app)
    world = make.world()
    a = world["a"]
    make.signed_in_on(a["tablet"], a["interviewer"])
    with app.test_request_context():
        session = sessions.get(a["project"], a["session"])
        version = questionnaires.latest_published(session["questionnaire_id"])["id"]
        answers = [{"id": str(uuid.uuid4()), "question": key, "status": "answered", "value": value,
                    "answered_at": "2026-11-25T10:05:00+00:00"} for key, value in (("likes", "tea"), ("happy", "yes"))]
        results = sync.ingest(a["project"], [{
            "id": str(uuid.uuid4()), "questionnaire_version": version, "interviewer": a["interviewer"]["id"],
            "participant_code": "K7P4QX", "language": "en", "started_at": "2026-11-25T10:00:00+00:00",
            "finished_at": "2026-11-25T10:20:00+00:00", "consent": True, "answers": answers}], a["tablet"]["id"])
        assert [r["result"] for r in results] == ["stored"], results
        sessions.refilter(session, session["filters"])
    demo = make.questionnaire(a["project"], a["lead"], json.loads(json.dumps(DEMO)))
    with app.test_request_context():
        questionnaires.publish(questionnaires.draft(demo), a["lead"]["id"])
        a["demo_version"] = questionnaires.latest_published(demo)["id"]
    return in_one_file(folder / "world.db"), world


@pytest.fixture
def walk(hostile_world, tmp_path, monkeypatch, caplog):
    """A client on a fresh copy of the hostile world, the world, and the walk's findings."""
    template, world = hostile_world
    shutil.copyfile(template, tmp_path / "case.db")
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "case.db"), "LIVE_STREAM_SECONDS": 0})
    app.test_client_class = HostileClient
    return app.test_client(), world, Findings(caplog)


def sign_in(client, world, visitor):
    """Sign `visitor` in; the headers and form data every request then carries."""
    if visitor == "device":
        return {"Authorization": f"Bearer {world['a']['tablet']['token']}"}, {}
    visit_as(client, Login(client), world, visitor)
    return {}, {"csrf_token": csrf_token(client.get("/signin").get_data(as_text=True))}


def quoted(value):
    """Percent-encoded; bytes (not UTF-8, as no browser sends) are encoded as they are."""
    return quote(value if isinstance(value, bytes) else value.encode("utf-8"), safe="")


# --- Any JSON value, anywhere ------------------------------------------------------------

# Written into JSON text after json.dumps, which could not write them itself.
RAW = {"\ue000deep": "[" * 100_000 + "]" * 100_000, "\ue000deep-object": '{"a":' * 20_000 + "1" + "}" * 20_000,
       "\ue000nan": "NaN", "\ue000inf": "1e999", "\ue000-inf": "-Infinity", "\ue000digits": "9" * 5000,
       "\ue000just-over": str(2 ** 63), "\ue000just-under": str(-2 ** 63 - 1), "\ue000tiny": "1e-999"}
SPECIAL = [10 ** 30, -10 ** 30, 2 ** 63, 2 ** 63 - 1, -2 ** 63, -1, 0, 1.5, -0.0, 1e308, True, False, None, "",
           "x" * 100_000, "\x00", "a\x00b\x1b\x7f", "\u202e", "ŵ🙂", "K7P4QX\n", [], {}, [[]], [{}], {"": []},
           "ab\ud800", "\udfff🙂", {"\ud83d": "half"},     # half characters: JSON writes them, no text holds them
           json.loads("[" * 40 + "]" * 40), *RAW]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10)
hostile_values = st.one_of(json_values, st.sampled_from(SPECIAL))


def dumps(value):
    """JSON text of `value`, with each RAW marker written as its raw text."""
    text = json.dumps(value)
    for marker, raw in RAW.items():
        text = text.replace(json.dumps(marker), raw)
    return text


def zipped(files):
    """The bytes of a zip holding {name: bytes or text}."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def places(value, path=()):
    """Every place a value sits at in nested lists and objects: (path to its container, key)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield path, key
            yield from places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield path, index
            yield from places(child, (*path, index))


@st.composite
def changed(draw, value, most=3):
    """A copy of `value` with up to `most` places changed: replaced by any value, taken out,
    or a new key (or item) added next to it."""
    value = copy.deepcopy(value)
    for _ in range(draw(st.integers(1, most))):
        spots = list(places(value))
        if not spots:
            break
        path, key = draw(st.sampled_from(spots))
        target = value
        for step in path:
            target = target[step]
        change = draw(st.sampled_from(["replace", "replace", "replace", "remove", "add"]))
        new = copy.deepcopy(draw(hostile_values))     # SPECIAL's lists are shared: never change them
        if change == "replace":
            target[key] = new
        elif change == "remove":
            del target[key]
        elif isinstance(target, dict):
            target[draw(st.text(max_size=20))] = new
        else:
            target.append(new)
    return value


# --- Walking the routes -------------------------------------------------------------------

def usual_values(rule, world):
    """The values the access test puts in `rule`'s address (read from its url_for_rule)."""
    class Capture:
        arguments = rule.arguments

        def build(self, values):
            self.values = values
            return "", ""
    capture = Capture()
    url_for_rule(capture, world)
    return capture.values


def path_with(rule, values, hostile_arg=None, hostile_value=None):
    """The rule's address with its usual values, and `hostile_arg` (if any) set to a raw,
    percent-encoded value that the rule's converter may never have allowed."""
    def part(match):
        name = match.group(1)
        return quoted(hostile_value) if name == hostile_arg else quoted(str(values[name]))
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", part, rule.rule)


def visitor_for(endpoint, rule):
    """Someone the route lets in, so hostile values reach the view itself."""
    audience = EXPECTED[endpoint]
    if audience == "device":
        return "device"
    if audience == "tablet" or (audience == "anyone" and rule.rule.startswith("/tablet")):
        return "interviewer_a"
    return "stranger" if audience == "anyone" else "lead_a"


def _module_source(app, endpoint):
    return inspect.getsource(sys.modules[app.view_functions[endpoint].__module__])


def query_keys(app, endpoint):
    """Every query key the view's module reads (request.args / request.values)."""
    source = _module_source(app, endpoint)
    return sorted(set(re.findall(r"request\.(?:args|values)\.get(?:list)?\(\s*[\"']([^\"']+)[\"']", source)))


def header_names(app, endpoint):
    return sorted(set(re.findall(r"request\.headers\.get\(\s*[\"']([^\"']+)[\"']", _module_source(app, endpoint))))


def _form_classes():
    found, todo = {}, [BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            found[sub.__name__] = sub
            todo.append(sub)
    return found


def form_field_names(app, endpoint, classes=True):
    """{name: "file" or "text"}: the fields the view's module may read, from its request.form
    and request.files keys and (with `classes`) from every form class it names."""
    source = _module_source(app, endpoint)
    names = dict.fromkeys(re.findall(r"request\.(?:form|values)\.get(?:list)?\(\s*[\"']([^\"']+)[\"']", source), "text")
    names.update(dict.fromkeys(re.findall(r"request\.files\.get\(\s*[\"']([^\"']+)[\"']", source), "file"))
    named = {c for name, c in _form_classes().items() if classes and re.search(rf"\b{name}\b", source)}
    for form_class in _form_classes().values():
        if named & set(form_class.__mro__):     # the class named, or one made from it
            for field in form_class(meta={"csrf": False}, formdata=None):
                names[field.name] = "file" if field.type == "FileField" else names.get(field.name, "text")
    names.pop("csrf_token", None)
    return names


def page_forms(response):
    """{action: {name: value}} for each POST form on the page, filled in as a browser would
    send it (a file field's value is None)."""
    if response.mimetype != "text/html":
        return {}
    found = {}
    only_forms = SoupStrainer("form")
    for form in BeautifulSoup(response.get_data(as_text=True), "html.parser", parse_only=only_forms).find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        values = found.setdefault(form.get("action") or response.request.path, {})
        for control in form.find_all(["input", "textarea", "select"]):
            name = control.get("name")
            if not name or name == "csrf_token":
                continue
            if control.name == "textarea":
                values.setdefault(name, control.get_text())
            elif control.name == "select":
                chosen = control.find("option", selected=True) or control.find("option")
                values.setdefault(name, chosen.get("value", chosen.get_text()) if chosen else "")
            elif control.get("type") in ("checkbox", "radio"):
                if control.has_attr("checked") or name not in values:
                    values[name] = control.get("value", "on")
            else:
                values.setdefault(name, None if control.get("type") == "file" else control.get("value", ""))
    return found


class HostileClient(PageClient):
    """The page client's sign-in helpers without its checks of every page: those are the
    other tests' business, and on pages holding 100,000 letters they take minutes."""

    def open(self, *args, **kwargs):
        return FlaskClient.open(self, *args, **kwargs)


# Causes these walks found in files this change could not touch, by exception and the file
# it came from. Each is pinned by an xfail(strict=True) test naming the exact input
# (tests/test_hostile_files.py, tests/test_api_fuzz.py); when its owner fixes it, that test
# passes, fails as XPASS, and its xfail and its line here are deleted.
KNOWN_CAUSES = set()      # (exception name, file): causes left to fix, each pinned by a strict xfail test


def known_cause(name, files):
    return any(name == known and any(path in f for f in files) for known, path in KNOWN_CAUSES)


def known_in_log(text):
    """True if every traceback in a server log is of a known cause."""
    for block in text.split("Traceback (most recent call last):")[1:]:
        files = re.findall(r'File "([^"]+)"', block)
        last = re.search(r"^([A-Za-z_.]+(?:Error|Exception))\b", block, re.M)
        if not (last and known_cause(last.group(1).rsplit(".", 1)[-1], files)):
            return False
    return True


class Findings:
    """Every answer that is 500 or more, shows a traceback, or was saved only by errors.py's
    last net (an OverflowError or RecursionError answered 400): a cause not fixed where the
    input is read. Collected for a whole route, so one failure does not hide the next.
    Known causes (KNOWN_CAUSES) are counted apart, in `known`."""

    def __init__(self, caplog):
        self.caplog = caplog
        self.found = []
        self.known = []

    def check(self, response, what):
        body = response.get_data(as_text=True) if response.mimetype.startswith(("text/", "application/json")) else ""
        status = response.status_code
        response.close()
        caught = [r for r in self.caplog.records if r.getMessage() in (UNCHECKED_INPUT, "Unexpected error")]
        self.caplog.clear()
        if status >= 500 or "Traceback" in body or caught:
            errors = [r.exc_info[1] for r in caught if r.exc_info]
            causes = "; ".join(f"{type(e).__name__}: {str(e)[:80]}" for e in errors)
            known = errors and "Traceback" not in body and all(
                known_cause(type(e).__name__, [f.filename for f in traceback.extract_tb(e.__traceback__)])
                for e in errors)
            (self.known if known else self.found).append(f"{what} answered {status} {causes}")
        return status

    def assert_none(self):
        assert not self.found, "\n".join(self.found[:30])
