"""Knowledge items for the demonstration area: a school year of each network's learning.

Each network gets twelve items, one or two a month from September 2025 to July 2026, of all
five kinds, written by its leader, facilitator, teacher enquirers and partners, at every
stage of review: most published (some public), some in review, some drafts, one archived.
Accounts of practice and case studies come from one of the network's activities, when
the learning app has recorded some. The first network's member and partner accounts have a
draft (and the member an item in review) of their own, so that each demo role sees the
review from its side. Made in bulk and indexed once, so that ``nlc demo`` stays fast; its
own random seed leaves the rest of the demonstration exactly as before.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from nlc.web.knowledge import index
from nlc.web.knowledge.models import Item, Kind, Status, Version
from nlc.web.registry.models import Area, Network, NetworkRole, Person, RoleKind

__all__ = ["TEMPLATES", "load_knowledge_demo"]

# (kind, title, summary, body, ECM outcomes, theme, tags, practice fields or None)
TEMPLATES = [
    (
        Kind.PRACTICE,
        "Talk partners for pupils who rarely speak in class",
        "Structured talk roles and sentence stems helped reticent learners take part in "
        "whole-class discussion.",
        "Teachers in three primaries paired pupils as **talk partners** with rotating roles "
        "(speaker, questioner, summariser) and gave sentence stems on table cards.\n\n"
        "- Thinking time before answers\n- No hands up; names drawn at random\n"
        "- Pupils rehearse with a partner before speaking to the class",
        "enjoy_achieve,positive_contribution",
        "oracy",
        "oracy, talk partners, reticent learners",
        (
            "Talk partners with roles in every lesson for a term.",
            "Year 3 and 4 pupils identified as reticent by their teachers.",
            "Contributions counted in lesson "
            "observations rose from one to four per lesson on average.",
            "Two staff meetings; printing.",
            "emerging",
        ),
    ),
    (
        Kind.CASE_STUDY,
        "A breakfast club that cut persistent absence",
        "A secondary and its feeder primaries ran a shared breakfast club; persistent "
        "absence fell among the pupils who came.",
        "The club opened at 8:00 with the family support project. Staff from the health "
        "team joined once a week.",
        "be_healthy,enjoy_achieve",
        "attendance",
        "attendance, breakfast club, families",
        (
            "A free breakfast club run with the family support project.",
            "Year 7 pupils with attendance under 90% in Year 6.",
            "Attendance data before and after, for attenders and a comparison group.",
            "About £40 a week for food; two staff.",
            "promising",
        ),
    ),
    (
        Kind.TOOL,
        "Learning walk observation schedule",
        "A one-page schedule for observing classrooms on a learning walk across schools.",
        "Use it in pairs. Record what pupils do, not what the teacher does. Agree the "
        "focus before the walk and share notes the same day.",
        "enjoy_achieve",
        "learning walks",
        "learning walk, observation, template",
        None,
    ),
    (
        Kind.THINK_PIECE,
        "Why a network learns faster than a school alone",
        "Joint enquiry between schools and partners spreads practice when people meet "
        "often and across roles.",
        "Ties between schools that rarely met grew through shared learning walks. "
        "*Brokers* who know both sides matter more than formal meetings.",
        "positive_contribution",
        "collaboration",
        "networks, brokerage, joint enquiry",
        None,
    ),
    (
        Kind.DATA_SET,
        "Pupil voice survey results, autumn term",
        "Answers of 1,200 pupils in eight schools to the network's pupil voice survey.",
        "One row per question and school: the share of pupils agreeing. Personal data "
        "removed; cells under ten pupils suppressed.",
        "positive_contribution",
        "pupil voice",
        "pupil voice, survey, data",
        None,
    ),
    (
        Kind.PRACTICE,
        "Transition mentors for Year 6 pupils",
        "Year 8 mentors met Year 6 pupils through the summer term; worries about moving "
        "school fell.",
        "Mentors were trained by the youth association and met their Year 6 partners "
        "fortnightly, in both schools.",
        "stay_safe,enjoy_achieve",
        "transition",
        "transition, mentoring, Year 6",
        (
            "Fortnightly meetings between Year 8 mentors and Year 6 pupils.",
            "Year 6 pupils their teachers thought anxious about moving.",
            "A worry questionnaire before and after; fewer pupils reported high worry.",
            "Half a day of training; staff time to arrange meetings.",
            "emerging",
        ),
    ),
    (
        Kind.CASE_STUDY,
        "Family learning in the library after school",
        "Parents and children learnt together in weekly library sessions run with the schools.",
        "Sessions mixed reading, number games and homework help. Librarians and teaching "
        "assistants ran them together.",
        "enjoy_achieve,economic_wellbeing",
        "family learning",
        "families, library, reading",
        (
            "Weekly sessions for families at the central library.",
            "Families of pupils below expected reading levels.",
            "Library records and reading ages; families kept coming.",
            "Librarian and assistant time, two hours a week.",
            "anecdotal",
        ),
    ),
    (
        Kind.TOOL,
        "Referral form agreed with health partners",
        "A one-page form for referring a pupil to the school nursing team, agreed by all schools.",
        "The form asks what has been tried, who else is involved and what the family "
        "knows. It replaces five forms.",
        "be_healthy,stay_safe",
        "health",
        "referral, health, school nurse",
        None,
    ),
    (
        Kind.PRACTICE,
        "Employers in the classroom: careers conversations",
        "Local employers met Year 9 pupils in small groups; pupils' aspirations widened.",
        "Each employer talked with groups of six about their work and the route into it.",
        "economic_wellbeing,enjoy_achieve",
        "aspiration",
        "careers, employers, aspiration",
        (
            "Small-group conversations with employers, three times a year.",
            "Year 9 pupils in all secondaries.",
            "A short survey of pupils' hoped-for jobs before and after.",
            "A morning per visit; no cost.",
            "anecdotal",
        ),
    ),
    (
        Kind.THINK_PIECE,
        "Safeguarding is a network's work, not one school's",
        "When police, social care and schools share one picture, pupils at risk are seen sooner.",
        "Monthly meetings between the neighbourhood policing team, social care and "
        "designated leads built trust and quicker referrals.",
        "stay_safe",
        "safeguarding",
        "safeguarding, multi-agency, police",
        None,
    ),
    (
        Kind.TOOL,
        "Lesson study planning template",
        "A template for planning a research lesson with case pupils and predictions.",
        "Plan the lesson together, choose three case pupils, write what you expect each to "
        "do, observe, and discuss what happened.",
        "enjoy_achieve",
        "lesson study",
        "lesson study, planning, template",
        None,
    ),
    (
        Kind.CASE_STUDY,
        "Pupils planning their neighbourhood's play space",
        "Pupils from four schools worked with the council to design a play space; their "
        "plan was built.",
        "Pupil representatives surveyed classmates, visited sites and presented to councillors.",
        "positive_contribution,be_healthy",
        "pupil voice",
        "pupil voice, regeneration, council",
        (
            "Pupil representatives surveyed, visited and presented.",
            "Pupils of four schools near the site.",
            "The plan was adopted; pupils' survey shows use.",
            "Staff time for visits; council officer time.",
            "anecdotal",
        ),
    ),
]
# Stages of the twelve items of a network, in date order.
_STAGES = [Status.PUBLISHED] * 6 + [Status.ARCHIVED] + [Status.PUBLISHED] * 2 + [
    Status.IN_REVIEW, Status.IN_REVIEW, Status.DRAFT,
]  # fmt: skip
_FIRST = dt.date(2025, 9, 8)


def _people(network: Network) -> list[Person]:
    roles = NetworkRole.objects.filter(network=network, person__is_pupil=False).exclude(
        role=RoleKind.PUPIL_REPRESENTATIVE
    )
    return [r.person for r in roles.select_related("person__organisation").order_by("pk")]


def load_knowledge_demo(area: Area, seed: int = 2007, own: dict | None = None) -> int:
    """Add the knowledge items of every network of ``area`` and index them; returns how many.

    ``own`` maps ``"member"`` and ``"partner"`` to the people of those demo accounts (in
    the first network), who then author a draft each (and the member an item in review).
    """
    rng = random.Random(seed + 15)
    own = own or {}
    rows: list[tuple[Item, list[Network], list[Person]]] = []
    for n, network in enumerate(Network.objects.filter(area=area).order_by("pk")):
        people = _people(network)
        place = network.name.removesuffix(" Community Leadership Network")
        order = TEMPLATES[n % len(TEMPLATES) :] + TEMPLATES[: n % len(TEMPLATES)]
        for k, (template, stage) in enumerate(zip(order, _STAGES, strict=False)):
            authors = rng.sample(people, min(len(people), rng.choice([1, 1, 2])))
            if n == 0 and k == 9 and own.get("member"):
                authors = [own["member"]]
            if n == 0 and k == 11 and own.get("member"):
                authors = [own["member"]]
            if n == 0 and k == 10 and own.get("partner"):
                authors, stage = [own["partner"]], Status.DRAFT
            date = _FIRST + dt.timedelta(days=k * 27 + rng.randrange(10))
            rows.append(
                (_item(area, place, template, stage, date, public=k % 3 == 0), [network], authors)
            )
    _from_activities(area, rows)
    items = Item.objects.bulk_create([r[0] for r in rows])
    through = Item.networks.through, Item.authors.through, Item.organisations.through
    through[0].objects.bulk_create(
        [
            through[0](item_id=i.pk, network_id=nw.pk)
            for i, (_, nws, _) in zip(items, rows, strict=True)
            for nw in nws
        ]
    )
    through[1].objects.bulk_create(
        [
            through[1](item_id=i.pk, person_id=p.pk)
            for i, (_, _, ps) in zip(items, rows, strict=True)
            for p in ps
        ]
    )
    through[2].objects.bulk_create(
        [
            through[2](item_id=i.pk, organisation_id=o)
            for i, (_, _, ps) in zip(items, rows, strict=True)
            for o in sorted({p.organisation_id for p in ps})
        ]
    )
    Version.objects.bulk_create(
        [
            Version(
                item=i, number=1, changed="created", values={"title": i.title, "status": i.status}
            )
            for i in items
        ]
    )
    index.rebuild()
    return len(items)


def _from_activities(area: Area, rows) -> None:
    """Tie each network's accounts of practice and case studies to its activities (when
    the learning app has made some), in date order."""
    from nlc.web.knowledge.forms import activity_model

    model = activity_model()
    if model is None:
        return
    kind = ContentType.objects.get_for_model(model)
    by_network: dict[int, list[int]] = {}
    for pk, network in model.objects.filter(network__area=area).values_list("pk", "network"):
        by_network.setdefault(network, []).append(pk)
    for item, networks, _ in rows:
        found = by_network.get(networks[0].pk)
        if found and item.kind in (Kind.PRACTICE, Kind.CASE_STUDY):
            item.activity_type, item.activity_id = kind, found[len(item.title) % len(found)]


def _item(area: Area, place: str, template, stage: str, date: dt.date, *, public: bool) -> Item:
    kind, title, summary, body, ecm, theme, tags, practice = template
    fields = {}
    if practice:
        keys = ("what_was_done", "for_whom", "what_changed", "cost_and_time", "evidence")
        fields = dict(zip(keys, practice, strict=True))
    published = stage in (Status.PUBLISHED, Status.ARCHIVED)
    return Item(
        area=area,
        kind=kind,
        title=f"{title} ({place})",
        summary=summary,
        body=body,
        ecm=ecm,
        theme=theme,
        tags=tags,
        date=date,
        status=stage,
        public=public and stage == Status.PUBLISHED,
        published_at=(
            timezone.make_aware(dt.datetime.combine(date + dt.timedelta(days=7), dt.time(9)))
            if published
            else None
        ),
        contact=f"The network's facilitator in {place}" if practice else "",
        **fields,
    )
