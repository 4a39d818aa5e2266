"""Figures for the HTML report, drawn with matplotlib's object API and returned as PNG bytes.

Every figure is a :class:`matplotlib.figure.Figure` rendered by ``FigureCanvasAgg``, so no
pyplot state is touched and no backend is chosen globally: the report can be written from a
web worker or a notebook without side effects. Drawing is vectorised (one ``LineCollection``
for ties, one ``scatter`` for nodes) so that the map of a large network takes about a second.
"""

from __future__ import annotations

import io
import random
import warnings
from dataclasses import dataclass

import numpy as np

from nlc.network.model import Network

__all__ = [
    "MAP_EDGE_LIMIT",
    "MAP_NODE_LIMIT",
    "NetworkMap",
    "degree_histogram",
    "ei_bars",
    "mixing_heatmap",
    "network_map",
]

#: The map draws at most this many nodes: the best connected ones and the ties among them.
MAP_NODE_LIMIT = 3_000
#: At most this many ties are drawn on the map (a seeded random sample beyond it).
MAP_EDGE_LIMIT = 40_000
#: Colours for groups (tab10 then tab20b/c shades); with more groups than colours, the
#: smaller groups share :data:`OTHER_COLOUR`.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
    "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#636363",
)  # fmt: skip
OTHER_COLOUR = "#c7c7c7"
BRIDGING_COLOUR = "#1b7837"
BONDING_COLOUR = "#762a83"
DPI = 110


def _text(label: object, limit: int = 28) -> str:
    """A user string made safe for matplotlib: no mathtext, no legend-hiding underscore."""
    text = str(label)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("$", r"\$")
    return " " + text if text.startswith("_") else text


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig, trim: bool = False) -> bytes:
    """PNG bytes of ``fig``; ``trim`` crops empty margins (costs a second draw)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A group name in a script DejaVu Sans lacks must not stop the report.
        warnings.filterwarnings("ignore", message="Glyph .* missing")
        fig.savefig(
            buffer,
            format="png",
            dpi=DPI,
            facecolor="white",
            bbox_inches="tight" if trim else None,
            pad_inches=0.15,
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class NetworkMap:
    """The map's PNG and what it shows, for the caption."""

    png: bytes
    nodes_drawn: int
    ties_drawn: int
    ties_among_drawn: int
    coloured_by: str
    sized_by: str


def _layout(n: int, source: np.ndarray, target: np.ndarray, seed: int) -> np.ndarray:
    """Positions for ``n`` nodes: each connected part laid out on its own, then packed.

    Laid out together, Fruchterman-Reingold pushes unconnected parts and isolates far
    apart and squeezes the main part into a dot; so each part with three or more nodes gets
    its own layout (igraph, repeatable for a given seed) and the parts are packed in rows,
    largest first, small parts and isolates last.
    """
    import igraph

    graph = igraph.Graph(n=n, edges=np.column_stack([source, target]), directed=False)
    parts = sorted(graph.connected_components(), key=lambda p: (-len(p), p[0]))
    rng = np.random.default_rng(seed)
    boxes = []
    state = random.getstate()  # igraph draws from Python's random module
    try:
        random.seed(seed)
        for members in parts:
            if len(members) == 1:
                xy = np.zeros((1, 2))
            elif len(members) == 2:
                xy = np.array([[0.0, 0.0], [1.0, 0.0]])
            else:
                sub = graph.subgraph(members)
                start = rng.uniform(-1, 1, size=(len(members), 2)) * np.sqrt(len(members))
                xy = np.asarray(
                    sub.layout_fruchterman_reingold(seed=start.tolist(), niter=500).coords
                )
            boxes.append((np.asarray(members), xy - xy.min(axis=0)))
    finally:
        random.setstate(state)

    # Shelf packing: rows of parts, no wider than the largest part or the square root of
    # the total area, whichever is wider.
    gap = 1.0
    sizes = [xy.max(axis=0) + gap for _, xy in boxes]
    width = max(sizes[0][0], np.sqrt(sum(w * h for w, h in sizes)))
    out = np.zeros((n, 2))
    x = y = row_height = 0.0
    for (members, xy), (w, h) in zip(boxes, sizes, strict=True):
        if x > 0 and x + w > width + gap:
            x, y, row_height = 0.0, y - row_height, 0.0
        out[members] = xy + [x, y - h]
        x += w
        row_height = max(row_height, h)
    return out


def network_map(
    network: Network,
    colour_codes: np.ndarray,
    colour_labels: list[str],
    size_values: np.ndarray,
    *,
    coloured_by: str,
    sized_by: str,
    label_count: int = 8,
    seed: int = 0,
) -> NetworkMap:
    """Draw the network, nodes coloured by ``colour_codes`` and sized by ``size_values``.

    Above :data:`MAP_NODE_LIMIT` nodes only the highest-degree ones are drawn, with the ties
    among them; above :data:`MAP_EDGE_LIMIT` such ties a random sample of them.
    """
    keep, src, tgt = _drawn_part(network)
    among = len(src)
    xy = _layout(len(keep), src, tgt, seed)
    if among > MAP_EDGE_LIMIT:
        pick = np.sort(np.random.default_rng(seed).choice(among, MAP_EDGE_LIMIT, replace=False))
        src, tgt = src[pick], tgt[pick]

    fig = _figure(9.0, 7.2)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    _draw_ties(ax, xy, src, tgt)
    colours = _MapColours.of(np.asarray(colour_codes)[keep], colour_labels)
    values = np.nan_to_num(np.asarray(size_values, dtype=np.float64)[keep], nan=0.0)
    _draw_nodes(ax, xy, values, colours.of_nodes)
    if values.max(initial=0.0) > 0 and len(keep) > 1:
        names = network.attributes.get("name") or network.ids
        shown_names = [names[i] or network.ids[i] for i in keep]
        _name_biggest(ax, xy, values, shown_names, label_count)
    if len(keep):
        span = np.ptp(xy, axis=0).max() if len(keep) > 1 else 1.0
        pad = 0.04 * span + 1e-9
        ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
        ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    colours.legend(ax, colour_labels, coloured_by)
    return NetworkMap(_png(fig, trim=True), len(keep), len(src), among, coloured_by, sized_by)


def _drawn_part(network: Network) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The nodes the map draws (the best connected, up to :data:`MAP_NODE_LIMIT`) and the
    ties among them, as positions in that selection."""
    n = network.n
    if n > MAP_NODE_LIMIT:
        degree = network.degrees()[0]
        keep = np.sort(np.lexsort((np.arange(n), -degree))[:MAP_NODE_LIMIT])
    else:
        keep = np.arange(n)
    position = np.full(n, -1, dtype=np.int64)
    position[keep] = np.arange(len(keep))
    ps, pt = position[network.source], position[network.target]
    inside = (ps >= 0) & (pt >= 0)
    return keep, ps[inside], pt[inside]


def _draw_ties(ax, xy: np.ndarray, src: np.ndarray, tgt: np.ndarray) -> None:
    """All ties as one ``LineCollection``, fainter as there are more of them."""
    from matplotlib.collections import LineCollection

    if not len(src):
        return
    alpha = float(np.clip(400 / len(src), 0.08, 0.45))
    lines = LineCollection(
        np.stack([xy[src], xy[tgt]], axis=1),
        colors=[(0.35, 0.35, 0.35, alpha)],
        linewidths=0.6,
        zorder=1,
    )
    ax.add_collection(lines)


@dataclass(frozen=True)
class _MapColours:
    """Colours of the map's codes: the most common among the drawn nodes get a colour of
    :data:`PALETTE`, the rest (and a ``(missing)`` code) :data:`OTHER_COLOUR`."""

    colour_of: np.ndarray  # a colour per code
    shown: list[int]  # codes with a colour of their own, in code order
    present: int  # codes held by at least one drawn node
    of_nodes: list[str]  # a colour per drawn node

    @classmethod
    def of(cls, codes: np.ndarray, labels: list[str]) -> _MapColours:
        counts = np.bincount(codes, minlength=len(labels))
        shown = [c for c in np.lexsort((np.arange(len(counts)), -counts)) if counts[c] > 0]
        if len(shown) > len(PALETTE):
            shown = shown[: len(PALETTE) - 1]
        shown = sorted(shown)
        colour_of = np.array([OTHER_COLOUR] * len(labels), dtype=object)
        palette = iter(PALETTE)
        for c in shown:
            colour_of[c] = OTHER_COLOUR if labels[c] == "(missing)" else next(palette)
        return cls(colour_of, shown, int((counts > 0).sum()), colour_of[codes].tolist())

    def legend(self, ax, labels: list[str], title: str) -> None:
        """A legend beside the map, when there is more than one colour to tell apart."""
        handles = [_dot(self.colour_of[c], _text(labels[c])) for c in self.shown]
        if len(self.shown) < self.present:
            handles.append(_dot(OTHER_COLOUR, "other (smaller)"))
        if len(handles) > 1:
            ax.legend(
                handles=handles,
                title=_text(title, 40),
                loc="upper left",
                bbox_to_anchor=(1.0, 1.0),
                frameon=False,
                fontsize=9,
            )


def _dot(colour: str, label: str):
    """A legend entry: a round marker of ``colour``."""
    from matplotlib.lines import Line2D

    return Line2D([], [], marker="o", linestyle="", markersize=8, color=colour, label=label)


def _draw_nodes(ax, xy: np.ndarray, values: np.ndarray, colours: list[str]) -> None:
    """One ``scatter`` of the nodes, dot areas growing with the square root of ``values``."""
    count = len(xy)
    top = values.max() if len(values) else 0.0
    # Dot areas shrink as more dots share the picture, so that they stay apart.
    scale = min(1.0, np.sqrt(150.0 / max(count, 1)))
    base, extra = max(4.0, 30.0 * scale), max(40.0, 260.0 * scale)
    sizes = base + (extra * np.sqrt(values / top) if top > 0 else 0.0)
    order = np.argsort(-sizes, kind="stable")  # big first, so small ones stay visible
    ax.scatter(
        xy[order, 0],
        xy[order, 1],
        s=np.broadcast_to(sizes, count)[order],
        c=[colours[i] for i in order],
        edgecolors="white",
        linewidths=0.5 if count <= 500 else 0.2,
        zorder=2,
    )


def _name_biggest(
    ax, xy: np.ndarray, values: np.ndarray, names: list[str], label_count: int
) -> None:
    """Name the biggest dots, skipping any that would sit on a name already placed."""
    from matplotlib.patheffects import withStroke

    halo = [withStroke(linewidth=2.5, foreground="white")]
    near = 0.06 * float(np.ptp(xy, axis=0).max())
    placed: list[np.ndarray] = []
    for i in np.lexsort((np.arange(len(values)), -values))[: label_count * 4]:
        if values[i] <= 0 or len(placed) == label_count:
            break
        if any(np.abs(xy[i] - p).max() < near for p in placed):
            continue
        placed.append(xy[i])
        ax.annotate(
            _text(names[i], 24),
            xy[i],
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8,
            path_effects=halo,
            zorder=3,
            in_layout=False,
        )


def ei_bars(labels: list[str], values: np.ndarray, sizes: np.ndarray) -> bytes:
    """Horizontal bars of each group's E-I index, diverging from 0 (bridging to the right)."""
    k = len(labels)
    order = np.lexsort((np.arange(k), values))
    fig = _figure(8.0, 1.4 + 0.32 * max(k, 3))
    ax = fig.add_subplot()
    y = np.arange(k)
    v = values[order]
    ax.barh(
        y,
        v,
        color=[BRIDGING_COLOUR if x > 0 else BONDING_COLOUR for x in v],
        height=0.7,
    )
    for yi, x in zip(y, v, strict=True):
        ax.text(
            x + (0.03 if x >= 0 else -0.03),
            yi,
            f"{x:+.2f}",
            va="center",
            ha="left" if x >= 0 else "right",
            fontsize=8,
            in_layout=False,
        )
    ax.set_yticks(y, [f"{_text(labels[i])} (n={sizes[i]:,})" for i in order], fontsize=9)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-0.7, k - 0.3)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1])
    ax.set_xlabel("E-I index: −1 = every tie stays inside the group, +1 = every tie leaves it")
    ax.set_title("◀ bonding (ties inside the group)", loc="left", fontsize=9, color=BONDING_COLOUR)
    ax.set_title(
        "bridging (ties to other groups) ▶", loc="right", fontsize=9, color=BRIDGING_COLOUR
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def mixing_heatmap(labels: list[str], matrix: np.ndarray, directed: bool) -> bytes:
    """Heat map of tie counts between groups, each cell annotated with its count."""
    from matplotlib.colors import Normalize

    k = len(labels)
    matrix = np.asarray(matrix)
    side = min(11.0, max(4.5, 1.8 + 0.42 * k))
    fig = _figure(side, side)
    ax = fig.add_subplot()
    shade = np.log1p(matrix.astype(np.float64))
    top = shade.max() if shade.size and shade.max() > 0 else 1.0
    ax.imshow(shade, cmap="Blues", norm=Normalize(0, top), aspect="equal")
    fontsize = 9 if k <= 10 else 7 if k <= 18 else 6
    for (i, j), count in np.ndenumerate(matrix):
        ax.text(
            j,
            i,
            f"{count:,}",
            ha="center",
            va="center",
            fontsize=fontsize,
            color="white" if shade[i, j] > 0.6 * top else "black",
            in_layout=False,  # inside the axes; measuring 625 labels doubles the time
        )
    names = [_text(label, 22) for label in labels]
    rotate = k > 4
    ax.set_xticks(
        np.arange(k),
        names,
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
        fontsize=8,
    )
    ax.set_yticks(np.arange(k), names, fontsize=8)
    ax.set_xlabel("to group" if directed else "group")
    ax.set_ylabel("from group" if directed else "group")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _png(fig)


def degree_histogram(degree: np.ndarray) -> bytes:
    """How many organisations have each number of ties (log count axis if very skewed)."""
    degree = np.asarray(degree)
    top = int(degree.max()) if len(degree) else 0
    width = max(1, int(np.ceil((top + 1) / 40)))
    edges = np.arange(0, top + width + 1, width) - 0.5
    counts, _ = np.histogram(degree, bins=edges)
    fig = _figure(8.0, 3.2)
    ax = fig.add_subplot()
    ax.bar(edges[:-1] + width / 2, counts, width=width * 0.9, color="#3182bd")
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.set_xlabel("number of ties" + (f" (bars of {width})" if width > 1 else ""))
    ax.set_ylabel("organisations")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    nonzero = counts[counts > 0]
    if len(nonzero) and nonzero.max() / nonzero.min() > 200:
        ax.set_yscale("log")
        ax.set_ylabel("organisations (log scale)")
    else:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:,.0f}" if y >= 1 else ""))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)
