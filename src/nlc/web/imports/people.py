"""Importing people (columns and rules: :mod:`nlc.web.imports.services`)."""

from __future__ import annotations

import functools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from nlc.web.imports import pipeline as p
from nlc.web.registry.models import Area, Organisation, Person


class OrganisationIndex:
    """Organisations by URN and by name (ignoring case), in one area or everywhere."""

    def __init__(self, area: Area | None) -> None:
        query = (
            Organisation.objects.all() if area is None else Organisation.objects.filter(area=area)
        )
        self.by_urn: dict[int, tuple[int, int]] = {}
        self.by_name: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for pk, area_id, name, urn in query.values_list("pk", "area_id", "name", "urn"):
            if urn is not None:
                self.by_urn[urn] = (pk, area_id)
            self.by_name[name.casefold()].append((pk, area_id))

    def find(self, text: str) -> tuple[int, int]:
        """(pk, area id) of the organisation named by URN or name; ValueError otherwise."""
        if text.isdigit():
            found = self.by_urn.get(int(text))
            if found is None:
                raise ValueError(f"no organisation has URN {text}")
            return found
        matches = self.by_name.get(text.casefold(), [])
        return p.one_named(matches, "organisation", text, "use the URN")


class PeopleImport(p.Importer):
    """People by e-mail, or by name within their organisation."""

    kind = "people"
    batchable = True  # everything is checked first, then written through self.writer
    required = ("name", "organisation")
    optional = ("email", "job_title", "phone", "is_pupil")

    def __init__(self, path, **settings) -> None:
        super().__init__(path, **settings)
        self.parsed: list[tuple[int, str, dict]] = []
        self.seen_emails: dict[str, int] = {}

    def check_row(self, row: p.Row) -> None:
        name = row.get("name")
        if not name:
            row.error("name", "is empty; every person needs a name")
        else:
            row.parse("name", p.text, 200)
        organisation = row.get("organisation")
        if not organisation:
            row.error("organisation", "is empty; give the URN or name")
        values = {"name": name}
        email = row.get("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error("email", f"{email!r} is not an e-mail address")
            key = email.casefold()
            if key in self.seen_emails:
                row.error("email", f"{email} is also on row {self.seen_emails[key]}")
            self.seen_emails.setdefault(key, row.number)
        if row.has("email"):
            values["email"] = email
        if row.has("job_title"):
            values["job_title"] = row.parse("job_title", p.text, 200)
        if row.has("phone"):
            values["phone"] = row.parse("phone", p.text, 40)
        if row.has("is_pupil"):
            values["is_pupil"] = row.parse("is_pupil", p.flag)
        self.parsed.append((row.number, organisation, values))

    def write(self, result: p.ImportResult) -> None:
        target, _ = p.find_area(self.area, create=False, errors=self.errors)
        self.errors.check_global()
        create, update, unchanged = self._match(target)
        self.errors.check()
        fields = sorted({k for _, _, values in self.parsed for k in values} | {"organisation_id"})
        self.writer.plan(len(create) + len(update))
        self.writer.create(Person, create)
        self.writer.update(Person, update, [f.removesuffix("_id") for f in fields])
        result.counts = p.counts(len(self.parsed), create, update, unchanged)

    def _match(self, scope: Area | None) -> tuple[list, list, int]:
        """New people, changed ones and the number unchanged."""
        errors, header = self.errors, self.columns_found.header
        organisations = OrganisationIndex(scope)
        people = Person.objects.all()
        if scope is not None:
            people = people.filter(organisation__area=scope)
        by_email: dict[str, list[Person]] = defaultdict(list)
        by_name: dict[tuple[int, str], Person] = {}
        for person in people:
            if person.email:
                by_email[person.email.casefold()].append(person)
            by_name.setdefault((person.organisation_id, person.name.casefold()), person)
        matched, columns = p.Matched(), self.columns_found
        bad = errors.bad_rows
        for row, organisation, values in self.parsed:
            try:
                org_id, _ = organisations.find(organisation) if organisation else (None, None)
            except ValueError as exc:
                errors.add(row, header("organisation"), str(exc))
                continue
            if row in bad:
                continue
            values = values | {"organisation_id": org_id}
            email = values.get("email")
            existing = None
            if email:
                matches = by_email.get(email.casefold(), [])
                if len(matches) > 1:
                    errors.add(row, header("email"), f"{len(matches)} people have e-mail {email}")
                    continue
                existing = matches[0] if matches else None
            if existing is None:
                existing = by_name.get((org_id, values["name"].casefold()))
            matched.add(
                existing,
                values,
                Person,
                functools.partial(p.check_record, row=row, errors=errors, columns=columns),
            )
        return matched.create, matched.update, matched.unchanged
