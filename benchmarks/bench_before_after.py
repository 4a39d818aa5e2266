"""The same commands from two versions of NLC, side by side in one run.

Used after a refactor that must not slow anything down: each command runs alternately from
the *before* tree and the *after* tree (this checkout), so load from other jobs on a shared
machine falls on both alike, and the best wall and CPU time of each is kept. The numba
cache of each tree is filled by one untimed warm-up run first.

Commands timed (100,000 nodes, 1,000,000 arcs, 20 groups unless changed):

- ``nlc analyse ties.csv --nodes nodes.csv --group group --json out.json``
- ``nlc simulate ties.csv --runs 1000 --p 0.15 --seed-count 10`` (cascade, random seeds)

Usage::

    python benchmarks/bench_before_after.py --before 3c4c609      # a commit: checked out
    python benchmarks/bench_before_after.py --before /path/to/tree # an existing checkout

Writes the ``before-after`` section of ``benchmarks/RESULTS.md`` unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as C  # noqa: E402
import generate  # noqa: E402


def _tree(before: str) -> Path:
    """An existing directory, or a commit checked out into a temporary worktree."""
    path = Path(before)
    if path.is_dir():
        return path.resolve()
    target = Path(tempfile.mkdtemp(prefix="nlc-before-")) / "tree"
    subprocess.run(
        ["git", "-C", str(C.REPO), "worktree", "add", "--detach", str(target), before],
        check=True,
        capture_output=True,
    )
    return target


def _commands(data: Path, out: Path, runs: int) -> dict[str, list[str]]:
    ties, nodes = str(data / "ties.csv"), str(data / "nodes.csv")
    return {
        "analyse --json": [
            "analyse",
            ties,
            "--nodes",
            nodes,
            "--group",
            "group",
            "--json",
            str(out / "a.json"),
        ],
        f"simulate {runs} cascade runs": [
            "simulate",
            ties,
            "--model",
            "cascade",
            "--runs",
            str(runs),
            "--p",
            "0.15",
            "--seed-count",
            "10",
            "--json",
            str(out / "s.json"),
        ],
    }


def _run(tree: Path, args: list[str]) -> C.Run:
    env = dict(os.environ, PYTHONPATH=str(tree / "src"))
    command = [sys.executable, "-c", "from nlc.cli import main; main()", *args]
    return C.run_timed(command, env=env)


def _cpu(run: C.Run) -> float:
    return run.user + run.sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="a commit or a checkout directory")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--arcs", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1000, help="simulation runs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    data = generate.dataset_dir(args.nodes, args.arcs, args.groups, 1)
    if not (data / "ties.csv").exists():
        generate.main([f"--nodes={args.nodes}", f"--arcs={args.arcs}", f"--groups={args.groups}"])
    trees = {"before": _tree(args.before), "after": C.REPO}
    out = Path(tempfile.mkdtemp(prefix="nlc-bench-"))
    commands = _commands(data, out, args.runs)
    for tree in trees.values():  # fill each tree's numba cache, untimed
        for command in commands.values():
            _run(tree, command)

    best: dict[tuple[str, str], list[C.Run]] = {}
    for _ in range(args.repeats):
        for label, command in commands.items():
            for side, tree in trees.items():
                timed = _run(tree, command)
                if not timed.ok:
                    raise SystemExit(f"{side} {label} failed:\n{timed.error_line()}")
                best.setdefault((label, side), []).append(timed)

    rows = []
    for label in commands:
        before = min(best[(label, "before")], key=lambda t: t.wall)
        after = min(best[(label, "after")], key=lambda t: t.wall)
        rows.append(
            [
                label,
                C.fmt_s(before.wall),
                C.fmt_s(after.wall),
                f"{after.wall / before.wall:.2f}",
                C.fmt_s(_cpu(before)),
                C.fmt_s(_cpu(after)),
                f"{_cpu(after) / _cpu(before):.2f}",
                f"{before.max_rss_mb / 1024:.2f} / {after.max_rss_mb / 1024:.2f} GB",
            ]
        )
    body = "\n".join(
        [
            f"## Before and after a refactor: {args.nodes:,} nodes, {args.arcs:,} arcs",
            "",
            *C.machine_lines(C.machine()),
            f"- Before: `{args.before}`; after: this checkout; "
            f"best of {args.repeats} runs, alternating.",
            f"- Reproduce: `python benchmarks/bench_before_after.py --before {args.before}`",
            "",
            C.table(
                [
                    "command",
                    "before wall",
                    "after wall",
                    "after/before",
                    "before CPU",
                    "after CPU",
                    "after/before",
                    "peak RSS before / after",
                ],
                rows,
            ),
        ]
    )
    print(body)
    if not args.no_write:
        C.update_results("before-after", body)


if __name__ == "__main__":
    main()
