"""How long one full sweep of Python's garbage collector holds up the server, before and after
`memory.keep_startup_objects()`, which `serve` calls just before it starts serving.

    make bench      or      .venv/bin/python bench/collection.py [sweeps]

The app is made as `serve` makes it (create_app on a fresh database, memory.fewer_pools),
then its sign-in page, home page and picture list are drawn once, so the templates and
translations a running server holds are made too. Then a full sweep (gc.collect()) is
timed `sweeps` times, the startup objects are left out as the server does, and it is timed
again. Every sweep after the first runs on warm caches: the first of each set is printed
apart. A sweep stops every thread of the server while it runs; in a server the collector
starts one by itself now and then, inside whichever request happens to be running.
Prints figures; asserts nothing about speed.
"""
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def sweeps(count):
    """Milliseconds of each of `count` full sweeps."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - started) * 1000)
    return times


def say(label, times):
    print(f"  {label:<40} first {times[0]:6.1f} ms, then median {statistics.median(times[1:]):6.1f} ms")


def main(count):
    from peersurvey import config, create_app, memory
    folder = Path(tempfile.mkdtemp(prefix="peersurvey-bench-collection-"))
    os.environ[config.INSTANCE_ENV] = str(folder)     # not the repository's instance/
    app = create_app({"DATABASE": str(folder / "bench.db"), "SECRET_KEY": "bench"})
    memory.fewer_pools()
    client = app.test_client()
    for page in ("/signin", "/", "/pictures"):
        client.get(page)
    print(f"Python {sys.version.split()[0]}; the app made as `serve` makes it, {len(gc.get_objects()):,} objects "
          f"tracked by the collector; {count} full sweeps each (gc.collect())")
    say("before keep_startup_objects()", sweeps(count))
    memory.keep_startup_objects()
    say("after (what `serve` runs with)", sweeps(count))
    print(f"  {gc.get_freeze_count():,} objects left out of the sweeps")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(max(2, int(sys.argv[1])) if len(sys.argv) > 1 else 10))
