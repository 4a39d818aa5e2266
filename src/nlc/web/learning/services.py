"""Writes and reads of learning activities, for the pages, the API, the import and the demo.

Every write checks who may make it (:mod:`nlc.web.learning.access`; a refusal is
:class:`~django.core.exceptions.PermissionDenied`), validates (a
:class:`~django.core.exceptions.ValidationError` with messages per field) and saves inside
one transaction. Writes that change who took part, or whether an activity counts, end with
:func:`sync_coparticipation_ties`, which brings the network's co-participation ties in step
with its activities: every two participants of an activity that is under way or done (and
every two of their organisations, hosts included) are tied, weighted by the activities
they shared and dated by the first (:mod:`nlc.network.coparticipation`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from nlc.network.coparticipation import (
    CoTie,
    Participation,
    StoredTie,
    coparticipation_ties,
    plan_sync,
)
from nlc.web.learning import access as learning_access
from nlc.web.learning.kinds import KINDS
from nlc.web.learning.models import (
    Activity,
    ActivityStatus,
    AdoptionEvent,
    Attachment,
    CaseObservation,
    CasePupil,
    Participant,
    Step,
)
from nlc.web.registry import access
from nlc.web.registry.models import Network, Organisation, Person
from nlc.web.ties.models import Provenance, Tie, TieType

__all__ = [
    "COUNTED",
    "AdoptionRecord",
    "activity_history",
    "add_participant",
    "adoption_events",
    "check_close",
    "check_details",
    "check_no_pupil_names",
    "create_activity",
    "delete_activity",
    "record_adoption",
    "save_attachment",
    "record_case_observation",
    "remove_participant",
    "save_step",
    "set_contribution",
    "sync_coparticipation_ties",
    "update_activity",
]

#: The activities whose participants are tied: those that have taken place.
COUNTED = (ActivityStatus.UNDER_WAY, ActivityStatus.DONE)
MAX_TEXT = 10_000


# --------------------------------------------------------------------------- ties


def _participations(network: Network) -> tuple[list[Participation], list[Participation]]:
    """(people, organisations) taking part in each counted activity of ``network``."""
    activities = Activity.objects.filter(network=network, status__in=COUNTED).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.only("person_id", "organisation_id")),
        Prefetch("hosts", queryset=Organisation.objects.only("pk")),
    )
    people, organisations = [], []
    for a in activities:
        members = list(a.participants.all())
        people.append(Participation(a.pk, a.start_date, frozenset(m.person_id for m in members)))
        orgs = {m.organisation_id for m in members} | {h.pk for h in a.hosts.all()}
        organisations.append(Participation(a.pk, a.start_date, frozenset(orgs)))
    return people, organisations


def _detail(tie: CoTie) -> str:
    return f"{tie.weight} shared learning activit{'y' if tie.weight == 1 else 'ies'}"


def _sync_level(network: Network, level: str, wanted: list[CoTie]) -> dict[str, int]:
    source, target = f"source_{level}", f"target_{level}"
    stored_ties = Tie.objects.filter(
        network=network,
        provenance=Provenance.ACTIVITY,
        type=TieType.CO_PARTICIPATION,
        **{f"{source}__isnull": False},
    ).order_by("pk")
    stored = [
        StoredTie(pk, s, t, w, d)
        for pk, s, t, w, d in stored_ties.values_list(
            "pk", f"{source}_id", f"{target}_id", "weight", "observed_on"
        )
    ]
    plan = plan_sync(stored, wanted)
    Tie.objects.filter(pk__in=plan.delete).delete()
    changed, now = [], timezone.now()  # bulk_update skips auto_now: the caches key on it
    for pk, tie in plan.update:
        changed.append(
            Tie(
                pk=pk,
                weight=tie.weight,
                observed_on=tie.first,
                provenance_detail=_detail(tie),
                directed=False,
                updated_at=now,
                **{f"{source}_id": tie.source, f"{target}_id": tie.target},
            )
        )
    fields = [
        "weight",
        "observed_on",
        "provenance_detail",
        "directed",
        "updated_at",
        source,
        target,
    ]
    Tie.objects.bulk_update(changed, fields, batch_size=1000)
    Tie.objects.bulk_create(
        [
            Tie(
                area_id=network.area_id,
                network=network,
                type=TieType.CO_PARTICIPATION,
                weight=tie.weight,
                directed=False,
                observed_on=tie.first,
                provenance=Provenance.ACTIVITY,
                provenance_detail=_detail(tie),
                **{f"{source}_id": tie.source, f"{target}_id": tie.target},
            )
            for tie in plan.create
        ],
        batch_size=1000,
    )
    return {"created": len(plan.create), "updated": len(changed), "deleted": len(plan.delete)}


@transaction.atomic
def sync_coparticipation_ties(network: Network) -> dict[str, dict[str, int]]:
    """Bring the network's co-participation ties (provenance *activity*) in step with its
    activities.

    Ties between people and between organisations are recomputed from every activity of
    the network that is under way or done (:data:`COUNTED`); a stored tie of a pair still
    tied keeps its row and is changed only if its weight or date moved; ties of pairs no
    longer tied, and duplicates, are removed. Other ties are never touched.

    Returns
    -------
    dict
        For ``"person"`` and ``"organisation"``: how many ties were created, updated and
        deleted.
    """
    people, organisations = _participations(network)
    return {
        "person": _sync_level(network, "person", coparticipation_ties(people)),
        "organisation": _sync_level(network, "organisation", coparticipation_ties(organisations)),
    }


# --------------------------------------------------------------------------- checks


def check_details(kind: str, details: dict) -> dict:
    """``details`` with only the fields of ``kind``, each text; ValidationError otherwise."""
    if kind not in KINDS:
        raise ValidationError({"kind": [f"Unknown kind {kind!r}."]})
    if not isinstance(details, dict):
        raise ValidationError({"details": ["Give the kind's fields as an object."]})
    known = KINDS[kind].field_names
    unknown = sorted(set(details) - set(known))
    if unknown:
        raise ValidationError(
            {
                "details": [
                    f"{KINDS[kind].label} has no field {', '.join(unknown)}; "
                    f"its fields are {', '.join(known)}."
                ]
            }
        )
    cleaned = {}
    for name in known:
        value = details.get(name, "")
        if not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
            raise ValidationError(
                {"details": [f"{name} must be text of at most {MAX_TEXT:,} characters."]}
            )
        cleaned[name] = value.strip()
    return cleaned


def check_close(activity: Activity) -> None:
    """Whether ``activity`` may be marked done: its kind's required fields and steps."""
    spec = activity.spec
    missing = [
        label
        for name, label, _ in spec.fields
        if name in spec.required_to_close and not activity.details.get(name)
    ]
    errors = []
    if missing:
        errors.append(f"Fill in {', '.join(missing)} before closing.")
    steps = activity.steps.count() if activity.pk else 0
    if steps < spec.min_steps:
        errors.append(
            f"A {spec.label} needs at least {spec.min_steps} {spec.step.lower()}s "
            f"before it is done ({steps} recorded)."
        )
    if errors:
        raise ValidationError({"status": errors})


def check_no_pupil_names(network: Network, texts: dict[str, str]) -> None:
    """Evidence must not name children: no pupil of the network's organisations by name."""
    pupils = Person.objects.filter(
        is_pupil=True, organisation__memberships__network=network
    ).values_list("name", flat=True)
    names = [n.strip() for n in pupils if len(n.strip()) >= 3]
    errors = {}
    for field, text in texts.items():
        for name in names:
            if text and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
                errors[field] = ["Do not name children in evidence: use a role or a label."]
                break
    if errors:
        raise ValidationError(errors)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _stored(row, data: dict | None = None, *, exclude=None, clean: bool = True):
    """``row`` with the fields in ``data`` set, validated (unless not ``clean``) and saved."""
    for key, value in (data or {}).items():
        setattr(row, key, value)
    if clean:
        row.full_clean(exclude=exclude)
    row.save()
    return row


def _check_hosts(network: Network, hosts) -> list[Organisation]:
    hosts = list(hosts or [])
    members = set(network.memberships.values_list("organisation_id", flat=True))
    outside = [h for h in hosts if h.pk not in members]
    if outside:
        raise ValidationError({"hosts": [f"{outside[0].name} is not a member of {network.name}."]})
    return hosts


# --------------------------------------------------------------------------- activities


@transaction.atomic
def create_activity(user, network: Network, data: dict, hosts=()) -> Activity:
    """Create an activity of ``network`` from ``data`` (model fields, ``details`` as a dict).

    Leaders, facilitators and administrators only. An empty focus takes the network's.
    """
    _require(
        learning_access.can_manage_activities(user, network),
        "Only the network's leaders, facilitators and administrators create activities.",
    )
    data = dict(data)
    kind = data.get("kind", "")
    data["details"] = check_details(kind, data.get("details") or {})
    activity = Activity(network=network, created_by=user if user.is_authenticated else None)
    _apply(activity, data)
    if not activity.focus:
        activity.focus = network.focus
    activity.save()
    activity.hosts.set(_check_hosts(network, hosts))
    if activity.status in COUNTED:
        sync_coparticipation_ties(network)
    return activity


def _apply(activity: Activity, data: dict) -> None:
    texts = {k: data[k] for k in ("notes", "outcomes") if data.get(k)}
    texts.update({"details": " / ".join(data.get("details", {}).values())})
    check_no_pupil_names(activity.network, texts)
    for key, value in data.items():
        setattr(activity, key, value)
    if activity.end_date and activity.start_date and activity.end_date < activity.start_date:
        raise ValidationError({"end_date": ["The end date must not be before the start date."]})
    activity.full_clean(exclude=["network", "created_by", "hosts"])
    if activity.status == ActivityStatus.DONE:
        check_close(activity)


@transaction.atomic
def update_activity(user, activity: Activity, data: dict, hosts=None) -> Activity:
    """Change an activity; only the fields in ``data`` (and ``hosts``, if given) change.

    ``details`` given are merged into the ones stored. The kind cannot change once the
    activity has steps (they were recorded as that kind's).
    """
    _require(
        learning_access.can_manage_activities(user, activity.network),
        "Only the network's leaders, facilitators and administrators change activities.",
    )
    data = dict(data)
    before = (activity.status in COUNTED, activity.start_date)
    kind = data.get("kind", activity.kind)
    if kind != activity.kind and activity.steps.exists():
        raise ValidationError({"kind": ["An activity with steps recorded keeps its kind."]})
    if "details" in data or kind != activity.kind:
        merged = {**activity.details, **(data.get("details") or {})}
        merged = {
            k: v
            for k, v in merged.items()
            if k in KINDS.get(kind, KINDS[activity.kind]).field_names
        }
        data["details"] = check_details(kind, merged)
    _apply(activity, data)
    activity.save()
    if hosts is not None:
        activity.hosts.set(_check_hosts(activity.network, hosts))
    if hosts is not None or before != (activity.status in COUNTED, activity.start_date):
        sync_coparticipation_ties(activity.network)
    return activity


@transaction.atomic
def delete_activity(user, activity: Activity) -> None:
    """Remove an activity with everything recorded in it; its ties go with it."""
    _require(
        learning_access.can_manage_activities(user, activity.network),
        "Only the network's leaders, facilitators and administrators remove activities.",
    )
    network = activity.network
    activity.delete()
    sync_coparticipation_ties(network)


# --------------------------------------------------------------------------- participants


def eligible_people(network: Network, user=None):
    """People who may take part: those of the network's member organisations and, when
    ``user`` adds them, only those the user may give a role to (approved memberships,
    :func:`nlc.web.registry.access.role_candidates`)."""
    if user is not None:
        return access.role_candidates(user, network)
    return Person.objects.filter(organisation__memberships__network=network)


@transaction.atomic
def add_participant(
    user, activity: Activity, person: Person, *, role: str = "member", organisation=None
) -> Participant:
    """Add ``person`` (from ``organisation``, by default their own) to ``activity``."""
    _require(
        learning_access.can_manage_activities(user, activity.network),
        "Only the network's leaders, facilitators and administrators add participants.",
    )
    if not eligible_people(activity.network, user).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": [f"Person {person.pk} is not in a member organisation of the network."]}
        )
    if activity.participants.filter(person=person).exists():
        raise ValidationError({"person": ["This person already takes part."]})
    participant = Participant(
        activity=activity,
        person=person,
        organisation=organisation or person.organisation,
        role=role,
    )
    _stored(participant)
    if activity.status in COUNTED:
        sync_coparticipation_ties(activity.network)
    return participant


@transaction.atomic
def update_participant(user, participant: Participant, data: dict) -> Participant:
    """Change a participant's role or organisation (stewards) or contribution."""
    activity = participant.activity
    _require(
        learning_access.can_manage_activities(user, activity.network),
        "Only the network's leaders, facilitators and administrators change participants.",
    )
    moved = "organisation" in data and data["organisation"] != participant.organisation
    _stored(participant, data)
    if moved and activity.status in COUNTED:
        sync_coparticipation_ties(activity.network)
    return participant


@transaction.atomic
def remove_participant(user, participant: Participant) -> None:
    activity = participant.activity
    _require(
        learning_access.can_manage_activities(user, activity.network),
        "Only the network's leaders, facilitators and administrators remove participants.",
    )
    participant.delete()
    if activity.status in COUNTED:
        sync_coparticipation_ties(activity.network)


@transaction.atomic
def set_contribution(user, participant: Participant, text: str) -> Participant:
    """A participant's own evidence and reflections (they, or the stewards, write it)."""
    activity = participant.activity
    mine = learning_access.participant_person(user) == participant.person_id
    _require(
        mine or learning_access.can_manage_activities(user, activity.network),
        "Only the participant and the network's stewards write this contribution.",
    )
    check_no_pupil_names(activity.network, {"contribution": text})
    participant.contribution = text.strip()
    participant.full_clean()
    participant.save(update_fields=["contribution"])
    return participant


# --------------------------------------------------------------------------- steps


@transaction.atomic
def save_step(user, activity: Activity, data: dict, step: Step | None = None) -> Step:
    """Record a step (visit, research lesson, cycle, session) or change one.

    Stewards record and change any step; participants record their own and change those
    they wrote. Texts are checked for children's names.
    """
    _require(
        learning_access.can_contribute(user, activity),
        "Only the activity's participants and the network's stewards record evidence.",
    )
    person = learning_access.participant_person(user)
    steward = learning_access.can_manage_activities(user, activity.network)
    if step is not None and not steward:
        _require(step.author_id == person, "You may change only the evidence you recorded.")
    step = step or Step(activity=activity, author_id=person)
    texts = {
        k: v
        for k, v in data.items()
        if k in ("prediction", "action", "observation", "next_steps", "title")
    }
    check_no_pupil_names(activity.network, texts)
    return _stored(step, data, exclude=["author"])


@transaction.atomic
def save_case_pupil(user, activity: Activity, data: dict) -> CasePupil:
    """Add a case pupil (a label, never a name) to a research lesson study."""
    _require(
        learning_access.can_manage_activities(user, activity.network),
        "Only the network's stewards add case pupils.",
    )
    if not activity.spec.case_pupils:
        raise ValidationError({"label": [f"A {activity.spec.label} has no case pupils."]})
    check_no_pupil_names(activity.network, {"label": data.get("label", "")})
    return _stored(CasePupil(activity=activity, **data))


@transaction.atomic
def record_case_observation(user, step: Step, pupil: CasePupil, data: dict) -> CaseObservation:
    """What was predicted of, and observed in, a case pupil in one research lesson."""
    activity = step.activity
    _require(
        learning_access.can_contribute(user, activity),
        "Only the activity's participants and the network's stewards record observations.",
    )
    if pupil.activity_id != activity.pk:
        raise ValidationError({"pupil": ["That case pupil belongs to another activity."]})
    check_no_pupil_names(activity.network, data)
    observation, _ = CaseObservation.objects.get_or_create(step=step, pupil=pupil)
    return _stored(observation, data, clean=False)


# --------------------------------------------------------------------------- adoptions


@transaction.atomic
def record_adoption(user, activity: Activity, data: dict) -> AdoptionEvent:
    """An organisation (or a person there) took up a practice from ``activity``."""
    _require(
        learning_access.can_manage_activities(user, activity.network),
        "Only the network's leaders, facilitators and administrators record adoptions.",
    )
    event = AdoptionEvent(activity=activity, **data)
    organisation = event.organisation
    if not activity.network.memberships.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": [f"{organisation.name} is not a member of the network."]}
        )
    if event.person_id and event.person.organisation_id != organisation.pk:
        raise ValidationError({"person": ["The person must be of the adopting organisation."]})
    return _stored(event)


@dataclass(frozen=True)
class AdoptionRecord:
    """An observed adoption as plain values (for the simulation's calibration check).

    ``source_organisations`` are the organisations of the source activity (its hosts and
    its participants' organisations), the adopter left out.
    """

    adopter_organisation: int
    practice: str
    source_activity: int
    source_organisations: tuple[int, ...]
    adopted_on: dt.date
    adopter_person: int | None = None


def adoption_events(network: Network) -> list[AdoptionRecord]:
    """Every adoption recorded in ``network``'s activities, oldest first, as plain records.

    Parameters
    ----------
    network : registry Network

    Returns
    -------
    list of AdoptionRecord
        Adopter organisation id, practice, source activity id, source organisation ids
        (sorted), date and adopter person id.
    """
    events = AdoptionEvent.objects.filter(activity__network=network).order_by("adopted_on", "pk")
    sources: dict[int, set[int]] = {}
    activity_ids = set(events.values_list("activity_id", flat=True))
    for activity_id, org in Participant.objects.filter(activity_id__in=activity_ids).values_list(
        "activity_id", "organisation_id"
    ):
        sources.setdefault(activity_id, set()).add(org)
    for activity_id, org in Activity.hosts.through.objects.filter(
        activity_id__in=activity_ids
    ).values_list("activity_id", "organisation_id"):
        sources.setdefault(activity_id, set()).add(org)
    return [
        AdoptionRecord(
            adopter_organisation=e.organisation_id,
            practice=e.practice,
            source_activity=e.activity_id,
            source_organisations=tuple(
                sorted(sources.get(e.activity_id, set()) - {e.organisation_id})
            ),
            adopted_on=e.adopted_on,
            adopter_person=e.person_id,
        )
        for e in events
    ]


# --------------------------------------------------------------------------- reads


def activity_history(user, *, person: Person | None = None, organisation=None):
    """The activities the user may see that ``person`` took part in, or that
    ``organisation`` hosted or sent people to, newest first."""
    activities = learning_access.visible_activities(user)
    if person is not None:
        activities = activities.filter(participants__person=person)
    else:
        activities = activities.filter(
            Q(participants__organisation=organisation) | Q(hosts=organisation)
        )
    return Activity.objects.filter(pk__in=activities.values("pk")).select_related("network")


# --------------------------------------------------------------------------- attachments


def attachment_path(attachment) -> Path:
    """Where an attachment's file is kept in the data folder."""
    return Path(settings.DATA_DIR) / attachment.path


@transaction.atomic
def save_attachment(user, activity: Activity, upload) -> Attachment:
    """Keep an uploaded file with ``activity`` (its type and size checked by the form)."""
    _require(
        learning_access.can_contribute(user, activity),
        "Only the activity's participants and the network's stewards attach files.",
    )
    name = Path(upload.name).name[:200]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "file"
    relative = Path("attachments") / str(activity.pk) / f"{uuid.uuid4().hex[:12]}-{safe}"
    target = Path(settings.DATA_DIR) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return Attachment.objects.create(
        activity=activity,
        name=name,
        path=str(relative),
        size=upload.size,
        content_type=(getattr(upload, "content_type", "") or "")[:100],
        uploaded_by=user,
    )
