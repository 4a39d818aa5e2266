"""People's rights: everything held about a person (subject access) and erasure.

Erasure deletes the person, their ties, roles and participations in learning activities (the
co-participation ties of those activities' networks are then brought back in step, so no tie
built from their taking part survives), and their user account (its profile goes with it), and
scrubs the audit log: every earlier entry about them (their person record,
roles, ties, account and profile) keeps its time, action and kind of object but loses the
object's description and the changed values, and entries they made as actor lose their
e-mail and address. Then one entry records that an erasure happened, with counts only.
The erased data are thus gone from the log too; what remains says that someone (by id,
which no longer leads anywhere) was erased, when and by whom.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet

from nlc.web.audit.log import describe
from nlc.web.learning.models import Participant, Step
from nlc.web.learning.services import sync_coparticipation_ties
from nlc.web.registry.models import Membership, Network, Person
from nlc.web.ties.models import Tie

__all__ = ["Erasure", "entries_about", "erase_person", "subject_access"]

REDACTED = "[erased]"


def entries_about(person: Person) -> QuerySet[LogEntry]:
    """Audit entries about the person: their record, roles, ties, user account and profile."""
    about = Q(additional_data__people__has_key=str(person.pk))
    about |= Q(content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk))
    if person.user_id is not None:
        about |= Q(additional_data__users__has_key=str(person.user_id))
    return LogEntry.objects.filter(about).select_related("actor", "content_type")


def _other(tie: Tie, person: Person) -> str:
    # Other people are named by id only: a subject access request discloses the subject's
    # data, not third parties'.
    other = tie.target_person_id if tie.source_person_id == person.pk else tie.source_person_id
    return f"Person {other}"


def _user_account(user) -> dict | None:
    if user is None:
        return None
    account = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": user.is_active,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }
    profile = getattr(user, "profile", None)
    if profile is not None:
        account["role"] = profile.get_role_display()
        account["area"] = profile.area.name
    return account


def _participations(person: Person) -> list[dict]:
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


def subject_access(person: Person) -> dict:
    """Everything held about ``person``, as plain data (JSON-ready, for a subject access
    request): their fields, organisation, roles, memberships of their organisation, ties,
    participations in learning activities (with the evidence they wrote), user account and
    the audit entries about them."""
    organisation = person.organisation
    ties = Tie.objects.filter(Q(source_person=person) | Q(target_person=person))
    entries = [describe(entry) for entry in entries_about(person).order_by("timestamp")]
    for entry in entries:
        entry.pop("when")
    return {
        "person": {
            "id": person.pk,
            "name": person.name,
            "job_title": person.job_title,
            "email": person.email,
            "phone": person.phone,
            "is_pupil": person.is_pupil,
        },
        "organisation": {
            "id": organisation.pk,
            "name": organisation.name,
            "area": organisation.area.name,
        },
        "roles": [
            {
                "network": role.network.name,
                "role": role.get_role_display(),
                "start_date": role.start_date.isoformat() if role.start_date else None,
                "end_date": role.end_date.isoformat() if role.end_date else None,
            }
            for role in person.roles.select_related("network")
        ],
        "memberships_via_organisation": [
            {"network": m.network.name, "role": m.get_role_display()}
            for m in Membership.objects.filter(organisation=organisation).select_related("network")
        ],
        "ties": [
            {
                "direction": "from" if tie.source_person_id == person.pk else "to",
                "other": _other(tie, person),
                "type": tie.get_type_display(),
                "weight": tie.weight,
                "directed": tie.directed,
                "observed_on": tie.observed_on.isoformat(),
                "network": tie.network.name if tie.network else None,
                "provenance": tie.get_provenance_display(),
            }
            for tie in ties.select_related("network")
        ],
        "participations": _participations(person),
        "user_account": _user_account(person.user),
        "audit_entries": entries,
    }


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed (counts only: the data are gone)."""

    person_id: int
    ties: int
    roles: int
    user_account: bool
    redacted_entries: int
    participations: int = 0


def _scrub(person: Person) -> int:
    """Remove the person's data from earlier audit entries; return how many were touched.

    Written with ``update()``: saving an entry would let auditlog's request context put the
    current user in as its actor.
    """
    redacted = 0
    for pk, data in entries_about(person).values_list("pk", "additional_data"):
        data = data or {}
        kept = {key: data[key] for key in ("area", "via") if key in data}
        # Other people the entry was about still find it (redacted) in their own requests.
        others = {k: 1 for k in data.get("people", {}) if k != str(person.pk)}
        if others:
            kept["people"] = others
        LogEntry.objects.filter(pk=pk).update(
            object_repr=REDACTED,
            changes=None,
            changes_text="",
            serialized_data=None,
            additional_data={**kept, "note": "redacted by an erasure"},
        )
        redacted += 1
    if person.user_id is not None:
        # What they did stays in the log; who they were does not.
        for pk, data in LogEntry.objects.filter(actor_id=person.user_id).values_list(
            "pk", "additional_data"
        ):
            LogEntry.objects.filter(pk=pk).update(
                actor=None,
                actor_email=None,
                remote_addr=None,
                additional_data={**(data or {}), "actor_erased": True},
            )
    return redacted


def erase_person(person: Person) -> Erasure:
    """Erase ``person``: their ties, roles, record and user account, and their data in the
    audit log; leave one entry saying that an erasure happened (all or nothing).

    The actor of that entry is the request's user (or the command's label), as for any
    other change.
    """
    with transaction.atomic():
        person_id, area_id, user = person.pk, person.organisation.area_id, person.user
        redacted = _scrub(person)
        with disable_auditlog():  # the deletions' own entries would name the person
            ties, _ = Tie.objects.filter(Q(source_person=person) | Q(target_person=person)).delete()
            roles, _ = person.roles.all().delete()
            taken_part = Participant.objects.filter(person=person)
            networks = list(
                Network.objects.filter(activities__participants__person=person).distinct()
            )
            _, deleted = taken_part.delete()
            participations = deleted.get(Participant._meta.label, 0)
            for network in networks:  # no co-participation tie built from them survives
                sync_coparticipation_ties(network)
            person.delete()
            if user is not None:
                user.delete()  # its profile goes with it
        erasure = Erasure(person_id, ties, roles, user is not None, redacted, participations)
        entry = LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk=str(person_id),
            object_id=person_id,
            object_repr=f"Person {person_id} (erased)",
            action=LogEntry.Action.DELETE,
            changes={
                "erasure": [
                    "",
                    f"{ties} ties, {roles} roles, {participations} participations, user account "
                    f"{'deleted' if user is not None else 'none'}, "
                    f"{redacted} audit entries redacted",
                ]
            },
            changes_text="",
        )
        data = {**(entry.additional_data or {}), "area": area_id, "erasure": True}
        LogEntry.objects.filter(pk=entry.pk).update(additional_data=data)
    return erasure
