"""Keeping the server's memory to what it uses.

glibc (Linux) gives each thread that allocates much its own pool ("arena", up to 8 per
core) and keeps what was freed there for that thread's later use. waitress serves with
THREADS threads (32 by default), so a big export served on each in turn left about 20 MB
held in every one: a laptop's memory filled with nothing. Python runs one thread at a time
anyway, so the server's threads share two pools. Elsewhere (macOS, Windows, musl)
there is nothing to do.

Python's garbage collector also walks every object it tracks in each full sweep, and about
180,000 of them are made while the app starts and live as long as it does."""
import ctypes
import ctypes.util
import gc
import os

M_ARENA_MAX = -8        # from glibc's malloc.h
POOLS = 2


def fewer_pools():
    """Let threads share two memory pools (glibc's mallopt) besides the first thread's;
    call it before the threads start. MALLOC_ARENA_MAX in the environment still wins."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_ARENA_MAX, POOLS)


def keep_startup_objects():
    """Leave what the app made while starting out of the garbage collector's sweeps (gc.freeze).
    A full sweep walked them all, 40 ms here (85 ms seen inside a coding tap, on a processor
    that had been idle), and it lands on whichever request is running at the time, about
    once a thousand. Call it when the app is ready, just before serving. bench/collection.py
    times a sweep before and after."""
    gc.freeze()
