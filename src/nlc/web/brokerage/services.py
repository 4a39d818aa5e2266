"""The brokerage app's writes: dismiss a suggestion, start and advance introductions (a
successful one records a tie of provenance *brokered*), keep the resource register, name
brokers and set the hold-back share. Each runs in one transaction; views and the API call
these rather than saving rows themselves. Access is checked by the callers
(:mod:`nlc.web.brokerage.access`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from nlc.brokerage import Suggestion
from nlc.brokerage.lifecycle import next_status
from nlc.brokerage.memory import fingerprint
from nlc.web.brokerage.models import Broker, Dismissal, Introduction, Resource, Settings, Status
from nlc.web.knowledge.models import Item
from nlc.web.registry import services as registry_services
from nlc.web.registry.models import (
    Area,
    Membership,
    MembershipRole,
    Network,
    NetworkRole,
    Organisation,
    Person,
    RoleKind,
)
from nlc.web.ties.models import Provenance, Tie

__all__ = [
    "advance_introduction",
    "delete",
    "dismiss",
    "ends_of",
    "name_broker",
    "save_resource",
    "set_holdback",
    "start_introduction",
]

#: The date field each life-cycle action stamps.
STAMPS = {
    "agree_a": "agreed_a_on",
    "agree_b": "agreed_b_on",
    "met": "met_on",
    "succeed": "outcome_on",
    "fail": "outcome_on",
    "decline": "outcome_on",
}


def _lead_organisation(network: Network) -> int | None:
    lead = network.memberships.filter(role=MembershipRole.LEAD).order_by("pk").first()
    lead = lead or network.memberships.order_by("pk").first()
    return lead.organisation_id if lead else None


def _leader(network: Network) -> int | None:
    role = network.roles.filter(role=RoleKind.LEADER).order_by("pk").first()
    return role.person_id if role else None


def _item_organisation(item_pk: int) -> int | None:
    item = Item.objects.filter(pk=item_pk).first()
    organisation = item.organisations.order_by("pk").first() if item else None
    return organisation.pk if organisation else None


@dataclass
class Ends:
    """What :func:`ends_of` asks about networks and knowledge items, read once for many
    suggestions: each network's lead organisation and leader, each item's first
    organisation (by pk; None when it has none)."""

    leads: dict[int, int]
    leaders: dict[int, int]
    item_organisations: dict[int, int | None]

    @classmethod
    def read(cls, area_id: int, item_pks) -> Ends:
        """The ends of the area's networks and of the knowledge items ``item_pks``, in three
        queries (the same answers as asking per suggestion)."""
        leads: dict[int, int] = {}
        firsts: dict[int, int] = {}
        rows = Membership.objects.filter(network__area_id=area_id).order_by("pk")
        rows = rows.values_list("network_id", "organisation_id", "role")
        for network, organisation, role in rows:
            firsts.setdefault(network, organisation)
            if role == MembershipRole.LEAD:
                leads.setdefault(network, organisation)
        leaders: dict[int, int] = {}
        roles = NetworkRole.objects.filter(network__area_id=area_id, role=RoleKind.LEADER)
        for network, person in roles.order_by("pk").values_list("network_id", "person_id"):
            leaders.setdefault(network, person)
        items: dict[int, int | None] = dict.fromkeys(item_pks)
        through = Item.organisations.through.objects.filter(item_id__in=list(items))
        for item, organisation in through.values_list("item_id", "organisation_id"):
            if items[item] is None or organisation < items[item]:
                items[item] = organisation
        return cls({**firsts, **leads}, leaders, items)

    def lead(self, network: Network) -> int | None:
        return self.leads.get(network.pk)

    def leader(self, network: Network) -> int | None:
        return self.leaders.get(network.pk)

    def item_organisation(self, item_pk: int) -> int | None:
        return self.item_organisations.get(item_pk)


def ends_of(
    suggestion: Suggestion, network: Network | None, *, known: Ends | None = None
) -> tuple[str, int, int] | None:
    """Who an introduction from ``suggestion`` joins: ``("o", a, b)`` for two organisations,
    ``("p", a, b)`` for two people, None when it cannot be an introduction.

    A suggestion from a network to an organisation (membership, partnership) introduces the
    network's lead organisation; to a person, its leader; to a knowledge item, the item's
    first organisation to the lead organisation. ``known`` answers these questions from
    rows read once (:meth:`Ends.read`) instead of a query each.
    """
    source, target = suggestion.source, suggestion.target
    if source[0] == target[0] and source[0] in "op":
        return source[0], int(source[1:]), int(target[1:])
    if source[0] != "n" or network is None:
        return None
    lead_of = known.lead if known else _lead_organisation
    if target[0] == "o":
        lead = lead_of(network)
        return ("o", lead, int(target[1:])) if lead else None
    if target[0] == "p":
        leader = known.leader(network) if known else _leader(network)
        return ("p", leader, int(target[1:])) if leader else None
    organisation = (known.item_organisation if known else _item_organisation)(int(target[1:]))
    lead = lead_of(network)
    if organisation is None or lead is None or organisation == lead:
        return None
    return "o", lead, organisation


@transaction.atomic
def dismiss(area: Area, suggestion: Suggestion, *, by, reason: str = "") -> Dismissal:
    """Remember that ``suggestion`` was dismissed: it is not shown again until its reasons
    change (a new fingerprint)."""
    dismissal, _ = Dismissal.objects.update_or_create(
        area=area,
        kind=suggestion.kind,
        source=suggestion.source,
        target=suggestion.target,
        defaults={
            "fingerprint": fingerprint(suggestion),
            "reason": reason[:300],
            "dismissed_by": by if by.is_authenticated else None,
        },
    )
    return dismissal


def _set_ends(intro: Introduction, ends: tuple[str, int, int]) -> None:
    level, a, b = ends
    model = Organisation if level == "o" else Person
    field = "organisation" if level == "o" else "person"
    found = set(model.objects.filter(pk__in=[a, b]).values_list("pk", flat=True))
    for end, pk in (("source", a), ("target", b)):
        if pk not in found:
            raise ValidationError({f"{end}_{field}": f"There is no {field} {pk}."})
    setattr(intro, f"source_{field}_id", a)
    setattr(intro, f"target_{field}_id", b)


@transaction.atomic
def start_introduction(
    area: Area,
    ends: tuple[str, int, int],
    *,
    by,
    network: Network | None = None,
    suggestion: Suggestion | None = None,
    level: str = "suggest",
    notes: str = "",
    today: dt.date | None = None,
) -> Introduction:
    """Propose an introduction between the two ``ends`` (:func:`ends_of`), keeping the
    suggestion's kind, reasons and score as they were when it was acted on.

    Raises
    ------
    django.core.exceptions.ValidationError
        An end that does not exist or is outside the area, or the same end twice.
    """
    intro = Introduction(
        area=area,
        network=network,
        level=level,
        notes=notes,
        proposed_on=today or dt.date.today(),
        created_by=by if by.is_authenticated else None,
    )
    if suggestion is not None:
        intro.kind = suggestion.kind
        intro.reasons = list(suggestion.reasons)
        intro.score = suggestion.score
    _set_ends(intro, ends)
    for end in intro.ends:
        organisation = end if isinstance(end, Organisation) else end.organisation
        if organisation.area_id != area.pk:
            raise ValidationError({"__all__": f"{end} is not in {area}."})
        if isinstance(end, Person) and end.is_pupil:
            raise ValidationError({"__all__": "Pupils are not introduced."})
    intro.full_clean()
    intro.save()
    return intro


def _brokered_tie(intro: Introduction, by, when: dt.date) -> Tie:
    """The tie a successful introduction makes, saved through the registry's service (the
    model's validation; audited)."""
    tie = Tie(
        area_id=intro.area_id,
        type=intro.tie_type,
        directed=False,
        observed_on=when,
        provenance=Provenance.BROKERED,
        provenance_detail=f"Introduction {intro.pk}",
    )
    if intro.between_people:
        tie.source_person_id, tie.target_person_id = intro.source_person_id, intro.target_person_id
    else:
        tie.source_organisation_id = intro.source_organisation_id
        tie.target_organisation_id = intro.target_organisation_id
    tie.full_clean(exclude=["network", "created_by"])
    if intro.network is not None:
        return registry_services.record_tie(tie, network=intro.network, by=by)
    tie.created_by = by if by.is_authenticated else None
    tie.save()
    return tie


@transaction.atomic
def advance_introduction(
    intro: Introduction, action: str, *, by, notes: str = "", today: dt.date | None = None
) -> Introduction:
    """Take the introduction one step on (:func:`nlc.brokerage.lifecycle.next_status`),
    stamping the step's date; ``succeed`` records the brokered tie.

    Raises
    ------
    nlc.brokerage.lifecycle.IntroductionError
        The status does not allow the action (the message says why).
    """
    when = today or dt.date.today()
    intro.status = next_status(intro.status, action)
    setattr(intro, STAMPS[action], when)
    if notes.strip():
        intro.notes = f"{intro.notes}\n{when:%d %b %Y}: {notes.strip()}".strip()
    if intro.status == Status.SUCCESSFUL:
        intro.tie = _brokered_tie(intro, by, when)
    intro.full_clean()
    intro.save()
    return intro


def _save_by(row, by_field: str, by):
    """``row`` validated and saved; a new one records in ``by_field`` the account ``by``
    (when signed in)."""
    if row.pk is None and by is not None and by.is_authenticated:
        setattr(row, by_field, by)
    row.full_clean(exclude=[by_field])
    row.save()
    return row


@transaction.atomic
def save_resource(resource: Resource, *, by=None) -> Resource:
    """Add an offer or need to the register, or save changes to one."""
    return _save_by(resource, "created_by", by)


@transaction.atomic
def name_broker(area: Area, person: Person, *, by) -> Broker:
    """Name ``person`` a broker of ``area``: they see suggestions about people."""
    existing = Broker.objects.filter(area=area, person=person).first()
    return existing or _save_by(Broker(area=area, person=person), "named_by", by)


@transaction.atomic
def delete(row: Resource | Broker) -> None:
    """Take a resource off the register, or a person off the brokers."""
    row.delete()


@transaction.atomic
def set_holdback(area: Area, share: float, seed: int | None = None) -> Settings:
    """Set the share of suggestions held back as a control (0 turns it off)."""
    settings, _ = Settings.objects.get_or_create(area=area)
    settings.holdback = share
    if seed is not None:
        settings.seed = seed
    settings.full_clean()
    settings.save()
    return settings
