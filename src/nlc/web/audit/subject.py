"""People's rights: everything held about a person (subject access) and erasure.

Erasure deletes the person, their ties and roles, what each app holds about them (its
``personal.py`` says what: participations in learning activities, meetings attended,
comments written, ... and whatever was derived from them, such as co-participation ties;
see :mod:`nlc.web.audit.personal`), and their user account (its profile goes with it), and
scrubs the audit log: every earlier entry about them (their person record,
roles, ties, account and profile) keeps its time, action and kind of object but loses the
object's description and the changed values, and entries they made as actor lose their
e-mail and address. Then one entry records that an erasure happened, with counts only.
The erased data are thus gone from the log too; what remains says that someone (by id,
which no longer leads anywhere) was erased, when and by whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet

from nlc.web.audit.log import describe
from nlc.web.audit.personal import sections
from nlc.web.registry.models import Membership, Person
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


def subject_access(person: Person) -> dict:
    """Everything held about ``person``, as plain data (JSON-ready, for a subject access
    request): their fields, organisation, roles, memberships of their organisation, ties,
    what each app holds about them (participations in learning activities with the evidence
    they wrote, meetings, proposals, comments, knowledge items...), user account and the
    audit entries about them."""
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
        **{section.key: section.export(person) for section in sections()},
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
    removed: dict[str, int] = field(default_factory=dict)
    """Records removed or cleared per personal-data section (``participations``, ...)."""

    @property
    def participations(self) -> int:
        return self.removed.get("participations", 0)

    def counts(self) -> str:
        """What went, in counts only."""
        parts = [f"{self.ties} ties", f"{self.roles} roles"]
        parts += [f"{n} {key.replace('_', ' ')}" for key, n in self.removed.items() if n]
        account = "deleted" if self.user_account else "none"
        return (
            f"{', '.join(parts)}, user account {account}, "
            f"{self.redacted_entries} audit entries redacted"
        )

    def summary(self) -> str:
        """One line for the officer."""
        return f"person {self.person_id} erased: {self.counts()}"


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
            removed = {s.key: s.erase(person) for s in sections() if s.erase is not None}
            person.delete()
            if user is not None:
                user.delete()  # its profile goes with it
        erasure = Erasure(person_id, ties, roles, user is not None, redacted, removed)
        entry = LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Person),
            object_pk=str(person_id),
            object_id=person_id,
            object_repr=f"Person {person_id} (erased)",
            action=LogEntry.Action.DELETE,
            changes={"erasure": ["", erasure.counts()]},
            changes_text="",
        )
        data = {**(entry.additional_data or {}), "area": area_id, "erasure": True}
        LogEntry.objects.filter(pk=entry.pk).update(additional_data=data)
    return erasure
