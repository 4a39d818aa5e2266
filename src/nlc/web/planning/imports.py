"""Importing an indicator's values from CSV or XLSX, all-or-nothing, through the import
pipeline (:func:`nlc.web.imports.pipeline.run_pipeline`).

Columns: ``period`` (its name, "2024-25 T1"), ``period_start`` (a date, YYYY-MM-DD) and
``value`` are required; ``organisation`` (a member organisation's name; empty for the whole
network), ``pupils`` (how many pupils a pupil-level value is drawn from) and ``source``
are optional. A value already recorded for the same period and organisation is replaced.
"""

from __future__ import annotations

import datetime as dt
import math

from nlc.web.imports import pipeline as p
from nlc.web.planning.models import Indicator, IndicatorValue


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a date (YYYY-MM-DD)") from None


def _number(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError("the value must be a finite number")
    return number


class ValueImport(p.Importer):
    """Values of one indicator (set ``indicator`` and ``user`` before running)."""

    kind = "indicator values"
    required = ("period", "period_start", "value")
    optional = ("organisation", "pupils", "source")

    indicator: Indicator
    user = None

    def __init__(self, path, **settings) -> None:
        super().__init__(path, **settings)
        self.parsed: list[tuple[int, dict, str]] = []
        self.seen: dict[tuple, int] = {}
        self.members: dict[str, int] = {}

    def start(self, table) -> None:
        network = self.indicator.goal.network
        for pk, name in network.memberships.values_list("organisation_id", "organisation__name"):
            self.members[name.casefold()] = pk

    def check_row(self, row: p.Row) -> None:
        values = {
            "period": row.parse("period", p.text, 40),
            "period_start": row.parse("period_start", _date),
            "value": row.parse("value", _number),
            "source": row.parse("source", p.text, 300) or "",
            "pupils": row.parse("pupils", p.count, "pupils") if row.get("pupils") else None,
            "organisation_id": None,
        }
        if not values["period"]:
            row.error("period", "is empty; name the period")
        organisation = row.get("organisation")
        if organisation:
            values["organisation_id"] = self.members.get(organisation.casefold())
            if values["organisation_id"] is None:
                row.error("organisation", f"{organisation[:60]!r} is not a member of the network")
        if self.indicator.pupil_level and values["pupils"] is None:
            row.error("pupils", "is empty; say how many pupils the value is drawn from")
        key = (values["period_start"], values["organisation_id"])
        if key in self.seen:
            row.error(
                "period_start", f"the same period and organisation are on row {self.seen[key]}"
            )
        self.seen.setdefault(key, row.number)
        self.parsed.append((row.number, values, organisation))

    def write(self, result: p.ImportResult) -> None:
        self.errors.check()
        created = replaced = 0
        for number, values, _ in self.parsed:
            record, new = IndicatorValue.objects.get_or_create(
                indicator=self.indicator,
                period_start=values["period_start"],
                organisation_id=values["organisation_id"],
                defaults={**values, "created_by": self.user},
            )
            if not new:
                for name, value in values.items():
                    setattr(record, name, value)
            if p.check_record(record, number, self.errors, self.columns_found):
                record.save()
            created += new
            replaced += not new
        self.errors.check()
        result.counts = {"values added": created, "values replaced": replaced}
