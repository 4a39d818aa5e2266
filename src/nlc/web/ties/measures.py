"""A network's measures, computed once per state of its ties and members, then cached.

The numbers are those of :func:`nlc.analysis.analyse` on one of three networks built by
:mod:`nlc.web.ties.services` (the :data:`VIEWS`): the organisations'
(:func:`~nlc.web.ties.services.organisation_network`), the people's
(:func:`~nlc.web.ties.services.people_network`) or the organisations linked through people,
the two-mode view (:func:`~nlc.web.ties.services.organisations_through_people`), grouped by
any of the view's :data:`GROUPINGS`, as ``nlc analyse --group`` groups. The cache only avoids
recomputing them while nothing has changed: its key holds the view, the grouping, the
filters and the data version (:func:`nlc.web.cache.derived`), which every write to the
registry, the ties or the learning records changes, so the analysis is computed once per
state of the data for all server processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Unpack

from django.db.models import Count, Max, Q

from nlc.analysis import Analysis, analyse
from nlc.web.cache import derived
from nlc.web.registry.models import Membership, NetworkRole, Person
from nlc.web.registry.models import Network as NetworkRecord
from nlc.web.ties.models import Tie
from nlc.web.ties.services import (
    TieFilters,
    organisation_network,
    organisations_through_people,
    people_network,
)

GROUP = "kind"

#: The networks the analysis section measures: key -> label.
VIEWS = {
    "organisations": "Organisations",
    "people": "People",
    "two_mode": "Organisations linked through people (people × organisations)",
}
#: Attributes of organisations to group by (kind, phase and imported attributes).
ORGANISATION_GROUPINGS = {
    "kind": "Kind of organisation",
    "phase": "Phase",
    "school_type": "Type of school",
    "local_authority": "Local authority",
    "trust": "Trust",
}
#: For each view, the node attributes it may be grouped by: key -> label.
GROUPINGS = {
    "organisations": ORGANISATION_GROUPINGS,
    "people": {"organisation": "Organisation", **ORGANISATION_GROUPINGS},
    "two_mode": ORGANISATION_GROUPINGS,
}


@dataclass(frozen=True)
class ExtraView:
    """A view of the network another app adds to :data:`VIEWS` (:func:`register_view`).

    ``build(network, **filters)`` returns the network to analyse and its two-mode side (or
    None); ``fingerprint(networks)`` adds to the cache key whatever else the view reads.
    """

    key: str
    label: str
    groupings: dict[str, str]
    build: Callable
    fingerprint: Callable[..., str] | None = None


_EXTRA_VIEWS: dict[str, ExtraView] = {}


def register_view(view: ExtraView) -> None:
    """Offer ``view`` in :data:`VIEWS` (apps call this once, when Django starts)."""
    VIEWS[view.key] = view.label
    GROUPINGS[view.key] = view.groupings
    _EXTRA_VIEWS[view.key] = view


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


def network_analysis(
    network: NetworkRecord,
    *,
    view: str = "organisations",
    group: str = GROUP,
    **filters: Unpack[TieFilters],
) -> Analysis:
    """The analysis of one of the network's :data:`VIEWS`, grouped by ``group`` (cached).

    Parameters
    ----------
    network : nlc.web.registry.models.Network
    view : str
        A key of :data:`VIEWS`: ``organisations`` (default), ``people`` or ``two_mode``.
    group : str
        A key of ``GROUPINGS[view]`` (default: organisation kind).
    **filters
        ``since``, ``as_of``, ``types``, ``activity_ties``, as
        :func:`nlc.web.ties.services.filter_ties` takes them.

    Raises
    ------
    ValueError
        When ``view`` or ``group`` is not one offered.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view[:40]!r}")
    if group not in GROUPINGS[view]:
        raise ValueError(
            f"the {VIEWS[view].lower()} can be grouped by {', '.join(GROUPINGS[view])}, "
            f"not {group[:40]!r}"
        )
    since, as_of, types = (filters.get(name) for name in ("since", "as_of", "types"))
    key_filters = f"{since}|{as_of}|{','.join(sorted(types or []))}"
    if filters.get("activity_ties") is False:
        key_filters += "|no-activity-ties"
    extra = _EXTRA_VIEWS.get(view)
    fingerprint = ""
    if extra is not None and extra.fingerprint is not None:
        fingerprint = extra.fingerprint(NetworkRecord.objects.filter(pk=network.pk))
    key = f"nlc:analysis:{network.pk}:{view}:{group}:{fingerprint}:{key_filters}"

    def build() -> Analysis:
        two_mode = None
        if extra is not None:
            graph, two_mode = extra.build(network, **filters)
        elif view == "people":
            graph = people_network(network, **filters)
        elif view == "two_mode":
            graph, two_mode = organisations_through_people(network, **filters)
        else:
            graph = organisation_network(network, **filters)
        return analyse(graph, group=group, two_mode=two_mode)

    return derived(key, build)
