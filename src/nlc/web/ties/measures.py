"""A network's measures, computed once per state of its ties and members, then cached.

The numbers are those of :func:`nlc.analysis.analyse` on
:func:`nlc.web.ties.services.organisation_network`; the cache only avoids recomputing them
while nothing has changed. The cache key holds a fingerprint of the network's ties and
memberships (count, largest id, latest change), read with one aggregate query each, so an
added, edited or deleted tie or membership gives a new key.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Max

from nlc.analysis import Analysis, analyse
from nlc.web.registry.models import Network as NetworkRecord
from nlc.web.ties.models import Tie
from nlc.web.ties.services import organisation_network

GROUP = "kind"
TIMEOUT = 60 * 60


def fingerprint(network: NetworkRecord) -> str:
    ties = Tie.objects.filter(network=network).aggregate(
        n=Count("id"), last=Max("id"), changed=Max("updated_at")
    )
    members = network.memberships.aggregate(n=Count("id"), last=Max("id"))
    changed = ties["changed"].timestamp() if ties["changed"] else 0
    return f"{ties['n']}.{ties['last']}.{changed}.{members['n']}.{members['last']}"


def network_analysis(
    network: NetworkRecord,
    *,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    types: list[str] | None = None,
) -> Analysis:
    """The organisation network's analysis, grouped by organisation kind (cached)."""
    filters = f"{since}|{as_of}|{','.join(sorted(types or []))}"
    key = f"nlc:analysis:{network.pk}:{fingerprint(network)}:{filters}"
    result = cache.get(key)
    if result is None:
        graph = organisation_network(network, since=since, as_of=as_of, types=types)
        result = analyse(graph, group=GROUP)
        cache.set(key, result, TIMEOUT)
    return result
