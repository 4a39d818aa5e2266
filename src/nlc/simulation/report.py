"""A self-contained HTML report of a simulation: curve, reach by group, map, scenarios.

Figures are drawn with matplotlib's object API (no pyplot, no display needed) and embedded as
base64 PNG images, so the file can be mailed or printed as it is.
"""

from __future__ import annotations

import base64
import html
import io
import random

import numpy as np

from nlc.network.model import Network
from nlc.reports.measures import percent

__all__ = ["gain_interval", "render_report"]

#: Networks larger than this get no map (a hairball tells a reader nothing).
MAX_MAP_NODES = 5000


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _curve_figure(out: dict) -> str:
    from matplotlib.figure import Figure

    curve = out["curve"]
    steps = [c["step"] for c in curve]
    fig = Figure(figsize=(7, 3.6))
    ax = fig.add_subplot()
    ax.fill_between(
        steps,
        [c["low"] for c in curve],
        [c["high"] for c in curve],
        color="#9ecae1",
        alpha=0.6,
        label="95% of runs",
    )
    ax.plot(steps, [c["mean"] for c in curve], color="#08519c", lw=2, label="mean")
    ax.axhline(out["n"] / 2, color="grey", ls=":", lw=1, label="half the network")
    ax.set_xlabel("step")
    ax.set_ylabel("adopters so far")
    ax.set_ylim(0, out["n"] * 1.02)
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _group_figure(out: dict) -> str | None:
    from matplotlib.figure import Figure

    reach = out["group_reach"]
    if not reach:
        return None
    labels = list(reach)
    fig = Figure(figsize=(7, 0.45 * len(labels) + 1.2))
    ax = fig.add_subplot()
    y = np.arange(len(labels))
    ax.barh(y, [100 * reach[g] for g in labels], color="#3182bd")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("mean share adopting (%)")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _histogram_figure(out: dict) -> str:
    from matplotlib.figure import Figure

    bins = out["final_reach_distribution"]
    fig = Figure(figsize=(7, 2.8))
    ax = fig.add_subplot()
    centres = [(b["from"] + b["to"]) / 2 for b in bins]
    widths = [max(b["to"] - b["from"] + 1, 1) * 0.9 for b in bins]
    ax.bar(centres, [b["runs"] for b in bins], width=widths, color="#6baed6")
    ax.set_xlabel("final adopters")
    ax.set_ylabel("runs")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _map_figure(network: Network, probability: np.ndarray, seeds: list[str] | None, rng) -> str:
    import igraph
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    g = network.to_igraph(weighted=False)
    igraph.set_random_number_generator(random.Random(0 if rng is None else int(rng)))
    try:
        layout = g.layout_fruchterman_reingold() if network.n <= 1000 else g.layout_drl()
    finally:
        igraph.set_random_number_generator(random)
    xy = np.asarray(layout.coords, dtype=np.float64).reshape(-1, 2)
    fig = Figure(figsize=(7, 6))
    ax = fig.add_subplot()
    if network.m:
        segments = np.stack([xy[network.source], xy[network.target]], axis=1)
        ax.add_collection(LineCollection(segments, colors="#bbbbbb", linewidths=0.5, zorder=1))
    size = 60 if network.n <= 100 else (20 if network.n <= 1000 else 4)
    points = ax.scatter(
        xy[:, 0], xy[:, 1], c=probability, cmap="viridis", vmin=0, vmax=1, s=size, zorder=2
    )
    if seeds:
        idx = [network.index[s] for s in seeds]
        ax.scatter(
            xy[idx, 0],
            xy[idx, 1],
            s=size * 3,
            facecolors="none",
            edgecolors="#d62728",
            linewidths=1.5,
            zorder=3,
            label="seeds",
        )
        ax.legend(loc="upper right", frameon=False)
    fig.colorbar(points, ax=ax, shrink=0.7, label="probability of adopting")
    ax.set_aspect("equal")
    ax.axis("off")
    return _png(fig)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _f(x, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def gain_interval(interval) -> str:
    """A suggested tie's 95% interval of its gain (``gain_ci95``), signed, ``+0.50 to +1.20``;
    ``-`` when there is none (every run the same, or results written before it was kept).

    >>> gain_interval([0.5, 1.2])
    '+0.50 to +1.20'
    >>> gain_interval([None, None])
    '-'
    """
    if not interval or None in interval:
        return "-"
    low, high = interval
    return f"{low:+,.2f} to {high:+,.2f}"


def render_report(out: dict, network: Network, result, *, rng=0) -> str:
    """The HTML report for the JSON summary ``out`` of a simulation of ``network``."""
    n = out["n"]
    parts = [
        "<h1>How a practice spreads across this network</h1>",
        f"<p>{n} nodes and {out['m']} ties ({'directed' if out['directed'] else 'undirected'}).",
        " Each run starts from the seeds; the model decides, step by step, who adopts next.</p>",
        _summary_table(out),
        *_figures(out, network, result, rng),
        *_scenarios_section(out),
        *_suggested_ties_section(out),
    ]
    selection = out.get("seed_selection", {})
    if selection.get("guarantee"):
        parts.append(
            f"<p><small>Seeds: {html.escape(str(selection.get('method')))}; guarantee: "
            f"{html.escape(str(selection['guarantee']))}.</small></p>"
        )
    if out.get("notes"):
        parts.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>" for x in out["notes"]) + "</ul>")
    style = (
        "body{font-family:system-ui,sans-serif;max-width:820px;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;margin:1em 0}td,th{padding:4px 10px;"
        "border-bottom:1px solid #ddd;text-align:left}img{max-width:100%}"
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>NLC simulation</title><style>{style}</style></head><body>"
        + "".join(parts)
        + "</body></html>\n"
    )


def _summary_table(out: dict) -> str:
    """Model, runs, seeds, mean reach with its interval, and the time to reach half."""
    n = out["n"]
    params = ", ".join(
        f"{k} = {v}" for k, v in out["parameters"].items() if v not in (None, {}, [], False)
    )
    low, high = out["ci95"]
    seeds = out["seeds"]
    seed_text = ", ".join(seeds) if seeds else f"{out['seed_count']} drawn at random in each run"
    tth = out["time_to_half"]
    strategy = out.get("seed_selection", {}).get("strategy", out["seed_strategy"])
    return _table(
        ["", ""],
        [
            ["model", f"{out['model']} ({params})"],
            ["runs", f"{out['runs']:,} (rng {out['rng']})"],
            ["seeds", f"{seed_text} — chosen by {strategy}"],
            [
                "mean adopters",
                f"{_f(out['mean_adopters'])} of {n} ({100 * out['mean_adopters'] / n:.1f}%)",
            ],
            ["95% interval of the mean", f"{_f(low)} to {_f(high)} (normal approximation)"],
            [
                "steps to reach half the network",
                "never"
                if tth is None
                else f"{tth:.1f} on average, in "
                f"{percent(out['share_of_runs_reaching_half'], 0)} of runs",
            ],
        ],
    )


def _figures(out: dict, network: Network, result, rng) -> list[str]:
    """The adoption curve, the reach histogram, reach by group and the map (small networks)."""
    parts = [
        "<h2>Adopters over time</h2>",
        "<p>The line is the mean number of adopters after each step; the band holds 95% of the"
        " runs.</p>",
        f'<img alt="adoption curve" src="{_curve_figure(out)}">',
        "<h2>How far it gets</h2>",
        f'<img alt="distribution of final reach" src="{_histogram_figure(out)}">',
    ]
    group_png = _group_figure(out)
    if group_png:
        parts += [
            f"<h2>Reach by {html.escape(str(out['group_column']))}</h2>",
            "<p>The mean share of each group that adopts: does the practice cross into other"
            " phases and sectors?</p>",
            f'<img alt="reach by group" src="{group_png}">',
        ]
    if out["n"] <= MAX_MAP_NODES:
        map_png = _map_figure(network, result.adoption_probability, out["seeds"], rng)
        parts += [
            "<h2>Who is likely to adopt</h2>",
            "<p>Each node coloured by the share of runs in which it adopted; seeds ringed in"
            " red.</p>",
            f'<img alt="map" src="{map_png}">',
        ]
    return parts


def _scenarios_section(out: dict) -> list[str]:
    """The scenarios compared with the network as it is, if any."""
    if len(out.get("scenarios", [])) <= 1:
        return []
    rows = []
    for row in out["scenarios"]:
        lo, hi = row["ci95"]
        dlo, dhi = row["difference_ci95"]
        rows.append(
            [
                row["name"],
                row["description"],
                _f(row["mean_adopters"]),
                f"{_f(lo)} to {_f(hi)}",
                "" if row["difference"] is None else f"{row['difference']:+,.1f}",
                "" if row["difference"] is None else f"{_f(dlo)} to {_f(dhi)}",
            ]
        )
    return [
        "<h2>Scenarios</h2>",
        "<p>The same model and random draws on changed networks. The difference is paired"
        " run by run; an interval that excludes 0 is a real difference.</p>",
        _table(["scenario", "what", "mean adopters", "95% CI", "difference", "95% CI"], rows),
    ]


def _suggested_ties_section(out: dict) -> list[str]:
    if not out.get("suggested_ties"):
        return []
    return [
        "<h2>New ties that would help most</h2>",
        f"<p>{html.escape(out.get('suggested_ties_method', ''))}</p>",
        _table(
            ["from", "to", "mean adopters before", "after", "gain", "95% CI"],
            [
                [
                    t.get("source_name", t["source"]),
                    t.get("target_name", t["target"]),
                    _f(t.get("mean_adopters_before", t["mean_adopters"] - t["gain"]), 2),
                    _f(t["mean_adopters"], 2),
                    f"{t['gain']:+.2f}",
                    gain_interval(t.get("gain_ci95")),
                ]
                for t in out["suggested_ties"]
            ],
        ),
    ]
