"""What the map draws: organisations (and, in the two-mode view, people), their positions,
their measures and the ties between them, as one JSON document.

Measures come from :func:`nlc.analysis.analyse` run on the network that
:func:`nlc.web.ties.services.organisation_network` builds, grouped by organisation kind, so
the map shows the numbers the network page and ``nlc analyse`` give. People are named
through :func:`nlc.web.registry.access.display_names` (pupils and evaluators' views are
pseudonymised) and never carry contact details here.

The document (keys are added, never renamed)::

    network   {id, name, url} of the network (or of the area, for the area map)
    view      "organisations" or "people"
    filters   the since / until / types the server applied (null when none)
    nodes     one object per organisation: id ("o<pk>"), pk, label, kind, phase,
              local_authority, member, community, x, y and the measures (degree, in_degree,
              out_degree, betweenness, brokerage, constraint, effective_size; null where
              undefined or for organisations outside the analysed network); networks (ids
              of the shown networks it is a member of), network (the first of them, or
              null: what "colour by network" uses), easting and northing (British
              National Grid metres, null where not imported)
    networks  the networks shown, [{id, name}] ordered by name (the legend of "network")
    people    the two-mode view's people as columns (null otherwise): pk, label,
              organisation (its pk), pupil (0/1), named (0/1: label is the real name), x, y;
              and roles, {pk: [role labels]} for those with a role in the network
    ties      the recorded ties as columns: id, source, target ("o<pk>" or "p<pk>"), type,
              directed (0/1), date (YYYY-MM-DD), weight
    measures, groups, views, tie_types, kinds, phases   value/label pairs for the controls
    urls      templates ("{id}") of detail pages; tie_create when the user may record ties
    practices where each practice travelled (the network map only; [] on the area map), from
              :func:`nlc.web.learning.services.adoption_events`, only of the source activities
              the user may see: [{name, sources, adopters, travel}] ordered by name, where
              sources and adopters are organisation node ids and travel is a list of
              {source, target, date (YYYY-MM-DD), activity} (an arrow from each of the source
              activity's organisations to the adopter); ends not on the map are left out
    counts    organisations, people, ties

Ties and people travel as columns (one list per field) because a map may hold tens of
thousands of them: columns are built and encoded far faster than one object per row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db import connections
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import NoReverseMatch, reverse

from nlc.analysis import analyse
from nlc.web.cache import derived
from nlc.web.learning.access import visible_activities
from nlc.web.learning.services import adoption_events
from nlc.web.maps.layout import (
    organisation_positions,
    people_positions,
    spacing_for,
)
from nlc.web.registry import access
from nlc.web.registry.models import (
    Membership,
    NetworkRole,
    Organisation,
    OrganisationKind,
    Person,
    Phase,
    RoleKind,
)
from nlc.web.ties import services
from nlc.web.ties.models import Tie, TieType

__all__ = [
    "GROUPS",
    "MEASURES",
    "VIEWS",
    "MapQuery",
    "area_map_document",
    "network_map_document",
    "parse_query",
    "practice_travel",
]

VIEWS = {"organisations": "Organisations", "people": "People and organisations"}
MEASURES = {
    "degree": "Degree",
    "betweenness": "Betweenness",
    "brokerage": "Total brokerage (between kinds)",
    "constraint": "Constraint",
}
GROUPS = {
    "kind": "Organisation kind",
    "phase": "Phase",
    "local_authority": "Local authority",
    "community": "Community (Leiden)",
    "network": "Network",
}
#: The node attribute that partitions organisations for brokerage (as on the network page).
ANALYSIS_GROUP = "kind"
ORGANISATION_FIELDS = ("pk", "name", "kind", "phase", "local_authority")


@dataclass(frozen=True)
class MapQuery:
    """The map's query string: view and the ties to include."""

    view: str = "organisations"
    since: dt.date | None = None
    until: dt.date | None = None
    types: tuple[str, ...] = ()

    @property
    def filters(self) -> dict:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "types": list(self.types) or None,
        }

    @property
    def tie_filters(self) -> dict:
        """The filters as :func:`nlc.web.ties.services.filter_ties` takes them."""
        return {"since": self.since, "as_of": self.until, "types": list(self.types) or None}


def _date(params, name: str) -> dt.date | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} must be a date written YYYY-MM-DD, not {value[:40]!r}") from None


def parse_query(params) -> MapQuery:
    """Read ``view``, ``since``, ``until`` and ``types`` (repeated or comma-separated).

    Raises ``ValueError`` with a message for the user on a bad value.
    """
    view = params.get("view") or "organisations"
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}")
    types: list[str] = []
    for value in params.getlist("types"):
        types += [t.strip() for t in value.split(",") if t.strip()]
    unknown = sorted(set(types) - set(TieType.values))
    if unknown:
        raise ValueError(
            f"unknown tie type {unknown[0][:40]!r}; known: {', '.join(TieType.values)}"
        )
    since, until = _date(params, "since"), _date(params, "until")
    if since and until and since > until:
        raise ValueError("since must not be after until")
    return MapQuery(view, since, until, tuple(dict.fromkeys(types)))


def _url_template(name: str) -> str | None:
    """A page address with ``{id}`` in place of the object's key, or None if there is none."""
    marker = 987654321
    try:
        return reverse(name, args=[marker]).replace(str(marker), "{id}")
    except NoReverseMatch:
        return None


def _value(x) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def _column(values, integer: bool = False) -> list:
    if integer:
        return np.asarray(values, dtype=np.int64).tolist()
    return [_value(v) for v in np.asarray(values, dtype=np.float64).tolist()]


def organisation_measures(net) -> dict[str, list]:
    """Per-node measures of ``net`` from :func:`nlc.analysis.analyse` (grouped by
    :data:`ANALYSIS_GROUP`), as JSON-ready columns; NaN becomes None.

    The result is cached under a digest of the nodes, ties and groups (shared by all server
    processes, :func:`nlc.web.cache.derived`), so an unchanged network is analysed once.
    """
    if not net.n:
        return {}
    digest = hashlib.sha1("\x1f".join(net.ids).encode())
    for array in (net.source, net.target, net.weight):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update("\x1f".join(str(v) for v in net.attributes.get(ANALYSIS_GROUP, [])).encode())
    key = f"nlc-map-measures:{int(net.directed)}:{digest.hexdigest()}"

    def build() -> dict[str, list]:
        result = analyse(net, group=ANALYSIS_GROUP)
        return {
            "degree": _column(result.degree, True),
            "in_degree": _column(result.in_degree, True),
            "out_degree": _column(result.out_degree, True),
            "betweenness": _column(result.betweenness.values),
            "brokerage": _column(result.brokerage.raw[:, -1], True),
            "constraint": _column(result.holes.constraint),
            "effective_size": _column(result.holes.effective_size),
            "community": _column(result.communities.membership, True),
        }

    return dict(derived(key, build, version=False))


def _raw_rows(queryset) -> list[tuple]:
    """Rows of a ``values_list`` queryset straight from the database cursor, skipping
    Django's per-value converters (thousands of rows; booleans may come back as 0/1 and
    dates as text)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _day(value) -> str:
    return value if isinstance(value, str) else value.isoformat()


TIE_COLUMNS = ("id", "source", "target", "type", "directed", "date", "weight")


def _tie_columns(ties, prefix: str) -> dict[str, list]:
    """Ties as columns (see the module docstring); the database formats the ends and dates."""
    tag = Value(prefix[0])
    rows = _raw_rows(
        ties.order_by()  # no sort: the browser does not care, the database saves work
        .annotate(
            _source=Concat(tag, Cast(f"source_{prefix}_id", CharField())),
            _target=Concat(tag, Cast(f"target_{prefix}_id", CharField())),
            _directed=Cast("directed", IntegerField()),
            _day=Cast("observed_on", CharField()),
        )
        .values_list("pk", "_source", "_target", "type", "_directed", "_day", "weight")
    )
    return {name: [row[i] for row in rows] for i, name in enumerate(TIE_COLUMNS)}


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices]


@dataclass
class _People:
    """The two-mode view's people (sorted by organisation, then pk), the organisations only
    their ties reach, and how many people each organisation has on the map."""

    rows: list[tuple] = field(default_factory=list)
    extra_organisations: list[tuple] = field(default_factory=list)
    per_organisation: dict[int, int] = field(default_factory=dict)


def _people_on_map(people, person_ties: dict[str, list], organisation_ids: list[int]) -> _People:
    """Query the people to show: ``people`` and anyone ``person_ties`` reach besides."""
    fields = ("pk", "name", "is_pupil", "organisation_id")
    found = _People(rows=_raw_rows(people.order_by().values_list(*fields)))
    ends = set(person_ties["source"]).union(person_ties["target"])
    ends.difference_update([f"p{r[0]}" for r in found.rows])
    missing = {int(end[1:]) for end in ends}  # people tied in but not in a member
    if missing:
        found.rows += _raw_rows(Person.objects.filter(pk__in=missing).values_list(*fields))
    found.rows.sort(key=lambda r: (r[3], r[0]))
    outside = sorted({r[3] for r in found.rows} - set(organisation_ids))
    if outside:
        found.extra_organisations = list(
            Organisation.objects.filter(pk__in=outside)
            .order_by("name", "pk")
            .values_list(*ORGANISATION_FIELDS)
        )
    for r in found.rows:
        found.per_organisation[r[3]] = found.per_organisation.get(r[3], 0) + 1
    return found


def _organisation_centres(net, people: _People) -> np.ndarray:
    """Positions of the network's organisations, spaced for their people, then of the
    organisations only their people's ties reach, on an outer ring."""
    centres = organisation_positions(net.ids, net.source, net.target)
    spacing = spacing_for(list(people.per_organisation.values()))
    centres = centres * spacing
    if people.extra_organisations:
        radius = (np.abs(centres).max() if len(centres) else 0.0) + spacing
        angle = np.linspace(0, 2 * np.pi, len(people.extra_organisations), endpoint=False)
        centres = np.vstack(
            [centres, np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])]
        )
    return centres


def _organisation_nodes(
    net, centres: np.ndarray, member_ids: set[int], extra_organisations: list[tuple]
) -> list[dict]:
    """One node per organisation with its position and measures (None for those outside
    the analysed network)."""
    measures = organisation_measures(net)
    communities = measures.pop("community", [None] * net.n)
    nodes: list[dict] = []
    attrs = net.attributes
    for i, pk in enumerate(int(i) for i in net.ids):
        node = {
            "id": f"o{pk}",
            "pk": pk,
            "type": "organisation",
            "label": attrs["name"][i] or f"Organisation {pk}",
            "kind": attrs["kind"][i],
            "phase": attrs["phase"][i],
            "local_authority": attrs["local_authority"][i],
            "member": pk in member_ids,
            "community": communities[i],
            "x": round(float(centres[i, 0]), 1),
            "y": round(float(centres[i, 1]), 1),
        }
        for name, values in measures.items():
            node[name] = values[i]
        nodes.append(node)
    for k, (pk, name, kind, phase, local_authority) in enumerate(extra_organisations):
        xy = centres[net.n + k]
        nodes.append(
            {
                "id": f"o{pk}",
                "pk": pk,
                "type": "organisation",
                "label": name,
                "kind": kind,
                "phase": phase or None,
                "local_authority": local_authority or None,
                "member": pk in member_ids,
                "community": None,
                "x": round(float(xy[0]), 1),
                "y": round(float(xy[1]), 1),
                **dict.fromkeys(measures),
            }
        )
    return nodes


def _add_networks_and_places(nodes: list[dict], networks) -> list[dict]:
    """Give each node its networks (member of, among ``networks``) and its grid reference;
    return the networks as ``{id, name}`` ordered by name."""
    shown = list(networks.order_by("name", "pk").values_list("pk", "name"))
    order = {pk: k for k, (pk, _) in enumerate(shown)}
    pks = [n["pk"] for n in nodes]
    belongs: dict[int, list[int]] = defaultdict(list)
    pairs = Membership.objects.filter(network__in=networks, organisation_id__in=pks)
    for organisation, network in pairs.values_list("organisation_id", "network_id").distinct():
        belongs[organisation].append(network)
    places = {
        pk: (easting, northing)
        for pk, easting, northing in Organisation.objects.filter(pk__in=pks).values_list(
            "pk", "easting", "northing"
        )
    }
    for node in nodes:
        ids = sorted(belongs.get(node["pk"], []), key=order.__getitem__)
        easting, northing = places.get(node["pk"], (None, None))
        has_place = easting is not None and northing is not None
        node.update(
            networks=ids,
            network=ids[0] if ids else None,
            easting=easting if has_place else None,
            northing=northing if has_place else None,
        )
    return [{"id": pk, "name": name} for pk, name in shown]


def _people_columns(
    user, people: _People, nodes: list[dict], roles: dict[int, list[str]]
) -> dict[str, list]:
    """The people as columns, named as ``user`` may see them, placed around their
    organisations."""
    rows = people.rows
    names = access.display_names(user, ((r[0], r[1], bool(r[2])) for r in rows))
    index = {n["pk"]: j for j, n in enumerate(nodes)}
    order = sorted(people.per_organisation)
    organisation_centres = np.array(
        [[nodes[index[o]]["x"], nodes[index[o]]["y"]] for o in order]
    ).reshape(-1, 2)
    counts = [people.per_organisation[o] for o in order]
    # rows are sorted by organisation, as people_positions lays them out
    spots = np.round(people_positions(organisation_centres, counts), 1)
    pks = [r[0] for r in rows]
    labels = [names[pk] for pk in pks]
    return {
        "pk": pks,
        "label": labels,
        "organisation": [r[3] for r in rows],
        "pupil": [int(r[2]) for r in rows],
        "named": [int(label == r[1]) for label, r in zip(labels, rows, strict=True)],
        "x": spots[:, 0].tolist(),
        "y": spots[:, 1].tolist(),
        "roles": {pk: roles[pk] for pk in pks if pk in roles},
    }


def _controls() -> dict[str, list[dict]]:
    """Value/label pairs for the map's controls."""
    return {
        "measures": _choices(MEASURES.items()),
        "groups": _choices(GROUPS.items()),
        "views": _choices(VIEWS.items()),
        "tie_types": _choices(TieType.choices),
        "kinds": _choices(OrganisationKind.choices),
        "phases": _choices(choice for choice in Phase.choices if choice[0]),
    }


def _document(
    user,
    *,
    header: dict,
    query: MapQuery,
    networks,
    organisation_net,
    member_ids: set[int],
    organisation_ties,
    people,
    person_ties,
    roles: dict[int, list[str]],
) -> dict:
    """Assemble the map document (see the module docstring).

    Parameters
    ----------
    user
        Who is looking: decides how people are named.
    header : dict
        The document's ``network`` entry.
    query : MapQuery
        The view and filters applied.
    networks : QuerySet
        The networks shown (one, or the area's).
    organisation_net : Network
        The organisations' network (from :mod:`nlc.web.ties.services`), analysed for the
        measures.
    member_ids : set of int
        The organisations that are members.
    organisation_ties, person_ties : QuerySet
        The ties to draw (``person_ties`` only in the people view).
    people : QuerySet or None
        The people to show, or None in the organisations view.
    roles : dict
        Person pk -> labels of their roles in the network.
    """
    ties = _tie_columns(organisation_ties, "organisation")
    on_map = _People()
    if people is not None:
        more_ties = _tie_columns(person_ties, "person")
        for name in TIE_COLUMNS:
            ties[name] += more_ties[name]
        on_map = _people_on_map(people, more_ties, [int(i) for i in organisation_net.ids])
    centres = _organisation_centres(organisation_net, on_map)
    nodes = _organisation_nodes(organisation_net, centres, member_ids, on_map.extra_organisations)
    shown_networks = _add_networks_and_places(nodes, networks)
    urls = {
        "organisation": _url_template("organisation-detail"),
        "person": _url_template("person-detail"),
        "activity": _url_template("activity-detail"),
        "tie_create": None,
    }
    return {
        "network": header,
        "view": query.view,
        "filters": query.filters,
        "analysis_group": ANALYSIS_GROUP,
        "nodes": nodes,
        "networks": shown_networks,
        "people": _people_columns(user, on_map, nodes, roles) if people is not None else None,
        "ties": ties,
        **_controls(),
        "urls": urls,
        "practices": [],
        "counts": {
            "organisations": len(nodes),
            "people": len(on_map.rows),
            "ties": len(ties["id"]),
        },
    }


def _roles(roles) -> dict[int, list[str]]:
    labels = dict(RoleKind.choices)
    out: dict[int, list[str]] = defaultdict(list)
    for person_id, role in roles.values_list("person_id", "role").order_by("person_id", "role"):
        out[person_id].append(str(labels.get(role, role)))
    return out


def network_map_document(user, network, query: MapQuery) -> dict:
    """The map of one network, for a user who may view it."""
    filters = query.tie_filters
    people_view = query.view == "people"
    among = Q(organisation__memberships__network=network)
    document = _document(
        user,
        header={"id": network.pk, "name": network.name, "url": _safe_url(network)},
        query=query,
        networks=type(network).objects.filter(pk=network.pk),
        organisation_net=services.organisation_network(network, **filters),
        member_ids=set(network.memberships.values_list("organisation_id", flat=True)),
        organisation_ties=services.organisation_ties(network, **filters),
        people=Person.objects.filter(among) if people_view else None,
        person_ties=services.person_ties(network, **filters) if people_view else None,
        roles=_roles(NetworkRole.objects.filter(network=network)) if people_view else {},
    )
    if access.can_record_ties(user, network):
        document["urls"]["tie_create"] = _reverse("tie-create", network.pk)
    document["practices"] = practice_travel(user, network, {n["id"] for n in document["nodes"]})
    return document


def practice_travel(user, network, on_map: set[str]) -> list[dict]:
    """Where each practice of ``network`` travelled: the ``practices`` entry of the map
    document (see the module docstring).

    Parameters
    ----------
    user
        Who is looking: only adoptions from activities they may see
        (:func:`nlc.web.learning.access.visible_activities`) are shown.
    network : registry Network
    on_map : set of str
        The organisation node ids (``o<pk>``) on the map; other ends are left out.
    """
    seen = set(visible_activities(user, network).values_list("pk", flat=True))
    practices: dict[str, dict] = {}
    for event in adoption_events(network):
        if event.source_activity not in seen:
            continue
        entry = practices.setdefault(
            event.practice, {"name": event.practice, "sources": [], "adopters": [], "travel": []}
        )
        adopter = f"o{event.adopter_organisation}"
        if adopter not in on_map:
            continue
        if adopter not in entry["adopters"]:
            entry["adopters"].append(adopter)
        for pk in event.source_organisations:
            source = f"o{pk}"
            if source not in on_map:
                continue
            if source not in entry["sources"]:
                entry["sources"].append(source)
            entry["travel"].append(
                {
                    "source": source,
                    "target": adopter,
                    "date": event.adopted_on.isoformat(),
                    "activity": event.source_activity,
                }
            )
    shown = [practices[name] for name in sorted(practices, key=str.casefold)]
    for entry in shown:
        entry["sources"].sort(key=lambda node: int(node[1:]))
        entry["adopters"].sort(key=lambda node: int(node[1:]))
    return shown


def area_map_document(user, area, networks, query: MapQuery) -> dict:
    """The map of every network of an area taken together (administrators, evaluators)."""
    filters = query.tie_filters
    people_view = query.view == "people"
    among = Q(organisation__memberships__network__in=networks)
    ties = services.filter_ties(Tie.objects.filter(network__in=networks), **filters)
    return _document(
        user,
        header={"id": area.pk, "name": area.name, "url": None},
        query=query,
        networks=networks,
        organisation_net=services.networks_organisation_network(networks, **filters),
        member_ids=set(
            Organisation.objects.filter(memberships__network__in=networks).values_list(
                "pk", flat=True
            )
        ),
        organisation_ties=ties.filter(source_organisation__isnull=False),
        people=Person.objects.filter(pk__in=Person.objects.filter(among).values("pk"))
        if people_view
        else None,
        person_ties=ties.filter(source_person__isnull=False) if people_view else None,
        roles=_roles(NetworkRole.objects.filter(network__in=networks)) if people_view else {},
    )


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _safe_url(obj) -> str | None:
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None
