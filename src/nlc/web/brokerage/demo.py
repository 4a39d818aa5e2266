"""The demonstration's brokerage (called by :func:`nlc.web.demo.load_demo`).

Adds three organisations that are not members (a school and a business in the first
network's place, a business in the fourth's) with ties to two members each, recorded outside
any network's work, so that membership and partnership suggestions have something to find;
a resource register whose offers meet some needs; introductions in every state, the
successful one with its brokered tie; and names the facilitator of the first network a
broker. None of it changes a network's own ties or measures: the added ties belong to no
network.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import AnonymousUser

from nlc.web.brokerage import services
from nlc.web.brokerage.models import Broker, Level, Resource, ResourceKind, Side
from nlc.web.registry.models import Area, Network, Organisation, OrganisationKind, Person, Phase
from nlc.web.ties.models import Provenance, Tie, TieType

#: (network's place in the order made, name, kind, phase): few, so that the demo's other
#: figures (organisations per page, schools per place) stay as they were.
OUTSIDERS = [
    (0, "{} Willow Primary", OrganisationKind.SCHOOL, Phase.PRIMARY),
    (0, "{} Chamber of Commerce", OrganisationKind.BUSINESS, Phase.NOT_APPLICABLE),
    (3, "{} Chamber of Commerce", OrganisationKind.BUSINESS, Phase.NOT_APPLICABLE),
]
#: (member name ending, side, kind, description)
REGISTER = [
    (
        "Community Health Team",
        Side.OFFER,
        ResourceKind.EXPERTISE,
        "Speech and language therapy advice for early years staff",
    ),
    (
        "Primary",
        Side.NEED,
        ResourceKind.EXPERTISE,
        "Advice on speech and language for reception children",
    ),
    (
        "Central Library",
        Side.OFFER,
        ResourceKind.VENUES,
        "Meeting room for evening family learning sessions",
    ),
    (
        "Family Support Project",
        Side.NEED,
        ResourceKind.VENUES,
        "A room for evening family learning sessions",
    ),
    ("College", Side.OFFER, ResourceKind.TIME, "Student volunteers to mentor pupils in transition"),
    ("Academy", Side.NEED, ResourceKind.TIME, "Mentors for pupils in transition to secondary"),
    (
        "Children's Social Care",
        Side.OFFER,
        ResourceKind.DATA,
        "Anonymised attendance and referral data by ward",
    ),
    ("Youth Association", Side.NEED, ResourceKind.FUNDING, "A small grant for a summer club"),
]
WHEN = dt.date(2025, 11, 3)


def _outsiders(rng: random.Random, area: Area, networks: list[Network]) -> list[Tie]:
    """The organisations of :data:`OUTSIDERS`, each tied to two members of its network."""
    ties = []
    for index, pattern, kind, phase in OUTSIDERS:
        if index >= len(networks):
            continue
        network = networks[index]
        place = network.name.removesuffix(" Community Leadership Network")
        organisation = Organisation.objects.create(
            area=area, name=pattern.format(place), kind=kind, phase=phase, local_authority=place
        )
        members = list(Organisation.objects.filter(memberships__network=network).order_by("pk"))
        for member in rng.sample(members, 2):
            ties.append(
                Tie(
                    area=area,
                    source_organisation=organisation,
                    target_organisation=member,
                    type=TieType.COLLABORATION,
                    directed=False,
                    observed_on=WHEN - dt.timedelta(days=rng.randrange(30, 400)),
                    provenance=Provenance.IMPORT,
                    provenance_detail="Demonstration data",
                )
            )
    return ties


def _register(network: Network) -> int:
    members = list(Organisation.objects.filter(memberships__network=network).order_by("pk"))
    rows = []
    for ending, side, kind, text in REGISTER:
        organisation = next((o for o in members if o.name.endswith(ending)), None)
        if organisation is not None:
            rows.append(
                Resource(
                    organisation=organisation,
                    side=side,
                    kind=kind,
                    description=text,
                    start_date=dt.date(2025, 9, 1),
                )
            )
    return len(Resource.objects.bulk_create(rows))


def _introductions(area: Area, network: Network) -> None:
    """Four introductions in the first network: proposed, one side agreed, met, successful
    (between a member and an organisation outside, so the brokered tie is in no network)."""
    nobody = AnonymousUser()
    members = list(Organisation.objects.filter(memberships__network=network).order_by("pk"))
    schools = [o for o in members if o.kind == OrganisationKind.SCHOOL]
    outside = Organisation.objects.filter(area=area, memberships__isnull=True).order_by("pk")
    plan = [
        (network, ("o", schools[4].pk, schools[7].pk), Level.SUGGEST, []),
        (network, ("o", schools[5].pk, schools[9].pk), Level.EMAIL, ["agree_a"]),
        (
            network,
            ("o", schools[6].pk, schools[10].pk),
            Level.IN_PERSON,
            ["agree_a", "agree_b", "met"],
        ),
        (
            None,
            ("o", schools[0].pk, outside[0].pk),
            Level.JOINT_WORK,
            ["agree_b", "agree_a", "met", "succeed"],
        ),
    ]
    for i, (where, ends, level, steps) in enumerate(plan):
        day = WHEN + dt.timedelta(days=14 * i)
        intro = services.start_introduction(
            area,
            ends,
            by=nobody,
            network=where,
            level=level,
            today=day,
            notes="Demonstration introduction.",
        )
        intro.reasons = ["Both work with the same secondary school, but not with each other."]
        intro.save(update_fields=["reasons"])
        for j, step in enumerate(steps):
            services.advance_introduction(
                intro, step, by=nobody, today=day + dt.timedelta(days=10 * (j + 1))
            )


def load_brokerage_demo(area: Area, seed: int = 2007, *, broker: Person | None = None) -> int:
    """Seed the demonstration's brokerage; returns the number of register entries."""
    rng = random.Random(seed * 7 + 1)
    networks = list(Network.objects.filter(area=area).order_by("pk"))
    Tie.objects.bulk_create(_outsiders(rng, area, networks))
    entries = sum(_register(network) for network in networks)
    if networks:
        _introductions(area, networks[0])
    if broker is not None:
        Broker.objects.create(area=area, person=broker)
    return entries
