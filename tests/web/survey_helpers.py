"""Helpers of the surveys tests: a survey of the small area's led network and its answers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def make_survey(area, *, sets=("advice",), **fields):
    from nlc.web.surveys import services

    return services.create_survey(
        area.led, title="Who works with whom", consent_text="I agree.", sets=sets, **fields
    )


def open_wave(survey, days: int = 14):
    from nlc.web.surveys import services

    today = timezone.localdate()
    return services.open_wave(survey, opens_on=today, closes_on=today + dt.timedelta(days=days))


def token_of(invitation) -> str:
    from nlc.web.surveys import tokens

    return tokens.token_for(invitation.nonce)


def answer(invitation, *named, frequency=3, complete=True):
    """Consent and name people (person objects) for the survey's first question."""
    from nlc.web.surveys import services

    services.open_invitation(invitation)
    services.record_consent(invitation)
    question = invitation.wave.survey.questions.first()
    items = [
        services.Item(question=question.pk, person=p.pk, interpreters={"frequency": frequency})
        for p in named
    ]
    return services.save_response(invitation, items, complete=complete)


def invite(wave, *people):
    from nlc.web.surveys import services

    services.invite(wave, [p.pk for p in people])
    return {i.person_id: i for i in wave.invitations.all()}
