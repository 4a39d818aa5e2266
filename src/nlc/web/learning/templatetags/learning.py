"""``{% activity_history subject %}``: the activities a person or organisation took part in,
as the user may see them (included on the registry's person and organisation pages)."""

from django import template

from nlc.web.learning.services import activity_history as history
from nlc.web.registry.models import Person

register = template.Library()


@register.inclusion_tag("learning/_history_list.html", takes_context=True)
def activity_history(context, subject):
    user = context["request"].user
    if isinstance(subject, Person):
        activities = history(user, person=subject)
    else:
        activities = history(user, organisation=subject)
    return {"activities": activities.order_by("-start_date", "pk")[:50]}
