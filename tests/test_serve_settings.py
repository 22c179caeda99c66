"""`peersurvey serve` takes waitress's settings from the settings table (config.SETTINGS), and
never asks for more connections than the system can keep open."""
import os

import pytest

from peersurvey import cli, config

pytestmark = pytest.mark.skipif(os.name == "nt", reason="open-file limits are POSIX")


def settings_from(environ):
    return config.from_environment(environ)


def test_serve_uses_the_connection_settings_with_safe_defaults():
    served = cli.server_settings(settings_from({}))
    assert served["connection_limit"] == 500, "well above waitress's 100, which one client could fill"
    assert served["channel_timeout"] == 30 and served["cleanup_interval"] == 15
    assert served["threads"] == 32
    served = cli.server_settings(settings_from({"PEERSURVEY_CONNECTIONS": "300", "PEERSURVEY_THREADS": "8",
                                                "PEERSURVEY_IDLE_CONNECTION_SECONDS": "4"}))
    assert served == dict(threads=8, connection_limit=300, channel_timeout=4, cleanup_interval=2,
                          clear_untrusted_proxy_headers=True)
    assert cli.server_settings(settings_from({}), threads=12)["threads"] == 12, "--threads wins"


def test_a_connection_limit_past_what_select_can_watch_is_lowered():
    limit = cli.connection_limit(settings_from({"PEERSURVEY_CONNECTIONS": "100000"}), 32)
    assert 500 < limit < cli.SELECT_LIMIT, "room is kept for SQLite's files"


def test_a_low_open_files_limit_is_raised_first(monkeypatch):
    import resource
    raised = []
    monkeypatch.setattr(resource, "getrlimit", lambda which: (256, 10240))     # as macOS starts programs
    monkeypatch.setattr(resource, "setrlimit", lambda which, limits: raised.append(limits))
    assert cli.connection_limit(settings_from({}), 32) == 500
    assert raised and raised[0][0] >= 500 and raised[0][1] == 10240


def test_an_open_files_limit_that_cannot_be_raised_lowers_the_connection_limit(monkeypatch):
    import resource

    def refuse(which, limits):
        raise ValueError("not allowed")
    monkeypatch.setattr(resource, "getrlimit", lambda which: (256, 256))
    monkeypatch.setattr(resource, "setrlimit", refuse)
    limit = cli.connection_limit(settings_from({}), 32)
    assert 0 < limit < 256 - 2 * 32, "each thread's database files need room too"
