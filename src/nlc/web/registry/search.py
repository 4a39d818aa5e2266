"""Search-as-you-type for the pickers of the forms (record a tie, add a member, a role, a
person): ``/search/organisations/`` and ``/search/people/`` answer JSON.

``?q=`` is the text typed (at least :data:`MIN_QUERY` characters), ``?network=`` the network
whose form asks. Access is that of the pages: organisations the user may see or (in a network
where they record ties or manage members) those of the network's area, which its forms offer;
people the user may see, found by name only where the name may be shown
(:func:`access.identifiable_people`) and labelled as the forms label them (pseudonyms for
evaluators and pupils). At most :data:`LIMIT` results, with ``more`` when there are others.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from nlc.web.registry import access, contributions
from nlc.web.registry.models import Network, Organisation
from nlc.web.registry.views import PERSON_LABEL_FIELDS, person_label

LIMIT = 20
MIN_QUERY = 2


def _query(request) -> str:
    return request.GET.get("q", "").strip()[:100]


def _network(request) -> Network | None:
    """The network given, when the user may see it (otherwise no network: the user's scope)."""
    pk = request.GET.get("network", "")
    if not pk.isdigit():
        return None
    network = Network.objects.filter(pk=int(pk)).first()
    return (
        network if network is not None and access.can_view_network(request.user, network) else None
    )


def _answer(rows: list[tuple[int, str]]) -> JsonResponse:
    results = [{"id": pk, "label": label} for pk, label in rows[:LIMIT]]
    return JsonResponse({"results": results, "more": len(rows) > LIMIT})


def _writes_in(user, network: Network) -> bool:
    return (
        access.can_record_ties(user, network)
        or access.can_edit_network(user, network)
        or contributions.can_record_own_ties(user, network)
    )


@require_safe
@login_required
def search_organisations(request):
    """Organisations whose name, URN or trust contains ``q``."""
    user, q = request.user, _query(request)
    if len(q) < MIN_QUERY:
        return _answer([])
    network = _network(request)
    if network is not None and _writes_in(user, network):
        found = Organisation.objects.filter(area_id=network.area_id)
    else:
        found = access.visible_organisations(user)
        if network is not None:
            found = found.filter(memberships__network=network)
    match = Q(name__icontains=q) | Q(trust__icontains=q)
    if q.isdigit():
        match |= Q(urn=int(q))
    rows = found.filter(match).order_by("name", "pk").values_list("pk", "name")[: LIMIT + 1]
    return _answer(list(rows))


@require_safe
@login_required
def search_people(request):
    """People whose name (where it may be shown) or organisation's name contains ``q``."""
    user, q = request.user, _query(request)
    if len(q) < MIN_QUERY:
        return _answer([])
    people = access.visible_people(user)
    network = _network(request)
    if network is not None:
        people = people.filter(organisation__memberships__network=network)
    named = access.identifiable_people(user).filter(name__icontains=q).values("pk")
    people = (
        people.filter(Q(pk__in=named) | Q(organisation__name__icontains=q))
        .distinct()
        .select_related("organisation")
        .only(*PERSON_LABEL_FIELDS)
        .order_by("organisation__name", "pk")[: LIMIT + 1]
    )
    label = person_label(user)
    return _answer([(p.pk, label(p)) for p in people])
