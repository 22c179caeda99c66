"""Every form the app takes, sent with a valid CSRF token by someone it lets in, with each
field in turn set to a hostile value (the others as the page filled them in): huge,
negative and fractional numbers, 100,000 letters, control characters, nothing, several
values at once, bytes that are not UTF-8; and hostile files where a form takes a file.
Every answer is plain and below 500, never a traceback, never saved only by errors.py's
last net."""
import io
import json
import shutil
from urllib.parse import urlencode, urlsplit

import pytest

from peersurvey import create_app

from . import hostile
from .hostile import (HostileClient, form_field_names, page_forms, path_with, sign_in, usual_values, visitor_for,
                      zipped)
from .test_access import routes

hostile_world, walk = hostile.hostile_world, hostile.walk      # the fixtures

ROUTES = routes()
POSTS = [(e, r) for e, r in ROUTES if "POST" in r.methods]
# Each kind of trouble once per field; a list is the same name sent twice.
FIELD_VALUES = [str(10 ** 30), str(2 ** 63), str(-2 ** 63 - 1), "-1", "1.5", "1e999", "x" * 100_000,
                "a\x00b\x1b\x7f", "\u202e\ufeff", b"\xff\xfe", "", ["1", str(10 ** 30)]]
NOT_PAGES = (".pdf", ".png", ".csv", ".xlsx", ".qdc", ".js", "/events", "<fmt>", "export.json")
DEEP = b"[" * 100_000 + b"]" * 100_000



# What a file field may be sent: JSON no parser should choke on, broken pictures, sound and
# zips (a whole-project file with a deep or huge manifest), and nothing at all.
HOSTILE_FILES = [
    ("deep.json", DEEP),
    ("deep-object.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
    ("numbers.json", b'{"format": 1, "questionnaire": {"title": NaN, "n": 1e999, "m": ' + b"9" * 5000 + b"}}"),
    ("huge-int.json", json.dumps({"interviews": [{"id": 10 ** 30, "questionnaire_version": 2 ** 63}]}).encode()),
    ("not-utf8.json", b"\xff\xfe\x00{\x00}"),
    ("empty.json", b""),
    ("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
    ("sound.webm", b"\x1aE\xdf\xa3" + b"\xff" * 100),
    ("codebook.qdc", b"<?xml version='1.0'?><CodeBook>" + b"<x>" * 10_000 + b"</CodeBook>"),
    ("deep.zip", zipped({"manifest.json": DEEP})),
    ("huge.zip", zipped({"manifest.json": b'{"format": "peersurvey-project", "version": ' + b"9" * 400 + b"}"})),
    ("broken.zip", b"PK\x03\x04" + b"\x00" * 100),
]


@pytest.fixture(scope="module")
def forms_on_pages(hostile_world, tmp_path_factory):
    """{path: (page, action, values)}: the POST forms on every page as each kind of visitor
    sees them, so each field starts from what the page itself would send."""
    template, world = hostile_world
    folder = tmp_path_factory.mktemp("crawl")
    shutil.copyfile(template, folder / "crawl.db")
    app = create_app({"TESTING": True, "DATABASE": str(folder / "crawl.db"), "LIVE_STREAM_SECONDS": 0})
    app.test_client_class = HostileClient
    found = {}
    for visitor in ("lead_a", "interviewer_a", "coder_a"):
        client = app.test_client()
        sign_in(client, world, visitor)
        for _endpoint, rule in ROUTES:
            if "GET" in rule.methods and not rule.rule.endswith(NOT_PAGES):
                page = path_with(rule, usual_values(rule, world))
                for action, values in page_forms(client.get(page)).items():
                    found.setdefault(urlsplit(action).path, (page, action, values))
    return found


@pytest.mark.parametrize("endpoint, rule", POSTS, ids=[f"{e}:{r.rule}" for e, r in POSTS])
def test_every_form_field_takes_hostile_values_with_a_plain_answer(walk, forms_on_pages, endpoint, rule):
    client, world, findings = walk
    headers, form = sign_in(client, world, visitor_for(endpoint, rule))
    url = path_with(rule, usual_values(rule, world))
    page, action, on_page = forms_on_pages.get(url, (None, url, {}))
    kinds = _field_kinds(client.application, endpoint, on_page)

    def filled():
        now = page_forms(client.get(page)).get(action, on_page) if page else on_page
        return {name: now.get(name) or "" for name, kind in kinds.items() if kind == "text"}
    base = filled()
    for name in sorted(base) + ["csrf_token"]:
        for value in FIELD_VALUES:
            what = f"{endpoint} with {name}={str(value)[:40]!r}"
            if findings.check(_send(client, action, headers, {**form, **base, name: value}), what) == 409 and page:
                # A save moved the draft's version on, and a form naming the old one is refused
                # before its fields are read: send again as the page now fills it in.
                base = filled()
                findings.check(_send(client, action, headers, {**form, **base, name: value}), what)
    for name in sorted(n for n, kind in kinds.items() if kind == "file"):
        for filename, data in HOSTILE_FILES:
            findings.check(_send(client, action, headers, {**form, **base}, {name: (data, filename)}),
                           f"{endpoint} with {name}={filename}")
    findings.assert_none()


def _field_kinds(app, endpoint, on_page):
    """{name: "text" or "file"}: the page's form's fields and the request.form keys its view's
    module reads; with no form on a page, the fields of every form class the module names."""
    with app.test_request_context():
        kinds = form_field_names(app, endpoint, classes=not on_page)
    kinds.update({name: "file" if value is None else kinds.get(name, "text") for name, value in on_page.items()})
    return kinds


def _send(client, url, headers, fields, files=None):
    if files is None:
        body = urlencode([(k, v) for k, values in fields.items()
                          for v in (values if isinstance(values, list) else [values])])
        return client.post(url, data=body, headers=headers, content_type="application/x-www-form-urlencoded")
    data = {**fields, **{name: (io.BytesIO(content), filename) for name, (content, filename) in files.items()}}
    return client.post(url, data=data, headers=headers, content_type="multipart/form-data")


def test_the_form_walk_finds_the_fields_of_each_kind_of_form(walk, forms_on_pages):
    client, world, _findings = walk
    app, project = client.application, world["a"]["project"]
    assert {"minimum", "maximum", "text_en", "picture"} <= set(_field_kinds(app, "questions.edit", {}))
    assert _field_kinds(app, "interviews.upload", {})["file"] == "file"
    assert "theme_id" in _field_kinds(app, "coding.tag", {})
    _page, _action, team = forms_on_pages[f"/projects/{project}/people/new"]
    assert {"name", "picture", "roles", "pin"} <= set(team), "the page's own form is read"
    _page, _action, tag = forms_on_pages[f"/projects/{project}/coding/sessions/{world['a']['session']}/tag"]
    assert tag.get("theme_id"), "the coding screen shows an answer to tag"


# --- The form base: one place for every field of every form ------------------------------

HIDDEN, TOO_LONG = "hidden or unusual character", "This is too long. Make it shorter"


@pytest.mark.parametrize("url, data, message", [
    ("/tablet/setup", {"code": "abc\x00def"}, HIDDEN), ("/tablet/setup", {"code": "abc\x1b[2J"}, HIDDEN),
    ("/tablet/setup", {"code": "abc\x85"}, HIDDEN),
    ("/signin", {"email": "lead1@example.org", "password": "a" * 10_001}, TOO_LONG),
    ("/signin", {"email": "lead1@example.org", "password": "correct horse\x00battery"}, HIDDEN),
])
def test_any_field_with_a_control_character_or_past_the_limit_is_refused_with_a_message(walk, url, data, message):
    """Neither field has a check of its own for these: BaseForm refuses them, in words,
    before the view looks the code or the person up, and never quietly changes what was typed."""
    client, _world, _findings = walk
    response = client.post(url, data={**data, "csrf_token": _token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 400) and message in page
    assert "That code is not right" not in page and "/signin" not in response.headers.get("Location", "")


def test_tabs_and_line_breaks_are_not_control_characters_to_refuse(walk):
    client, _world, _findings = walk
    response = client.post("/tablet/setup", data={"code": "abc\tdef\r\n", "csrf_token": _token(client)})
    assert "hidden or unusual character" not in response.get_data(as_text=True)


def _token(client):
    from .pages import csrf_token
    return csrf_token(client.get("/tablet/setup").get_data(as_text=True))


@pytest.mark.parametrize("typed, data, errors", [
    ("25", 25, []), ("-7", -7, []), (" 3 ", 3, []), ("", None, []),
    ("1.5", None, ["Type a whole number, like 25."]), ("1e999", None, ["Type a whole number, like 25."]),
    ("١٢٣", None, ["Type a whole number, like 25."]), (str(10 ** 30), None, ["Type a whole number, like 25."]),
    (str(2 ** 63), None, ["Type a whole number, like 25."]),
    (str(2_000_000), 2_000_000, ["Use a number between -1000000 and 1000000."]),
])
def test_a_whole_number_field_reads_plain_digits_only_with_one_plain_message(walk, typed, data, errors):
    from peersurvey.prepare.questionnaire_forms import QuestionForm
    from peersurvey.questions import BY_NAME
    client, _world, _findings = walk
    with client.application.test_request_context(method="POST", data={"minimum": typed}):
        form = QuestionForm.for_kind(BY_NAME["short_answer"])(meta={"csrf": False})
        form.validate()
        assert form.minimum.data == data and [str(e) for e in form.minimum.errors] == errors
