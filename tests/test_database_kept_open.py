"""`peersurvey serve` holds one connection to the database while it runs. In WAL mode the last
connection to close copies the log into the database and deletes it, so with a connection per
request a quiet server did that, with its disk flushes, after every request."""
import os

from .browser.conftest import LiveServer
from .together import request


def test_a_quiet_server_keeps_the_log_between_requests(tmp_path):
    server = LiveServer(tmp_path)
    try:
        lead = server.make.lead()
        tablet = server.make.tablet(server.make.project(lead), lead)
        status, _headers, _body = request(server.port, "GET", "/api/v1/device",
                                          headers={"Authorization": f"Bearer {tablet['token']}"})
        assert status == 200
        assert os.path.exists(f"{server.database}-wal"), "the request's connection was not the last to close"
    finally:
        server.stop()
