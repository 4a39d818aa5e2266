"""Draw a run chart or an XmR chart as one self-contained ``<svg>`` string.

Server-side, no script: the web page puts the string in the page, the network's report in
its HTML and PDF. Points flagged by a special-cause rule are drawn in orange with the rule
in their tooltip, the centre line solid, the natural process limits dashed (per phase, so a
re-based chart shows its steps), and dated events (decisions, activities) as numbered
dotted lines keyed in a list under the plot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from nlc.outcomes.spc import Chart

__all__ = ["Annotation", "chart_svg"]

COMMON = "#4a5568"
SPECIAL = "#dd6b20"
CENTRE = "#2b6cb0"
LIMIT = "#718096"
EVENT = "#2f855a"


@dataclass(frozen=True)
class Annotation:
    """A dated event drawn on a chart.

    Parameters
    ----------
    position : float
        Where on the time axis, in point indices: ``2`` at the third point, ``2.5`` halfway
        between the third and the fourth.
    label : str
        Short text ("Decision: adopt the reading plan").
    kind : str, optional
        ``"decision"``, ``"activity"`` or another word; it becomes a CSS class.
    """

    position: float
    label: str
    kind: str = "event"


def _nice_step(span: float) -> float:
    raw = span / 5 or 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _range(chart: Chart) -> tuple[float, float]:
    numbers = list(chart.values)
    for phase in chart.phases:
        numbers += [x for x in (phase.upper, phase.lower, phase.centre) if x is not None]
    low, high = min(numbers), max(numbers)
    if low == high:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".") if abs(x) < 1e6 else f"{x:.3g}"


@dataclass(frozen=True)
class _Frame:
    left: float
    top: float
    width: float
    height: float
    n: int
    low: float
    high: float

    def x(self, i: float) -> float:
        return self.left + (self.width * (i + 0.5) / self.n)

    def y(self, v: float) -> float:
        return self.top + self.height * (1 - (v - self.low) / (self.high - self.low))


def _axes(frame: _Frame, labels: Sequence[str]) -> list[str]:
    parts = []
    step = _nice_step(frame.high - frame.low)
    tick = frame.low
    while tick <= frame.high + step / 1000:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{frame.left}" x2="{frame.left + frame.width}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#e2e8f0"/>'
            f'<text x="{frame.left - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(tick)}</text>'
        )
        tick += step
    every = max(1, math.ceil(len(labels) / 12))
    bottom = frame.top + frame.height
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{frame.x(i):.1f}" y="{bottom + 16:.1f}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    return parts


def _phase_lines(frame: _Frame, chart: Chart) -> list[str]:
    parts = []
    for phase in chart.phases:
        x1, x2 = frame.x(phase.start - 0.5), frame.x(phase.stop - 0.5)
        lines = [(phase.centre, CENTRE, "", "centre")]
        if phase.upper is not None:
            lines += [(phase.upper, LIMIT, ' stroke-dasharray="5 4"', "limit")]
            lines += [(phase.lower, LIMIT, ' stroke-dasharray="5 4"', "limit")]
        for value, colour, dash, css in lines:
            y = frame.y(value)
            parts.append(
                f'<line class="{css}" x1="{x1:.1f}" x2="{x2:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}"{dash}><title>{css}: {_fmt(value)}</title></line>'
            )
    return parts


def _points(frame: _Frame, chart: Chart, labels: Sequence[str]) -> list[str]:
    rules: dict[int, list[str]] = {}
    for signal in chart.signals:
        for i in signal.indices:
            rules.setdefault(i, []).append(signal.label)
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{frame.x(i):.1f},{frame.y(v):.1f}"
        for i, v in enumerate(chart.values)
    )
    parts = [f'<path d="{path}" fill="none" stroke="{COMMON}" stroke-width="1.5"/>']
    for i, v in enumerate(chart.values):
        flagged = i in rules
        tip = f"{labels[i]}: {_fmt(v)}" + "".join(f"; {r}" for r in rules.get(i, []))
        parts.append(
            f'<circle class="{"signal" if flagged else "point"}" cx="{frame.x(i):.1f}" '
            f'cy="{frame.y(v):.1f}" r="{5 if flagged else 3.5}" '
            f'fill="{SPECIAL if flagged else COMMON}"><title>{escape(tip)}</title></circle>'
        )
    return parts


def _annotations(frame: _Frame, annotations: Sequence[Annotation], y0: float) -> list[str]:
    parts = []
    bottom = frame.top + frame.height
    for number, note in enumerate(annotations, start=1):
        x = frame.x(note.position)
        parts.append(
            f'<g class="annotation {escape(note.kind)}"><line x1="{x:.1f}" x2="{x:.1f}" '
            f'y1="{frame.top}" y2="{bottom}" stroke="{EVENT}" stroke-dasharray="2 3"/>'
            f'<text x="{x:.1f}" y="{frame.top - 4}" text-anchor="middle" fill="{EVENT}">'
            f"{number}</text><title>{escape(note.label)}</title></g>"
            f'<text class="key" x="{frame.left}" y="{y0 + 16 * (number - 1):.1f}" '
            f'fill="{EVENT}">{number}. {escape(note.label)}</text>'
        )
    return parts


def chart_svg(
    chart: Chart,
    labels: Sequence[str],
    *,
    title: str = "",
    annotations: Sequence[Annotation] = (),
    width: int = 640,
    height: int = 240,
) -> str:
    """Draw ``chart`` as an ``<svg>`` element (a string, safe to put in HTML as it is).

    Parameters
    ----------
    chart : Chart
        From :func:`~nlc.outcomes.spc.xmr_chart` or :func:`~nlc.outcomes.spc.run_chart`.
    labels : sequence of str
        One label per value (the periods), shown under the axis and in the tooltips.
    title : str, optional
        The chart's accessible name.
    annotations : sequence of Annotation, optional
        Dated events to mark; annotations outside the chart's time span are left out.
    width, height : int, optional
        Size of the plot area's box in pixels; the list of events adds to the height.

    Returns
    -------
    str
        ``<svg ...>…</svg>`` with a ``viewBox``, so it scales to its container.

    Raises
    ------
    ValueError
        When there is not one label per value.
    """
    if len(labels) != len(chart.values):
        raise ValueError(f"{len(chart.values)} values need as many labels, not {len(labels)}")
    notes = [a for a in annotations if -0.5 <= a.position <= len(chart.values) - 0.5]
    frame = _Frame(48, 18, width - 60, height - 48, len(chart.values), *_range(chart))
    total = height + 16 * len(notes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spc-chart {chart.kind}" '
        f'viewBox="0 0 {width} {total}" role="img" aria-label="{escape(title)}" '
        f'font-family="sans-serif" font-size="11" fill="#1a202c">',
        f"<title>{escape(title)}</title>",
        *_axes(frame, labels),
        *_phase_lines(frame, chart),
        *_annotations(frame, notes, height + 4),
        *_points(frame, chart, labels),
        "</svg>",
    ]
    return "".join(parts)
