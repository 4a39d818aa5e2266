"""The Report section of the network workspace and the report's downloads.

Who may read a report is who may view the network (:func:`access.can_view_network`); the
area's report is for those who may see the whole area (:func:`access.can_view_area`: its
administrators and evaluators). People in it are named as the reader may see them
(:mod:`nlc.web.reporting.services`). The PDF is laid out by WeasyPrint; without it (or its
system libraries) the PDF link answers 503 with a message and the HTML still works.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from nlc.reports.network import (
    NETWORK_SECTIONS,
    PdfUnavailable,
    html_to_pdf,
    render_area_report,
    render_network_report,
)
from nlc.web.registry import access
from nlc.web.registry.models import Area, Network
from nlc.web.reporting import services
from nlc.web.workspace import section_context

FORMATS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def _viewable(user, pk: int) -> Network:
    network = get_object_or_404(Network.objects.select_related("area"), pk=pk)
    if not access.can_view_network(user, network):
        raise PermissionDenied
    return network


def _download(document: str, fmt: str, name: str) -> HttpResponse:
    """The HTML ``document`` as an attachment, as HTML or as PDF."""
    if fmt not in FORMATS:
        raise Http404("The report is offered as html or pdf.")
    if fmt == "pdf":
        try:
            data = html_to_pdf(document)
        except PdfUnavailable as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    else:
        data = document.encode("utf-8")
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}-report.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def network_report_page(request, pk: int):
    network = _viewable(request.user, pk)
    context = section_context(
        request,
        network,
        "report",
        headings=[heading for _, heading in NETWORK_SECTIONS],
        may_view_area=access.can_view_area(request.user, network.area_id),
    )
    return render(request, "reporting/report.html", context)


@require_safe
@login_required
def network_report_file(request, pk: int, fmt: str):
    network = _viewable(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("The report is offered as html or pdf.")
    document = render_network_report(services.network_content(network, request.user))
    return _download(document, fmt, network.name)


@require_safe
@login_required
def area_report_file(request, pk: int, fmt: str):
    area = get_object_or_404(Area, pk=pk)
    if not access.can_view_area(request.user, area.pk):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404("The report is offered as html or pdf.")
    document = render_area_report(area.name, services.area_content(area, request.user))
    return _download(document, fmt, area.name)
