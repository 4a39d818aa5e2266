"""The impact page's data: outcomes over time beside the network's measures over time.

Each year (to 31 December) gets the network's measures on the ties observed up to its end
(:func:`nlc.web.ties.measures.network_analysis` with ``as_of``): density, the bridging
share (ties between organisations of different kinds), brokerage (all roles) and the share
of member organisations that are not schools; each indicator gets the mean of its network
values in the year; decisions are listed by year. The wording says what moved together,
never that the network caused it: the page cannot tell.
"""

from __future__ import annotations

import datetime as dt
import math
from statistics import fmean

from nlc.web.planning.models import Indicator
from nlc.web.planning.services import events, network_values
from nlc.web.registry.models import OrganisationKind
from nlc.web.ties.measures import network_analysis
from nlc.web.ties.models import Tie

#: The network measures per year: key -> label.
MEASURES = {
    "density": "Density",
    "bridging_share": "Bridging share (ties across kinds)",
    "brokerage": "Brokerage (all roles)",
    "beyond_schools": "Share of partners beyond schools",
}


def years(network) -> list[int]:
    """The calendar years with ties, indicator values or decisions."""
    found = set(Tie.objects.filter(network=network).dates("observed_on", "year"))
    values = Indicator.objects.filter(goal__network=network).values_list(
        "values__period_start", flat=True
    )
    found |= {v for v in values if v is not None}
    found |= {when for when, _, _ in events(network)}
    return sorted({d.year for d in found})


def _beyond_schools(network, end: dt.date) -> float | None:
    members = network.memberships.filter(organisation__kind__isnull=False).exclude(
        start_date__gt=end
    )
    kinds = list(members.values_list("organisation__kind", flat=True))
    if not kinds:
        return None
    return sum(k != OrganisationKind.SCHOOL for k in kinds) / len(kinds)


def network_by_year(network, year_list: list[int]) -> dict[str, list[float | None]]:
    """Each of :data:`MEASURES` for each year, in the order of ``year_list``."""
    rows: dict[str, list[float | None]] = {key: [] for key in MEASURES}
    for year in year_list:
        end = dt.date(year, 12, 31)
        net = network_analysis(network, as_of=end).to_json()["network"]
        rows["density"].append(net.get("density"))
        rows["bridging_share"].append(net.get("bridging_share"))
        rows["brokerage"].append(net.get("brokerage", {}).get("total"))
        rows["beyond_schools"].append(_beyond_schools(network, end))
    return rows


def indicators_by_year(network, year_list: list[int]) -> list[dict]:
    """Each indicator's yearly mean of its charted network values (None for no value)."""
    out = []
    for indicator in Indicator.objects.filter(goal__network=network).select_related("goal"):
        by_year: dict[int, list[float]] = {}
        for value in network_values(indicator):
            by_year.setdefault(value.period_start.year, []).append(value.value)
        means = [fmean(by_year[y]) if y in by_year else None for y in year_list]
        out.append({"indicator": indicator, "values": means})
    return out


def _direction(values: list[float | None]) -> int:
    known = [v for v in values if v is not None and math.isfinite(v)]
    if len(known) < 2 or known[-1] == known[0]:
        return 0
    return 1 if known[-1] > known[0] else -1


WORDS = {1: "rose", -1: "fell", 0: "stayed level"}


def moved_together(outcomes: list[dict], measures: dict[str, list]) -> list[str]:
    """Plain sentences on which outcomes and network measures moved the same way between
    the first and the last year with a value; never a claim of cause."""
    sentences = []
    for row in outcomes:
        d = _direction(row["values"])
        if d == 0:
            continue
        alike = [MEASURES[k].lower() for k, v in measures.items() if _direction(v) == d]
        if alike:
            sentences.append(
                f"“{row['indicator'].name}” {WORDS[d]}, and so did the network's "
                f"{', '.join(alike)}: they moved together over these years."
            )
    return sentences


def impact(network) -> dict:
    """The impact page's context: years, the measures, the outcomes, events and sentences."""
    year_list = years(network)
    measures = network_by_year(network, year_list) if year_list else {k: [] for k in MEASURES}
    outcomes = indicators_by_year(network, year_list)
    by_year: dict[int, list[str]] = {y: [] for y in year_list}
    for when, label, _kind in sorted(events(network)):
        by_year.setdefault(when.year, []).append(f"{when:%d %b}: {label}")
    return {
        "years": year_list,
        "measures": [(MEASURES[k], v) for k, v in measures.items()],
        "outcomes": outcomes,
        "events": [by_year.get(y, []) for y in year_list],
        "sentences": moved_together(outcomes, measures),
    }
