"""Who may use the brokerage assistant (on top of :mod:`nlc.web.registry.access`).

- Area administrators see every suggestion of their area, about organisations and about
  people, act on them and dismiss them, keep the resource register, name brokers and set the
  hold-back share.
- Brokers (people an area administrator names, with an account) see and act on what the
  administrators do, except naming brokers and the hold-back setting.
- Network leaders see the organisation-level suggestions of the networks they lead (the
  same page, limited to those networks), act on them and follow those introductions; never
  suggestions about people, the resource register's editing, the effect view or the
  settings.
- Everyone else (facilitators, members, partners, evaluators) sees none of it: pages answer
  403, the API 403 (404 for objects they may not know of).
"""

from __future__ import annotations

from django.db.models import QuerySet

from nlc.web.brokerage.models import Broker
from nlc.web.registry import access
from nlc.web.registry.models import Area, Network, NetworkRole, Person, RoleKind, UserRole


def _person_id(user) -> int | None:
    try:
        return user.person.pk
    except (Person.DoesNotExist, AttributeError):  # no person, or an anonymous user
        return None


def is_broker(user, area_id: int | None = None) -> bool:
    """Named a broker (of ``area_id``, or of the user's own area) by an administrator."""
    person = _person_id(user)
    if person is None:
        return False
    profile = access.profile_of(user)
    if profile is None or (area_id is not None and profile.area_id != area_id):
        return False
    return Broker.objects.filter(person_id=person, area_id=profile.area_id).exists()


def sees_people(user, area_id: int) -> bool:
    """See suggestions about people (and act on them): administrators and named brokers."""
    return access.is_area_admin(user, area_id) or is_broker(user, area_id)


def brokerage_area(user) -> Area | None:
    """The area whose brokerage page the user may open: administrators and brokers (the
    whole area), network leaders (the networks they lead)."""
    profile = access.profile_of(user)
    return profile.area if _brokers_own_area(user, profile) else None


def _brokers_own_area(user, profile) -> bool:
    """Whether the user (with this profile) may use their own area's brokerage page."""
    if profile is None:
        return False
    return sees_people(user, profile.area_id) or led_networks(user).exists()


def may_broker(user) -> bool:
    """Open the area's brokerage page (the top bar's link); asks as :func:`brokerage_area`
    does, without loading the area."""
    if user.is_authenticated and user.is_superuser:
        return True
    return _brokers_own_area(user, access.profile_of(user))


def led_networks(user) -> QuerySet[Network]:
    """The networks the user leads (as a network leader account)."""
    if access.role_of(user) != UserRole.NETWORK_LEADER:
        return Network.objects.none()
    person = _person_id(user)
    roles = NetworkRole.objects.filter(person_id=person, role=RoleKind.LEADER)
    return Network.objects.filter(pk__in=roles.values("network_id"))


def can_see_network_suggestions(user, network: Network) -> bool:
    """Organisation-level suggestions for ``network``: its area's administrators and
    brokers, and its leaders."""
    if sees_people(user, network.area_id):
        return True
    return led_networks(user).filter(pk=network.pk).exists()


def brokered_networks(user, area_id: int) -> QuerySet[Network]:
    """The networks of the area whose suggestions the user sees."""
    if sees_people(user, area_id):
        return Network.objects.filter(area_id=area_id)
    return led_networks(user).filter(area_id=area_id)


def can_act_on(user, area_id: int, network: Network | None, *, about_people: bool) -> bool:
    """Start an introduction from, or dismiss, a suggestion; advance an introduction."""
    if sees_people(user, area_id):
        return True
    if about_people or network is None:
        return False
    return network.area_id == area_id and can_see_network_suggestions(user, network)


def can_edit_register(user, area_id: int) -> bool:
    """Add, change and remove offers and needs: administrators and brokers."""
    return sees_people(user, area_id)


def can_manage_brokers(user, area_id: int) -> bool:
    """Name brokers and set the hold-back share: the area's administrators."""
    return access.is_area_admin(user, area_id)
