"""``{% audit_links object %}``: for area administrators, a link to the object's history
(and, on a person's page, to their data and erasure). Nothing for anyone else."""

from django import template
from django.contrib.contenttypes.models import ContentType

from nlc.web.audit.log import can_read_log
from nlc.web.registry.access import can_edit_person
from nlc.web.registry.models import Person

register = template.Library()


@register.inclusion_tag("audit/_links.html", takes_context=True)
def audit_links(context, obj):
    request = context.get("request")
    if request is None or not can_read_log(request.user):
        return {"show": False}
    kind = ContentType.objects.get_for_model(obj)
    return {
        "show": True,
        "obj": obj,
        "model": f"{kind.app_label}.{kind.model}",
        "is_person": kind.model_class() is Person and can_edit_person(request.user, obj),
    }
