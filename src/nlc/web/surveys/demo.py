"""The demonstration surveys (called by :func:`nlc.web.demo.load_demo`).

Each network gets a survey from the library (advice, collaboration, knowledge exchange):

- wave 1, in the first school year (May 2025), closed: its staff invited, about three in
  four answered. Its answers are the demonstration's own survey ties between people of that
  year (the tie's source named its target), so the closed wave is what made them: they are
  linked to the wave (:class:`WaveTie`) and the demonstration's tie counts and measures stay
  as they were (no tie is added, and none is changed).
- wave 2, in the second year (from June 2026), open until four weeks from today: the same
  people invited, about half complete, a few partial or only opened; respondents of wave 1
  confirmed their earlier ties (preloaded) and named a few new people.

Rows are bulk-created (no audit entries, as for the rest of the demonstration).
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from nlc.web.surveys import services, tokens
from nlc.web.surveys.forms import CONSENT
from nlc.web.surveys.models import (
    Answer,
    Invitation,
    InvitationStatus,
    Survey,
    Wave,
    WaveStatus,
    WaveTie,
)
from nlc.web.ties.models import Provenance, Tie

FIRST_YEAR = (dt.date(2024, 9, 1), dt.date(2025, 8, 31))
WAVE_1 = (dt.date(2025, 5, 1), dt.date(2025, 5, 31))
WAVE_2_OPENS = dt.date(2026, 6, 1)


def _invitations(
    wave, people, statuses: dict[int, str], when: dt.datetime
) -> dict[int, Invitation]:
    rows = []
    for person in people:
        status = statuses.get(person.pk, InvitationStatus.INVITED)
        answered = status in (InvitationStatus.PARTIAL, InvitationStatus.COMPLETE)
        rows.append(
            Invitation(
                wave=wave,
                person=person,
                status=status,
                **tokens.new_secret(),
                emailed_at=when,
                opened_at=when if status != InvitationStatus.INVITED else None,
                completed_at=when if status == InvitationStatus.COMPLETE else None,
                consent_at=when if answered else None,
                consent_version=1 if answered else None,
            )
        )
    return {i.person_id: i for i in Invitation.objects.bulk_create(rows)}


def _first_wave(survey, questions, staff, rng) -> tuple[Wave, dict[int, list]]:
    """Wave 1, closed, from the network's survey ties between people of the first year."""
    wave = Wave.objects.create(
        survey=survey,
        number=1,
        opens_on=WAVE_1[0],
        closes_on=WAVE_1[1],
        status=WaveStatus.CLOSED,
        closed_at=timezone.make_aware(dt.datetime(2025, 6, 1)),
    )
    ties = list(
        Tie.objects.filter(
            network=survey.network,
            provenance=Provenance.SURVEY,
            source_person__isnull=False,
            observed_on__range=FIRST_YEAR,
            source_person__in=staff,
        ).order_by("pk")
    )
    named: dict[int, list] = {}
    for tie in ties:
        named.setdefault(tie.source_person_id, []).append(tie)
    others = [p for p in staff if p.pk not in named]
    rng.shuffle(others)
    extra = max(0, round(0.75 * len(staff)) - len(named))  # about three in four answered
    statuses = {pk: InvitationStatus.COMPLETE for pk in named}
    statuses.update({p.pk: InvitationStatus.COMPLETE for p in others[:extra]})
    statuses.update({p.pk: InvitationStatus.OPENED for p in others[extra : extra + 3]})
    when = timezone.make_aware(dt.datetime(2025, 5, 12, 9))
    invitations = _invitations(wave, staff, statuses, when)
    answers, links = [], []
    for person, made in named.items():
        for tie in made:
            answers.append(
                Answer(
                    invitation=invitations[person],
                    question=questions[tie.type],
                    alter_person_id=tie.target_person_id,
                    interpreters={
                        "frequency": min(4, max(1, round(tie.weight)) + rng.randrange(2))
                    },
                )
            )
            links.append(WaveTie(wave=wave, tie=tie, invitation=invitations[person]))
    Answer.objects.bulk_create(answers)
    WaveTie.objects.bulk_create(links)
    return wave, named


def _second_wave(survey, staff, named, rng) -> Wave:
    """Wave 2, open: about half complete, some partial or only opened, the rest invited."""
    today = timezone.localdate()
    wave = Wave.objects.create(
        survey=survey,
        number=2,
        opens_on=WAVE_2_OPENS,
        closes_on=max(today + dt.timedelta(days=28), WAVE_2_OPENS + dt.timedelta(days=30)),
        status=WaveStatus.OPEN,
    )
    statuses = {}
    for person in staff:
        draw = rng.random()
        statuses[person.pk] = (
            InvitationStatus.COMPLETE
            if draw < 0.5
            else InvitationStatus.PARTIAL
            if draw < 0.6
            else InvitationStatus.OPENED
            if draw < 0.72
            else InvitationStatus.INVITED
        )
    when = timezone.make_aware(dt.datetime(2026, 6, 3, 9))
    invitations = _invitations(wave, staff, statuses, when)
    before = Answer.objects.filter(invitation__wave__survey=survey, invitation__wave__number=1)
    earlier: dict[int, list[Answer]] = {}
    for a in before.select_related("invitation"):
        earlier.setdefault(a.invitation.person_id, []).append(a)
    rows = []
    for person, invitation in invitations.items():
        if invitation.status in (InvitationStatus.INVITED, InvitationStatus.WITHDRAWN):
            continue
        answered = invitation.status != InvitationStatus.OPENED
        for a in earlier.get(person, []):  # preloaded; respondents kept most of them
            keep = answered and rng.random() < 0.85
            rows.append(
                Answer(
                    invitation=invitation,
                    question_id=a.question_id,
                    alter_person_id=a.alter_person_id,
                    interpreters=a.interpreters,
                    carried=True,
                    confirmed=keep,
                )
            )
        if answered and rng.random() < 0.5:
            alter = rng.choice(staff)
            if alter.pk != person:
                question = survey.questions.order_by("order").first()
                rows.append(
                    Answer(
                        invitation=invitation,
                        question=question,
                        alter_person=alter,
                        interpreters={"frequency": rng.randrange(1, 5)},
                    )
                )
    Answer.objects.bulk_create(rows)
    return wave


def load_survey_demo(network, rng: random.Random) -> Survey:
    """One network's survey with its two waves."""
    survey = services.create_survey(
        network,
        title="Who works with whom",
        consent_text=CONSENT,
        sets=["advice", "collaboration", "knowledge"],
    )
    questions = {q.tie_type: q for q in survey.questions.all()}
    staff = list(services.network_people(network).filter(is_pupil=False).order_by("pk"))
    _, named = _first_wave(survey, questions, staff, rng)
    _second_wave(survey, staff, named, rng)
    return survey


def load_surveys(area, seed: int) -> None:
    """Give every network of the demonstration ``area`` its survey (its own seeded random
    numbers, so the rest of the demonstration stays as it was)."""
    for i, network in enumerate(area.networks.order_by("pk")):
        load_survey_demo(network, random.Random(seed * 1000 + i))
