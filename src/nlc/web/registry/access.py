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

A person is *in* a network, for these protected data, when they hold a role in it or when
their organisation's membership of it was approved by an area administrator
(``Membership.approved``). A leader may add any organisation of the area to their network,
but that alone does not show them its people's contact details or its pupils' names: the
membership is pending until an area administrator approves it (:func:`can_approve_membership`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nlc.web.registry.models import (
    Area,
    Membership,
    Network,
    NetworkRole,
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
    # Two subqueries rather than one OR across two joins, which multiplies rows.
    with_role = NetworkRole.objects.filter(person_id=person).values("network_id")
    with_organisation = Membership.objects.filter(organisation__people__id=person).values(
        "network_id"
    )
    return Network.objects.filter(
        Q(pk__in=with_role) | Q(pk__in=with_organisation), area_id=profile.area_id
    )


def can_view_network(user, network: Network) -> bool:
    return visible_networks(user).filter(pk=network.pk).exists()


def _network_roles(user, network: Network) -> set[str]:
    person = _person_id(user)
    if person is None:
        return set()
    roles = network.roles.filter(person_id=person).order_by()  # no joins for the ordering
    return set(roles.values_list("role", flat=True))


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


def _stewarded_networks(user) -> QuerySet[Network]:
    """The networks the user leads or facilitates (ids, as a subquery)."""
    return NetworkRole.objects.filter(person_id=_person_id(user), role__in=STEWARD_ROLES).values(
        "network_id"
    )


def _in_stewarded(stewarded) -> tuple[QuerySet, QuerySet]:
    """People with a role in ``stewarded`` networks, and organisations whose membership of
    one of them an area administrator approved (two id subqueries)."""
    people = NetworkRole.objects.filter(network_id__in=stewarded).values("person_id")
    members = Membership.objects.filter(network_id__in=stewarded, approved=True).values(
        "organisation_id"
    )
    return people, members


def _stewarded(user) -> tuple[frozenset[int], frozenset[int]]:
    """People with a role in, and organisations that are approved members of, the networks
    the user leads or facilitates.

    Kept on the user object (one per request) so that a page listing many people asks the
    database twice, not twice per person.
    """
    cached = getattr(user, "_nlc_stewarded", None)
    if cached is None:
        people, members = _in_stewarded(_stewarded_networks(user))
        cached = (
            frozenset(people.values_list("person_id", flat=True)),
            frozenset(members.values_list("organisation_id", flat=True)),
        )
        user._nlc_stewarded = cached
    return cached


def _stewarded_people(user, profile: Profile | None) -> Q:
    """The people whose protected data the user sees as a leader or facilitator (a filter
    on Person; matches no one for other roles)."""
    if profile is None or profile.role not in (UserRole.NETWORK_LEADER, UserRole.FACILITATOR):
        return Q(pk__in=[])
    people, members = _in_stewarded(_stewarded_networks(user))
    return Q(pk__in=people) | Q(organisation_id__in=members)


def _stewards_person(user, person: Person) -> bool:
    """True when the user leads or facilitates a network the person is in (a role in it, or
    an approved membership of their organisation)."""
    mine = _person_id(user)
    if mine is None or role_of(user) not in (UserRole.NETWORK_LEADER, UserRole.FACILITATOR):
        return False
    people, organisations = _stewarded(user)
    return person.pk in people or person.organisation_id in organisations


def can_approve_membership(user, membership: Membership) -> bool:
    """Approve a membership, so that the network's stewards see the organisation's people's
    protected data: the administrators of the network's area."""
    return is_area_admin(user, membership.network.area_id)


def can_see_contact_details(user, person: Person) -> bool:
    if is_area_admin(user, person.organisation.area_id):
        return True
    if _person_id(user) == person.pk:
        return True
    return _stewards_person(user, person) or _shares_steward_contact(user, person)


def _shares_steward_contact(user, person: Person) -> bool:
    return Person.objects.filter(_shared_steward_contacts(user), pk=person.pk).exists()


def _shared_steward_contacts(user) -> Q:
    """Leaders' and facilitators' work contacts are shown to the people of their networks (a
    role in the network, or an approved membership of their organisation), unless they opted
    out (``Person.hide_contact``); never a pupil's, never to evaluators (a filter on Person)."""
    mine = _person_id(user)
    if mine is None or role_of(user) in (None, UserRole.EVALUATOR):
        return Q(pk__in=[])
    with_role = NetworkRole.objects.filter(person_id=mine).values("network_id")
    approved = Membership.objects.filter(organisation__people__id=mine, approved=True)
    networks = Q(network_id__in=with_role) | Q(network_id__in=approved.values("network_id"))
    stewards = NetworkRole.objects.filter(networks, role__in=STEWARD_ROLES).values("person_id")
    return Q(pk__in=stewards, hide_contact=False, is_pupil=False)


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


# Pages of the registry and ties apps ------------------------------------------------------


def administered_areas(user) -> QuerySet[Area]:
    """Areas the user administers: where they may create networks, organisations and people."""
    if not user.is_authenticated:
        return Area.objects.none()
    if user.is_superuser:
        return Area.objects.all()
    profile = profile_of(user)
    if profile is None or profile.role != UserRole.AREA_ADMIN:
        return Area.objects.none()
    return Area.objects.filter(pk=profile.area_id)


def can_create_network(user) -> bool:
    return administered_areas(user).exists()


def can_create_organisation(user) -> bool:
    return administered_areas(user).exists()


def can_create_person(user) -> bool:
    return administered_areas(user).exists()


def can_view_organisation(user, organisation: Organisation) -> bool:
    return visible_organisations(user).filter(pk=organisation.pk).exists()


def can_view_person(user, person: Person) -> bool:
    return visible_people(user).filter(pk=person.pk).exists()


def can_edit_person(user, person: Person) -> bool:
    return is_area_admin(user, person.organisation.area_id)


def assignable_roles(user, network: Network) -> set[str]:
    """The kinds of role the user may give, change or take away in the network.

    Leaders (and admins) manage every role; facilitators every role but the steward roles
    (leader, facilitator), since handing those out would widen who may change the network.
    """
    if can_edit_network(user, network):
        return set(RoleKind.values)
    if can_record_ties(user, network):
        return set(RoleKind.values) - set(STEWARD_ROLES)
    return set()


def role_candidates(user, network: Network) -> QuerySet[Person]:
    """People the user may give a role in the network: those of its member organisations,
    and, for anyone but the area's administrators, of approved memberships only (a role
    would otherwise show a pending organisation's people's protected data)."""
    members = network.memberships.all()
    if not is_area_admin(user, network.area_id):
        members = members.filter(approved=True)
    return Person.objects.filter(organisation_id__in=members.values("organisation_id"))


def can_manage_roles(user, network: Network) -> bool:
    """Add, change or remove people's roles in the network (leaders and facilitators)."""
    return bool(assignable_roles(user, network))


def can_assign_role(user, network: Network, role: str) -> bool:
    return role in assignable_roles(user, network)


def can_edit_tie(user, tie) -> bool:
    """Change a recorded tie: those who may record ties in its network (admins otherwise)."""
    if tie.network_id is None:
        return is_area_admin(user, tie.area_id)
    return can_record_ties(user, tie.network)


def identifiable_people(user) -> QuerySet[Person]:
    """Visible people whose names the user may see, and so may search by name.

    The same rule as :func:`can_see_identity`, as a queryset: evaluators see no names;
    pupils' names only to administrators, the pupil themself and the stewards of their
    networks (a role in the network, or an approved membership of their organisation).
    """
    people = visible_people(user)
    if user.is_authenticated and user.is_superuser:
        return people
    profile = profile_of(user)
    if profile is None or profile.role == UserRole.EVALUATOR:
        return people.none()
    if profile.role == UserRole.AREA_ADMIN:
        return people.filter(organisation__area_id=profile.area_id)
    allowed = Q(is_pupil=False)
    mine = _person_id(user)
    if mine is not None:
        allowed |= Q(pk=mine) | _stewarded_people(user, profile)
    return people.filter(allowed)


# The map and the JSON API (bulk forms of the rules above; ties: nlc.web.ties.access) ------


def can_view_area(user, area_id: int) -> bool:
    """See a whole area at once (the area map): its administrators and evaluators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return (
        profile is not None
        and profile.area_id == area_id
        and profile.role in (UserRole.AREA_ADMIN, UserRole.EVALUATOR)
    )


def contactable_people(user) -> QuerySet[Person]:
    """People whose contact details the user may see: :func:`can_see_contact_details` as a
    queryset (administrators of their area, the person themself, stewards of their
    networks)."""
    if not user.is_authenticated:
        return Person.objects.none()
    if user.is_superuser:
        return Person.objects.all()
    profile = profile_of(user)
    allowed = Q(pk__in=[])
    if profile is not None and profile.role == UserRole.AREA_ADMIN:
        allowed |= Q(organisation__area_id=profile.area_id)
    mine = _person_id(user)
    if mine is not None:
        allowed |= Q(pk=mine) | _stewarded_people(user, profile)
    allowed |= _shared_steward_contacts(user)
    return Person.objects.filter(allowed)


def display_names(user, people) -> dict[int, str]:
    """:func:`display_name` of many people at once: ``people`` yields
    ``(pk, name, is_pupil)``. The rule of :func:`can_see_identity`, with one query for the
    pupils among them (:func:`contactable_people`) instead of several per person."""
    rows = list(people)
    if role_of(user) == UserRole.EVALUATOR and not user.is_superuser:
        named: set[int] = set()
    else:
        pupils = [pk for pk, _, is_pupil in rows if is_pupil]
        seen = set(contactable_people(user).filter(pk__in=pupils).values_list("pk", flat=True))
        named = {pk for pk, _, is_pupil in rows if not is_pupil or pk in seen}
    return {
        pk: name if pk in named else f"{'Pupil' if is_pupil else 'Person'} {pk}"
        for pk, name, is_pupil in rows
    }
