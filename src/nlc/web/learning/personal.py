"""What the learning app holds about a person: their parts in activities and the evidence
they wrote there (see :mod:`nlc.web.audit.personal`)."""

from __future__ import annotations

from nlc.web.audit.personal import PersonalData, register_personal_data
from nlc.web.learning.models import Participant, Step
from nlc.web.learning.services import sync_coparticipation_ties
from nlc.web.registry.models import Network


def participations(person) -> list[dict]:
    """The person's parts in learning activities, with the evidence they wrote there (their
    contribution, and the steps they are the author of)."""
    written: dict[int, list[dict]] = {}
    for step in Step.objects.filter(author=person).order_by("date", "pk"):
        written.setdefault(step.activity_id, []).append(
            {
                "title": step.title,
                "date": step.date.isoformat() if step.date else None,
                "prediction": step.prediction,
                "action": step.action,
                "observation": step.observation,
                "next_steps": step.next_steps,
            }
        )
    parts = Participant.objects.filter(person=person).select_related(
        "activity__network", "organisation"
    )
    return [
        {
            "activity": part.activity.title,
            "activity_id": part.activity_id,
            "kind": part.activity.get_kind_display(),
            "network": part.activity.network.name,
            "start_date": part.activity.start_date.isoformat(),
            "status": part.activity.get_status_display(),
            "organisation": part.organisation.name,
            "role": part.get_role_display(),
            "evidence": part.contribution,
            "steps_written": written.get(part.activity_id, []),
        }
        for part in parts.order_by("activity__start_date", "pk")
    ]


def leave_activities(person) -> int:
    """Delete the person's participations, then bring each network's co-participation ties
    back in step, so no tie built from their taking part survives."""
    networks = list(Network.objects.filter(activities__participants__person=person).distinct())
    _, deleted = Participant.objects.filter(person=person).delete()
    for network in networks:
        sync_coparticipation_ties(network)
    return deleted.get(Participant._meta.label, 0)


register_personal_data(
    PersonalData(
        "participations",
        "Learning activities",
        export=participations,
        erase=leave_activities,
        order=10,
    )
)
