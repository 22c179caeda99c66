"""A group asking for the same new thing at the same moment, as a group opening the findings
together after a session does: timed until the last has it, against one asking alone.
Used by bench/charts.py; asserts nothing about speed."""
import time

from bench.loopback import request
from bench.report import figures
from tests.together import at_once      # released together by a barrier, as the race tests

GROUP = 20                              # tablets opening the findings together


def group_at_once(port, lead, path, touch, runs, group=GROUP):
    """A group opening the findings together after a change: `group` tablets ask for the same
    new chart at the same moment (released together, each on a new connection), timed until
    the last has its picture; taking turns with one tablet asking for a new one alone, the
    same work once. The chart is counted and drawn once while the others wait for it
    (peersurvey/one_at_a_time.py), rather than once for each on the same two cores."""
    def ask():
        return request(port, "GET", path, headers={"Cookie": lead["cookie"]})

    alone, together = [], []
    for _ in range(runs + 1):
        next(touch)
        alone.append(ask().seconds)
        next(touch)
        started = time.perf_counter()
        answers = at_once([ask] * group)
        together.append(time.perf_counter() - started)
        bad = [a for a in answers if isinstance(a, Exception) or a.status != 200]
        if bad:
            raise RuntimeError(f"{len(bad)} of {group} at once failed: {bad[0]!r}")
    print(f" {group} tablets at once, GET {path.split('/findings')[1]}, cold (one more coding before each), "
          f"{runs} times (after 1 not counted), taking turns with one tablet alone:")
    at_once_ms = figures(f"{group} at once, until the last has its picture", together[1:])
    alone_ms = figures("one alone", alone[1:])
    print(f"  {group} at once / one alone, medians: {at_once_ms / alone_ms:.1f} ×")
