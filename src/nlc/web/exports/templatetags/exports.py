"""``{% load exports %}{% export_links network %}``: the export and report links of a network
page (``templates/exports/_links.html``), with the formats of :mod:`nlc.web.exports`."""

from django import template

from nlc.web.exports.services import FORMATS
from nlc.web.registry import access

register = template.Library()


@register.inclusion_tag("exports/_links.html", takes_context=True)
def export_links(context, network):
    user = context.get("user")
    return {
        "network": network,
        "export_formats": [(key, kind.label) for key, kind in FORMATS.items()],
        "can_export_area": user is not None and access.is_area_admin(user, network.area_id),
    }
