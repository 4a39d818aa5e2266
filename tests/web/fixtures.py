"""A small, explicit area for unit tests of views: two networks, a few people, one per role.

The accounts have the demo's usernames (``admin``, ``leader``, ``facilitator``, ``member``,
``partner``, ``evaluator``) and the same roles, so tests read alike on this area and on the
demonstration area; only the admin has a password (the demo's), since hashing is slow.

Testshire
  Alpha Network (the led network)
    Alpha Academy (lead)  Lena Leader [leader; user leader], Tom Teacher (no role, no
                          account), Pip P. (pupil) [pupil representative]
    Alpha Primary         Mo Member [teacher enquirer; user member], Mary Mentor [mentor]
    Alpha Library         Fay Facilitator [facilitator; user facilitator],
                          Pat Partner [community partner; user partner]
    ties: Academy -> Primary (advice), Primary -> Library (referral),
          Library -> Academy (collaboration), Lena Leader -> Mo Member (advice)
  Beta Network (another network of the area, which the leader does not belong to)
    Beta School (lead)    Bea Boss [leader], Ben Teacher
    Beta Health Centre    Hal Nurse
    ties: School -> Health Centre (referral)
  Accounts with no person: admin (area administrator), evaluator.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from types import SimpleNamespace

START = dt.date(2024, 9, 1)


@cache
def _admin_password_hash() -> str:
    """The demo password, hashed once per test run (hashing is slow by design)."""
    from django.contrib.auth.hashers import make_password

    from nlc.web.demo import DEMO_PASSWORD

    return make_password(DEMO_PASSWORD)


def build_small_area() -> SimpleNamespace:
    """Create the area above in the current database; returns its objects by name."""
    from django.contrib.auth import get_user_model

    from nlc.web.registry.models import (
        Area,
        Membership,
        MembershipRole,
        Network,
        NetworkRole,
        Organisation,
        OrganisationKind,
        Person,
        Phase,
        Profile,
        RoleKind,
        UserRole,
    )
    from nlc.web.ties.models import Tie

    area = Area.objects.create(name="Testshire", code="TST")

    def organisation(name, kind=OrganisationKind.SCHOOL, phase=""):
        return Organisation.objects.create(area=area, name=name, kind=kind, phase=phase)

    alpha = Network.objects.create(
        area=area, name="Alpha Network", focus="Reading for pleasure", start_date=START
    )
    beta = Network.objects.create(area=area, name="Beta Network", focus="Attendance")
    academy = organisation("Alpha Academy", phase=Phase.SECONDARY)
    primary = organisation("Alpha Primary", phase=Phase.PRIMARY)
    library = organisation("Alpha Library", OrganisationKind.LIBRARY)
    beta_school = organisation("Beta School", phase=Phase.PRIMARY)
    health = organisation("Beta Health Centre", OrganisationKind.HEALTH)
    for network, members in [(alpha, [academy, primary, library]), (beta, [beta_school, health])]:
        for j, member in enumerate(members):
            role = (
                MembershipRole.LEAD
                if j == 0
                else MembershipRole.MEMBER
                if member.kind == OrganisationKind.SCHOOL
                else MembershipRole.PARTNER
            )
            Membership.objects.create(  # approved, as an area administrator's would be
                network=network, organisation=member, role=role, start_date=START, approved=True
            )

    def person(name, at, **fields):
        return Person.objects.create(organisation=at, name=name, **fields)

    people = SimpleNamespace(
        leader=person("Lena Leader", academy, email="lena@example.org"),
        teacher=person("Tom Teacher", academy, email="tom@example.org"),
        pupil=person("Pip P.", academy, is_pupil=True),
        member=person("Mo Member", primary, email="mo@example.org"),
        mentor=person("Mary Mentor", primary),
        facilitator=person("Fay Facilitator", library),
        partner=person("Pat Partner", library),
        beta_leader=person("Bea Boss", beta_school),
        beta_teacher=person("Ben Teacher", beta_school),
        nurse=person("Hal Nurse", health),
    )
    for network, who, role in [
        (alpha, people.leader, RoleKind.LEADER),
        (alpha, people.facilitator, RoleKind.FACILITATOR),
        (alpha, people.member, RoleKind.TEACHER_ENQUIRER),
        (alpha, people.mentor, RoleKind.MENTOR),
        (alpha, people.partner, RoleKind.COMMUNITY_PARTNER),
        (alpha, people.pupil, RoleKind.PUPIL_REPRESENTATIVE),
        (beta, people.beta_leader, RoleKind.LEADER),
    ]:
        NetworkRole.objects.create(network=network, person=who, role=role, start_date=START)

    User = get_user_model()
    for username, role, who in [
        ("admin", UserRole.AREA_ADMIN, None),
        ("leader", UserRole.NETWORK_LEADER, people.leader),
        ("facilitator", UserRole.FACILITATOR, people.facilitator),
        ("member", UserRole.MEMBER, people.member),
        ("partner", UserRole.COMMUNITY_PARTNER, people.partner),
        ("evaluator", UserRole.EVALUATOR, None),
    ]:
        user = User.objects.create_user(username, email=f"{username}@example.org")
        if username == "admin":
            user.password = _admin_password_hash()
            user.save(update_fields=["password"])
        Profile.objects.create(user=user, area=area, role=role)
        if who is not None:
            who.user = user
            who.save(update_fields=["user"])

    def tie(network, source, target, kind, level="organisation"):
        ends = {f"source_{level}": source, f"target_{level}": target}
        return Tie.objects.create(
            area=area, network=network, type=kind, observed_on=dt.date(2025, 1, 15), **ends
        )

    tie(alpha, academy, primary, "advice")
    tie(alpha, primary, library, "referral")
    tie(alpha, library, academy, "collaboration")
    tie(alpha, people.leader, people.member, "advice", level="person")
    tie(beta, beta_school, health, "referral")
    return SimpleNamespace(
        area=area,
        led=alpha,
        other=beta,
        organisations=SimpleNamespace(
            academy=academy, primary=primary, library=library, beta_school=beta_school
        ),
        people=people,
    )
