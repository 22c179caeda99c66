"""Races tested as races: real requests from threads released together by a barrier,
never a sleep. Use against a real server process (tests/browser/conftest.py LiveServer)."""
import http.client
import json
import threading


def at_once(calls, timeout=120):
    """Run every zero-argument callable in its own thread, all released at the same moment;
    give back what each returned (or the exception it raised), in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        barrier.wait()
        try:
            results[n] = call()
        except Exception as error:      # kept, so the test can say what went wrong
            results[n] = error

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def request(port, method, path, body=None, headers=None, timeout=60):
    """One HTTP request to 127.0.0.1:port; (status, headers, body bytes). A dict body is
    sent as JSON."""
    headers = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()
