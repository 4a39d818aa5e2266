"""The demonstration area: seven Community Leadership Networks of schools and partners.

The networks are those of NCSL's 2007 Community Leadership Network programme (Birmingham,
East Manchester, Hereford, Keighley, E13 Newham, Rotherham, Tunbridge Wells). The schools,
partners, people and ties are made up, deterministically from a seed, to look like such
networks: schools bond in phase clusters, the local authority and a few partners bridge
to health, social care, police, libraries, voluntary groups and a college, over two school
years. Each network's learning activities (walks, lesson study, enquiry, ...) make its
co-participation ties (:mod:`nlc.web.learning.demo`). ``scale`` grows the number of people
and ties for load tests.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from nlc.web.brokerage.demo import load_brokerage_demo
from nlc.web.knowledge.demo import load_knowledge_demo
from nlc.web.learning.demo import load_activities
from nlc.web.planning.demo import load_plans
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
from nlc.web.surveys.demo import load_surveys
from nlc.web.ties.models import Provenance, Tie, TieType

AREA_NAME = "Community Leadership Networks (demonstration)"
NETWORKS = [
    ("Birmingham", "Extended services and family learning across a neighbourhood"),
    ("East Manchester", "Pupil voice in regeneration planning"),
    ("Hereford", "Rural schools and agencies sharing early help"),
    ("Keighley", "Community cohesion through joint enquiry"),
    ("E13 Newham", "Multi-agency support for transition to secondary school"),
    ("Rotherham", "Raising aspiration with families and employers"),
    ("Tunbridge Wells", "Wellbeing and safeguarding with health partners"),
]
PARTNERS = [
    (OrganisationKind.HEALTH, "{} Community Health Team"),
    (OrganisationKind.HEALTH, "{} Child and Adolescent Mental Health Service"),
    (OrganisationKind.SOCIAL_CARE, "{} Children's Social Care"),
    (OrganisationKind.POLICE, "{} Neighbourhood Policing Team"),
    (OrganisationKind.LIBRARY, "{} Central Library"),
    (OrganisationKind.VOLUNTARY, "{} Family Support Project"),
    (OrganisationKind.VOLUNTARY, "{} Youth Association"),
    (OrganisationKind.FURTHER_HIGHER, "{} College"),
    (OrganisationKind.LOCAL_AUTHORITY, "{} Extended Services Team"),
]
SCHOOL_WORDS = [
    "Park",
    "Hill",
    "Oak",
    "Vale",
    "St Mary's",
    "Meadow",
    "Brook",
    "Church",
    "Green",
    "Field",
    "Moor",
    "Bridge",
    "Holy Trinity",
    "Grange",
    "Castle",
]
FIRST = [
    "Amina",
    "Ben",
    "Chloe",
    "Daniel",
    "Ellie",
    "Farhan",
    "Grace",
    "Harry",
    "Isla",
    "Jamal",
    "Katie",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Ravi",
    "Sophie",
    "Tom",
    "Yusuf",
    "Zara",
    "Owen",
    "Leah",
    "Aisha",
]
LAST = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Hussain",
    "Jones",
    "Khan",
    "Lewis",
    "Patel",
    "Roberts",
    "Smith",
    "Taylor",
    "Walker",
    "Wilson",
    "Wright",
    "Begum",
    "Shah",
]
DEMO_PASSWORD = "nlc-demo-2026"
DEMO_ACCOUNTS = [
    ("admin", UserRole.AREA_ADMIN, None),
    ("leader", UserRole.NETWORK_LEADER, RoleKind.LEADER),
    ("facilitator", UserRole.FACILITATOR, RoleKind.FACILITATOR),
    ("member", UserRole.MEMBER, RoleKind.TEACHER_ENQUIRER),
    ("partner", UserRole.COMMUNITY_PARTNER, RoleKind.COMMUNITY_PARTNER),
    ("evaluator", UserRole.EVALUATOR, None),
]
START = dt.date(2024, 9, 1)
END = dt.date(2026, 7, 20)


@dataclass
class DemoSummary:
    area: Area
    accounts: list[tuple[str, str, str]]
    organisations: int
    people: int
    ties: int
    activities: int = 0


def _date(rng: random.Random) -> dt.date:
    return START + dt.timedelta(days=rng.randrange((END - START).days))


@transaction.atomic
def load_demo(seed: int = 2007, scale: int = 1) -> DemoSummary:
    """Create (or re-create) the demonstration area; returns what was made.

    ``scale`` multiplies people and ties per network (1 gives about 900 people and 2,000
    ties; 6 gives about 5,000 people and 20,000 ties).
    """
    rng = random.Random(seed)
    _remove_demo()
    area = Area.objects.create(name=AREA_NAME, code="DEMO")
    all_ties: list[Tie] = []
    first_network_people: dict[str, Person] = {}
    programmes = []
    for place, focus in NETWORKS:
        network = Network.objects.create(
            area=area,
            name=f"{place} Community Leadership Network",
            focus=focus,
            programme="Community Leadership Network 2024-26",
            start_date=START,
            end_date=END,
        )
        schools, partners = _organisations(rng, area, network, place)
        by_org = _people(rng, schools + partners, people_per_org=4 * scale)
        roles = _roles(network, schools, partners, by_org)
        if not first_network_people:
            first_network_people = {
                "leader": roles[0].person,
                "facilitator": roles[1].person,
                "member": roles[3].person,
                "partner": by_org[partners[0].pk][0],
            }
        staff = [p for people in by_org.values() for p in people if not p.is_pupil]
        all_ties += _network_ties(rng, area, network, schools, partners, staff, scale)
        programmes.append((network, place, schools, partners, by_org))
    Tie.objects.bulk_create(all_ties, batch_size=2000)
    activities = sum(
        load_activities(random.Random(seed * 100 + i), *programme)
        for i, programme in enumerate(programmes)
    )
    load_plans(area, seed)
    load_surveys(area, seed)
    load_knowledge_demo(area, seed, own=first_network_people)
    load_brokerage_demo(area, seed, broker=first_network_people.get("facilitator"))
    return DemoSummary(
        area,
        _accounts(area, first_network_people),
        Organisation.objects.filter(area=area).count(),
        Person.objects.filter(organisation__area=area).count(),
        Tie.objects.filter(area=area).count(),
        activities,
    )


def _remove_demo() -> None:
    """Delete the demonstration area, with everything in it, and its accounts."""
    old = Area.objects.filter(name=AREA_NAME).first()
    if old is None:
        return
    Tie.objects.filter(area=old).delete()
    Network.objects.filter(area=old).delete()
    Person.objects.filter(organisation__area=old).delete()
    Organisation.objects.filter(area=old).delete()
    get_user_model().objects.filter(username__in=[a for a, _, _ in DEMO_ACCOUNTS]).delete()
    old.delete()


def _organisations(
    rng: random.Random, area: Area, network: Network, place: str
) -> tuple[list[Organisation], list[Organisation]]:
    """Twelve schools (three secondary, one special, eight primary) and the partners of a
    network, saved as its members (the first school leads)."""
    schools = []
    for i, word in enumerate(rng.sample(SCHOOL_WORDS, 12)):
        phase = Phase.SECONDARY if i < 3 else Phase.SPECIAL if i == 3 else Phase.PRIMARY
        label = {"secondary": "Academy", "special": "Special School"}.get(phase, "Primary")
        schools.append(
            Organisation(
                area=area,
                name=f"{place} {word} {label}",
                kind=OrganisationKind.SCHOOL,
                phase=phase,
                local_authority=place,
                size=rng.randrange(120, 1400),
            )
        )
    partners = [
        Organisation(area=area, name=pattern.format(place), kind=kind, local_authority=place)
        for kind, pattern in PARTNERS
    ]
    organisations = Organisation.objects.bulk_create(schools + partners)

    def role(j: int, o: Organisation) -> str:
        if j == 0:
            return MembershipRole.LEAD
        if o.kind != OrganisationKind.SCHOOL:
            return MembershipRole.PARTNER
        return MembershipRole.MEMBER

    Membership.objects.bulk_create(
        [
            Membership(
                network=network, organisation=o, start_date=START, role=role(j, o), approved=True
            )
            for j, o in enumerate(organisations)
        ]
    )
    return schools, partners


def _people(
    rng: random.Random, organisations: list[Organisation], *, people_per_org: int
) -> dict[int, list[Person]]:
    """Staff of every organisation and a pupil of every mainstream school, saved; by
    organisation pk, in the order made."""
    people = []
    for o in organisations:
        jobs = (
            ["Headteacher", "Teacher", "Deputy head", "Coordinator", "Officer"]
            if o.kind == OrganisationKind.SCHOOL
            else ["Officer", "Manager", "Practitioner"]
        )
        for _ in range(people_per_org):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            people.append(
                Person(
                    organisation=o,
                    name=name,
                    job_title=rng.choice(jobs),
                    email=f"{name.lower().replace(' ', '.')}.{o.pk}@example.org",
                )
            )
        if o.kind == OrganisationKind.SCHOOL and o.phase != Phase.SPECIAL:
            people.append(
                Person(
                    organisation=o,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}.",
                    is_pupil=True,
                )
            )
    by_org: dict[int, list[Person]] = {}
    for p in Person.objects.bulk_create(people):
        by_org.setdefault(p.organisation_id, []).append(p)
    return by_org


def _roles(
    network: Network,
    schools: list[Organisation],
    partners: list[Organisation],
    by_org: dict[int, list[Person]],
) -> list[NetworkRole]:
    """The network's roles, saved: leader, facilitator and broker first, then a teacher
    enquirer (and pupil representative) per school, community partners, a lead learner
    and a mentor."""
    people = [
        (by_org[schools[0].pk][0], RoleKind.LEADER),
        (by_org[partners[-1].pk][0], RoleKind.FACILITATOR),
        (by_org[partners[-1].pk][1], RoleKind.BROKER),
    ]
    for o in schools:
        people.append((by_org[o.pk][1], RoleKind.TEACHER_ENQUIRER))
        pupils = [p for p in by_org[o.pk] if p.is_pupil]
        if pupils:
            people.append((pupils[0], RoleKind.PUPIL_REPRESENTATIVE))
    people += [(by_org[o.pk][0], RoleKind.COMMUNITY_PARTNER) for o in partners[:6]]
    people.append((by_org[schools[1].pk][2], RoleKind.LEAD_LEARNER))
    people.append((by_org[schools[0].pk][2], RoleKind.MENTOR))
    roles = [
        NetworkRole(network=network, person=person, role=kind, start_date=START)
        for person, kind in people
    ]
    NetworkRole.objects.bulk_create(roles)
    return roles


def _accounts(area: Area, people: dict[str, Person]) -> list[tuple[str, str, str]]:
    """The demonstration accounts (username, password, role), linked to ``people``."""
    accounts = []
    for username, role, _ in DEMO_ACCOUNTS:
        user = get_user_model().objects.create_user(
            username, password=DEMO_PASSWORD, email=f"{username}@example.org"
        )
        Profile.objects.create(user=user, area=area, role=role)
        person = people.get(username)
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])
        accounts.append((username, DEMO_PASSWORD, UserRole(role).label))
    return accounts


def _network_ties(rng, area, network, schools, partners, staff, scale) -> list[Tie]:
    ties: list[Tie] = []

    def org_tie(a, b, kind, directed=True):
        ties.append(
            Tie(
                area=area,
                network=network,
                source_organisation=a,
                target_organisation=b,
                type=kind,
                weight=rng.choice([1, 1, 2, 3]),
                directed=directed,
                observed_on=_date(rng),
                provenance=rng.choice([Provenance.SURVEY, Provenance.ACTIVITY]),
            )
        )

    secondaries, special, primaries = schools[:3], schools[3], schools[4:]
    for i, p in enumerate(primaries):  # primaries cluster around a secondary
        hub = secondaries[i % 3]
        org_tie(p, hub, TieType.COLLABORATION)
        org_tie(hub, p, TieType.ADVICE)
    for a in primaries:
        for b in primaries:
            if a != b and rng.random() < 0.25:
                org_tie(a, b, rng.choice([TieType.KNOWLEDGE_EXCHANGE, TieType.ADVICE]))
    for s in rng.sample(schools, 5):
        org_tie(special, s, TieType.ADVICE)
    la = partners[-1]
    for s in schools:
        if rng.random() < 0.6:
            org_tie(s, la, TieType.ADVICE)
    for p in partners[:-1]:
        org_tie(la, p, TieType.COLLABORATION, directed=False)
    for p in partners[:-1]:
        for s in rng.sample(schools, rng.randrange(1, 4)):
            kind = (
                TieType.REFERRAL
                if p.kind in (OrganisationKind.SOCIAL_CARE, OrganisationKind.HEALTH)
                else TieType.RESOURCE
            )
            org_tie(s, p, kind)
    for a, b in zip(partners[:-2], partners[1:-1], strict=True):
        if rng.random() < 0.5:
            org_tie(a, b, TieType.KNOWLEDGE_EXCHANGE, directed=False)
    # People: co-participation in learning activities and advice between staff.
    # Co-participation ties come from the recorded learning activities
    # (nlc.web.learning.demo); the draws are still made so that the rest stays as it was.
    for _ in range(250 * scale):
        a, b = rng.sample(staff, 2)
        kind = rng.choice([TieType.ADVICE, TieType.CO_PARTICIPATION, TieType.KNOWLEDGE_EXCHANGE])
        directed, observed_on = rng.random() < 0.7, _date(rng)
        if kind == TieType.CO_PARTICIPATION:
            continue
        ties.append(
            Tie(
                area=area,
                network=network,
                source_person=a,
                target_person=b,
                type=kind,
                directed=directed,
                observed_on=observed_on,
                provenance=Provenance.SURVEY,
            )
        )
    return ties
