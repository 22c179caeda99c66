"""How the benchmarks print a timing: median and 95th percentile in milliseconds."""
import math
import statistics


def p95(values):
    """Nearest rank: of 20, the 19th fastest; of 5, the slowest."""
    values = sorted(values)
    return values[max(math.ceil(len(values) * 0.95) - 1, 0)]


def figures(label, seconds, width=52):
    """Print one line of figures; return the median in milliseconds."""
    ms = [s * 1000 for s in seconds]
    if not ms:      # asked for too few rounds to have any: said, not a crash
        print(f"  {label:<{width}} none timed")
        return float("nan")
    print(f"  {label:<{width}} median {statistics.median(ms):8.1f} ms   p95 {p95(ms):8.1f} ms")
    return statistics.median(ms)


def spread(seconds):
    """Median, p95 and slowest of some timings, in milliseconds, as words for one line."""
    ms = [s * 1000 for s in seconds]
    if not ms:
        return "none"
    return f"median {statistics.median(ms):.0f} ms, p95 {p95(ms):.0f} ms, slowest {max(ms):.0f} ms"
