"""Run the diffusion engine on a network's organisations for the simulation page.

Everything here is read-only: the network comes from
:func:`nlc.web.ties.services.organisation_network` and the numbers from
:mod:`nlc.simulation` with the parameters the form gives, so the page shows exactly what
``simulate(...)`` returns for the same parameters and ``rng``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nlc.network import Network
from nlc.simulation.engine import (
    IndependentCascade,
    RunOptions,
    ThresholdModel,
    simulate,
    trace_run,
)
from nlc.simulation.scenarios import add_ties, compare
from nlc.simulation.seeding import choose_seeds
from nlc.web.maps.layout import organisation_positions, spacing_for

GROUP = "kind"
CURVE_WIDTH, CURVE_HEIGHT, CURVE_PAD = 560, 220, 36


@dataclass
class Plan:
    """What to run: the model, the seeds (ids, or a count drawn in every run), runs, rng."""

    model: IndependentCascade | ThresholdModel
    seeds: list[str] | None
    seed_count: int | None
    strategy: str
    runs: int
    rng: int
    proposed_tie: tuple[str, str] | None

    @property
    def options(self) -> RunOptions:
        """How the plan's runs run, for the summary and the step-by-step run alike."""
        return RunOptions(runs=self.runs, rng=self.rng, group=GROUP)


def make_plan(network: Network, data: dict, proposed_tie) -> Plan:
    """Turn the form's cleaned data into engine objects (seeds chosen on the network as is)."""
    if data["model"] == "cascade":
        model = IndependentCascade(p=float(data["p"]))
    else:
        model = ThresholdModel(threshold=float(data["threshold"]), share=True)
    strategy = data["strategy"]
    if strategy == "chosen":
        seeds, count = list(data["seeds"]), None
    else:
        choice = choose_seeds(
            network, model, int(data["k"]), strategy, options=RunOptions(rng=data["rng"])
        )
        seeds, count = choice.ids, (int(data["k"]) if choice.ids is None else None)
    return Plan(model, seeds, count, strategy, int(data["runs"]), int(data["rng"]), proposed_tie)


def with_tie(network: Network, tie: tuple[str, str]) -> Network:
    """The network with a proposed tie, both ways (a tie carries the practice either way)."""
    a, b = tie
    return add_ties(network, [(a, b), (b, a)])


def run(network: Network, plan: Plan) -> dict:
    """Simulate the plan (and its proposed tie) and summarise it for the page."""

    def simulated(net: Network, prepared):
        return simulate(
            net,
            plan.model,
            plan.seeds,
            seed_count=plan.seed_count,
            options=plan.options,
            prepared=prepared,
        )

    prepared = plan.options.prepare(network, plan.model)
    base = simulated(network, prepared)
    out = {"base": _summary(base), "scenario": None, "comparison": None}
    if plan.proposed_tie:
        changed = with_tie(network, plan.proposed_tie)
        other = simulated(changed, plan.options.prepare(changed, plan.model, like=prepared))
        out["scenario"] = _summary(other)
        out["comparison"] = compare(base, other)
    out["chart"] = curve_svg(out["base"]["curve"], (out["scenario"] or {}).get("curve"))
    return out


def _summary(result) -> dict:
    low, high = result.ci95()
    return {
        "mean_adopters": result.mean_adopters,
        "mean_share": result.mean_adopters / result.n if result.n else None,
        "ci95": [low, high],
        "curve": result.curve(max_points=200),
        "group_reach": result.group_reach(),
        "adoption_probability": dict(
            zip(result.ids, result.adoption_probability.tolist(), strict=True)
        ),
        "seeds": result.seeds,
        "runs": result.runs,
        "n": result.n,
    }


def trace(network: Network, plan: Plan) -> dict:
    """Run 0 of the plan step by step: who adopts at each step, and who has adopted by then."""
    target = with_tie(network, plan.proposed_tie) if plan.proposed_tie else network
    steps = trace_run(
        target, plan.model, plan.seeds, seed_count=plan.seed_count, run=0, options=plan.options
    )
    ids = target.ids
    last = int(steps.max()) if len(steps) else -1
    entries, adopted = [], []
    for t in range(last + 1):
        new = [ids[i] for i in np.flatnonzero(steps == t).tolist()]
        adopted = adopted + new
        entries.append({"step": t, "new": new, "adopters": list(adopted)})
    return {
        "steps": entries,
        "final": [ids[i] for i in np.flatnonzero(steps >= 0).tolist()],
        "n": target.n,
    }


def map_elements(network: Network, names: dict[str, str]) -> dict:
    """Nodes (id, label, kind, x, y) laid out as on the map page, and ties as pairs."""
    xy = organisation_positions(network.ids, network.source, network.target) * spacing_for([])
    kinds = network.attributes.get("kind") or [None] * network.n
    nodes = [
        {
            "id": node_id,
            "label": names.get(node_id) or f"Organisation {node_id}",
            "kind": kinds[i],
            "x": round(float(xy[i, 0]), 1),
            "y": round(float(xy[i, 1]), 1),
        }
        for i, node_id in enumerate(network.ids)
    ]
    pairs = set()
    directed = set()
    ids = network.ids
    for s, t in zip(network.source.tolist(), network.target.tolist(), strict=True):
        directed.add((s, t))
    for s, t in directed:
        if (t, s) in directed:
            pairs.add((min(s, t), max(s, t), 0))
        else:
            pairs.add((s, t, 1))
    ties = [{"source": ids[s], "target": ids[t], "directed": d} for s, t, d in sorted(pairs)]
    return {"nodes": nodes, "ties": ties}


def curve_svg(curve: list[dict], other: list[dict] | None = None) -> dict:
    """Polyline points for the mean curve and polygon points for its 2.5-97.5% band."""
    series = [curve] + ([other] if other else [])
    last = max(c[-1]["step"] for c in series) or 1
    top = max(max(p["high"] for p in c) for c in series) or 1
    w, h, pad = CURVE_WIDTH, CURVE_HEIGHT, CURVE_PAD

    def x(step):
        return round(pad + (w - 2 * pad) * step / last, 1)

    def y(value):
        return round(h - pad - (h - 2 * pad) * value / top, 1)

    def line(c, key):
        points = [(x(p["step"]), y(p[key])) for p in c]
        if c[-1]["step"] < last:  # a run that has stopped keeps its final count
            points.append((x(last), y(c[-1][key])))
        return points

    def fmt(points):
        return " ".join(f"{a},{b}" for a, b in points)

    out = {
        "width": w,
        "height": h,
        "pad": pad,
        "x_label": f"step (0 to {last})",
        "y_top": round(top, 1),
        "y_top_at": y(top),
        "bottom": h - pad,
        "right": w - pad,
        "series": [],
    }
    styles = [("#2f6fb3", "as is"), ("#d1495b", "with the new tie")][: len(series)]
    for c, (colour, name) in zip(series, styles, strict=True):
        band = line(c, "high") + list(reversed(line(c, "low")))
        out["series"].append(
            {"name": name, "colour": colour, "mean": fmt(line(c, "mean")), "band": fmt(band)}
        )
    return out
