"""Which of the server's idle threads takes the next request: the one that finished last.

waitress wakes its idle threads in turn, longest idle first, so with THREADS threads (32)
and one group tapping, every tap ran on a thread that had not run for 31 taps: its memory
no longer in the processor's caches, its database connection's pages cold. Waking the
thread that finished last keeps a steady stream of taps on a few warm threads: a tap and the
next answer's p95 fell by 0.4 to 1 ms (two servers side by side). How many requests run at
once, and the queue, are waitress's own: only the choice of which idle thread wakes is
changed."""
import threading

from waitress.task import ThreadedTaskDispatcher


class _LastIdleFirst:
    """Stands in for the dispatcher's threading.Condition (on the same lock, with the same
    wait / notify / notify_all), but notify() wakes the thread that began waiting last."""

    def __init__(self, lock):
        self._lock = lock
        self._waiting = []            # each idle thread's own Condition, the newest last
        self._own = threading.local()

    def wait(self):
        mine = getattr(self._own, "condition", None)
        if mine is None:
            mine = self._own.condition = threading.Condition(self._lock)
        self._waiting.append(mine)
        try:
            mine.wait()
        finally:
            if mine in self._waiting:   # only if woken some other way than notify()
                self._waiting.remove(mine)

    def notify(self, n=1):
        # Woken, then taken off the list (as threading.Condition does): were this thread
        # interrupted in between (Ctrl+C), the sleeper is still listed for shutdown to wake.
        while n > 0 and self._waiting:
            self._waiting[-1].notify()
            self._waiting.pop()
            n -= 1

    def notify_all(self):
        self.notify(len(self._waiting))


class WarmThreads(ThreadedTaskDispatcher):
    """waitress's dispatcher (waitress.create_server(..., _dispatcher=)), newest idle first."""

    def __init__(self, threads):
        super().__init__()
        self.queue_cv = _LastIdleFirst(self.lock)
        self.set_thread_count(threads)
