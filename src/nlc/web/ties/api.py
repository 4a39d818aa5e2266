"""JSON API for ties (the ties app's router, added to the API in :mod:`nlc.web.api.urls`):
list (filters by network, type, dates, level, organisation, person), detail, create, change
and delete.

Who may see a tie is :func:`nlc.web.ties.access.visible_ties`; who may record one is
:func:`nlc.web.registry.access.can_record_ties`, change or delete it
:func:`~nlc.web.registry.access.can_edit_tie` (writes in :mod:`nlc.web.ties.writes`). People
at either end are named through :func:`~nlc.web.registry.access.display_names`.
"""

from __future__ import annotations

from django.db.models import Q
from ninja import Query, Router

from nlc.web.api.common import changes, get, page, require
from nlc.web.api.schemas import ERRORS, Id, Status
from nlc.web.registry.api import person_names, visible_network
from nlc.web.ties import writes
from nlc.web.ties.access import visible_ties
from nlc.web.ties.models import Tie
from nlc.web.ties.schemas import TieFilters, TieIn, TieOut, TiePage, TiePatch
from nlc.web.ties.services import filter_ties

router = Router(tags=["ties"])

RELATED = writes.TIE_ENDS


def ties_out(user, ties: list[Tie]) -> list[dict]:
    people = {p.pk: p for t in ties for p in (t.source_person, t.target_person) if p}
    names = person_names(user, people.values())

    def end(organisation, person) -> dict:
        if organisation is not None:
            return {"level": "organisation", "id": organisation.pk, "name": organisation.name}
        return {"level": "person", "id": person.pk, "name": names[person.pk]}

    return [
        {
            "id": t.pk,
            "network": t.network_id,
            "area": t.area_id,
            "source": end(t.source_organisation, t.source_person),
            "target": end(t.target_organisation, t.target_person),
            "type": t.type,
            "weight": t.weight,
            "directed": t.directed,
            "observed_on": t.observed_on,
            "provenance": t.provenance,
            "provenance_detail": t.provenance_detail,
        }
        for t in ties
    ]


def _visible_tie(user, pk: int) -> Tie:
    tie = get(Tie.objects.select_related("network", *RELATED), pk, "tie")
    require(visible_ties(user).filter(pk=tie.pk).exists(), "Your account may not see this tie.")
    return tie


@router.get("/ties", response={200: TiePage, **ERRORS})
def list_ties(request, filters: Query[TieFilters]):
    """Ties the user may see, newest first."""
    user = request.user
    ties = visible_ties(user)
    if filters.network is not None:
        ties = ties.filter(network=visible_network(user, filters.network))
    types = [filters.type] if filters.type else None
    ties = filter_ties(ties, since=filters.since, as_of=filters.until, types=types)
    if filters.level == "organisations":
        ties = ties.filter(source_organisation__isnull=False)
    elif filters.level == "people":
        ties = ties.filter(source_person__isnull=False)
    if filters.organisation is not None:
        o = filters.organisation
        ties = ties.filter(Q(source_organisation_id=o) | Q(target_organisation_id=o))
    if filters.person is not None:
        p = filters.person
        ties = ties.filter(Q(source_person_id=p) | Q(target_person_id=p))
    ties = ties.order_by("-observed_on", "-pk")
    return page(ties, filters, lambda rows: ties_out(user, rows), related=RELATED)


@router.get("/ties/{tie_id}", response={200: TieOut, **ERRORS})
def get_tie(request, tie_id: Id):
    return ties_out(request.user, [_visible_tie(request.user, tie_id)])[0]


@router.post("/ties", response={201: TieOut, **ERRORS})
def create_tie(request, payload: TieIn):
    """Record a tie in a network's work (its leaders, facilitators, administrators)."""
    tie = writes.create_tie(request.user, changes(payload, partial=False))
    return Status(201, ties_out(request.user, [_reload(tie.pk)])[0])


@router.patch("/ties/{tie_id}", response={200: TieOut, **ERRORS})
def update_tie(request, tie_id: Id, payload: TiePatch):
    """Change a tie; only the fields sent change."""
    tie = _visible_tie(request.user, tie_id)
    data = changes(payload)
    writes.update_tie(request.user, tie, data)
    return ties_out(request.user, [_reload(tie.pk)])[0]


@router.delete("/ties/{tie_id}", response={204: None, **ERRORS})
def delete_tie(request, tie_id: Id):
    writes.delete_tie(request.user, _visible_tie(request.user, tie_id))
    return Status(204, None)


def _reload(pk: int) -> Tie:
    return Tie.objects.select_related(*RELATED).get(pk=pk)
