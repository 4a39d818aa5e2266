"""Importing GIAS group links (columns and rules: :mod:`nlc.web.imports.services`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from nlc.errors import InputError
from nlc.network.gias import read_group_links
from nlc.network.tables import parse_date
from nlc.web.imports import pipeline as p
from nlc.web.registry.models import Network, Organisation
from nlc.web.ties.models import Provenance, Tie, TieType

MULTI_ACADEMY_TRUST = "Multi-academy trust"
SINGLE_ACADEMY_TRUST = "Single-academy trust"
_GROUP_TYPES = (MULTI_ACADEMY_TRUST, SINGLE_ACADEMY_TRUST)
_RANK = {MULTI_ACADEMY_TRUST.casefold(): 2, SINGLE_ACADEMY_TRUST.casefold(): 1}


class GiasLinksImport(p.Importer):
    """Trusts of imported schools from a group-links file; optionally ties within a MAT."""

    kind = "gias-links"
    required = ("URN", "Linked UID", "Group Name", "Group Type")
    optional = ("Joined date",)

    def __init__(self, path, *, create_ties: bool = False, **settings) -> None:
        super().__init__(path, **settings)
        self.create_ties = create_ties
        self.wanted = {g.casefold() for g in _GROUP_TYPES}
        self.names: dict[str, str] = {}
        #: URN -> (rank of the group type, joined date, group id) of its trust.
        self.best: dict[int, tuple[int, dt.date, str]] = {}

    def check_row(self, row: p.Row) -> None:
        # Every row error is reported here; read_group_links stops at the first.
        if row.get("Group Type").casefold() not in self.wanted:
            return
        urn = row.get("URN")
        if not urn.isdigit():
            row.error("URN", f"URN must be a number, not {urn!r}")
        if not row.get("Linked UID"):
            row.error("Linked UID", "is empty")
        row.parse("Joined date", parse_date)

    def finish_rows(self) -> None:
        self.errors.check()
        try:
            links, nodes = read_group_links(self.path, group_types=_GROUP_TYPES)
        except InputError as exc:
            raise p.failed_reading(exc, self.path, self.display_name) from None
        self.names = dict(zip(nodes.ids, nodes.attributes["name"], strict=True))
        # Each school's trust: its multi-academy trust, else its single-academy trust; the
        # latest joined when there are several of a type.
        for i in range(len(links)):
            urn, group = int(links.source[i]), links.target[i]
            date = links.date[i] if links.date else None
            candidate = (_RANK[links.type[i].casefold()], date or dt.date.min, group)
            if urn not in self.best or candidate[:2] > self.best[urn][:2]:
                self.best[urn] = candidate

    def write(self, result: p.ImportResult) -> None:
        target, _ = p.find_area(self.area, create=False, errors=self.errors)
        net = p.find_network(self.network, target, self.errors)
        self.errors.check()
        if net is not None and target is None:
            target = net.area  # a network's schools are those of its area
        query = Organisation.objects.filter(urn__isnull=False)
        if target is not None:
            query = query.filter(area=target)
        schools = {o.urn: o for o in query}
        update, unchanged, matched = [], 0, []
        members: dict[str, list[tuple[Organisation, dt.date]]] = defaultdict(list)
        for urn, (level, date, group) in self.best.items():
            school = schools.get(urn)
            if school is None:
                continue
            matched.append(school)
            trust = (self.names.get(group) or "")[:300]
            if p.changed(school, {"trust": trust}):
                update.append(school)
            else:
                unchanged += 1
            if level == 2:
                members[group].append((school, date))
        if self.best and not matched:
            self._refuse_unmatched(target)
        p.bulk_update(Organisation, update, ["trust"])
        result.counts = {
            "schools in file": len(self.best),
            "schools matched": len(matched),
            "not imported (skipped)": len(self.best) - len(matched),
            "trust updated": len(update),
            "unchanged": unchanged,
        }
        if net is not None:
            result.counts["memberships created"] = p.join_network(net, matched)
        if self.create_ties:
            self._tie_trust_members(members, net, result)

    def _refuse_unmatched(self, target) -> None:
        """No school of the file is imported: the census must come first."""
        where = f" in area {target.name!r}" if target is not None else ""
        self.errors.add(
            None,
            None,
            f"none of the {len(self.best):,} schools of this file has been imported{where}; "
            "import the school census first (nlc import census FILE, or 'School census' on "
            "the import page), then the group links",
        )
        self.errors.check()

    def _tie_trust_members(
        self,
        members: dict[str, list[tuple[Organisation, dt.date]]],
        net: Network | None,
        result: p.ImportResult,
    ) -> None:
        """Tie every two schools of a multi-academy trust once (existing ties are kept)."""
        today = timezone.localdate()
        existing = {
            frozenset(pair)
            for pair in Tie.objects.filter(
                provenance=Provenance.IMPORT,
                type=TieType.CO_PARTICIPATION,
                source_organisation__isnull=False,
            ).values_list("source_organisation_id", "target_organisation_id")
        }
        create, kept = [], 0
        for group, pairs in members.items():
            pairs.sort(key=lambda pair: pair[0].urn)
            detail = f"{self.names.get(group) or group} ({self.detail})"[:300]
            for i, (a, joined_a) in enumerate(pairs):
                for b, joined_b in pairs[i + 1 :]:
                    if frozenset((a.pk, b.pk)) in existing:
                        kept += 1
                        continue
                    joined = max(joined_a, joined_b)
                    create.append(
                        Tie(
                            area_id=a.area_id,
                            network_id=net.pk if net else None,
                            source_organisation_id=a.pk,
                            target_organisation_id=b.pk,
                            type=TieType.CO_PARTICIPATION,
                            weight=1.0,
                            directed=False,
                            observed_on=today if joined == dt.date.min else joined,
                            provenance=Provenance.IMPORT,
                            provenance_detail=detail,
                        )
                    )
        Tie.objects.bulk_create(create, batch_size=p.BATCH)
        result.counts["ties created"] = len(create)
        result.counts["ties already there"] = kept
