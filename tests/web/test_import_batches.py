"""Census and organisation imports, like tie imports, write in batches when run as background
jobs (hardening issue #9, finding 8): each batch its own transaction, and a failure in a late
batch takes back everything written before it, the areas created included."""

from __future__ import annotations

import itertools

import pytest
from django.db import IntegrityError

from nlc.web.imports import pipeline as p
from nlc.web.imports.services import run_import
from nlc.web.registry.models import Area, Membership, Network, Organisation

ROWS = 35


@pytest.fixture
def census(tmp_path):
    lines = ["urn,la_name,school_name,phase_type_grouping"]
    lines += [
        f"{900000 + i},{'Northshire' if i % 2 else 'Southshire'},School {i},State-funded primary"
        for i in range(ROWS)
    ]
    path = tmp_path / "census.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def organisations(tmp_path):
    lines = ["name,kind,urn"] + [f"Club {i},voluntary,{800000 + i}" for i in range(ROWS)]
    path = tmp_path / "organisations.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


class Recording(p.BatchedWriter):
    """A batched writer that counts its batches."""

    def __init__(self):
        self.steps = []
        super().__init__(batch=10, progress=lambda done, total: self.steps.append(done))


def counts():
    return Area.objects.count(), Organisation.objects.count(), Membership.objects.count()


@pytest.mark.django_db
def test_a_census_import_writes_in_batches(census):
    writer = Recording()
    result = run_import("census", census, writer=writer)
    assert result.counts["created"] == ROWS and result.counts["areas created"] == 2
    assert Organisation.objects.filter(urn__gte=900000).count() == ROWS
    # The two areas, the schools ten at a time (each batch its own transaction), the end.
    assert writer.steps == [2, 12, 22, 32, 37, 37]


@pytest.mark.django_db
def test_an_organisation_import_writes_in_batches(organisations):
    writer = Recording()
    result = run_import("organisations", organisations, area="Eastshire", writer=writer)
    assert result.counts["created"] == ROWS and result.counts["areas created"] == 1
    assert writer.steps == [10, 20, 30, 35, 35]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["census", "organisations"])
def test_a_failure_in_a_late_batch_takes_back_the_areas_and_rows(
    census, organisations, monkeypatch, kind
):
    Area.objects.create(name="Elsewhere")
    Area.objects.create(name="Other")  # two areas: a new one is named, not guessed
    before = counts()
    calls = itertools.count(1)
    create = Organisation.objects.bulk_create

    def fail_in_batch_3(objects, *args, **kwargs):
        if next(calls) == 3:
            raise IntegrityError("FOREIGN KEY constraint failed")
        return create(objects, *args, **kwargs)

    monkeypatch.setattr(Organisation.objects, "bulk_create", fail_in_batch_3)
    path = census if kind == "census" else organisations
    area = None if kind == "census" else "Brand New Area"
    with pytest.raises(IntegrityError):
        run_import(kind, path, area=area, writer=Recording())
    assert counts() == before
    assert not Area.objects.filter(name__in=["Northshire", "Southshire", "Brand New Area"])


@pytest.mark.django_db
def test_a_batched_organisation_import_into_a_network_takes_back_its_memberships(
    organisations, monkeypatch
):
    area = Area.objects.create(name="Westshire")
    net = Network.objects.create(area=area, name="West partnership")
    before = counts()
    update = p.BatchedWriter.create

    def fail_after_rows(self, model, objects):
        update(self, model, objects)
        if model is Organisation:
            # The memberships are saved after the organisations: fail right after them.
            monkeypatch.setattr(p.Membership, "save", _fail)

    def _fail(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(p.BatchedWriter, "create", fail_after_rows)
    with pytest.raises(IntegrityError):
        run_import("organisations", organisations, area=area, network=net, writer=Recording())
    assert counts() == before


@pytest.mark.django_db
def test_a_people_import_writes_in_batches(tmp_path):
    area = Area.objects.create(name="Northshire")
    Organisation.objects.create(area=area, name="Hill School", kind="school")
    path = tmp_path / "people.csv"
    path.write_text(
        "name,organisation\n" + "".join(f"Person {i},Hill School\n" for i in range(ROWS))
    )
    writer = Recording()
    result = run_import("people", path, area=area, writer=writer)
    assert result.counts["created"] == ROWS
    assert writer.steps == [10, 20, 30, 35, 35]


@pytest.mark.django_db
def test_a_gias_links_import_writes_in_batches_and_undoes_a_late_failure(
    census, tmp_path, monkeypatch
):
    run_import("census", census)
    links = tmp_path / "links.csv"
    header = (
        "URN,Linked UID,Group Name,Group Type,Joined date,EstablishmentName,LA (name),"
        "PhaseOfEducation (name),TypeOfEstablishment (name)\n"
    )
    rows = "".join(
        f"{900000 + i},2150,Hill Trust,Multi-academy trust,01-09-2015,School {i},Northshire,"
        "Primary,Academy converter\n"
        for i in range(6)
    )
    links.write_text(header + rows)
    writer = Recording()
    result = run_import("gias-links", links, create_ties=True, writer=writer)
    assert result.counts["trust updated"] == 6 and result.counts["ties created"] == 15
    assert writer.steps == [6, 16, 21, 21]  # six trusts, then 15 ties ten at a time

    from nlc.web.ties.models import Tie

    Tie.objects.all().delete()
    Organisation.objects.update(trust="")
    calls = itertools.count(1)
    create = Tie.objects.bulk_create

    def fail_in_batch_2(objects, *args, **kwargs):
        if next(calls) == 2:
            raise IntegrityError("disk full")
        return create(objects, *args, **kwargs)

    monkeypatch.setattr(Tie.objects, "bulk_create", fail_in_batch_2)
    with pytest.raises(IntegrityError):
        run_import("gias-links", links, create_ties=True, writer=Recording())
    assert not Tie.objects.exists()
    assert not Organisation.objects.exclude(trust="").exists()
