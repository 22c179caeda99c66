"""Every route of the app, reached by someone it lets in, with hostile values in each part of
its address, in every query key its view reads (and some it does not) and in the headers it
reads: huge and negative numbers, fractions, control characters, long text, bytes that are
not UTF-8. Each gets a plain answer below 500, never a traceback. Forms: test_hostile_forms.py."""
import pytest
from flask import request

from peersurvey import csrf

from . import hostile
from .hostile import (EXTRA_QUERY_KEYS, PATH_VALUES, QUERY_VALUES, header_names, path_with, query_keys, quoted,
                      sign_in, usual_values, visitor_for)
from .test_access import routes

hostile_world, walk = hostile.hostile_world, hostile.walk      # the fixtures

ROUTES = [(e, r) for e, r in routes() if r.arguments or "GET" in r.methods]


def send(client, rule, url, headers, form):
    if "GET" in rule.methods:
        return client.get(url, headers=headers)
    return client.post(url, headers=headers, data=form)


@pytest.mark.parametrize("endpoint, rule", ROUTES, ids=[f"{e}:{r.rule}" for e, r in ROUTES])
def test_hostile_addresses_query_strings_and_headers_get_a_plain_answer(walk, endpoint, rule):
    client, world, findings = walk
    headers, form = sign_in(client, world, visitor_for(endpoint, rule))
    values = usual_values(rule, world)
    for argument in sorted(rule.arguments):
        for value in PATH_VALUES:
            url = path_with(rule, values, argument, value)
            findings.check(send(client, rule, url, headers, form), f"{endpoint} with {argument}={value[:40]!r}")
    if "GET" in rule.methods:
        walk_query_and_headers(client, endpoint, path_with(rule, values), headers, findings)
        # HEAD runs the GET view: one that asks "is this a GET?" must not take it for a post.
        findings.check(client.head(path_with(rule, values), headers=headers), f"HEAD {endpoint}")
    findings.assert_none()


def walk_query_and_headers(client, endpoint, url, headers, findings):
    """Each query key the view reads, keys it does not read, and each header it reads."""
    keys, read_headers = query_keys(client.application, endpoint), header_names(client.application, endpoint)
    for value in QUERY_VALUES:
        q = quoted(value)
        for key in keys:
            findings.check(client.get(f"{url}?{key}={q}", headers=headers), f"{endpoint}?{key}={value[:40]!r}")
        # Keys no view reads, all at once, and each key the view reads twice.
        extra = "&".join(f"{quoted(key)}={q}" for key in EXTRA_QUERY_KEYS + keys + keys)
        findings.check(client.get(f"{url}?{extra}", headers=headers), f"{endpoint} with odd keys = {value[:40]!r}")
        if read_headers and isinstance(value, str) and value.isprintable():
            sent = {**headers, **{name: value for name in read_headers if name != "Authorization"}}
            findings.check(client.get(url, headers=sent), f"{endpoint} with headers {read_headers} = {value[:40]!r}")


def test_the_walk_sees_a_500_and_an_error_caught_only_by_the_last_net(walk):
    """The checks above would notice a view that fails, and one that errors.py's last net
    saved from failing (a cause not fixed where the input is read)."""
    client, _world, findings = walk

    def overflow(n):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")
    client.application.add_url_rule("/boom/<int:n>", "boom", lambda n: 1 / 0)
    client.application.add_url_rule("/overflow/<int:n>", "overflow", overflow)
    assert findings.check(client.get("/boom/1"), "a view that fails") == 500
    assert findings.check(client.get("/overflow/1"), "a view saved by the net") == 400
    assert len(findings.found) == 2


@pytest.mark.parametrize("body", [
    "[" * 100_000 + "]" * 100_000, '{"a": NaN}', '{"a": 1e999}', '{"a": ' + "9" * 5000 + "}",
    '{"a": ' + str(2 ** 63) + "}", "[" * 40 + "]" * 40, b"\xff\xfe{}"])
def test_any_view_reading_json_gets_a_plain_400_for_hostile_json(walk, body):
    """request.get_json anywhere reads through safe_json: no NaN, no numbers SQLite cannot
    hold, no nesting past 32, and nothing for errors.py's last net."""
    client, _world, findings = walk

    @csrf.exempt
    def echo():
        return {"read": str(request.get_json())[:20]}
    client.application.add_url_rule("/json-echo", "json_echo", echo, methods=["POST"])
    response = client.post("/json-echo", data=body, content_type="application/json")
    assert findings.check(response, "a view reading JSON") == 400 and not findings.found
    assert client.post("/json-echo", json={"a": [1, 2.5, None]}).status_code == 200
