"""The server's idle threads are woken newest first (peersurvey/server_threads.py), so one
group's taps stay on warm threads, while every thread still serves when requests come at
once. Driven through a real waitress server on loopback, as `peersurvey serve` starts it."""
import http.client
import threading

import pytest

from .together import in_process_server

THREADS = 6


@pytest.fixture
def server():
    """A waitress server with WarmThreads, whose app answers with the name of the thread
    that served it; a request to /together waits at a barrier for THREADS requests."""
    barrier = threading.Barrier(THREADS, timeout=10)

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/together":
            barrier.wait()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [threading.current_thread().name.encode()]

    with in_process_server(app, THREADS) as port:
        yield port


def name_of_thread(port, path="/"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().read().decode()
    finally:
        conn.close()


def test_requests_one_after_another_stay_on_the_thread_that_finished_last(server):
    names = [name_of_thread(server) for _ in range(3 * THREADS)]
    # waitress's own dispatcher hands them round all six threads in turn (two serve a third).
    # A thread may not be idle again yet when the next request comes (its reply goes before
    # it is back), so on a busy machine a second one takes some.
    assert served_by_two(names) >= len(names) * 2 // 3, names


def test_requests_that_come_at_once_are_each_given_a_thread(server):
    names, errors = [], []

    def one():
        try:
            name = name_of_thread(server, "/together")
        except (OSError, http.client.HTTPException) as problem:
            errors.append(problem)
            return
        if name.startswith("waitress"):
            names.append(name)
        else:     # a thread left asleep: the barrier breaks, and the others are answered 500
            errors.append(name)

    clients = [threading.Thread(target=one) for _ in range(THREADS)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(15)
    assert not errors and len(set(names)) == THREADS, errors
    # and afterwards, one at a time again, the newest idle thread serves
    names = [name_of_thread(server) for _ in range(3 * THREADS)]
    assert served_by_two(names) >= len(names) * 2 // 3, names


def served_by_two(names):
    """How many were served by the two threads that served most."""
    return sum(sorted((names.count(name) for name in set(names)), reverse=True)[:2])
