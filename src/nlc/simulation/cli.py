"""``nlc simulate``: how would a practice spread across this network, and what would change it?

The command reads the same files as ``nlc analyse``, runs the model, and prints a summary;
``--json`` and ``--report`` write the full result. Every check on the input runs before any
file is written, and files are written atomically (:func:`nlc.files.write_atomic`), so a
failed run leaves nothing behind. Bad input exits with code 2 and a message naming the file,
row and column where there is one.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import click

from nlc.cli_options import (
    InputErrorCommand,
    NetworkOptions,
    choice_option,
    network_options,
    random_seed,
    seed_options,
)
from nlc.errors import InputError

__all__ = ["simulate"]


def _parse_pairs(values: tuple[str, ...], option: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for text in values:
        name, eq, number = text.rpartition("=")
        if not eq or not name.strip():
            raise InputError(f"{option} takes NAME=VALUE, not {text!r}")
        try:
            value = float(number)
        except ValueError:
            raise InputError(f"{option}: {number!r} is not a number") from None
        out[name.strip()] = value
    return out


def _group_factors(values: tuple[str, ...]) -> dict[tuple[str, str], float]:
    out = {}
    for name, value in _parse_pairs(values, "--group-factor").items():
        a, gt, b = name.partition(">")
        if not gt or not a.strip() or not b.strip():
            raise InputError(f"--group-factor takes SOURCE_GROUP>TARGET_GROUP=FACTOR, not {name!r}")
        out[(a.strip(), b.strip())] = value
    return out


def _tie_probabilities(source: NetworkOptions, column: str, default: float | None) -> dict:
    """Per-tie probabilities from a column of the ties file, keyed by (source, target)."""
    from nlc.network import read_ties
    from nlc.network.io import TABLE_FORMATS
    from nlc.network.tables import read_table

    path = source.ties
    if Path(path).suffix.lower() not in TABLE_FORMATS:
        raise InputError("--p-column needs a CSV, TSV or XLSX ties file", path=path)
    ties = read_ties(path, source=source.source_column, target=source.target_column)
    table = read_table(path)
    col = table.column(column, role="tie probability")
    out: dict[tuple[str, str], float] = {}
    for (row, record), a, b in zip(table.records, ties.source, ties.target, strict=True):
        text = record[col].strip()
        if not text:
            if default is None:
                raise InputError(
                    "is empty; give every tie a probability or a default with --p",
                    path=table.path,
                    row=row,
                    column=table.header[col],
                )
            value = default
        else:
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not (0.0 <= value <= 1.0):
                raise InputError(
                    f"a tie probability must be between 0 and 1, not {text!r}",
                    path=table.path,
                    row=row,
                    column=table.header[col],
                )
        # Repeated ties give the practice several independent chances.
        previous = out.get((a, b), 0.0)
        out[(a, b)] = 1.0 - (1.0 - previous) * (1.0 - value)
    return out


def _role_seeds(network, text: str) -> list[str]:
    """Ids of the nodes whose attribute ``COLUMN`` equals ``VALUE`` (``text`` = COLUMN=VALUE)."""
    column, eq, value = text.partition("=")
    column, value = column.strip(), value.strip()
    if not eq or not column or not value:
        raise InputError(f"--seed-role takes COLUMN=VALUE, not {text!r}")
    if column not in network.attributes:
        known = ", ".join(sorted(network.attributes)) or "none (give --nodes)"
        raise InputError(f"--seed-role: no node column {column!r} (columns: {known})")
    wanted = value.casefold()
    ids = [
        node
        for node, v in zip(network.ids, network.attributes[column], strict=True)
        if v is not None and str(v).strip().casefold() == wanted
    ]
    if not ids:
        raise InputError(f"--seed-role: no node has {column} = {value!r}")
    return ids


@click.command("simulate", cls=InputErrorCommand)
@network_options
@choice_option(
    "--flow",
    ["forward", "backward"],
    help="Practice moves from source to target (forward) or target to source.",
)
@click.option("--model", type=click.Choice(["cascade", "threshold"]), required=True)
@click.option("--p", "p", type=float, help="Cascade: probability per tie [default: 0.1].")
@click.option("--p-column", help="Cascade: tie column holding each tie's probability.")
@click.option(
    "--cross-group-factor",
    type=float,
    default=1.0,
    show_default=True,
    help="Cascade: multiply p on ties between different groups.",
)
@click.option(
    "--group-factor",
    multiple=True,
    metavar="SRC>TGT=F",
    help="Cascade: multiply p on ties from group SRC to group TGT (repeatable).",
)
@click.option("--threshold", type=float, help="Threshold: adopting ties needed [default: 2].")
@click.option(
    "--threshold-share",
    help="Threshold: share of ties needed (0-1), or 'random' for Kempe's linear threshold.",
)
@click.option(
    "--group-threshold",
    multiple=True,
    metavar="GROUP=T",
    help="Threshold for the nodes of one group (repeatable).",
)
@click.option("--seeds", help="Seed ids, comma-separated.")
@click.option(
    "--seed-role",
    metavar="COLUMN=VALUE",
    help="Seed every node whose nodes-file COLUMN is VALUE (e.g. role=lead school).",
)
@click.option("--seed-count", type=int, help="Number of seeds to choose.")
@choice_option("--seed-strategy", ["random", "degree", "brokers", "optimal"])
@click.option("--runs", type=int, default=1000, show_default=True)
@seed_options
@click.option("--max-steps", type=int, help="Stop each run after this many steps.")
@click.option(
    "--epsilon",
    type=float,
    default=0.1,
    show_default=True,
    help="Accuracy of the optimal seeds (IMM).",
)
@click.option("--add-ties", type=click.Path(exists=True, dir_okay=False), help="Ties to add.")
@click.option("--remove-ties", type=click.Path(exists=True, dir_okay=False), help="Ties to remove.")
@click.option("--compare-designs", is_flag=True, help="Compare with generated designs.")
@click.option("--suggest-ties", type=int, help="Find this many new ties that raise reach most.")
@click.option(
    "--candidate-ties",
    type=click.Path(exists=True, dir_okay=False),
    help="Candidate ties for --suggest-ties (default: from likely to unlikely adopters).",
)
@click.option("--threads", type=int, help="Threads (default: numba's thread count).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write JSON here.")
@click.option("--report", "report_out", type=click.Path(dir_okay=False), help="Write HTML here.")
def simulate(source: NetworkOptions, **options) -> None:
    """Simulate how a practice spreads across the network in TIES.

    Independent cascade: each adopter passes the practice along each tie once, with
    probability P. Threshold: a node adopts once enough of its ties have adopted. TIES and
    the network options are read as by 'nlc analyse'; --group also gives reach by group.
    """
    options["rng"] = random_seed(options.pop("seed"), options["rng"])
    _run(source=source, **options)


def _build_models(o: dict):
    from nlc.simulation.models import IndependentCascade, ThresholdModel

    if o["model"] == "cascade":
        for name in ("threshold", "threshold_share", "group_threshold"):
            if o[name]:
                raise click.UsageError(f"--{name.replace('_', '-')} applies to --model threshold")
        p = 0.1 if o["p"] is None else o["p"]
        tie_p = _tie_probabilities(o["source"], o["p_column"], o["p"]) if o["p_column"] else None
        return IndependentCascade(
            p=p,
            tie_p=tie_p,
            group_factor=_group_factors(o["group_factor"]) or None,
            cross_group_factor=o["cross_group_factor"],
        )
    for name in ("p", "p_column"):
        if o[name] is not None:
            raise click.UsageError(f"--{name.replace('_', '-')} applies to --model cascade")
    if o["group_factor"] or o["cross_group_factor"] != 1.0:
        raise click.UsageError("group factors apply to --model cascade")
    if o["threshold"] is not None and o["threshold_share"] is not None:
        raise click.UsageError("give --threshold or --threshold-share, not both")
    group_threshold = _parse_pairs(o["group_threshold"], "--group-threshold") or None
    share = o["threshold_share"]
    if share is not None:
        if share.strip().lower() == "random":
            return ThresholdModel(random_share=True, share=True, group_threshold=group_threshold)
        try:
            value = float(share)
        except ValueError:
            raise InputError(
                f"--threshold-share takes a number or 'random', not {share!r}"
            ) from None
        return ThresholdModel(threshold=value, share=True, group_threshold=group_threshold)
    value = 2.0 if o["threshold"] is None else o["threshold"]
    return ThresholdModel(threshold=value, share=False, group_threshold=group_threshold)


def _run(**o) -> None:
    from rich.console import Console

    from nlc import timings
    from nlc.files import check_writable

    # --- everything that can be wrong with the input is checked before any work ---
    given = [name for name in ("seeds", "seed_role", "seed_count") if o[name] is not None]
    if len(given) > 1:
        shown = " and ".join("--" + name.replace("_", "-") for name in given)
        raise click.UsageError(f"give one of --seeds, --seed-role and --seed-count, not {shown}")
    if not given:
        raise click.UsageError("give --seeds ID,ID, --seed-role COLUMN=VALUE or --seed-count K")
    if o["runs"] < 1:
        raise InputError(f"--runs must be at least 1, not {o['runs']}")
    if o["max_steps"] is not None and o["max_steps"] < 0:
        raise InputError(f"--max-steps must be at least 0, not {o['max_steps']}")
    if o["threads"] is not None and o["threads"] < 1:
        raise InputError(f"--threads must be at least 1, not {o['threads']}")
    if o["suggest_ties"] is not None and o["suggest_ties"] < 1:
        raise InputError(f"--suggest-ties must be at least 1, not {o['suggest_ties']}")
    if o["candidate_ties"] and o["suggest_ties"] is None:
        raise click.UsageError("--candidate-ties goes with --suggest-ties")
    if not 0 < o["epsilon"] < 1:
        raise InputError(f"--epsilon must be between 0 and 1, not {o['epsilon']}")
    for name in ("json_out", "report_out"):
        if o[name]:
            check_writable(o[name])
    model = _build_models(o)
    timings.mark("checks and imports")

    source = o["source"]
    # What reading a CSV file imports, imported before numba's modules are in the thread
    # below: two threads importing at once could deadlock on a circular import.
    import pyarrow.compute  # noqa: F401
    import pyarrow.csv  # noqa: F401

    with ThreadPoolExecutor(max_workers=1) as loader:
        # numba is imported and the kernels loaded in this thread (nothing on this one has
        # imported numba yet), while the file is read here
        kernels = loader.submit(_warm_up, model)
        network, _ = source.load()
        if network.n == 0:
            raise InputError("the network has no nodes", path=source.ties)
        kernels.result()
    timings.mark("numba: kernels loaded")
    from nlc.simulation import scenarios
    from nlc.simulation.engine import prepare, seed_indices

    prepared = prepare(network, model, group=source.group, flow=o["flow"])
    timings.mark("prepare")
    seeds = None
    if o["seed_role"] is not None:
        seeds = _role_seeds(network, o["seed_role"])
    elif o["seeds"] is not None:
        seeds = [s.strip() for s in o["seeds"].split(",") if s.strip()]
    if seeds is not None:
        seed_indices(network, seeds)
    elif o["seed_count"] < 1:
        raise InputError(f"--seed-count must be at least 1, not {o['seed_count']}")
    elif o["seed_count"] > network.n:
        raise InputError(
            f"--seed-count {o['seed_count']} is more than the {network.n} nodes of the network"
        )
    changes = {
        name: scenarios.read_tie_pairs(o[name], network)
        for name in ("add_ties", "remove_ties", "candidate_ties")
        if o[name]
    }

    # --- the work ---
    job = _Job(o, network, model, prepared, seeds)
    status = Console(stderr=True).status(f"Simulating {o['runs']:,} runs...")
    status.start()  # a spinner on a terminal, nothing otherwise
    try:
        out, result = job.run_all(changes)
    finally:
        status.stop()
    timings.mark("runs")

    # --- outputs: built in memory first, then written ---
    payload = _json_bytes(_clean(out), network.n)
    html = None
    if o["report_out"]:
        from nlc.simulation.report import render_report

        html = render_report(out, network, result, rng=o["rng"]).encode()
    from nlc.files import write_atomic

    if o["json_out"]:
        write_atomic(o["json_out"], payload)
    if html is not None:
        write_atomic(o["report_out"], html)
    timings.mark("JSON and report")
    _print_summary(Console(), out)
    timings.mark("summary")


def _warm_up(model) -> None:
    """Load ``model``'s compiled kernels from numba's cache with a run on two nodes.

    The first run of a process would otherwise load them (numba's own set-up, then the
    kernels: about 0.3 s); :func:`_run` does it in a thread while the ties file is read and
    the network built (mostly in pyarrow and numpy, which let other threads run), so the
    two overlap. The timings then show only the wait for what is left of it.
    """
    import numpy as np

    from nlc.network.model import Network
    from nlc.simulation.engine import IndependentCascade, simulate

    if isinstance(model, IndependentCascade):
        model = replace(model, tie_p=None, group_factor=None, cross_group_factor=1.0)
    else:
        model = replace(model, group_threshold=None)
    pair = Network(["a", "b"], np.array([0]), np.array([1]), np.ones(1), directed=True)
    simulate(pair, model, ["a"])  # the default runs: a few batches, on every thread


class _Job:
    """One ``nlc simulate`` invocation: the checked options and the network."""

    def __init__(self, o: dict, network, model, prepared, seeds: list[str] | None):
        from nlc.simulation.engine import RunOptions

        self.o = o
        self.network = network
        self.model = model
        self.prepared = prepared
        self.seeds = seeds
        # Passed to every simulation and search of this invocation.
        self.options = RunOptions(
            runs=o["runs"],
            rng=o["rng"],
            group=o["source"].group,
            flow=o["flow"],
            max_steps=o["max_steps"],
            threads=o["threads"],
        )

    def pick(self, network, prepared=None) -> tuple[list[str] | None, int | None, dict]:
        """Seeds for ``network``: (ids or None, count of random seeds or None, how chosen)."""
        from nlc.simulation.seeding import choose_seeds

        if self.seeds is not None:
            return self.seeds, None, {"strategy": "role" if self.o["seed_role"] else "ids"}
        choice = choose_seeds(
            network,
            self.model,
            self.o["seed_count"],
            self.o["seed_strategy"],
            epsilon=self.o["epsilon"],
            options=replace(self.options, runs=min(self.options.runs, 1000)),
            prepared=prepared,
        )
        count = self.o["seed_count"] if choice.ids is None else None
        return choice.ids, count, {"strategy": choice.strategy, **choice.details}

    def simulate(self, network, seeds, count, prepared=None):
        from nlc.simulation.engine import simulate

        return simulate(
            network,
            self.model,
            seeds,
            seed_count=count,
            options=self.options,
            prepared=prepared,
        )

    def run_all(self, changes: dict) -> tuple[dict, object]:
        from nlc.simulation import scenarios

        network, o = self.network, self.o
        seeds, count, selection = self.pick(network, self.prepared)
        result = self.simulate(network, seeds, count, self.prepared)
        result.seed_strategy = selection["strategy"]
        out = result.to_dict()
        out["network"] = {
            "ties": str(o["source"].ties),
            "nodes": str(o["source"].nodes) if o["source"].nodes else None,
            "n": network.n,
            "m": network.m,
            "directed": network.directed,
            "warnings": list(network.warnings),
        }
        out["seed_selection"] = selection

        rows = [_scenario_row("as is", "the network as it is", result, None)]
        if "add_ties" in changes or "remove_ties" in changes:
            changed, notes = network, []
            if "add_ties" in changes:
                changed = scenarios.add_ties(changed, changes["add_ties"])
                notes.append(f"{changed.m - network.m} ties added")
            if "remove_ties" in changes:
                before = changed.m
                changed, missing = scenarios.remove_ties(changed, changes["remove_ties"])
                notes.append(f"{before - changed.m} ties removed")
                if missing:
                    notes.append(f"{missing} ties to remove were not in the network")
            # The same seeds, and the same random draws on the ties both networks have.
            like = self.options.prepare(changed, self.model, like=self.prepared)
            other = self.simulate(changed, seeds, count, like)
            comparison = scenarios.compare(result, other)
            rows.append(_scenario_row("changed ties", "; ".join(notes), other, comparison))
        if o["compare_designs"]:
            for kind in scenarios.DESIGNS:
                design = scenarios.design_network(network, kind, self.options.rng)
                if self.seeds is not None or o["seed_strategy"] == "random":
                    design_seeds = (seeds, count)
                else:  # the same strategy, applied to the design
                    design_seeds = self.pick(design)[:2]
                other = self.simulate(design, *design_seeds)
                rows.append(
                    _scenario_row(
                        kind.replace("_", " "),
                        f"generated design with {design.n} nodes and {design.m} ties",
                        other,
                        scenarios.compare(result, other),
                    )
                )
        out["scenarios"] = rows
        if o["suggest_ties"] is not None:
            out.update(self.suggest_ties(result, seeds, count, changes.get("candidate_ties")))
        return out, result

    def suggest_ties(self, result, seeds, count, candidates) -> dict:
        from nlc.simulation.interventions import best_new_ties, default_tie_candidates

        if candidates is None:
            groups = self.prepared.groups
            candidates = default_tie_candidates(
                self.network,
                result.adoption_probability,
                groups=groups.codes if groups is not None else None,
                flow=self.options.flow,
            )
        runs = min(self.options.runs, 500)
        ties = best_new_ties(
            self.network,
            self.model,
            self.o["suggest_ties"],
            candidates,
            seeds=seeds,
            seed_count=count,
            options=replace(self.options, runs=runs),
        )
        names = dict(zip(self.network.ids, _names(self.network), strict=True))
        for tie in ties:
            # The gain is the difference of the two means shown beside it.
            tie["mean_adopters_before"] = tie["mean_adopters"] - tie["gain"]
            tie["source_name"], tie["target_name"] = names[tie["source"]], names[tie["target"]]
        return {
            "suggested_ties": ties,
            "suggested_ties_method": (
                f"greedy over {len(set(candidates))} candidate ties, {runs} runs per estimate "
                "(common random numbers); no approximation guarantee; each gain with its 95% "
                "interval from the same runs paired"
            ),
        }


def _names(network) -> list[str]:
    """Each node's ``name`` attribute, or its id where it has none."""
    names = network.attributes.get("name") or network.ids
    return [name or i for name, i in zip(names, network.ids, strict=True)]


def _scenario_row(name: str, description: str, result, comparison: dict | None) -> dict:
    low, high = result.ci95()
    row = {
        "name": name,
        "description": description,
        "n": result.n,
        "m": result.m,
        "seeds": result.seeds,
        "mean_adopters": result.mean_adopters,
        "ci95": [low, high],
        "group_reach": result.group_reach(),
        "difference": None,
        "difference_ci95": [None, None],
    }
    if comparison:
        row.update(comparison)
    return row


#: Results of up to this many nodes are written by the standard library's encoder.
STDLIB_JSON_UP_TO = 10_000


def _json_bytes(document: dict, n: int) -> bytes:
    """The JSON result, indented. Large networks' results (one probability per node) are
    written by ``orjson``, about ten times faster than the standard library (0.25 s at
    100,000 nodes); both give the same document (``document`` holds no NaN, see
    :func:`_clean`)."""
    if n <= STDLIB_JSON_UP_TO:
        return json.dumps(document, indent=2, allow_nan=False).encode() + b"\n"
    import orjson

    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n"


def _clean(value):
    """Replace non-finite floats by None, recursively (JSON has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return _clean(value.item())
    return value


def _fmt(x, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def _print_summary(console, out: dict) -> None:
    from rich.table import Table

    from nlc.reports.measures import percent
    from nlc.simulation.report import gain_interval

    n = out["n"]
    table = Table(
        title=f"Simulation: {out['model']} model, {out['runs']:,} runs", show_header=False
    )
    table.add_column("what")
    table.add_column("value")
    seeds = out["seeds"]
    table.add_row(
        "seeds",
        ", ".join(seeds[:10]) + (" ..." if len(seeds) > 10 else "")
        if seeds
        else f"{out['seed_count']} at random in each run",
    )
    low, high = out["ci95"]
    table.add_row(
        "mean adopters",
        f"{_fmt(out['mean_adopters'])} of {n} ({100 * out['mean_adopters'] / n:.1f}%)",
    )
    table.add_row("95% CI of the mean", f"{_fmt(low)} to {_fmt(high)}")
    tth = out["time_to_half"]
    table.add_row(
        "steps to reach half",
        "never"
        if tth is None
        else f"{tth:.1f} (in {percent(out['share_of_runs_reaching_half'], 0)} of runs)",
    )
    console.print(table)
    if out["group_reach"]:
        groups = Table(title=f"Reach by {out['group_column']}")
        groups.add_column("group")
        groups.add_column("mean share adopting", justify="right")
        for label, share in out["group_reach"].items():
            groups.add_row(str(label), f"{100 * share:.1f}%")
        console.print(groups)
    if len(out["scenarios"]) > 1:
        sc = Table(title="Scenarios (difference paired by run)")
        for col in ("scenario", "ties", "mean adopters", "95% CI", "difference", "95% CI"):
            sc.add_column(col, justify="left" if col in ("scenario",) else "right")
        for row in out["scenarios"]:
            lo, hi = row["ci95"]
            dlo, dhi = row["difference_ci95"]
            sc.add_row(
                row["name"],
                str(row["m"]),
                _fmt(row["mean_adopters"]),
                f"{_fmt(lo)} to {_fmt(hi)}",
                "" if row["difference"] is None else f"{row['difference']:+,.1f}",
                "" if row["difference"] is None else f"{_fmt(dlo)} to {_fmt(dhi)}",
            )
        console.print(sc)
    if out.get("suggested_ties"):
        st = Table(title="Suggested new ties")
        for col in ("from", "to", "mean adopters before", "after", "gain", "95% CI"):
            st.add_column(col)
        for tie in out["suggested_ties"]:
            st.add_row(
                tie["source_name"],
                tie["target_name"],
                _fmt(tie["mean_adopters_before"], 2),
                _fmt(tie["mean_adopters"], 2),
                f"{tie['gain']:+.2f}",
                gain_interval(tie.get("gain_ci95")),
            )
        console.print(st)
