"""Importing ties (columns and rules: :mod:`nlc.web.imports.services`)."""

from __future__ import annotations

import math
from collections import defaultdict

from django.utils import timezone

from nlc.network.tables import parse_date
from nlc.web.imports import pipeline as p
from nlc.web.imports.people import OrganisationIndex
from nlc.web.registry.models import Area, Network, Person
from nlc.web.ties.models import Provenance, Tie, TieType
from nlc.web.validation import MAX_WEIGHT

_ENDS = ("source", "target")


def _weight(text: str) -> float:
    """A weight above 0 and at most :data:`~nlc.web.validation.MAX_WEIGHT` (empty: 1)."""
    if not text:
        return 1.0
    try:
        weight = float(text)
    except ValueError:
        weight = math.nan
    if not math.isfinite(weight) or weight <= 0:
        raise ValueError(f"must be a number above 0, not {text!r}")
    if weight > MAX_WEIGHT:
        raise ValueError(f"must be at most {MAX_WEIGHT:g}, not {text!r}")
    return weight


class _Ends:
    """Tie ends by e-mail (people) or by URN or name (organisations), in one area or all."""

    def __init__(self, scope: Area | None) -> None:
        self.organisations = OrganisationIndex(scope)
        query = Person.objects.all()
        if scope is not None:
            query = query.filter(organisation__area=scope)
        self.people: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pk, email, area_id in query.exclude(email="").values_list(
            "pk", "email", "organisation__area_id"
        ):
            self.people[email.casefold()].append((pk, area_id))

    def find(self, text: str) -> tuple[str, int, int]:
        """("person" or "organisation", pk, area id); ValueError when not found once."""
        if "@" in text:
            matches = self.people.get(text.casefold(), [])
            if not matches:
                raise ValueError(f"no person has e-mail {text}")
            if len(matches) > 1:
                raise ValueError(f"{len(matches)} people have e-mail {text}")
            return ("person", *matches[0])
        return ("organisation", *self.organisations.find(text))


class TieImport(p.Importer):
    """Ties between people or between organisations, provenance *import*."""

    kind = "ties"
    batchable = True
    required = _ENDS
    optional = ("weight", "type", "date", "directed")

    def __init__(self, path, **settings) -> None:
        super().__init__(path, **settings)
        self.parsed: list[tuple] = []
        self.today = timezone.localdate()

    def check_row(self, row: p.Row) -> None:
        ends = []
        for end in _ENDS:
            text = row.get(end)
            if not text:
                row.error(end, "is empty; name an organisation or a person")
            ends.append(text)
        weight = row.parse("weight", _weight)
        kind = row.parse("type", p.choice, TieType) if row.get("type") else TieType.COLLABORATION
        date = row.parse("date", parse_date)
        directed = row.parse("directed", p.flag, text=row.get("directed") or "yes")
        if ends[0] and ends[0].casefold() == ends[1].casefold():
            row.error("target", "a tie needs two different ends")
        self.parsed.append((row.number, ends, weight, kind, date or self.today, directed))

    def write(self, result: p.ImportResult) -> None:
        target, _ = p.find_area(self.area, create=False, errors=self.errors)
        net = p.find_network(self.network, target, self.errors)
        self.errors.check_global()
        ties = self._ties(target, net)
        self.errors.check()
        existing = {}
        for tie in Tie.objects.filter(provenance=Provenance.IMPORT, network=net):
            if tie.source_person_id is not None:
                key = ("person", tie.source_person_id, tie.target_person_id)
            else:
                key = ("organisation", tie.source_organisation_id, tie.target_organisation_id)
            existing.setdefault((*key, tie.type, tie.observed_on), tie)
        create, update, unchanged = [], [], 0
        for key, values in ties.items():
            old = existing.get(key)
            if old is None:
                create.append(self._new_tie(key, values, net))
            elif p.changed(old, {"weight": values["weight"], "directed": values["directed"]}):
                update.append(old)
            else:
                unchanged += 1
        self.writer.plan(len(create) + len(update))
        self.writer.create(Tie, create)
        self.writer.update(Tie, update, ["weight", "directed"])
        result.counts = {
            "rows": len(self.parsed),
            "ties created": len(create),
            "updated": len(update),
            "unchanged": unchanged,
        }

    def _ties(self, target: Area | None, net: Network | None) -> dict[tuple, dict]:
        """The file's ties by (end kind, source, target, type, date); weights added up."""
        errors, header = self.errors, self.columns_found.header
        ends = _Ends(target)
        ties: dict[tuple, dict] = {}
        first_row: dict[tuple, int] = {}
        bad = errors.bad_rows
        for row, texts, weight, kind, date, directed in self.parsed:
            found = []
            for end, text in zip(_ENDS, texts, strict=True):
                try:
                    if text:
                        found.append(ends.find(text))
                except ValueError as exc:
                    errors.add(row, header(end), str(exc))
            if len(found) < 2 or row in bad:
                continue
            (skind, spk, sarea), (tkind, tpk, _) = found
            if skind != tkind:
                errors.add(row, header("target"), "a tie joins two people or two organisations")
                continue
            if spk == tpk:
                errors.add(row, header("target"), "a tie needs two different ends")
                continue
            key = (skind, spk, tpk, kind, date)
            if key in ties:
                total = ties[key]["weight"] + weight
                if not total <= MAX_WEIGHT:  # also catches an overflow to infinity
                    errors.add(
                        row,
                        header("weight"),
                        f"this tie is also on row {first_row[key]}; the weights of its rows "
                        f"add up to {total:g}, more than the largest weight, {MAX_WEIGHT:g}",
                    )
                    continue
                ties[key]["weight"] = total
            else:
                first_row[key] = row
                ties[key] = {
                    "weight": weight,
                    "directed": directed,
                    "area_id": net.area_id if net else target.pk if target else sarea,
                }
        return ties

    def _new_tie(self, key: tuple, values: dict, net: Network | None) -> Tie:
        skind, spk, tpk, kind, date = key
        ends = (
            {"source_person_id": spk, "target_person_id": tpk}
            if skind == "person"
            else {"source_organisation_id": spk, "target_organisation_id": tpk}
        )
        return Tie(
            **ends,
            **values,
            network=net,
            type=kind,
            observed_on=date,
            provenance=Provenance.IMPORT,
            provenance_detail=self.detail[:300],
        )
