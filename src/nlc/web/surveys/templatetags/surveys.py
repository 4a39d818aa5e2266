"""``{% load surveys %}{% survey_change network survey_change %}``: the change between the
network's latest two closed survey waves on its page (``templates/surveys/_network_change.html``),
aggregates only, as :func:`nlc.web.surveys.overview.for_reader` lets the signed-in user see
them."""

from django import template

from nlc.web.surveys.overview import for_reader

register = template.Library()


@register.inclusion_tag("surveys/_network_change.html", takes_context=True)
def survey_change(context, network, found):
    """``found``: :func:`nlc.web.surveys.overview.change_data`, cached with the page's
    figures; shown as the signed-in user may see it."""
    user = context.get("user")
    return {"network": network, "change": for_reader(found, network, user) if user else None}
