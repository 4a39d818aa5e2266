"""The five kinds of suggestion for an area's networks, as an officer sees them.

Reads the registry, the ties, the activities, the resource register and the knowledge base,
and hands them to the framework-free scoring of :mod:`nlc.brokerage`; then leaves out what
was dismissed (unless its reasons changed), what is already being introduced, and what the
area holds back as a control (remembered in :class:`~nlc.web.brokerage.models.HeldBack`).
Suggestions about people reach only area administrators and named brokers
(:mod:`nlc.web.brokerage.access`); pupils are never suggested.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db import DatabaseError
from django.db.models import Prefetch, prefetch_related_objects

from nlc.brokerage import Suggestion
from nlc.brokerage.introductions import suggest_introductions
from nlc.brokerage.membership import MemberActivity, drifting_members, invitations
from nlc.brokerage.memory import fingerprint, held_back, suggestion_key
from nlc.brokerage.partnership import gaps, partnerships
from nlc.brokerage.resources import Entry, match_resources
from nlc.network import Network as Graph
from nlc.web.brokerage import access as broker_access
from nlc.web.brokerage.area import AreaData, area_data
from nlc.web.brokerage.models import (
    Dismissal,
    HeldBack,
    Introduction,
    Resource,
    Settings,
    Status,
)
from nlc.web.brokerage.services import Ends, ends_of
from nlc.web.knowledge import queries
from nlc.web.knowledge.models import Item
from nlc.web.learning.models import Activity, ActivityKind
from nlc.web.registry import access
from nlc.web.registry.models import Area, Network, OrganisationKind, Person
from nlc.web.ties.services import organisation_networks, people_networks

log = logging.getLogger(__name__)

#: The five kinds, in the papers' order: key -> heading.
KINDS = {
    "relationship": "Relationships (introductions)",
    "membership": "Membership",
    "partnership": "Partnerships beyond the network",
    "resource": "Resources",
    "knowledge": "Knowledge exchange",
}
#: How many suggestions of each kind a network gets on the page.
PER_NETWORK = 3
OPEN = (Status.PROPOSED, Status.AGREED_A, Status.AGREED_B, Status.AGREED, Status.MET)


@dataclass
class Shown:
    """A suggestion as the page lists it."""

    suggestion: Suggestion
    network: Network | None
    source_label: str
    target_label: str
    about_people: bool
    #: Whether acting on it starts an introduction (:func:`ends_of` finds two ends).
    introducible: bool = True

    @property
    def kind(self) -> str:
        return self.suggestion.kind

    @property
    def key(self) -> str:
        return "|".join(suggestion_key(self.suggestion))

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.suggestion)


# ---- relationships ----------------------------------------------------------------------


def _topics(data: AreaData, network: Network) -> dict[str, dict[str, str]]:
    """What the network's member organisations offer and need on the register, as the
    ``offers`` and ``needs`` of :func:`~nlc.brokerage.introductions.suggest_introductions`
    (resource kinds by organisation id)."""
    topics: dict[str, dict[str, set[str]]] = {"offers": defaultdict(set), "needs": defaultdict(set)}
    labels = dict(Resource._meta.get_field("kind").choices)
    for organisation in data.members.get(network.pk, ()):
        for side, kind in data.register.get(organisation, ()):
            topics["offers" if side == "offer" else "needs"][str(organisation)].add(labels[kind])
    return {
        key: {k: ";".join(sorted(v)) for k, v in found.items()} for key, found in topics.items()
    }


def _prefixed(suggestions, prefix: str) -> list[Suggestion]:
    return [
        replace(s, source=f"{prefix}{s.source}", target=f"{prefix}{s.target}", kind="relationship")
        for s in suggestions
    ]


@dataclass
class _Graphs:
    """The networks' organisation networks and (for those who see people) their people
    networks, by network, with the people's names as the user may see them and the pupils
    among them: read once for all the networks of the page."""

    organisations: dict[int, Graph]
    people: dict[int, Graph]
    names: dict[int, str]
    pupils: set[int]

    @classmethod
    def read(cls, user, networks: list[Network], people: bool) -> _Graphs:
        graphs = cls(organisation_networks(networks), {}, {}, set())
        if people:
            graphs.people = people_networks(networks)
            ids = {int(i) for net in graphs.people.values() for i in net.ids}
            rows = list(Person.objects.filter(pk__in=ids).values_list("pk", "name", "is_pupil"))
            graphs.pupils = {pk for pk, _, is_pupil in rows if is_pupil}
            graphs.names = access.display_names(user, rows)
        return graphs


def _relationships(graphs: _Graphs, data: AreaData, network: Network) -> list[Suggestion]:
    net = graphs.organisations[network.pk]
    labels = dict(OrganisationKind.choices)  # "sector 'Health'" reads better than a key
    net.attributes["sector"] = [labels.get(k, k) for k in net.attributes.get("kind", [])]
    organisations = suggest_introductions(
        net, groups="sector", top=PER_NETWORK, simulate_gain=True, **_topics(data, network)
    )
    found = _prefixed(organisations, "o")
    if network.pk in graphs.people:
        net = graphs.people[network.pk]
        net.attributes["name"] = [graphs.names.get(int(i), i) for i in net.ids]
        for_people = [
            s
            for s in suggest_introductions(net, top=PER_NETWORK * 3)
            if int(s.source) not in graphs.pupils and int(s.target) not in graphs.pupils
        ]
        found += _prefixed(for_people[:PER_NETWORK], "p")
    return found


# ---- membership and partnerships --------------------------------------------------------


def _windows(data: AreaData, network: Network) -> tuple[dt.date, dt.date, dt.date] | None:
    dates = [when for _, _, n, when in data.ties if n == network.pk]
    if not dates:
        return None
    end = max(dates)
    return end - dt.timedelta(days=730), end - dt.timedelta(days=365), end


def _activity(data: AreaData, network: Network) -> list[MemberActivity]:
    windows = _windows(data, network)
    if windows is None:
        return []
    first, middle, end = windows
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])

    def count(org: int, when: dt.date, offset: int) -> None:
        if first < when <= middle:
            counts[org][offset] += 1
        elif middle < when <= end:
            counts[org][offset + 1] += 1

    for s, t, n, when in data.ties:
        if n == network.pk:
            count(s, when, 0)
            count(t, when, 0)
    for org, when in data.taking_part.get(network.pk, ()):
        count(org, when, 2)
    periods = (f"the year to {middle:%d %b %Y}", f"the year to {end:%d %b %Y}")
    return [
        MemberActivity(f"o{org}", data.name(org), *counts[org], periods=periods)
        for org in sorted(data.members.get(network.pk, ()))
    ]


def _membership(data: AreaData, network: Network) -> list[Suggestion]:
    members = data.members.get(network.pk, set())
    profile = data.profile(network)
    outsiders = [data.candidate(pk, network.pk) for pk in data.organisations if pk not in members]
    outsiders = [c for c in outsiders if c.kind != OrganisationKind.LOCAL_AUTHORITY]
    return invitations(profile, outsiders, top=PER_NETWORK) + drifting_members(
        profile.id, _activity(data, network), top=PER_NETWORK
    )


def _partnerships(data: AreaData, network: Network) -> list[Suggestion]:
    members = data.members.get(network.pk, set())
    member_kinds: dict[str, int] = defaultdict(int)
    for pk in members:
        member_kinds[data.organisations[pk]["kind"]] += 1
    tied_kinds: dict[str, int] = defaultdict(int)
    for s, t, n, _ in data.ties:
        if n == network.pk:
            for end in {s, t} & members:
                tied_kinds[data.organisations[end]["kind"]] += 1
    found = gaps(member_kinds, tied_kinds, dict(OrganisationKind.choices))
    outsiders = [data.candidate(pk, network.pk) for pk in data.organisations if pk not in members]
    return partnerships(data.profile(network), outsiders, found, top=PER_NETWORK)


# ---- knowledge ----------------------------------------------------------------------------


def _knowledge_hits(user, networks: list[Network]) -> dict[int, list[tuple[Item, object, str]]]:
    """For each network, (item, hit, what it fits) for published items of other networks
    that fit the network's focus or the question of its latest enquiry; each kind of
    record read once for all the networks."""
    pools = queries.published_elsewhere(user, networks)
    latest: dict[int, Activity] = {}
    enquiries = Activity.objects.filter(
        network__in=[n.pk for n in networks], kind=ActivityKind.ENQUIRY
    ).exclude(focus="")
    for enquiry in enquiries.order_by("-start_date", "pk"):
        latest.setdefault(enquiry.network_id, enquiry)
    searches, fits = [], []
    for network in networks:
        if network.focus.strip():
            searches.append((pools[network.pk], network.focus, 2))
            fits.append((network.pk, "the network's focus"))
        if network.pk in latest:
            enquiry = latest[network.pk]
            searches.append((pools[network.pk], enquiry.focus, 1))
            fits.append((network.pk, f"the question of the enquiry “{enquiry.title}”"))
    found: dict[int, list[tuple[Item, object, str]]] = {n.pk: [] for n in networks}
    for (pk, fit), hits in zip(fits, queries.search_many(searches), strict=True):
        found[pk].extend((item, hit, fit) for item, hit in hits)
    return found


def _knowledge(user, networks: list[Network], people: bool) -> dict[int, list[Suggestion]]:
    """Knowledge items (and, for those who see people, their authors) from elsewhere, by
    network; none when the knowledge base cannot answer (an empty or missing index)."""
    try:
        hits = _knowledge_hits(user, networks)
    except (ImportError, LookupError, DatabaseError, OSError) as exc:
        log.warning("knowledge suggestions unavailable for area networks: %s", exc)
        return {}
    items = {item.pk: item for found in hits.values() for item, _, _ in found}
    prefetch_related_objects(
        list(items.values()),
        "networks",
        Prefetch("authors", queryset=Person.objects.filter(is_pupil=False), to_attr="adults"),
    )
    return {n.pk: _knowledge_suggestions(n, hits[n.pk], people) for n in networks}


def _knowledge_suggestions(network: Network, hits, people: bool) -> list[Suggestion]:
    """The network's knowledge suggestions from its ``hits`` (item, hit, what it fits)."""
    found, seen = [], set()
    for item, hit, fits in hits:
        if item.pk in seen:
            continue
        seen.add(item.pk)
        elsewhere = ", ".join(n.name for n in item.networks.all()[:2]) or "elsewhere"
        reason = (
            f"“{item.title}” ({item.get_kind_display().lower()}, from {elsewhere}) fits {fits}."
        )
        evidence = {"item": item.pk}
        found.append(
            Suggestion(
                f"n{network.pk}",
                f"k{item.pk}",
                round(hit.score, 4),
                (reason,),
                "knowledge",
                evidence,
            )
        )
        if people:
            for author in item.adults[:1]:
                found.append(
                    Suggestion(
                        f"n{network.pk}",
                        f"p{author.pk}",
                        round(hit.score * 0.9, 4),
                        (reason, f"{author.name} wrote it and could tell the network about it."),
                        "knowledge",
                        evidence,
                    )
                )
    return found[: PER_NETWORK * 2]


# ---- resources ----------------------------------------------------------------------------


def _resources(data: AreaData, area: Area) -> list[tuple[Suggestion, Network | None]]:
    entries: dict[str, list[Entry]] = {"offer": [], "need": []}
    labels = dict(Resource._meta.get_field("kind").choices)
    for r in Resource.objects.filter(organisation__area=area).order_by("pk"):
        org = data.organisations.get(r.organisation_id, {})
        entries[r.side].append(
            Entry(
                r.pk,
                f"o{r.organisation_id}",
                data.name(r.organisation_id),
                r.kind,
                labels.get(r.kind, r.kind),
                r.description,
                r.start_date,
                r.end_date,
                frozenset(f"n{n}" for n in data.networks_of.get(r.organisation_id, ())),
                org.get("local_authority") or None,
            )
        )
    found, per_network = [], defaultdict(int)
    for s in match_resources(entries["offer"], entries["need"]):
        shared = s.evidence.get("networks") or []
        network = data.networks.get(int(shared[0][1:])) if shared else None
        if network is None:  # the need's network, else the area as a whole
            needing = sorted(data.networks_of.get(int(s.target[1:]), ()))
            network = data.networks.get(needing[0]) if needing else None
        per_network[network.pk if network else None] += 1
        if per_network[network.pk if network else None] <= PER_NETWORK:
            found.append((s, network))
    return found


# ---- the page's list ----------------------------------------------------------------------


def _label(node: str, data: AreaData, names: dict[int, str], titles: dict[int, str]) -> str:
    kind, pk = node[0], int(node[1:])
    if kind == "o":
        return data.name(pk)
    if kind == "n":
        return data.networks[pk].name if pk in data.networks else f"Network {pk}"
    if kind == "p":
        return names.get(pk, f"Person {pk}")
    return titles.get(pk, f"Item {pk}")


def _introduced(area: Area) -> set[tuple[str, int, int]]:
    """The pairs the area has introductions for (either way round)."""
    pairs = set()
    rows = Introduction.objects.filter(area=area).values_list(
        "source_organisation_id", "target_organisation_id", "source_person_id", "target_person_id"
    )
    for so, to, sp, tp in rows:
        level, a, b = ("o", so, to) if so else ("p", sp, tp)
        pairs.update({(level, a, b), (level, b, a)})
    return pairs


def _is_introduced(s: Suggestion, network: Network | None, introduced: set, known: Ends) -> bool:
    if s.target[0] == "k":  # a knowledge item is shown until dismissed
        return False
    ends = ends_of(s, network, known=known)
    return ends is not None and ends in introduced


def _hold_back(area: Area, found, today: dt.date) -> list:
    settings = Settings.objects.filter(area=area).first()
    if settings is None or settings.holdback <= 0:
        return found
    kept, held = [], []
    for s, network in found:
        key = suggestion_key(s)
        if held_back(key, settings.holdback, settings.seed):
            held.append(
                HeldBack(
                    area=area,
                    network=network,
                    kind=key[0],
                    source=key[1],
                    target=key[2],
                    held_on=today,
                )
            )
        else:
            kept.append((s, network))
    HeldBack.objects.bulk_create(held, ignore_conflicts=True)
    return kept


def _shown(user, area: Area, found, data: AreaData, today: dt.date) -> dict[str, list[Shown]]:
    dismissed = {
        (d.kind, d.source, d.target): d.fingerprint for d in Dismissal.objects.filter(area=area)
    }
    introduced = _introduced(area)
    items = {int(s.target[1:]) for s, _ in found if s.target[0] == "k"}
    known = Ends.read(area.pk, items)
    found = [
        (s, n)
        for s, n in found
        if dismissed.get(suggestion_key(s)) != fingerprint(s)
        and not _is_introduced(s, n, introduced, known)
    ]
    found = _hold_back(area, found, today)
    people = {int(x[1:]) for s, _ in found for x in (s.source, s.target) if x[0] == "p"}
    names = access.display_names(
        user, Person.objects.filter(pk__in=people).values_list("pk", "name", "is_pupil")
    )
    titles = dict(Item.objects.filter(pk__in=items).values_list("pk", "title"))
    by_kind: dict[str, list[Shown]] = {kind: [] for kind in KINDS}
    for s, network in found:
        about_people = "p" in (s.source[0], s.target[0])
        shown = Shown(
            s,
            network,
            _label(s.source, data, names, titles),
            _label(s.target, data, names, titles),
            about_people,
            introducible=s.target[0] != "k" or ends_of(s, network, known=known) is not None,
        )
        by_kind[s.kind].append(shown)
    return by_kind


def open_suggestions(
    user, area: Area, *, network: Network | None = None, today: dt.date | None = None
) -> dict[str, list[Shown]]:
    """The suggestions the user may see for the area (or one of its networks), by kind.

    Parameters
    ----------
    user
        The signed-in user: administrators and brokers get every network and suggestions
        about people; leaders the organisation-level ones of the networks they lead.
    area : Area
    network : Network, optional
        Only this network's suggestions (and resource matches filed under it).
    today : datetime.date, optional
        The date held-back suggestions are remembered with.
    """
    today = today or dt.date.today()
    people = broker_access.sees_people(user, area.pk)
    networks = broker_access.brokered_networks(user, area.pk).order_by("name")
    if network is not None:
        networks = networks.filter(pk=network.pk)
    networks = list(networks)
    data = area_data(area.pk)
    graphs = _Graphs.read(user, networks, people)
    knowledge = _knowledge(user, networks, people)
    found: list[tuple[Suggestion, Network | None]] = []
    for n in networks:
        for s in (
            _relationships(graphs, data, n)
            + _membership(data, n)
            + _partnerships(data, n)
            + knowledge.get(n.pk, [])
        ):
            found.append((s, n))
    allowed = {n.pk for n in networks}
    for s, n in _resources(data, area):
        if (n is None and people and network is None) or (n is not None and n.pk in allowed):
            found.append((s, n))
    if not people:
        found = [(s, n) for s, n in found if "p" not in (s.source[0], s.target[0])]
    return _shown(user, area, found, data, today)


def find_open(
    user, area: Area, key: tuple[str, str, str], network: Network | None = None
) -> Shown | None:
    """The open suggestion ``key`` (kind, source, target) as the user may see it now, or
    None (dismissed, introduced, held back, not theirs to see, or no longer made)."""
    wanted = "|".join(key)
    for shown in open_suggestions(user, area, network=network).get(key[0], []):
        if shown.key == wanted:
            return shown
    return None
