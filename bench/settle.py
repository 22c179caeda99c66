"""Waiting until some processes have stopped working, so that a timing starts on a machine
the last one has left.

A web page goes on working after its request's reply has come: peersurvey's big screen
hears the tap's new version on its event stream, Taguette's page asks for the project's
next events, and each server does its part. On two shared cores that work lands on
whatever is timed next. settle() waits until, for `quiet` seconds, none of the given
processes has used the processor (each process's CPU clock, which Linux keeps up to date
even for a thread that is running now; the calling thread's own time is left out) and none
of their threads is waiting for a turn on it (state R in /proc/<pid>/task/<tid>/stat, which
uses no time while it waits). Linux only: elsewhere it waits one `quiet` step and says so."""
import os
import threading
import time
from pathlib import Path


def _cpu_clock(pid):
    """clock_gettime's id for a process's CPU clock (CPUCLOCK_SCHED, as Linux's clock_getcpuclockid)."""
    return ((~pid) << 3) | 2


def cpu_nanoseconds(pids):
    """Processor time used so far by these processes, the calling thread's left out: for
    its own process, the time Linux has counted for each other thread (up to the last
    switch; one running now is seen by waiting_to_run)."""
    total = 0
    for pid in pids:
        if pid != os.getpid():
            total += time.clock_gettime_ns(_cpu_clock(pid))
            continue
        for task in _other_threads(pid):
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):     # a thread that has just ended
                pass
    return total


def waiting_to_run(pids):
    """Whether any thread of these processes (but the caller) is running or ready to run."""
    for pid in pids:
        for task in _other_threads(pid):
            try:
                state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state == "R":
                return True
    return False


def _other_threads(pid):
    me = str(threading.get_native_id()) if pid == os.getpid() else None
    return [task for task in Path(f"/proc/{pid}/task").glob("*") if task.name != me]


def settle(pids, quiet=0.0005, most=0.05):
    """Wait until the processes have been still for `quiet` seconds, or `most` have gone by.
    True if they were still; False if they were not by then, or this cannot be seen here."""
    if not Path("/proc/self/task").is_dir():
        time.sleep(quiet)
        return False
    started = time.perf_counter()
    before = cpu_nanoseconds(pids)
    while time.perf_counter() - started < most:
        time.sleep(quiet)
        now = cpu_nanoseconds(pids)
        if now == before and not waiting_to_run(pids):
            return True
        before = now
    return False
