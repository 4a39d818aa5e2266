"""Speed of ``nlc.analysis.coverage`` on a 700-person survey (issue 11).

Target: a 700-person network at 200 resamples in a couple of seconds. The network is the
planted-group network of ``tests/test_coverage.py`` (700 people, about 6 nominations each),
surveyed at 90%, 70% and 50% response; each case is timed ``--repeats`` times after one
warm-up call (which compiles the numba kernels) and the median is printed with the load
average, since the machine is shared.

Usage::

    python benchmarks/bench_coverage.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_coverage import synthetic  # noqa: E402

from nlc.analysis.coverage import coverage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    nodes, groups, ties = synthetic(700, 1)
    coverage(ties, nodes, groups, nodes, draws=5)  # compile
    print(f"700 people, {len(ties)} nominations, 200 resamples")
    for rate in (1.0, 0.9, 0.7, 0.5):
        answered = set(nodes[: round(rate * len(nodes))])
        reported = [tie for tie in ties if tie[0] in answered]
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            result = coverage(reported, nodes, groups, answered, draws=200)
            times.append(time.perf_counter() - start)
        print(
            f"response {rate:.0%}: median {statistics.median(times):.2f} s "
            f"(min {min(times):.2f}, load {os.getloadavg()[0]:.1f}); {'; '.join(result.notes)}"
        )


if __name__ == "__main__":
    main()
