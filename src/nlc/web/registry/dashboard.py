"""Figures for the area dashboard, computed from the networks a user may see."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F
from django.db.models.functions import TruncMonth

from nlc.web.registry.models import Membership, OrganisationKind
from nlc.web.ties.models import Tie


def area_summary(user, networks) -> dict:
    """Networks, members by kind, ties per month and the share of ties crossing sectors."""
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
    crossing = ties.exclude(source_organisation__kind=F("target_organisation__kind"))
    return {
        "network_count": networks.count(),
        "members_by_kind": [(labels.get(k, k), n) for k, n in kinds.most_common()],
        "ties_per_month": per_month,
        "tie_count": total,
        "cross_sector_share": (crossing.count() / total) if total else None,
    }
