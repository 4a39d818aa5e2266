"""Importing organisations, people and ties from CSV/XLSX, and the ``nlc import`` command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from nlc.web.imports.services import (
    ImportFailed,
    import_organisations,
    import_people,
    import_ties,
)
from nlc.web.registry.models import Area, Membership, Network, Organisation, Person
from nlc.web.ties.models import Provenance, Tie, TieType

AREA = "Imports test area"


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def registry(db, tmp_path):
    """Three organisations (one school with a URN) and two people in a new area."""
    orgs = write(
        tmp_path,
        "organisations.csv",
        "name,kind,phase,urn,size\n"
        "Hill Primary,school,primary,990001,210\n"
        "Town Health Team,Health,,,\n"
        "Central Library,library,,,\n",
    )
    import_organisations(orgs, area=AREA)
    people = write(
        tmp_path,
        "people.csv",
        "name,organisation,email,job_title,is_pupil\n"
        "Ann Head,990001,ann@example.org,Headteacher,no\n"
        "Ben Nurse,town health team,ben@example.org,School nurse,\n",
    )
    import_people(people, area=AREA)
    return Area.objects.get(name=AREA)


def test_it_imports_organisations_and_updates_them_again(registry, tmp_path):
    hill = Organisation.objects.get(urn=990001)
    assert (hill.area, hill.kind, hill.phase, hill.size) == (registry, "school", "primary", 210)
    assert Organisation.objects.get(name="Town Health Team").kind == "health"

    again = write(
        tmp_path,
        "again.csv",
        "name,kind,urn,size\nHill Primary School,,990001,230\ncentral library,library,,\n",
    )
    result = import_organisations(again, area=AREA)
    assert result.counts == {"rows": 2, "created": 0, "updated": 2, "unchanged": 0}
    hill.refresh_from_db()
    assert (hill.name, hill.size, hill.phase) == ("Hill Primary School", 230, "primary")
    assert Organisation.objects.filter(area=registry).count() == 3


def test_it_imports_an_xlsx_file_and_adds_members_to_a_network(registry, tmp_path):
    import openpyxl

    network = Network.objects.create(area=registry, name="Test network")
    book = openpyxl.Workbook()
    book.active.append(["Name", "Kind", "URN"])
    book.active.append(["Moor Academy", "school", 990002])
    book.active.append(["Hill Primary", "school", 990001])
    path = tmp_path / "orgs.xlsx"
    book.save(path)
    result = import_organisations(path, area=AREA, network="test network")
    assert result.counts["created"] == 1
    assert result.counts["memberships created"] == 2
    assert set(
        Membership.objects.filter(network=network).values_list("organisation__urn", flat=True)
    ) == {990001, 990002}


def test_it_imports_ties_by_urn_name_and_email_once(registry, tmp_path):
    ties = write(
        tmp_path,
        "ties.csv",
        "source,target,weight,type,date\n"
        "990001,Town Health Team,2,referral,2025-01-10\n"
        "990001,town health team,1,Referral,10/01/2025\n"
        "Central Library,990001,,,2025-02-01\n"
        "ann@example.org,ben@example.org,1,advice,2025-03-01\n",
    )
    result = import_ties(ties, area=AREA)
    assert result.counts["ties created"] == 3
    referral = Tie.objects.get(type=TieType.REFERRAL, source_organisation__urn=990001)
    assert referral.weight == 3  # the two rows for one tie add up, as in nlc analyse
    assert referral.provenance == Provenance.IMPORT
    assert referral.provenance_detail == "ties.csv"
    assert referral.area == registry
    assert Tie.objects.get(source_person__email="ann@example.org").target_person.name == "Ben Nurse"
    assert Tie.objects.get(source_organisation__name="Central Library").type == "collaboration"

    again = import_ties(ties, area=AREA)
    assert again.counts["ties created"] == 0 and again.counts["unchanged"] == 3
    assert Tie.objects.filter(area=registry).count() == 3


def test_every_bad_row_is_reported_and_nothing_written(registry, tmp_path):
    ties = write(
        tmp_path,
        "ties.csv",
        "source,target,weight,type,date\n"
        "990001,Town Health Team,1,advice,2025-01-10\n"
        "990001,Nowhere,1,advice,2025-01-10\n"
        "990001,ann@example.org,1,advice,2025-01-10\n"
        "990001,Central Library,-1,gossip,2025-13-01\n"
        "Central Library,,1,advice,\n",
    )
    before = Tie.objects.count()
    with pytest.raises(ImportFailed) as caught:
        import_ties(ties, area=AREA)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "target"),
        (4, "target"),
        (5, "weight"),
        (5, "type"),
        (5, "date"),
        (6, "target"),
    ]
    assert all(e.path == str(ties) for e in caught.value.errors)
    assert Tie.objects.count() == before

    people = write(
        tmp_path,
        "people.csv",
        "name,organisation,email,is_pupil\nCat,990001,not-an-email,perhaps\n,990001,,\n",
    )
    with pytest.raises(ImportFailed) as caught:
        import_people(people, area=AREA)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (2, "email"),
        (2, "is_pupil"),
        (3, "name"),
    ]
    assert Person.objects.filter(organisation__area=registry).count() == 2


def test_a_missing_column_is_reported_at_the_header(db, tmp_path):
    path = write(tmp_path, "orgs.csv", "title,sort\nA,school\n")
    with pytest.raises(ImportFailed) as caught:
        import_organisations(path, area=AREA)
    assert [(e.row, e.message.split(";")[0]) for e in caught.value.errors] == [
        (1, "no column 'name'"),
        (1, "no column 'kind'"),
    ]
    assert not Area.objects.filter(name=AREA).exists()


# --------------------------------------------------------------------------- nlc import


def run_cli(*args):
    from nlc.cli import main  # imports nlc.simulation.cli too

    return CliRunner().invoke(main, ["import", *map(str, args)])


def test_the_command_imports_and_summarises(db, tmp_path):
    path = write(tmp_path, "orgs.csv", "name,kind\nA Youth Club,voluntary\nB Police,police\n")
    result = run_cli("organisations", path, "--area", AREA)
    assert result.exit_code == 0, result.output
    assert "created 2" in result.output
    assert Organisation.objects.filter(area__name=AREA).count() == 2

    dry = run_cli("organisations", path, "--area", AREA, "--dry-run")
    assert dry.exit_code == 0
    assert "unchanged 2" in dry.output and "dry run" in dry.output


def test_the_command_lists_row_errors_and_exits_2(db, tmp_path):
    path = write(tmp_path, "orgs.csv", "name,kind,urn\nA,school,12x\n,police,\nC,spaceship,\n")
    result = run_cli("organisations", path, "--area", AREA)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "3 errors; nothing was written" in result.output
    for row, column in [(2, "urn"), (3, "name"), (4, "kind")]:
        assert f"{path}, row {row}, column '{column}'" in result.output
    assert not Area.objects.filter(name=AREA).exists()


def test_the_command_refuses_a_missing_file_and_bad_options(db, tmp_path):
    missing = run_cli("ties", tmp_path / "none.csv")
    assert missing.exit_code == 2 and "file not found" in missing.output
    assert run_cli("planets", tmp_path / "x.csv").exit_code == 2
    path = write(tmp_path, "p.csv", "name,organisation\n")
    assert run_cli("people", path, "--ties").exit_code == 2
