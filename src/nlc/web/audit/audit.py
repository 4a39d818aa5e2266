"""User accounts are audited too (who was given, or lost, access), never their passwords."""

from django.contrib.auth import get_user_model

from nlc.web.audit.registration import register
from nlc.web.registry.models import Person, Profile


def _area(user) -> int | None:
    return Profile.objects.filter(user_id=user.pk).values_list("area_id", flat=True).first()


def _people(user) -> list[int]:
    return list(Person.objects.filter(user_id=user.pk).values_list("pk", flat=True))


register(
    get_user_model(),
    area=_area,
    people=_people,
    users=lambda user: [user.pk],
    exclude_fields=["password", "last_login"],
)
