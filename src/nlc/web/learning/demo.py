"""The demonstration networks' learning activities: for each network, two school years of
its shared work, every kind at least once, with participants, steps, case pupils, debriefs
and practices travelling to other schools. Their participation makes the demo's
co-participation ties (:func:`nlc.web.learning.services.sync_coparticipation_ties`).

Made deterministically from the network's random generator; everything is saved in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from nlc.web.learning.models import (
    Activity,
    ActivityStatus,
    AdoptionEvent,
    CaseObservation,
    CasePupil,
    Participant,
    Step,
)
from nlc.web.learning.services import sync_coparticipation_ties

__all__ = ["load_activities"]

TECHNIQUES = [
    "Talk partners with sentence stems",
    "Bar models for fractions",
    "Reciprocal reading",
    "Think-pair-share with wait time",
    "Visualisers for live modelling",
    "Retrieval starters",
    "Worked examples faded step by step",
    "Vocabulary walls built with pupils",
]
QUESTIONS = [
    "How can we help families support reading at home?",
    "What helps pupils who are anxious about moving to secondary school?",
    "How do we make pupil voice shape our plans, not just our displays?",
    "Which early signs of need do our agencies each see first?",
]
LEADERSHIP = [
    "How do we lead learning beyond our own school gates?",
    "What does distributed leadership look like in a network?",
]
ATTAINMENT = ["working below", "working at", "working above"]
#: Kind, how many a network runs in the two years, and the months they start in.
PROGRAMME = [
    ("building_capacity", [(2024, 9)]),
    ("futures", [(2024, 11), (2026, 6)]),
    ("learning_walk", [(2024, 10), (2025, 2), (2025, 10), (2026, 3)]),
    ("lesson_study", [(2025, 1), (2026, 1)]),
    ("enquiry", [(2024, 11), (2025, 9)]),
    ("pupil_involvement", [(2025, 3), (2026, 2)]),
    ("cll_group", [(2024, 10), (2025, 11)]),
]
#: Activities starting after this day are still under way; after the next, planned.
UNDER_WAY_FROM = dt.date(2026, 3, 1)
PLANNED_FROM = dt.date(2026, 6, 15)


@dataclass
class _Batch:
    """Everything made for one network, saved together."""

    activities: list[Activity] = field(default_factory=list)
    hosts: list[tuple[Activity, int]] = field(default_factory=list)
    people: list[tuple[Activity, object, str]] = field(default_factory=list)
    steps: list[tuple[Activity, Step]] = field(default_factory=list)
    pupils: list[tuple[Activity, CasePupil]] = field(default_factory=list)
    adoptions: list[tuple[Activity, AdoptionEvent]] = field(default_factory=list)


def _day(rng: random.Random, year: int, month: int) -> dt.date:
    return dt.date(year, month, rng.randrange(3, 26))


def _status(day: dt.date) -> str:
    if day >= PLANNED_FROM:
        return ActivityStatus.PLANNED
    if day >= UNDER_WAY_FROM:
        return ActivityStatus.UNDER_WAY
    return ActivityStatus.DONE


def _staff(by_org, organisation, n: int = 1) -> list:
    return [p for p in by_org[organisation.pk] if not p.is_pupil][:n]


def _pupil(by_org, organisation):
    return next((p for p in by_org[organisation.pk] if p.is_pupil), None)


def _details(rng, kind: str, place: str, technique: str) -> dict:
    question = rng.choice(QUESTIONS)
    purpose = {
        "critical_group": "Heads of the lead schools, the facilitator, two partners",
        "core_purpose": f"Every child in {place} learns well and is known well.",
        "aspirations": "Schools and agencies plan together; pupils shape the work.",
        "goals": "Two cross-school enquiries a year; a shared early-help protocol.",
        "scenarios": "Funding ends in two years; the network runs on its own time.",
    }
    return {
        "learning_walk": {
            "protocol": "Brief at 8.30; four classroom visits of 15 minutes; evidence "
            "against the focus only; debrief with the head at 11.",
            "findings": "Pupils explain their thinking when given sentence stems.",
            "next_steps": "Model stems in staff meeting; revisit in six weeks.",
        },
        "lesson_study": {
            "data_source": "Year 5 assessment: fractions the weakest strand.",
            "technique": technique,
            "public_lesson": "Open research lesson for the network in the summer term.",
        },
        "enquiry": {
            "question": question,
            "method": "Interviews, a short survey, learning walks",
            "data": "Survey of 120 families; 14 interviews",
            "coaching_pairs": "Paired across schools, primary with secondary",
            "finding": "Small, regular contact works better than big events.",
        },
        "pupil_involvement": {"purpose": "Pupil researchers gather views on transition."},
        "cll_group": {"question": rng.choice(LEADERSHIP)},
        "building_capacity": purpose,
        "futures": purpose,
    }[kind]


def _people_for(rng, kind: str, host, schools, partners, by_org) -> list[tuple[object, str]]:
    """(person, role in the activity) of one activity."""
    others = [s for s in schools if s is not host]
    if kind == "learning_walk":
        people = [(p, "host") for p in _staff(by_org, host, 2)]
        people += [(_staff(by_org, s)[0], "walker") for s in rng.sample(others, 4)]
        guide = _pupil(by_org, host)
        return people + ([(guide, "pupil_guide")] if guide else [])
    if kind == "lesson_study":
        return [(_staff(by_org, s, 2)[-1], "team_member") for s in [host, *rng.sample(others, 2)]]
    if kind == "enquiry":
        return [(_staff(by_org, s, 3)[-1], "enquirer") for s in [host, *rng.sample(others, 4)]]
    if kind == "pupil_involvement":
        pupils = [_pupil(by_org, s) for s in schools]
        pupils = [p for p in pupils if p is not None]
        people = [(p, "pupil_researcher") for p in rng.sample(pupils, 4)]
        return people + [(_staff(by_org, host)[0], "facilitator")]
    if kind == "cll_group":
        return [(_staff(by_org, s)[0], "member") for s in rng.sample(schools, 5)]
    heads = [(_staff(by_org, s)[0], "member") for s in rng.sample(schools, 3)]
    return heads + [(_staff(by_org, p)[0], "member") for p in rng.sample(partners, 3)]


def _steps(rng, kind: str, day: dt.date, technique: str) -> list[Step]:
    spec = {
        "learning_walk": ("Classroom visit", 4),
        "lesson_study": ("Research lesson", 3),
        "enquiry": ("Cycle", 2),
        "pupil_involvement": ("Session", 2),
        "cll_group": ("Session", 3),
        "building_capacity": ("Meeting", 2),
        "futures": ("Workshop", 1),
    }
    label, n = spec[kind]
    steps = []
    for i in range(n):
        when = day + dt.timedelta(days=(0 if kind == "learning_walk" else 21 * i))
        steps.append(
            Step(
                title=f"{label} {i + 1}",
                date=when,
                prediction="Pupils will use the stems unprompted." if kind == "enquiry" else "",
                action=f"Taught with {technique.lower()}." if kind == "lesson_study" else "",
                observation=rng.choice(
                    [
                        "Most pairs used the stems; two pupils stayed silent.",
                        "Questions were open; pupils answered at length.",
                        "Work was well matched; a few finished early.",
                    ]
                ),
                next_steps="Refine the prompts." if kind != "learning_walk" else "",
            )
        )
    return steps


def _activity(rng, batch: _Batch, network, kind: str, when, context) -> None:
    place, schools, partners, by_org = context
    day = _day(rng, *when)
    host = rng.choice(schools[:4] if kind == "learning_walk" else schools)
    technique = rng.choice(TECHNIQUES)
    status = _status(day)
    details = _details(rng, kind, place, technique)
    title = {
        "learning_walk": f"Learning walk at {host.name}",
        "lesson_study": f"Lesson study: {technique.lower()}",
        "enquiry": "Enquiry: " + details.get("question", "").rstrip("?"),
        "pupil_involvement": "Pupil researchers on transition",
        "cll_group": f"Leadership learning group {when[0]}",
        "building_capacity": "Building capacity: our core purpose",
        "futures": f"Futures thinking {when[0]}",
    }[kind]
    if status == ActivityStatus.PLANNED:
        details = {k: "" for k in details}
    activity = Activity(
        network=network,
        kind=kind,
        title=title[:200],
        focus=network.focus,
        start_date=day,
        end_date=day + dt.timedelta(days=0 if kind == "learning_walk" else 90),
        status=status,
        details=details,
        outcomes="" if status != ActivityStatus.DONE else "Shared at the network meeting.",
    )
    batch.activities.append(activity)
    batch.hosts.append((activity, host.pk))
    for person, role in _people_for(rng, kind, host, schools, partners, by_org):
        batch.people.append((activity, person, role))
    if status != ActivityStatus.PLANNED:
        batch.steps += [(activity, s) for s in _steps(rng, kind, day, technique)]
    if kind == "lesson_study":
        for letter, level in zip("ABC", ATTAINMENT, strict=True):
            pupil = CasePupil(label=f"Case pupil {letter}", year_group="Year 5", attainment=level)
            batch.pupils.append((activity, pupil))
    if status == ActivityStatus.DONE and kind in ("lesson_study", "enquiry"):
        practice = technique if kind == "lesson_study" else "Cross-school coaching pairs"
        for k, school in enumerate(rng.sample([s for s in schools if s is not host], 2)):
            adopted = day + dt.timedelta(days=120 + 45 * k + rng.randrange(30))
            batch.adoptions.append(
                (
                    activity,
                    AdoptionEvent(organisation=school, practice=practice, adopted_on=adopted),
                )
            )


def _save(batch: _Batch) -> None:
    Activity.objects.bulk_create(batch.activities)
    Activity.hosts.through.objects.bulk_create(
        [Activity.hosts.through(activity_id=a.pk, organisation_id=o) for a, o in batch.hosts]
    )
    seen = set()
    participants = []
    for a, person, role in batch.people:
        if (a.pk, person.pk) not in seen:
            seen.add((a.pk, person.pk))
            participants.append(
                Participant(
                    activity=a, person=person, organisation_id=person.organisation_id, role=role
                )
            )
    Participant.objects.bulk_create(participants)
    for a, step in batch.steps:
        step.activity = a
    Step.objects.bulk_create([s for _, s in batch.steps])
    for a, pupil in batch.pupils:
        pupil.activity = a
    CasePupil.objects.bulk_create([p for _, p in batch.pupils])
    observations = []
    pupils_of: dict[int, list[CasePupil]] = {}
    for a, pupil in batch.pupils:
        pupils_of.setdefault(a.pk, []).append(pupil)
    for a, step in batch.steps:
        for pupil in pupils_of.get(a.pk, []):
            observations.append(
                CaseObservation(
                    step=step,
                    pupil=pupil,
                    predicted=f"{pupil.label} will need the model to start.",
                    observed=f"{pupil.label} started alone once the bar was drawn.",
                )
            )
    CaseObservation.objects.bulk_create(observations)
    for a, event in batch.adoptions:
        event.activity = a
    AdoptionEvent.objects.bulk_create([e for _, e in batch.adoptions])


def load_activities(rng: random.Random, network, place: str, schools, partners, by_org) -> int:
    """Create ``network``'s activities and their co-participation ties; returns how many
    activities were made."""
    batch = _Batch()
    context = (place, schools, partners, by_org)
    for kind, months in PROGRAMME:
        for when in months:
            _activity(rng, batch, network, kind, when, context)
    _save(batch)
    sync_coparticipation_ties(network)
    return len(batch.activities)
