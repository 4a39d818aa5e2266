"""The network's analysis as the pages show it: measures, an organisation's position, change.

Every number comes from an :class:`nlc.analysis.Analysis` that
:func:`nlc.web.ties.measures.network_analysis` computed (and cached) for one of its views
(organisations, people, organisations linked through people) and one grouping; nothing is
computed a second way here, only sorted, labelled and formatted. Whole-network figures, their
labels and the sentences saying what they mean come from the catalogue
:data:`nlc.reports.measures.MEASURES`, which the report and ``nlc analyse`` share. People are
named only through :func:`nlc.web.registry.access.display_names` (pupils and evaluators'
views are pseudonymised).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from nlc.analysis import ROLES
from nlc.reports.measures import (
    DASH,
    MEASURES,
    ROLE_MEANINGS,
    finite,
    fmt,
    uninformative_holes,
)
from nlc.web.registry import access
from nlc.web.registry.models import OrganisationKind, Person, Phase
from nlc.web.ties.access import visible_ties
from nlc.web.ties.measures import (
    GROUP,
    GROUPINGS,
    VIEWS,
    ExtraView,
    network_analysis,
    register_view,
)
from nlc.web.ties.services import organisation_ties, person_ties

__all__ = [
    "AnalysisChoice",
    "AnalysisView",
    "register_analysis_view",
    "analysis_choice",
    "compare",
    "network_measures",
    "organisation_positions",
    "organisation_ties_shown",
    "shown_names",
]

#: Rows shown in the brokers, structural holes and communities tables of the network page.
TOP = 10
#: Catalogue measures the network page writes besides those of :func:`_page_figures`.
CHANCE_AND_OVERLAP = (
    "bridging_share",
    "ei_expected",
    "ei_interval",
    "communities_groups_adjusted_rand",
)
#: What each view's nodes are called, singular and plural, and the page that shows one.
NODES = {
    "organisations": ("organisation", "organisations", "organisation-detail"),
    "people": ("person", "people", "person-detail"),
    "two_mode": ("organisation", "organisations", "organisation-detail"),
}
_CHOICE_LABELS = {"kind": OrganisationKind, "phase": Phase}
#: How the two-mode views' affiliations table is titled and linked (see :class:`AnalysisView`).
AFFILIATIONS = {
    "two_mode": {
        "heading": "People linking the most groups",
        "intro": "In the two-mode view each person is an affiliation: these people link "
        "organisations of the most groups",
        "column": "Person",
        "members": "Organisations",
        "url": "person-detail",
    }
}


@dataclass(frozen=True)
class AnalysisView:
    """A view of the network that an app adds to the analysis section (in its
    ``AppConfig.ready()``, through :func:`register_analysis_view`), as workspace sections are
    added.

    Parameters
    ----------
    key, label : str
        The ``?view=`` value and its label.
    groupings : dict
        Node attributes it may be grouped by: key -> label.
    build : callable
        ``build(network, **filters)`` -> (``nlc.network.Network``, ``TwoMode`` or None).
    nodes : tuple of str
        What its nodes are called, singular and plural, and the page showing one.
    names : callable
        ``names(user, analysis)`` -> node and affiliation id -> the name ``user`` may see.
    description : str
        What the network measured is, for the sentence above the measures.
    affiliations : dict, optional
        The affiliations table's heading, intro, column, members and url (a page name).
    fingerprint : callable, optional
        ``fingerprint(networks)``: what else the view reads, for the cache key.
    """

    key: str
    label: str
    groupings: dict[str, str]
    build: Callable
    nodes: tuple[str, str, str]
    names: Callable[..., dict[str, str]]
    description: str
    affiliations: dict[str, str] | None = None
    fingerprint: Callable[..., str] | None = None


_VIEWS: dict[str, AnalysisView] = {}


def register_analysis_view(view: AnalysisView) -> None:
    """Add ``view`` to the analysis section's views (and to
    :func:`nlc.web.ties.measures.network_analysis`)."""
    register_view(ExtraView(view.key, view.label, view.groupings, view.build, view.fingerprint))
    NODES[view.key] = view.nodes
    if view.affiliations is not None:
        AFFILIATIONS[view.key] = view.affiliations
    _VIEWS[view.key] = view


def _fmt(value, digits: int = 2, signed: bool = False) -> str:
    """A number as the network page shows it: no thousands separator, a dash when undefined."""
    return fmt(value, digits, signed, grouping=False)


def group_label(group: str | None, code: str | None) -> str:
    """The label of a group ``code`` of the attribute ``group`` (choices by their label)."""
    if code in (None, "", "(missing)"):
        return "(none)"
    choices = _CHOICE_LABELS.get(group or "")
    return choices(code).label if choices is not None and code in choices.values else code


def _kind_label(code: str | None) -> str:
    return OrganisationKind(code).label if code in OrganisationKind.values else code or DASH


@dataclass(frozen=True)
class AnalysisChoice:
    """Which network the analysis section measures and how it groups it (``?view=&group=``).

    ``problem`` says why a requested value was not used (the default is used instead).
    """

    view: str = "organisations"
    group: str = GROUP
    problem: str = ""

    @property
    def groupings(self) -> dict[str, str]:
        return GROUPINGS[self.view]

    @property
    def group_name(self) -> str:
        return self.groupings[self.group]

    @property
    def nodes(self) -> tuple[str, str, str]:
        return NODES[self.view]

    @property
    def description(self) -> str:
        """What an added view measures ("" for the built-in views)."""
        view = _VIEWS.get(self.view)
        return view.description if view is not None else ""


def analysis_choice(params) -> AnalysisChoice:
    """Read ``view`` and ``group`` from a query; unknown values fall back to the defaults
    with a message for the user."""
    view, group = params.get("view") or "organisations", params.get("group") or GROUP
    problems = []
    if view not in VIEWS:
        problems.append(f"There is no view {view[:40]!r}; showing the organisations.")
        view = "organisations"
    if group not in GROUPINGS[view]:
        problems.append(f"The {VIEWS[view].lower()} cannot be grouped by {group[:40]!r}; ")
        problems[-1] += f"grouped by {GROUPINGS[view][GROUP].lower()} instead."
        group = GROUP
    return AnalysisChoice(view, group, " ".join(problems))


def shown_names(user, analysis, view: str) -> dict[str, str]:
    """Node id -> the name ``user`` may see: organisations by name, people through
    :func:`access.display_names` (and, in the two-mode view, the people it lists, ``p<pk>``)."""
    network = analysis.network
    if view in _VIEWS:
        return _VIEWS[view].names(user, analysis)
    if view == "people":
        rows = Person.objects.filter(pk__in=[int(i) for i in network.ids])
        names = access.display_names(user, rows.values_list("pk", "name", "is_pupil"))
        return {str(pk): name for pk, name in names.items()}
    names = network.attributes.get("name") or network.ids
    shown = {i: name or i for i, name in zip(network.ids, names, strict=True)}
    if analysis.two_mode is not None:
        people = [int(a[1:]) for a in analysis.two_mode.affiliation_ids]
        rows = Person.objects.filter(pk__in=people).values_list("pk", "name", "is_pupil")
        shown.update({f"p{pk}": name for pk, name in access.display_names(user, rows).items()})
    return shown


def network_measures(
    analysis, *, names: dict[str, str] | None = None, view: str = "two_mode"
) -> dict:
    """What the network page shows of an :class:`nlc.analysis.Analysis`.

    ``names`` maps node ids to the names shown (:func:`shown_names`); without it nodes are
    named by their ``name`` attribute, or their id. ``view`` says how the two-mode
    affiliations table is titled and linked (:data:`AFFILIATIONS`).
    """
    document = analysis.to_json()
    net = document["network"]
    ids = analysis.network.ids
    if names is None:
        given = analysis.network.attributes.get("name") or ids
        names = {i: name or i for i, name in zip(ids, given, strict=True)}
    nodes = document["nodes"]
    group = analysis.group_column
    labels = [group_label(group, g) for g in analysis.group_labels]

    def node(i: int) -> dict:
        label = group_label(group, nodes[i]["group"])
        return {"id": ids[i], "name": names.get(ids[i], ids[i]), "group": label, "kind": label}

    total = analysis.brokerage.raw[:, -1]
    brokers = [
        {
            **node(i),
            "roles": [
                (nodes[i]["brokerage"][role], _fmt(nodes[i]["brokerage_z"][role], 1))
                for role in ROLES
            ],
        }
        for i in np.argsort(-total, kind="stable")[:TOP]
        if total[i] > 0
    ]
    effective = np.asarray(analysis.holes.effective_size, dtype=np.float64)
    defined = np.flatnonzero(np.isfinite(effective))
    by_size = defined[np.lexsort((defined, -effective[defined]))][:TOP]
    holes = [
        {
            **node(i),
            "effective_size": _fmt(nodes[i]["effective_size"], 1),
            "constraint": _fmt(nodes[i]["constraint"], 3),
            "efficiency": _fmt(nodes[i]["efficiency"], 2),
            "degree": nodes[i]["degree"],
        }
        for i in by_size
    ]
    mixing = document.get("mixing_matrix", {"ties": []})["ties"]
    shown = {key: MEASURES[key].on_page(net.get(key)) for key in CHANCE_AND_OVERLAP}
    return {
        **_page_figures(net),
        **shown,
        "overlap_meaning": MEASURES["communities_groups_adjusted_rand"].interpretation(net),
        "holes_note": uninformative_holes(analysis),
        "one_group": len(analysis.group_labels) == 1 and analysis.network.n > 0,
        "groups": [
            {**g, "label": group_label(group, g["group"]), "ei": _fmt(g["ei_index"], 2, True)}
            for g in document["groups"]
        ],
        "mixing": {"labels": labels, "rows": [(labels[i], row) for i, row in enumerate(mixing)]},
        "roles": [(role, ROLE_MEANINGS[role][0]) for role in ROLES[:-1]] + [("total", "Total")],
        "brokerage": [
            (
                role,
                net["brokerage"][role],
                _fmt(net["brokerage_expected"][role], 1),
                _fmt(net["brokerage_z"][role], 1),
            )
            for role in ROLES
        ],
        "brokers": brokers,
        "holes": holes,
        "holes_model": net["structural_holes_model"],
        "betweenness_method": net["betweenness_method"],
        "communities": _largest_communities(analysis, [names.get(i, i) for i in ids]),
        "spanners": _spanners(document, names),
        "affiliations": AFFILIATIONS.get(view, AFFILIATIONS["two_mode"]),
        "warnings": document.get("warnings", []),
    }


def _spanners(document: dict, names: dict[str, str]) -> list[dict]:
    """The two-mode view's affiliations (people) spanning the most groups, named as shown."""
    if "two_mode" not in document:
        return []
    return [
        {
            "id": row["id"][1:],
            "name": names.get(row["id"], row["id"]),
            "members": row["members"],
            "groups_spanned": row["groups_spanned"],
            "ei": _fmt(row["ei_index"], 2, True),
        }
        for row in document["two_mode"]["affiliations"][:TOP]
    ]


def _page_figures(net: dict) -> dict:
    """The whole-network figures of the network page, from the ``network`` object of the
    JSON document, written and interpreted as the catalogue says."""
    shown = {key: m.on_page(net.get(key)) for key, m in MEASURES.items()}
    meaning = {key: m.interpretation(net) for key, m in MEASURES.items()}
    degree = MEASURES["degree_centralization"]
    return {
        "labels": {key: m.label for key, m in MEASURES.items()},
        "nodes": net["nodes"],
        "arcs": net["ties"],
        "density": shown["density"],
        "components": net["components"],
        "isolates": net["isolates"],
        "ei_index": shown["ei_index"],
        "ei_meaning": meaning["ei_index"],
        "internal_ties": net["internal_ties"],
        "external_ties": net["external_ties"],
        "assortativity": shown["assortativity"],
        "assortativity_meaning": meaning["assortativity"],
        "degree_centralisation": shown["degree_centralization"],
        "degree_meaning": meaning["degree_centralization"],
        "in_degree_centralisation": degree.on_page(net.get("in_degree_centralization")),
        "out_degree_centralisation": degree.on_page(net.get("out_degree_centralization")),
        "betweenness_centralisation": shown["betweenness_centralization"],
        "betweenness_meaning": meaning["betweenness_centralization"],
        "community_count": net["communities"],
        "modularity": shown["modularity"],
        "modularity_meaning": meaning["modularity"],
    }


def _largest_communities(analysis, names: list[str]) -> list[dict]:
    """The :data:`TOP` largest communities of more than one node, names sorted."""
    membership = np.asarray(analysis.communities.membership)
    sizes = np.bincount(membership) if len(membership) else np.zeros(0, dtype=np.int64)
    return [
        {"size": int(sizes[c]), "names": sorted(names[i] for i in np.flatnonzero(membership == c))}
        for c in np.argsort(-sizes, kind="stable")[:TOP]
        if sizes[c] > 1
    ]


# An organisation's position in each of its networks ---------------------------------------


def organisation_positions(organisation, networks) -> list[dict]:
    """Where ``organisation`` stands in each of ``networks`` (those the viewer may see that it
    belongs to), from the same cached analysis as the network's analysis section
    (organisations, grouped by kind): degree, Gould-Fernandez brokerage role counts,
    constraint, effective size, betweenness and its community with the community's size."""
    positions = []
    for network in networks:
        analysis = network_analysis(network)
        ids = analysis.network.ids
        try:
            i = ids.index(str(organisation.pk))
        except ValueError:
            positions.append({"network": network, "in_analysis": False})
            continue
        membership = np.asarray(analysis.communities.membership)
        community = int(membership[i])
        names = analysis.network.attributes.get("name") or ids
        partners = sorted(
            (names[j] or ids[j]) for j in np.flatnonzero(membership == community) if j != i
        )
        counts = analysis.brokerage.raw[i]
        positions.append(
            {
                "network": network,
                "in_analysis": True,
                "degree": int(analysis.degree[i]),
                "in_degree": int(analysis.in_degree[i]),
                "out_degree": int(analysis.out_degree[i]),
                "brokerage": [
                    (ROLE_MEANINGS[role][0] if role != "total" else "Total", int(counts[k]))
                    for k, role in enumerate(ROLES)
                ],
                "constraint": _fmt(analysis.holes.constraint[i], 3),
                "effective_size": _fmt(analysis.holes.effective_size[i], 1),
                "betweenness": _fmt(analysis.betweenness.values[i], 2),
                "community": community + 1,
                "community_size": len(partners) + 1,
                "community_partners": partners[:TOP],
                "organisations": analysis.network.n,
            }
        )
    return positions


#: Ties listed on an organisation's page, newest first.
TIES_SHOWN = 50


def organisation_ties_shown(user, organisation) -> dict:
    """The organisation's ties that ``user`` may see (:func:`visible_ties`), newest first:
    at most :data:`TIES_SHOWN` rows, each with the organisation at the other end and whether
    the tie runs out of, into or both ways from this one, and the total count."""
    ties = visible_ties(user).filter(
        Q(source_organisation=organisation) | Q(target_organisation=organisation)
    )
    rows = []
    for tie in ties.select_related("source_organisation", "target_organisation", "network")[
        :TIES_SHOWN
    ]:
        outgoing = tie.source_organisation_id == organisation.pk
        other = tie.target_organisation if outgoing else tie.source_organisation
        direction = "both ways" if not tie.directed else ("to" if outgoing else "from")
        rows.append({"tie": tie, "other": other, "direction": direction})
    return {"rows": rows, "count": ties.count()}


# Change over time -------------------------------------------------------------------------

#: Rows of the change-over-time table: label, key, decimals (None: a count), signed.
COMPARED = [
    ("Ties between organisations recorded", "organisation_ties", None, False),
    ("Ties between people recorded", "people_ties", None, False),
    ("Nodes in the analysis", "nodes", None, False),
    ("Links analysed (one per direction, repeats merged)", "ties", None, False),
    ("Density", "density", 3, False),
    ("E-I index (−1 bonding … +1 bridging)", "ei_index", 2, True),
    ("Assortativity by the grouping", "assortativity", 2, True),
    ("Degree centralisation (0 to 1)", "degree_centralization", 3, False),
    ("Betweenness centralisation (0 to 1)", "betweenness_centralization", 3, False),
    ("Communities", "communities", None, False),
    ("Modularity", "modularity", 2, False),
    ("Brokerage, all roles", "brokerage_total", None, False),
]


def _snapshot(network, when, choice: AnalysisChoice) -> dict:
    """The network's measures on the ties observed up to and including ``when``."""
    analysis = network_analysis(network, view=choice.view, group=choice.group, as_of=when)
    net = analysis.to_json()["network"]
    return {
        **net,
        "brokerage_total": net["brokerage"]["total"],
        "organisation_ties": organisation_ties(network, as_of=when).count(),
        "people_ties": person_ties(network, as_of=when).count(),
    }


def compare(network, first, last, choice: AnalysisChoice | None = None) -> dict:
    """The change-over-time table: the measures up to ``first`` and up to ``last``."""
    choice = choice or AnalysisChoice()
    before, after = _snapshot(network, first, choice), _snapshot(network, last, choice)
    rows = []
    for label, key, digits, signed in COMPARED:
        a, b = before[key], after[key]
        change = b - a if finite(a) and finite(b) else None
        if digits is None:
            shown = (str(a), str(b), DASH if change is None else f"{change:+d}")
        else:
            shown = (_fmt(a, digits, signed), _fmt(b, digits, signed), _fmt(change, digits, True))
        rows.append({"label": label, "key": key, "values": shown})
    return {"from": first, "to": last, "rows": rows}
