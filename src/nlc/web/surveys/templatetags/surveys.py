"""``{% load surveys %}{% survey_change network %}``: the change between the network's latest
two closed survey waves on its page (``templates/surveys/_network_change.html``), aggregates
only, as :func:`nlc.web.surveys.overview.network_change` gives them to the signed-in user."""

from django import template

from nlc.web.surveys.overview import network_change

register = template.Library()


@register.inclusion_tag("surveys/_network_change.html", takes_context=True)
def survey_change(context, network):
    user = context.get("user")
    found = network_change(network, user) if user is not None else None
    return {"network": network, "change": found}
