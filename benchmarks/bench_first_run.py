"""The first run after a plain ``pip install``: how much of it is numba compiling the kernels.

Issue #14 asks that the first run pay no more than a few seconds of compilation. numba
caches compiled kernels on disk (``cache=True``), keyed on the source file and the CPU, so
a fresh install starts with an empty cache; ``make install`` fills it ahead of time
(``nlc.analysis.precompile`` and ``nlc.simulation.precompile``), a bare ``pip install``
does not. Each command below runs twice in its own process with ``NUMBA_CACHE_DIR`` set to
a new, empty folder: the first ("cold") run compiles what it uses, the second ("warm") only
loads it. Their difference in CPU time is the compilation a user pays once.

The network is the benchmarks' planted partition at 30,000 nodes and 300,000 arcs: large
enough that every analysis kernel takes its multi-threaded path (small inputs skip some),
small enough that the work stays a few seconds beside the compilation.

Usage::

    python benchmarks/bench_first_run.py            # writes the first-run section
    python benchmarks/bench_first_run.py --no-write
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import generate  # noqa: E402

#: Nodes, arcs, groups and seed of the network (see ``generate.py``).
SIZE = (30_000, 300_000, 20, 1)


def commands(ties: str, nodes: str) -> tuple[tuple[str, list[str]], ...]:
    """(label, arguments after ``nlc``); ``{out}`` stands for a scratch file."""
    simulate = ["simulate", ties, "--directed", "--seed-count", "3", "--json", "{out}"]
    return (
        ("nlc analyse", ["analyse", ties, "--nodes", nodes, "--group", "group", "--json", "{out}"]),
        ("nlc simulate, cascade", [*simulate, "--model", "cascade", "--p", "0.15"]),
        ("nlc simulate, threshold", [*simulate, "--model", "threshold", "--threshold", "0.3"]),
    )


#: "A few seconds" of compilation, in CPU seconds.
TARGET_CPU = 5.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--wait-quiet", type=float, default=60, metavar="S")
    args = parser.parse_args(argv)
    info = C.machine()
    nlc = C.nlc_command()
    work = Path(tempfile.mkdtemp(prefix="nlc-bench-first-run-"))
    data = generate.write(*SIZE)
    rows = []
    for label, extra in commands(C.rel(data / "ties.csv"), C.rel(data / "nodes.csv")):
        cache = Path(tempfile.mkdtemp(dir=work))
        env = {"NUMBA_CACHE_DIR": str(cache)}
        command = [*nlc, *(x.format(out=work / "out.json") for x in extra)]
        busy = C.wait_quiet(args.wait_quiet)
        cold = C.run_timed(command, env=env, cwd=C.REPO)
        warm = C.run_timed(command, env=env, cwd=C.REPO)
        if not (cold.ok and warm.ok):
            print((cold.stderr or warm.stderr)[-2000:], file=sys.stderr)
        paid = (cold.user + cold.sys) - (warm.user + warm.sys)
        rows.append(
            [
                label,
                f"{C.fmt_s(cold.wall)} / {cold.user + cold.sys:.2f} s",
                f"{C.fmt_s(warm.wall)} / {warm.user + warm.sys:.2f} s",
                f"{paid:.2f} s",
                f"{busy:.1f}",
                C.verdict(cold.ok and warm.ok and paid < TARGET_CPU),
            ]
        )
        print(f"{label}: cold {cold.wall:.2f} s, warm {warm.wall:.2f} s, paid {paid:.2f} s CPU")
    headers = ["command", "cold: wall / CPU", "warm: wall / CPU", "compilation (CPU)"]
    headers += ["busy cores before", f"under {TARGET_CPU:.0f} s"]
    body = "\n".join(
        [
            "## First run after a plain `pip install`: compiling the kernels",
            "",
            *C.machine_lines(info),
            "- Reproduce: `python benchmarks/bench_first_run.py`",
            "- Each command twice, each time in a new process, with `NUMBA_CACHE_DIR` a new "
            "empty folder: cold (compiles what it uses), then warm (loads it). Compilation is "
            "the difference in CPU time.",
            f"- Network: `{C.rel(data)}` (`python benchmarks/generate.py --nodes {SIZE[0]} "
            f"--arcs {SIZE[1]} --groups {SIZE[2]} --seed {SIZE[3]}`).",
            "",
            C.table(headers, rows),
        ]
    )
    print(body)
    if not args.no_write:
        C.update_results("first-run", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
