"""The registry's audited models (loaded by :mod:`nlc.web.audit` when Django starts)."""

from nlc.web.audit.registration import register
from nlc.web.registry import models


def _person_of_user(user_id) -> list[int]:
    return list(models.Person.objects.filter(user_id=user_id).values_list("pk", flat=True))


register(models.Area, area=lambda area: area.pk)
register(models.Organisation, area=lambda organisation: organisation.area_id)
register(models.Person, area=lambda person: person.organisation.area_id, people=lambda p: [p.pk])
register(models.Network, area=lambda network: network.area_id)
register(models.Membership, area=lambda membership: membership.network.area_id)
register(models.NetworkRole, area=lambda role: role.network.area_id, people=lambda r: [r.person_id])
register(
    models.Profile,
    area=lambda profile: profile.area_id,
    people=lambda profile: _person_of_user(profile.user_id),
    users=lambda profile: [profile.user_id],
)
