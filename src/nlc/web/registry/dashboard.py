"""Figures for the area dashboard, computed from the networks a user may see."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

from django.db.models import Count
from django.db.models.functions import TruncMonth

from nlc.analysis.homophily import bridging_share
from nlc.network.model import group_codes
from nlc.reports.measures import MEASURES
from nlc.web.registry.models import Membership, OrganisationKind
from nlc.web.ties.measures import GROUP
from nlc.web.ties.models import Tie
from nlc.web.ties.services import networks_organisation_network

#: The dashboard's figure, written as the network page writes it.
BRIDGING = MEASURES["bridging_share"]


def area_summary(user, networks) -> dict:
    """Networks, members by kind, ties per month and the share of bridging ties.

    ``bridging_share`` is :func:`nlc.analysis.homophily.bridging_share` of the networks'
    organisation network grouped by kind, the figure the network page shows for one network:
    links as ``nlc analyse`` counts them (one per direction, repeated ties merged).
    """
    memberships = Membership.objects.filter(network__in=networks)
    kinds = Counter(dict(memberships.values_list("organisation__kind").annotate(n=Count("id"))))
    labels = dict(OrganisationKind.choices)
    ties = Tie.objects.filter(
        network__in=networks, source_organisation__isnull=False, confirmed=True
    )
    per_month = list(
        ties.annotate(month=TruncMonth("observed_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
        .values_list("month", "n")
    )
    total = ties.count()
    graph = networks_organisation_network(networks)
    share = bridging_share(graph, group_codes(graph, GROUP)[0]) if graph.n else float("nan")
    return {
        "network_count": networks.count(),
        "members_by_kind": [(labels.get(k, k), n) for k, n in kinds.most_common()],
        "ties_over_time": ties_over_time(per_month),
        "tie_count": total,
        "bridging_share": share if math.isfinite(share) else None,
        "bridging_shown": BRIDGING.on_page(share),
        "bridging_label": BRIDGING.label,
    }


#: The ties-over-time chart: its size (SVG units), margins, and the longest span by month.
CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_BOTTOM, CHART_TOP = 640, 220, 40, 34, 12
MAX_MONTHS = 24


def ties_over_time(per_month: list[tuple[dt.date | None, int]], max_months: int = MAX_MONTHS):
    """Ties per month, or per year over more than ``max_months`` months, as a column chart.

    Every period from the first tie to the last is there, with 0 where no tie was observed,
    and the columns are scaled to the largest count.

    Parameters
    ----------
    per_month : list of (date, int)
        First day of a month and the ties observed in it (months without ties may be absent;
        a None month is left out).
    max_months : int
        Longest span drawn month by month.

    Returns
    -------
    dict
        ``by`` ("month", "year" or None when there is no tie), ``peak`` (the largest count)
        and ``periods``: for each, ``label``, ``n``, ``percent`` of the peak, and the column's
        ``x``, ``y``, ``width``, ``height`` and ``label_x`` in the chart's SVG units, with
        ``show_label`` for every few periods; plus the chart's ``width``, ``height``,
        ``base`` (the y of the axis) and ``left``.
    """
    counts: Counter = Counter()
    for month, n in per_month:
        if month is not None:
            counts[(month.year, month.month)] += n
    chart = {"by": None, "peak": 0, "periods": [], "width": CHART_WIDTH, "height": CHART_HEIGHT}
    if not counts:
        return chart
    (y0, m0), (y1, m1) = min(counts), max(counts)
    span = (y1 - y0) * 12 + m1 - m0 + 1
    if span > max_months:
        by_year: Counter = Counter()
        for (year, _), n in counts.items():
            by_year[year] += n
        periods = [(str(year), by_year[year]) for year in range(y0, y1 + 1)]
        chart["by"] = "year"
    else:
        keys = [divmod(m0 - 1 + i, 12) for i in range(span)]
        periods = [
            (dt.date(y0 + dy, m + 1, 1).strftime("%b %Y"), counts[(y0 + dy, m + 1)])
            for dy, m in keys
        ]
        chart["by"] = "month"
    peak = max(n for _, n in periods)
    base = CHART_HEIGHT - CHART_BOTTOM
    plot = base - CHART_TOP
    step = (CHART_WIDTH - CHART_LEFT) / len(periods)
    every = math.ceil(len(periods) / 8)
    for i, (label, n) in enumerate(periods):
        height = plot * n / peak if peak else 0.0
        x = CHART_LEFT + i * step
        chart["periods"].append(
            {
                "label": label,
                "n": n,
                "percent": round(100 * n / peak, 1) if peak else 0.0,
                "x": round(x + step * 0.1, 1),
                "width": round(step * 0.8, 1),
                "y": round(base - height, 1),
                "height": round(height, 1),
                "label_x": round(x + step / 2, 1),
                "show_label": i % every == 0,
            }
        )
    chart.update(peak=peak, base=base, left=CHART_LEFT, top=CHART_TOP)
    return chart
