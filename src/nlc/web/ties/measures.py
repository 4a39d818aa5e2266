"""A network's measures, computed once per state of its ties and members, then cached.

The numbers are those of :func:`nlc.analysis.analyse` on
:func:`nlc.web.ties.services.organisation_network`; the cache only avoids recomputing them
while nothing has changed. The cache key holds a fingerprint of the network's ties and
memberships (count, largest id, latest change), read with one aggregate query each, so an
added, edited or deleted tie or membership gives a new key.
"""

from __future__ import annotations

from typing import Unpack

from django.core.cache import cache
from django.db.models import Count, Max, Q

from nlc.analysis import Analysis, analyse
from nlc.web.registry.models import Membership, NetworkRole, Person
from nlc.web.registry.models import Network as NetworkRecord
from nlc.web.ties.models import Tie
from nlc.web.ties.services import TieFilters, organisation_network

GROUP = "kind"
TIMEOUT = 60 * 60


def data_fingerprint(networks, *, people: bool = False) -> str:
    """A key that changes whenever the networks' ties or memberships change.

    With ``people``, also their roles and people (count, newest id, pupils flagged), for
    documents that name people.
    """
    ties = Tie.objects.filter(network__in=networks).aggregate(
        n=Count("id"), last=Max("id"), changed=Max("updated_at")
    )
    counted = {"n": Count("id"), "last": Max("id")}
    parts = [ties["n"], ties["last"], ties["changed"].timestamp() if ties["changed"] else 0]
    parts += Membership.objects.filter(network__in=networks).aggregate(**counted).values()
    if people:
        parts += NetworkRole.objects.filter(network__in=networks).aggregate(**counted).values()
        parts += (
            Person.objects.filter(organisation__memberships__network__in=networks)
            .aggregate(**counted, pupils=Count("id", filter=Q(is_pupil=True)))
            .values()
        )
    return ".".join(str(p) for p in parts)


def network_analysis(network: NetworkRecord, **filters: Unpack[TieFilters]) -> Analysis:
    """The organisation network's analysis, grouped by organisation kind (cached).

    ``filters`` (``since``, ``as_of``, ``types``, ``activity_ties``) are those of
    :func:`nlc.web.ties.services.filter_ties`.
    """
    since, as_of, types = (filters.get(name) for name in ("since", "as_of", "types"))
    key_filters = f"{since}|{as_of}|{','.join(sorted(types or []))}"
    if filters.get("activity_ties") is False:
        key_filters += "|no-activity-ties"
    networks = NetworkRecord.objects.filter(pk=network.pk)
    key = f"nlc:analysis:{network.pk}:{data_fingerprint(networks)}:{key_filters}"
    result = cache.get(key)
    if result is None:
        graph = organisation_network(network, **filters)
        result = analyse(graph, group=GROUP)
        cache.set(key, result, TIMEOUT)
    return result
