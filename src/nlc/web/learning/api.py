"""JSON API for learning activities (the learning app's router, added to the API in
:mod:`nlc.web.api.urls`): a network's activities, one activity with its participants,
steps, case pupils and adoptions, and the writes, under the permissions of the pages
(:mod:`nlc.web.learning.access`). People are named through
:func:`nlc.web.registry.access.display_names`; case pupils have labels, never names.
Writes go through :mod:`nlc.web.learning.services`.
"""

from __future__ import annotations

from django.db.models import Count
from ninja import Query, Router

from nlc.web.api.common import changes, get, page, ref, require
from nlc.web.api.schemas import ERRORS, Id, Status
from nlc.web.learning import access as learning_access
from nlc.web.learning import services
from nlc.web.learning.models import Activity, AdoptionEvent, Participant
from nlc.web.learning.schemas import (
    ActivityDetail,
    ActivityFilters,
    ActivityIn,
    ActivityPage,
    ActivityPatch,
    AdoptionIn,
    AdoptionOut,
    ParticipantIn,
    ParticipantOut,
    ParticipantPatch,
    StepIn,
    StepOut,
)
from nlc.web.registry.api import person_names, visible_network
from nlc.web.registry.models import Organisation, Person

router = Router(tags=["activities"])


def _counted(queryset):
    return queryset.annotate(
        people=Count("participants", distinct=True), adopted=Count("adoptions", distinct=True)
    ).prefetch_related("hosts")


def _activity_out(a: Activity) -> dict:
    return {
        "id": a.pk,
        "network": a.network_id,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "title": a.title,
        "focus": a.focus,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "status": a.status,
        "hosts": [{"id": h.pk, "name": h.name} for h in a.hosts.all()],
        "notes": a.notes,
        "outcomes": a.outcomes,
        "details": a.details,
        "participants": a.people,
        "adoptions": a.adopted,
        "page_url": a.get_absolute_url(),
    }


def _participants_out(user, participants) -> list[dict]:
    participants = list(participants)
    names = person_names(user, [p.person for p in participants])
    return [
        {
            "id": p.pk,
            "person": {"id": p.person_id, "name": names[p.person_id]},
            "organisation": {"id": p.organisation_id, "name": p.organisation.name},
            "role": p.role,
            "contribution": p.contribution,
        }
        for p in participants
    ]


def _adoption_out(e: AdoptionEvent) -> dict:
    return {
        "id": e.pk,
        "activity": e.activity_id,
        "organisation": {"id": e.organisation_id, "name": e.organisation.name},
        "person": e.person_id,
        "practice": e.practice,
        "adopted_on": e.adopted_on,
        "notes": e.notes,
    }


def _visible_activity(user, pk: int) -> Activity:
    activity = get(Activity.objects.select_related("network"), pk, "activity")
    require(
        learning_access.can_view_activity(user, activity), "Your account may not see this activity."
    )
    return activity


def _detail(user, activity: Activity) -> dict:
    activity = _counted(Activity.objects.filter(pk=activity.pk)).get()
    participants = activity.participants.select_related("person", "organisation")
    steps = list(activity.steps.all())
    pupils = activity.case_pupils.prefetch_related("observations")
    return {
        **_activity_out(activity),
        "people": _participants_out(user, participants),
        "steps": [{f: getattr(s, f) for f in StepOut.model_fields} | {"id": s.pk} for s in steps],
        "case_pupils": [
            {
                "id": p.pk,
                "label": p.label,
                "year_group": p.year_group,
                "attainment": p.attainment,
                "observations": [
                    {"step": o.step_id, "predicted": o.predicted, "observed": o.observed}
                    for o in p.observations.all()
                ],
            }
            for p in pupils
        ],
        "adoption_events": [
            _adoption_out(e) for e in activity.adoptions.select_related("organisation")
        ],
        "can_edit": learning_access.can_manage_activities(user, activity.network),
        "can_contribute": learning_access.can_contribute(user, activity),
    }


def _hosts(ids: list[int]) -> list[Organisation]:
    return [ref(Organisation, pk, "hosts", "organisation") for pk in ids]


@router.get("/networks/{network_id}/activities", response={200: ActivityPage, **ERRORS})
def list_activities(request, network_id: Id, filters: Query[ActivityFilters]):
    """The network's activities the user may see, newest first."""
    network = visible_network(request.user, network_id)
    activities = learning_access.visible_activities(request.user, network)
    if filters.kind:
        activities = activities.filter(kind=filters.kind)
    if filters.status:
        activities = activities.filter(status=filters.status)
    activities = _counted(activities).order_by("-start_date", "pk")
    return page(activities, filters, lambda rows: map(_activity_out, rows))


@router.post("/networks/{network_id}/activities", response={201: ActivityDetail, **ERRORS})
def create_activity(request, network_id: Id, payload: ActivityIn):
    """Plan or record an activity (the network's leaders, facilitators, administrators)."""
    network = visible_network(request.user, network_id)
    data = changes(payload, partial=False)
    hosts = _hosts(data.pop("hosts"))
    activity = services.create_activity(request.user, network, data, hosts=hosts)
    return Status(201, _detail(request.user, activity))


@router.get("/activities/{activity_id}", response={200: ActivityDetail, **ERRORS})
def get_activity(request, activity_id: Id):
    return _detail(request.user, _visible_activity(request.user, activity_id))


@router.patch("/activities/{activity_id}", response={200: ActivityDetail, **ERRORS})
def update_activity(request, activity_id: Id, payload: ActivityPatch):
    """Change an activity; only the fields sent change (``details`` are merged)."""
    activity = _visible_activity(request.user, activity_id)
    data = changes(payload)
    hosts = _hosts(data.pop("hosts")) if data.get("hosts") is not None else None
    data.pop("hosts", None)
    services.update_activity(request.user, activity, data, hosts=hosts)
    return _detail(request.user, activity)


@router.delete("/activities/{activity_id}", response={204: None, **ERRORS})
def delete_activity(request, activity_id: Id):
    services.delete_activity(request.user, _visible_activity(request.user, activity_id))
    return Status(204, None)


@router.get(
    "/activities/{activity_id}/participants", response={200: list[ParticipantOut], **ERRORS}
)
def list_participants(request, activity_id: Id):
    activity = _visible_activity(request.user, activity_id)
    participants = activity.participants.select_related("person", "organisation")
    return _participants_out(request.user, participants)


@router.post("/activities/{activity_id}/participants", response={201: ParticipantOut, **ERRORS})
def add_participant(request, activity_id: Id, payload: ParticipantIn):
    """Add a person of a member organisation (ties follow when the activity counts)."""
    activity = _visible_activity(request.user, activity_id)
    person = ref(Person, payload.person, "person")
    organisation = (
        ref(Organisation, payload.organisation, "organisation") if payload.organisation else None
    )
    participant = services.add_participant(
        request.user, activity, person, role=payload.role.value, organisation=organisation
    )
    return Status(201, _participants_out(request.user, [participant])[0])


def _participant(user, activity_id: Id, pk: int) -> Participant:
    activity = _visible_activity(user, activity_id)
    queryset = activity.participants.select_related("person", "organisation", "activity")
    return get(queryset, pk, "participant")


@router.patch(
    "/activities/{activity_id}/participants/{participant_id}",
    response={200: ParticipantOut, **ERRORS},
)
def update_participant(request, activity_id: Id, participant_id: Id, payload: ParticipantPatch):
    """The role (stewards) or the contribution (the participant, or stewards)."""
    participant = _participant(request.user, activity_id, participant_id)
    data = changes(payload)
    if data.get("role") is not None:  # first: only stewards may, and they may do both
        services.update_participant(request.user, participant, {"role": data["role"]})
    if data.get("contribution") is not None:
        services.set_contribution(request.user, participant, data["contribution"])
    return _participants_out(request.user, [participant])[0]


@router.delete(
    "/activities/{activity_id}/participants/{participant_id}", response={204: None, **ERRORS}
)
def remove_participant(request, activity_id: Id, participant_id: Id):
    participant = _participant(request.user, activity_id, participant_id)
    services.remove_participant(request.user, participant)
    return Status(204, None)


@router.post("/activities/{activity_id}/steps", response={201: StepOut, **ERRORS})
def add_step(request, activity_id: Id, payload: StepIn):
    """Record a visit, research lesson, cycle or session (participants and stewards)."""
    activity = _visible_activity(request.user, activity_id)
    step = services.save_step(request.user, activity, changes(payload, partial=False))
    return Status(201, {f: getattr(step, f) for f in StepOut.model_fields} | {"id": step.pk})


@router.get("/networks/{network_id}/adoptions", response={200: list[AdoptionOut], **ERRORS})
def list_adoptions(request, network_id: Id):
    """Adoptions of practices from the network's activities the user may see."""
    network = visible_network(request.user, network_id)
    activities = learning_access.visible_activities(request.user, network)
    events = AdoptionEvent.objects.filter(activity__in=activities.values("pk"))
    return [_adoption_out(e) for e in events.select_related("organisation")]


@router.post("/activities/{activity_id}/adoptions", response={201: AdoptionOut, **ERRORS})
def add_adoption(request, activity_id: Id, payload: AdoptionIn):
    """Record that an organisation took up a practice from this activity."""
    activity = _visible_activity(request.user, activity_id)
    data = changes(payload, partial=False)
    data["organisation"] = ref(Organisation, data["organisation"], "organisation")
    if data.get("person") is not None:
        data["person"] = ref(Person, data["person"], "person")
    else:
        data.pop("person", None)
    return Status(201, _adoption_out(services.record_adoption(request.user, activity, data)))
