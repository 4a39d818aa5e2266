"""Run every nlc benchmark except the simulation ones, and update ``RESULTS.md``.

    python benchmarks/run_all.py                 # all of them (about 10 minutes)
    python benchmarks/run_all.py --only brokerage
    python benchmarks/run_all.py --no-write      # print only

Each benchmark runs in its own process, one after the other (they would slow each other
down on a 2-core machine). The simulation benchmarks (``bench_simulation.py``) are run
separately. ``--wait-quiet S`` is passed on: each timed part first waits up to S seconds for
other jobs to leave the CPUs idle.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHMARKS = {
    "analyse": ["bench_analyse.py"],
    "brokerage": ["bench_brokerage.py"],
    "proposals": ["proposals.py"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    parser.add_argument("--wait-quiet", type=float, default=60, metavar="S")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args(argv)

    failed = []
    for name in args.only or BENCHMARKS:
        command = [sys.executable, str(HERE / BENCHMARKS[name][0])]
        command += ["--wait-quiet", str(args.wait_quiet)]
        if args.no_write:
            command.append("--no-write")
        print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
        start = time.perf_counter()
        code = subprocess.call(command)
        print(f"=== {name}: exit {code} after {time.perf_counter() - start:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
