"""Named points where a test can kill the server outright (SIGKILL), to prove that a crash
at that moment loses nothing and doubles nothing (tests/test_fault_matrix.py).

Set PEERSURVEY_CRASH_AT=<name> in the server's environment; every other server ignores
these calls. It is read on each call, so it costs one dictionary lookup.
"""
import os
import signal

ENV = "PEERSURVEY_CRASH_AT"


def crash_point(name):
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
