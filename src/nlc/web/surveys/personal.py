"""What the surveys app holds about a person (see :mod:`nlc.web.audit.personal`): their
invitations to survey waves (with the consent they gave) and the answers they gave. Answers
others gave that name them are other people's data and are not listed; they go when the
person is erased (they named someone who no longer exists).

On erasure each invitation is withdrawn as the respondent could withdraw it themself (their
answers go and a closed wave's ties are computed again without them, so the organisation
ties their answers made go too), then deleted.
"""

from __future__ import annotations

from nlc.web.audit.personal import PersonalData, register_personal_data
from nlc.web.surveys.models import Answer, Invitation
from nlc.web.surveys.services import withdraw


def _when(value) -> str | None:
    return value.isoformat() if value else None


def invitations(person) -> list[dict]:
    rows = Invitation.objects.filter(person=person).select_related("wave__survey__network")
    return [
        {
            "survey": i.wave.survey.title,
            "network": i.wave.survey.network.name,
            "wave": i.wave.number,
            "status": i.get_status_display(),
            "consent_given": _when(i.consent_at),
            "completed": _when(i.completed_at),
            "withdrawn": _when(i.withdrawn_at),
        }
        for i in rows.order_by("wave__opens_on", "pk")
    ]


def _named(answer: Answer) -> str:
    if answer.alter_person_id is not None:
        return f"Person {answer.alter_person_id}"  # other people by number only
    if answer.alter_organisation_id is not None:
        return answer.alter_organisation.name
    return answer.alter_text


def answers(person) -> list[dict]:
    rows = Answer.objects.filter(invitation__person=person).select_related(
        "question", "invitation__wave__survey", "alter_organisation"
    )
    return [
        {
            "survey": a.invitation.wave.survey.title,
            "wave": a.invitation.wave.number,
            "question": a.question.text,
            "named": _named(a),
            "value": a.value,
            "interpreters": a.interpreters or None,
        }
        for a in rows.order_by("invitation__wave__opens_on", "question__order", "pk")
    ]


def withdraw_everywhere(person) -> int:
    invited = list(Invitation.objects.filter(person=person).select_related("wave"))
    for invitation in invited:
        withdraw(invitation)
    Invitation.objects.filter(person=person).delete()
    return len(invited)


register_personal_data(
    PersonalData("survey_invitations", "Survey invitations", invitations, withdraw_everywhere, 40)
)
register_personal_data(PersonalData("survey_answers", "Survey answers", answers, None, 41))
