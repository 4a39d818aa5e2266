"""Who may see and change what. Every view and API endpoint asks these functions.

- Area administrators see and change everything in their area.
- Network leaders see the networks they belong to and change them (members, roles, ties).
- Facilitators see the networks they belong to and record ties and roles there.
- Members and community partners see the networks they belong to, read only.
- Evaluators see every network of their area, read only, with people pseudonymised.

A user *belongs to* a network when their person holds a role in it or their organisation is
a member of it. Contact details are shown only to administrators, to the person themself
and to leaders and facilitators of a network the person is in. Pupils' names are shown only
to administrators and to leaders and facilitators of their networks.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nlc.web.registry.models import (
    Network,
    Organisation,
    Person,
    Profile,
    RoleKind,
    UserRole,
)

STEWARD_ROLES = (RoleKind.LEADER, RoleKind.FACILITATOR)


def profile_of(user) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role_of(user) -> str | None:
    profile = profile_of(user)
    return profile.role if profile else None


def is_area_admin(user, area_id: int | None = None) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    profile = profile_of(user)
    if profile is None or profile.role != UserRole.AREA_ADMIN:
        return False
    return area_id is None or profile.area_id == area_id


def _person_id(user) -> int | None:
    try:
        return user.person.pk
    except (Person.DoesNotExist, AttributeError):
        return None


def visible_networks(user) -> QuerySet[Network]:
    """Networks the user may open."""
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    profile = profile_of(user)
    if profile is None:
        return Network.objects.none()
    if profile.role in (UserRole.AREA_ADMIN, UserRole.EVALUATOR):
        return Network.objects.filter(area_id=profile.area_id)
    person = _person_id(user)
    if person is None:
        return Network.objects.none()
    return Network.objects.filter(
        Q(roles__person_id=person) | Q(memberships__organisation__people__id=person),
        area_id=profile.area_id,
    ).distinct()


def can_view_network(user, network: Network) -> bool:
    return visible_networks(user).filter(pk=network.pk).exists()


def _network_roles(user, network: Network) -> set[str]:
    person = _person_id(user)
    if person is None:
        return set()
    return set(network.roles.filter(person_id=person).values_list("role", flat=True))


def can_edit_network(user, network: Network) -> bool:
    """Change the network itself, its memberships and roles."""
    if is_area_admin(user, network.area_id):
        return True
    if role_of(user) not in (UserRole.NETWORK_LEADER,):
        return False
    return RoleKind.LEADER in _network_roles(user, network)


def can_record_ties(user, network: Network) -> bool:
    """Add or change ties observed in the network's work."""
    if is_area_admin(user, network.area_id):
        return True
    if role_of(user) not in (UserRole.NETWORK_LEADER, UserRole.FACILITATOR):
        return False
    return bool(_network_roles(user, network) & set(STEWARD_ROLES))


def visible_organisations(user) -> QuerySet[Organisation]:
    """Organisations of the user's area (admins, evaluators) or of their networks."""
    if user.is_authenticated and user.is_superuser:
        return Organisation.objects.all()
    profile = profile_of(user)
    if profile is None:
        return Organisation.objects.none()
    if profile.role in (UserRole.AREA_ADMIN, UserRole.EVALUATOR):
        return Organisation.objects.filter(area_id=profile.area_id)
    return Organisation.objects.filter(memberships__network__in=visible_networks(user)).distinct()


def can_edit_organisation(user, organisation: Organisation) -> bool:
    return is_area_admin(user, organisation.area_id)


def visible_people(user) -> QuerySet[Person]:
    return Person.objects.filter(organisation__in=visible_organisations(user))


def _stewards_person(user, person: Person) -> bool:
    """True when the user leads or facilitates a network the person is in."""
    mine = _person_id(user)
    if mine is None or role_of(user) not in (UserRole.NETWORK_LEADER, UserRole.FACILITATOR):
        return False
    stewarded = Network.objects.filter(roles__person_id=mine, roles__role__in=STEWARD_ROLES)
    return (
        stewarded.filter(roles__person=person).exists()
        or stewarded.filter(memberships__organisation_id=person.organisation_id).exists()
    )


def can_see_contact_details(user, person: Person) -> bool:
    if is_area_admin(user, person.organisation.area_id):
        return True
    if _person_id(user) == person.pk:
        return True
    return _stewards_person(user, person)


def can_see_identity(user, person: Person) -> bool:
    """Whether the person's name may be shown (pupils and evaluators' views are protected)."""
    if role_of(user) == UserRole.EVALUATOR and not user.is_superuser:
        return False
    if not person.is_pupil:
        return True
    return can_see_contact_details(user, person)


def display_name(user, person: Person) -> str:
    if can_see_identity(user, person):
        return person.name
    label = "Pupil" if person.is_pupil else "Person"
    return f"{label} {person.pk}"
