"""Downloads: a network's (or the area's) ties and nodes in every format NLC writes, and the
network report as an HTML file.

Who may download is who may see: :func:`access.can_view_network` for a network (its export
holds what :mod:`nlc.web.exports.services` lets the user see), an area administrator for the
whole area. A bad ``format`` or ``level`` answers 400 with a message.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from nlc.web.exports import services
from nlc.web.registry import access
from nlc.web.registry.models import Area, Network


def download(export: services.Export) -> HttpResponse:
    """The export as an attachment."""
    response = HttpResponse(export.data, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def choice(params) -> tuple[str, str]:
    """The ``format`` and ``level`` asked for; ``ValueError`` with a message if unknown."""
    fmt = params.get("format") or "graphml"
    level = params.get("level") or "organisations"
    if fmt not in services.FORMATS:
        raise ValueError(f"format must be one of {', '.join(services.FORMATS)}")
    if level not in services.LEVELS:
        raise ValueError(f"level must be one of {', '.join(services.LEVELS)}")
    return fmt, level


def _viewable_network(user, pk: int) -> Network:
    network = get_object_or_404(Network, pk=pk)
    if not access.can_view_network(user, network):
        raise PermissionDenied
    return network


def _answer(request, table_of, name: str) -> HttpResponse:
    """The export the query string asks for; ``table_of(level)`` gives its ties."""
    try:
        fmt, level = choice(request.GET)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    return download(services.export_file(table_of(level), fmt, f"{name}-{level}"))


@require_safe
@login_required
def network_export(request, pk: int):
    user = request.user
    network = _viewable_network(user, pk)
    return _answer(
        request, lambda level: services.network_table(user, network, level), network.name
    )


@require_safe
@login_required
def area_export(request, pk: int):
    user = request.user
    area = get_object_or_404(Area, pk=pk)
    if not access.is_area_admin(user, area.pk):
        raise PermissionDenied
    return _answer(request, lambda level: services.area_table(user, area, level), area.name)


@require_safe
@login_required
def network_report(request, pk: int):
    """The report ``nlc analyse --report`` writes, for the network's organisation ties."""
    network = _viewable_network(request.user, pk)
    html = services.network_report(network)
    filename = f"{services.slug(network.name)}-report.html"
    return download(services.Export(filename, "text/html; charset=utf-8", html.encode("utf-8")))
