"""Waiting until some processes have stopped working, so that a timing starts on a machine
the last one has left.

A web page goes on working after its request's reply has come: peersurvey's big screen
hears the tap's new version on its event stream, Taguette's page asks for the project's
next events, and each server does its part. On two shared cores that work lands on
whatever is timed next. settle() waits until none of the given processes' threads (the
calling thread excepted) has run for `quiet` seconds, by the processor time Linux counts
for each thread in /proc/<pid>/task/<tid>/schedstat (in nanoseconds). Where there is no
/proc it returns at once."""
import os
import threading
import time
from pathlib import Path


def cpu_nanoseconds(pids):
    """The processor time used so far by every thread of these processes but the caller."""
    me, total = str(threading.get_native_id()), 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            if pid == os.getpid() and task.name == me:
                continue
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):     # a thread that has just ended
                pass
    return total


def settle(pids, quiet=0.0005, most=0.05):
    """Wait until none of the processes has run for `quiet` seconds, at most `most` seconds;
    the seconds waited."""
    started = time.perf_counter()
    before = cpu_nanoseconds(pids)
    while time.perf_counter() - started < most:
        time.sleep(quiet)
        now = cpu_nanoseconds(pids)
        if now == before:
            break
        before = now
    return time.perf_counter() - started
