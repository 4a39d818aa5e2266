"""A network's (or a whole area's) ties and nodes as files, holding only what the user may see.

The rows become a :class:`nlc.network.TieTable` here and are written by the writers of
:mod:`nlc.network` (:func:`nlc.network.io.write_ties`), so a web export reads back with
``nlc analyse`` and ``nlc convert`` like any file. What goes in:

- ties: those :func:`nlc.web.ties.access.visible_ties` lets the user see, of the network
  (or of the area), at one level: between organisations or between people. As in
  :func:`nlc.web.ties.services.tie_table`, an undirected tie is written as two arcs, so that
  ``nlc analyse`` on the export gives the numbers of the network page. Each arc carries the
  tie's ``weight``, ``type``, ``date`` (observed on) and provenance: ``tie`` (its id),
  ``directed``, ``provenance``, ``provenance_detail`` and ``network`` (its id);
- organisations (ids ``o<pk>``, as on the map): the members and any organisation a tie
  names, with ``label`` (the name), ``kind``, ``phase``, ``local_authority``, ``member``;
- people (ids ``p<pk>``): the people of the member organisations and any person a tie
  names, with ``label`` (the name as :func:`nlc.web.registry.access.display_names` lets the
  user see it: pseudonyms for evaluators, pupils' names only for those who may see them; a
  person outside the people the user may see is always a pseudonym), ``organisation``,
  ``organisation_name``, ``pupil`` and ``roles`` (in the network, or the area's networks).
  Never contact details.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from nlc.network import NodeTable, TieTable
from nlc.network.io import write_ties
from nlc.web.registry import access
from nlc.web.registry.models import Network, NetworkRole, Organisation, Person, Profile, RoleKind
from nlc.web.ties.access import visible_ties

__all__ = [
    "FORMATS",
    "LEVELS",
    "Export",
    "ExportFormat",
    "SystemUser",
    "area_table",
    "export_file",
    "for_format",
    "network_report",
    "network_table",
    "slug",
]


@dataclass(frozen=True)
class ExportFormat:
    label: str
    suffix: str
    content_type: str


FORMATS = {
    "csv": ExportFormat("CSV (ties and nodes files, zipped)", ".csv", "application/zip"),
    "tsv": ExportFormat("TSV (ties and nodes files, zipped)", ".tsv", "application/zip"),
    "xlsx": ExportFormat(
        "Excel workbook",
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "graphml": ExportFormat(
        "GraphML (yEd, Gephi, networkx, igraph)", ".graphml", "application/xml"
    ),
    "gexf": ExportFormat("GEXF (Gephi)", ".gexf", "application/xml"),
    "pajek": ExportFormat("Pajek", ".net", "text/plain; charset=utf-8"),
    "dl": ExportFormat("UCINET DL", ".dl", "text/plain; charset=utf-8"),
    "kumu": ExportFormat("Kumu JSON", ".json", "application/json"),
}
"""The formats of a web export, by the name used in addresses (``?format=graphml``)."""

LEVELS = {"organisations": "Organisation ties", "people": "Person ties"}
"""The two levels of ties: between organisations, between people."""

_ORGANISATION_FIELDS = ("pk", "name", "kind", "phase", "local_authority")
_TIE_FIELDS = ("pk", "weight", "type", "observed_on", "directed", "provenance")
_TIE_FIELDS += ("provenance_detail", "network_id")


class SystemUser:
    """Whom ``nlc export`` acts as: sees everything, as an area administrator would.

    Answers the questions :mod:`nlc.web.registry.access` asks of a user.
    """

    is_authenticated = True
    is_superuser = True
    is_active = True
    pk = None

    @property
    def profile(self):
        raise Profile.DoesNotExist

    @property
    def person(self):
        raise Person.DoesNotExist


@dataclass(frozen=True)
class Export:
    """A file to download: its name, media type and bytes."""

    filename: str
    content_type: str
    data: bytes


def network_table(user, network: Network, level: str) -> TieTable:
    """The network's ties at ``level`` and their nodes, as ``user`` may see them.

    The caller checks that the user may view the network
    (:func:`nlc.web.registry.access.can_view_network`).
    """
    ties = visible_ties(user).filter(network=network)
    members = Organisation.objects.filter(memberships__network=network)
    roles = NetworkRole.objects.filter(network=network)
    return _table(user, ties, members, roles, level, label=f"network {network.pk}")


def area_table(user, area, level: str) -> TieTable:
    """Every tie of the area at ``level`` (those recorded outside any network too) and their
    nodes, as ``user`` may see them. The caller checks that the user administers the area."""
    ties = visible_ties(user).filter(area=area)
    members = Organisation.objects.filter(memberships__network__area=area)
    roles = NetworkRole.objects.filter(network__area=area)
    return _table(user, ties, members, roles, level, label=f"area {area.pk}")


def _table(user, ties, members, roles, level: str, *, label: str) -> TieTable:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    end = "organisation" if level == "organisations" else "person"
    rows = list(
        ties.filter(**{f"source_{end}__isnull": False})
        .order_by("observed_on", "pk")
        .values_list(f"source_{end}_id", f"target_{end}_id", *_TIE_FIELDS)
    )
    member_ids = set(members.values_list("pk", flat=True))
    tied = {r[0] for r in rows} | {r[1] for r in rows}
    if end == "organisation":
        nodes = _organisation_nodes(member_ids | tied, member_ids, label)
    else:
        people = set(
            Person.objects.filter(organisation_id__in=member_ids).values_list("pk", flat=True)
        )
        nodes = _people_nodes(user, people | tied, roles, label)
    return _arcs(rows, end[0], nodes, label)


def _arcs(rows, prefix: str, nodes: NodeTable, label: str) -> TieTable:
    """One arc per directed tie, two per undirected one (as the web's measures count them)."""
    columns: dict[str, list] = defaultdict(list)
    for source, target, pk, weight, kind, day, directed, provenance, detail, network in rows:
        ends = [(source, target)] if directed else [(source, target), (target, source)]
        for a, b in ends:
            columns["source"].append(f"{prefix}{a}")
            columns["target"].append(f"{prefix}{b}")
            columns["weight"].append(weight)
            columns["type"].append(kind)
            columns["date"].append(day)
            columns["tie"].append(str(pk))
            columns["directed"].append("true" if directed else "false")
            columns["provenance"].append(provenance)
            columns["provenance_detail"].append(detail or None)
            columns["network"].append(None if network is None else str(network))
    extra = ("tie", "directed", "provenance", "provenance_detail", "network")
    return TieTable(
        path=label,
        source=columns["source"],
        target=columns["target"],
        weight=np.asarray(columns["weight"], dtype=np.float64),
        type=columns["type"],
        date=columns["date"],
        directed=True,
        nodes=nodes,
        attributes={name: columns[name] for name in extra},
    )


def _organisation_nodes(ids: set[int], member_ids: set[int], label: str) -> NodeTable:
    rows = list(
        Organisation.objects.filter(pk__in=ids)
        .order_by("name", "pk")
        .values_list(*_ORGANISATION_FIELDS)
    )
    return NodeTable(
        label,
        [f"o{r[0]}" for r in rows],
        {
            "label": [r[1] for r in rows],
            "kind": [r[2] or None for r in rows],
            "phase": [r[3] or None for r in rows],
            "local_authority": [r[4] or None for r in rows],
            "member": ["yes" if r[0] in member_ids else "no" for r in rows],
        },
    )


def _people_nodes(user, ids: set[int], roles, label: str) -> NodeTable:
    rows = list(
        Person.objects.filter(pk__in=ids)
        .order_by("organisation__name", "organisation_id", "pk")  # not by name: see the map
        .values_list("pk", "name", "is_pupil", "organisation_id", "organisation__name")
    )
    names = access.display_names(user, ((r[0], r[1], r[2]) for r in rows))
    seen = set(access.visible_people(user).filter(pk__in=ids).values_list("pk", flat=True))
    kinds = dict(RoleKind.choices)
    held: dict[int, list[str]] = defaultdict(list)
    for person, role in (
        roles.filter(person_id__in=ids)
        .order_by("person_id", "role")
        .values_list("person_id", "role")
    ):
        held[person].append(str(kinds.get(role, role)))
    return NodeTable(
        label,
        [f"p{r[0]}" for r in rows],
        {
            "label": [
                names[r[0]] if r[0] in seen else f"{'Pupil' if r[2] else 'Person'} {r[0]}"
                for r in rows
            ],
            "organisation": [f"o{r[3]}" for r in rows],
            "organisation_name": [r[4] for r in rows],
            "pupil": ["yes" if r[2] else "no" for r in rows],
            "roles": ["; ".join(dict.fromkeys(held[r[0]])) or None for r in rows],
        },
    )


def export_file(table: TieTable, fmt: str, stem: str) -> Export:
    """Write ``table`` in the format ``fmt`` (a key of :data:`FORMATS`) and return the file.

    CSV and TSV give a zip of two files, ``<stem>-ties`` and ``<stem>-nodes``.
    """
    kind = FORMATS[fmt]
    stem = slug(stem)
    table = for_format(table, kind.suffix)
    with tempfile.TemporaryDirectory(prefix="nlc-export-") as folder:
        if fmt in ("csv", "tsv"):
            ties_path = Path(folder) / f"{stem}-ties{kind.suffix}"
            nodes_path = Path(folder) / f"{stem}-nodes{kind.suffix}"
            write_ties(table, ties_path, nodes_path=nodes_path)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in (ties_path, nodes_path):
                    archive.write(path, path.name)
            return Export(f"{stem}-{fmt}.zip", kind.content_type, buffer.getvalue())
        path = Path(folder) / f"{stem}{kind.suffix}"
        write_ties(table, path)
        return Export(path.name, kind.content_type, path.read_bytes())


def for_format(table: TieTable, suffix: str) -> TieTable:
    """``table`` ready for the format of ``suffix``: Pajek (``.net``) cannot escape a double
    quote, so there text holding one is written with single quotes instead."""
    if suffix != ".net":
        return table

    def plain(columns: dict) -> dict:
        return {
            k: [None if v is None else v.replace('"', "'") for v in values]
            for k, values in columns.items()
        }

    nodes = table.nodes
    if nodes is not None:
        nodes = replace(nodes, attributes=plain(nodes.attributes))
    return replace(table, nodes=nodes, attributes=plain(table.attributes))


def network_report(network: Network) -> str:
    """The HTML report ``nlc analyse --report`` writes, for the network's organisation ties
    (:func:`nlc.web.ties.measures.network_analysis`: grouped by organisation kind, cached).

    Nodes are organisations, named as on every page; no person appears in it.
    """
    from nlc.reports import render_report
    from nlc.web.ties.measures import network_analysis

    return render_report(
        network_analysis(network),
        title=f"Network analysis of {network.name}",
        source_description=f"the organisation ties recorded in the network {network.name}",
    )


def slug(text: str) -> str:
    """``text`` as a file name stem: letters, digits and dashes."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:80] or "network"
