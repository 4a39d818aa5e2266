"""The interactive map of a network (and of a whole area) and the JSON it draws.

Who may see a map is :func:`access.can_view_network` (:func:`access.can_view_area` for the
area map). The page is a shell: ``static/nlc/map.js`` fetches the data endpoint and draws it
with Cytoscape.js (vendored in ``static/vendor/cytoscape``).
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from nlc.web.cache import derived, viewer_key
from nlc.web.maps.data import (
    GROUPS,
    MEASURES,
    VIEWS,
    area_map_document,
    network_map_document,
    parse_query,
)
from nlc.web.registry import access
from nlc.web.registry.models import Area, Network
from nlc.web.ties.models import TieType
from nlc.web.workspace import permitted_object, section_context


def _cached_document(request, build) -> HttpResponse:
    """The JSON map document for this user, built once per version of the data.

    The key holds the user (names, contact details and links depend on who asks, see
    :func:`nlc.web.cache.viewer_key`), the full query string and the data version
    (:func:`nlc.web.cache.derived`), so any change to ties, members, people, roles or
    recorded adoptions gives a new document.
    """
    key = f"nlc-map-doc:{viewer_key(request.user)}:{request.get_full_path()}"
    body = derived(key, lambda: json.dumps(build(), cls=DjangoJSONEncoder).encode())
    return HttpResponse(body, content_type="application/json")


def _json_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def can_view_own_area(user) -> bool:
    """Whether the user may open the area map of their own area (:func:`access.can_view_area`)."""
    if user.is_authenticated and user.is_superuser:
        return True
    profile = access.profile_of(user)
    return profile is not None and access.can_view_area(user, profile.area_id)


def _page(
    request,
    *,
    title: str,
    data_url: str,
    back_url: str | None,
    tie_create: str | None,
    network: Network | None = None,
):
    """The map page; a network's map is drawn inside the network workspace."""
    frame = {"frame": "base.html"}
    if network is not None:
        frame = section_context(request, network, "map", frame="workspace/base.html")
    return render(
        request,
        "maps/map.html",
        {
            **frame,
            "title": title,
            "config": {
                "dataUrl": data_url,
                "tieCreateUrl": tie_create,
            },
            "back_url": back_url,
            "views": VIEWS.items(),
            "measures": MEASURES.items(),
            "groups": GROUPS.items(),
            # Several networks are told apart by colour; one network's organisations by kind.
            "colour_by": "kind" if network is not None else "network",
            "tie_types": TieType.choices,
        },
    )


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@require_safe
@login_required
def network_map(request, pk: int):
    network = permitted_object(request.user, Network, pk, access.can_view_network)
    can_record = access.can_record_ties(request.user, network)
    return _page(
        request,
        title=f"Map · {network.name}",
        data_url=reverse("network-map-data", args=[network.pk]),
        back_url=None,  # the workspace's tabs lead back
        tie_create=_reverse("tie-create", network.pk) if can_record else None,
        network=network,
    )


@require_safe
def network_map_data(request, pk: int):
    if not request.user.is_authenticated:
        return _json_error(401, "Sign in to see this map.")
    try:
        network = Network.objects.get(pk=pk)
    except Network.DoesNotExist:
        return _json_error(404, f"There is no network {pk}.")
    if not access.can_view_network(request.user, network):
        return _json_error(403, "Your account may not see this network.")
    try:
        query = parse_query(request.GET)
    except ValueError as error:
        return _json_error(400, str(error))
    return _cached_document(request, lambda: network_map_document(request.user, network, query))


def _area_for(request) -> Area:
    """The area the area map shows: the user's own (superusers may pass ?area=<id>)."""
    profile = access.profile_of(request.user)
    wanted = request.GET.get("area")
    if wanted and wanted.isdigit():
        area = Area.objects.filter(pk=int(wanted)).first()
    elif profile is not None:
        area = profile.area
    else:
        area = Area.objects.order_by("name").first()
    if area is None:
        raise Http404("No such area.")
    return area


@require_safe
@login_required
def area_map(request):
    area = _area_for(request)
    if not access.can_view_area(request.user, area.pk):
        raise PermissionDenied
    data_url = reverse("area-map-data")
    if request.GET.get("area"):
        data_url += f"?area={area.pk}"
    return _page(
        request,
        title=f"Map · {area.name}",
        data_url=data_url,
        back_url=reverse("dashboard"),
        tie_create=None,
    )


@require_safe
def area_map_data(request):
    if not request.user.is_authenticated:
        return _json_error(401, "Sign in to see this map.")
    try:
        area = _area_for(request)
    except Http404:
        return _json_error(404, "There is no such area.")
    if not access.can_view_area(request.user, area.pk):
        return _json_error(403, "Only the area's administrators and evaluators see the area map.")
    try:
        query = parse_query(request.GET)
    except ValueError as error:
        return _json_error(400, str(error))
    networks = access.visible_networks(request.user).filter(area=area)
    return _cached_document(request, lambda: area_map_document(request.user, area, networks, query))
