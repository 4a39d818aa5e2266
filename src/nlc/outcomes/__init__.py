"""Outcomes over time: run charts and XmR charts with special-cause rules, and their SVG.

Framework-free (no Django): :mod:`nlc.outcomes.spc` computes the charts and their signals,
:mod:`nlc.outcomes.svg` draws one as a self-contained ``<svg>`` string that the web pages
and the network's report both show.
"""

from nlc.outcomes.spc import RULES, Chart, Phase, Signal, run_chart, xmr_chart
from nlc.outcomes.svg import Annotation, chart_svg

__all__ = [
    "RULES",
    "Annotation",
    "Chart",
    "Phase",
    "Signal",
    "chart_svg",
    "run_chart",
    "xmr_chart",
]
