"""Template tags of the knowledge app: an organisation's items on its page."""

from __future__ import annotations

from django import template

from nlc.web.knowledge import access

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_knowledge(context, organisation, limit: int = 20):
    """The items of ``organisation`` the signed-in user may read, newest first."""
    request = context.get("request")
    if request is None:
        return []
    items = access.visible_items(request.user).filter(organisations=organisation)
    return list(items.order_by("-date", "-pk")[:limit])
