"""JSON API for exports (the exports app's router, added to the API in
:mod:`nlc.web.api.urls`): a network's or an area's ties and nodes as a file.

The answer is the file itself (``Content-Disposition: attachment``), with the content that
the same download from the site gives (:mod:`nlc.web.exports.services`). Refusals are the
API's: 403 when the user may not see the network (or does not administer the area), 404 when
it does not exist, 422 for an unknown format or level.
"""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema

from nlc.web.api.common import get, require
from nlc.web.api.schemas import ERRORS
from nlc.web.exports import services
from nlc.web.exports.views import download
from nlc.web.registry import access
from nlc.web.registry.api import visible_network
from nlc.web.registry.models import Area

router = Router(tags=["exports"])


class ExportQuery(Schema):
    format: Literal[tuple(services.FORMATS)] = "graphml"  # type: ignore[valid-type]
    level: Literal[tuple(services.LEVELS)] = "organisations"  # type: ignore[valid-type]


@router.get("/networks/{network_id}/export", response={200: None, **ERRORS})
def export_network(request, network_id: int, query: Query[ExportQuery]):
    """The network's ties at one level and their nodes, as the user may see them."""
    network = visible_network(request.user, network_id)
    table = services.network_table(request.user, network, query.level)
    return download(services.export_file(table, query.format, f"{network.name}-{query.level}"))


@router.get("/areas/{area_id}/export", response={200: None, **ERRORS})
def export_area(request, area_id: int, query: Query[ExportQuery]):
    """Every tie of the area at one level and their nodes (area administrators)."""
    area = get(Area, area_id, "area")
    require(
        access.is_area_admin(request.user, area.pk),
        "Only the area's administrators may export the whole area.",
    )
    table = services.area_table(request.user, area, query.level)
    return download(services.export_file(table, query.format, f"{area.name}-{query.level}"))
