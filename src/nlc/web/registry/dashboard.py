"""Figures for the area dashboard, computed from the networks a user may see."""

from __future__ import annotations

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
    ties = Tie.objects.filter(network__in=networks, source_organisation__isnull=False)
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
        "ties_per_month": per_month,
        "tie_count": total,
        "bridging_share": share if math.isfinite(share) else None,
        "bridging_shown": BRIDGING.on_page(share),
        "bridging_label": BRIDGING.label,
    }
