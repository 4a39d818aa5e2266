"""Importing learning activities and their participants (the ``activities`` import kind).

One row per participant of an activity (a row with no ``person`` records the activity
alone). Columns: ``activity`` (its title), ``kind`` (a kind's value or name, e.g.
``learning_walk`` or ``Networked Learning Walk``), ``start_date``, and optionally
``end_date``, ``status`` (planned, under way, done; empty: done), ``focus``, ``host`` (an
organisation's URN or name), ``person`` (an e-mail, or a name, with ``organisation`` when
names repeat) and ``role`` (a role in the activity; empty: member).

The import needs a network. An activity is matched by its title and start date in the
network: rows of the same activity must agree on its kind and status; an existing activity
is updated and keeps its participants, to which the file's are added. Every person must
belong to a member organisation of the network. All-or-nothing, as every import; the
co-participation ties follow (:func:`nlc.web.learning.services.sync_coparticipation_ties`).
"""

from __future__ import annotations

from collections import defaultdict

from nlc.network.tables import parse_date
from nlc.web.imports import pipeline as p
from nlc.web.learning.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Participant,
    ParticipantRole,
)
from nlc.web.learning.services import sync_coparticipation_ties
from nlc.web.registry.models import Organisation, Person

__all__ = ["ActivityImport"]

_FIELDS = ("kind", "status", "end_date", "focus")


class _Activity:
    """An activity as the file describes it, gathered over its rows."""

    def __init__(self, row: int, values: dict) -> None:
        self.row = row
        self.values = values
        self.hosts: dict[str, int] = {}
        self.people: list[tuple[int, str, str, str]] = []  # row, person, organisation, role


class ActivityImport(p.Importer):
    """Activities and participants, matched by title and start date in the network."""

    kind = "activities"
    required = ("activity", "kind", "start_date")
    optional = ("end_date", "status", "focus", "host", "person", "organisation", "role")

    def __init__(self, path, **settings) -> None:
        super().__init__(path, **settings)
        self.activities: dict[tuple[str, object], _Activity] = {}

    def check_row(self, row: p.Row) -> None:
        title = row.parse("activity", p.text, 200)
        if not row.get("activity"):
            row.error("activity", "is empty; give the activity's title")
        kind = row.parse("kind", p.choice, ActivityKind)
        start = row.parse("start_date", parse_date)
        if start is None and not row.get("start_date"):
            row.error("start_date", "is empty; give the day the activity started")
        status = row.parse("status", p.choice, ActivityStatus) if row.get("status") else "done"
        end = row.parse("end_date", parse_date) if row.get("end_date") else None
        if start and end and end < start:
            row.error("end_date", "is before the start date")
        role = row.parse("role", p.choice, ParticipantRole) if row.get("role") else "member"
        if not (title and kind and start):
            return
        values = {"kind": kind, "status": status, "end_date": end, "focus": row.get("focus")}
        key = (title.casefold(), start)
        activity = self.activities.setdefault(
            key, _Activity(row.number, {"title": title, **values})
        )
        for name in ("kind", "status"):
            if activity.values[name] != values[name]:
                row.error(
                    name, f"differs from row {activity.row}, which describes this activity too"
                )
        if row.get("host"):
            activity.hosts[row.get("host")] = row.number
        if row.get("person"):
            activity.people.append((row.number, row.get("person"), row.get("organisation"), role))

    def write(self, result: p.ImportResult) -> None:
        target, _ = p.find_area(self.area, create=False, errors=self.errors)
        network = p.find_network(self.network, target, self.errors)
        if network is None and not self.errors.items:
            self.errors.add(None, None, "an activities import needs a network")
        self.errors.check_global()
        people = _People(network)
        organisations = _Organisations(network)
        hosts, participants = self._resolve(people, organisations)
        self.errors.check()
        created = updated = added = 0
        for (title, start), activity in self.activities.items():
            record = Activity.objects.filter(
                network=network, title__iexact=title, start_date=start
            ).first()
            values = {
                k: v for k, v in activity.values.items() if v not in ("", None) or k == "end_date"
            }
            if record is None:
                record = Activity(network=network, start_date=start, focus=network.focus)
                created += 1
            else:
                updated += 1
            for name, value in values.items():
                setattr(record, name, value)
            record.save()
            record.hosts.add(*hosts[(title, start)])
            have = set(record.participants.values_list("person_id", flat=True))
            new = [
                Participant(
                    activity=record,
                    person=person,
                    organisation_id=person.organisation_id,
                    role=role,
                )
                for person, role in participants[(title, start)]
                if person.pk not in have
            ]
            Participant.objects.bulk_create(new)
            added += len(new)
        sync_coparticipation_ties(network)
        result.counts = {
            "rows": sum(max(1, len(a.people)) for a in self.activities.values()),
            "activities created": created,
            "updated": updated,
            "participants added": added,
        }

    def _resolve(self, people: _People, organisations: _Organisations):
        header = self.columns_found.header
        hosts: dict[tuple, list] = defaultdict(list)
        participants: dict[tuple, list] = defaultdict(list)
        for key, activity in self.activities.items():
            for text, row in activity.hosts.items():
                try:
                    hosts[key].append(organisations.find(text))
                except ValueError as exc:
                    self.errors.add(row, header("host"), str(exc))
            seen: dict[int, int] = {}
            for row, text, organisation, role in activity.people:
                try:
                    person = people.find(text, organisation)
                except ValueError as exc:
                    self.errors.add(row, header("person"), str(exc))
                    continue
                if person.pk in seen:
                    self.errors.add(row, header("person"), f"is already on row {seen[person.pk]}")
                    continue
                seen[person.pk] = row
                participants[key].append((person, role))
        return hosts, participants


class _Organisations:
    """The network's member organisations by URN or name."""

    def __init__(self, network) -> None:
        self.all = list(Organisation.objects.filter(memberships__network=network))

    def find(self, text: str) -> Organisation:
        matches = [
            o
            for o in self.all
            if (text.isdigit() and o.urn == int(text)) or o.name.casefold() == text.casefold()
        ]
        if len(matches) != 1:
            raise ValueError(
                f"no member organisation of the network is {text!r}"
                if not matches
                else f"several organisations are {text!r}; use the URN"
            )
        return matches[0]


class _People:
    """People of the network's member organisations, by e-mail or by name."""

    def __init__(self, network) -> None:
        query = Person.objects.filter(organisation__memberships__network=network)
        self.all = list(query.select_related("organisation"))

    def find(self, text: str, organisation: str = "") -> Person:
        if "@" in text:
            matches = [p for p in self.all if p.email.casefold() == text.casefold()]
        else:
            matches = [p for p in self.all if p.name.casefold() == text.casefold()]
            if organisation:
                matches = [
                    p
                    for p in matches
                    if p.organisation.name.casefold() == organisation.casefold()
                    or str(p.organisation.urn) == organisation
                ]
        if not matches:
            raise ValueError(f"no one in the network's member organisations is {text!r}")
        if len(matches) > 1:
            raise ValueError(f"{len(matches)} people are {text!r}; give the e-mail or organisation")
        return matches[0]
