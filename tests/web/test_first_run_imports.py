"""GIAS links and the school census with a network (issue #8, "Imports and first run"), on
small extracts of the real files (tests/web/data/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nlc.web.imports.forms import ImportForm
from nlc.web.imports.services import ImportFailed, import_gias_links, run_import
from nlc.web.registry.models import Area, Membership, Network, Organisation
from nlc.web.ties.models import Tie

DATA = Path(__file__).parent / "data"
CENSUS = DATA / "census_future_schools_trust.csv"
GIAS = DATA / "gias_links_future_schools_trust.csv"
URNS = {135371, 135372, 138232}


@pytest.fixture
def kent(db):
    area = Area.objects.create(name="Kent")
    net = Network.objects.create(area=area, name="Maidstone Learning Network")
    return area, net


def members(net: Network) -> set[int]:
    return set(Membership.objects.filter(network=net).values_list("organisation__urn", flat=True))


def test_a_census_import_into_a_network_makes_the_schools_join_it(kent):
    area, net = kent
    result = run_import("census", CENSUS, network=net.name)
    assert result.counts["created"] == 3
    assert result.counts["memberships created"] == 3
    assert members(net) == URNS
    # The schools go into the network's area, not an area per local authority.
    assert set(Organisation.objects.filter(urn__in=URNS).values_list("area", flat=True)) == {
        area.pk
    }
    again = run_import("census", CENSUS, network=net.name)
    assert again.counts["memberships created"] == 0
    assert Membership.objects.filter(network=net).count() == 3


def test_a_census_school_of_another_area_cannot_join_a_network(kent):
    area, net = kent
    run_import("census", CENSUS)  # into the area of its local authority, Kent
    other = Network.objects.create(area=Area.objects.create(name="Elsewhere"), name="Far")
    with pytest.raises(ImportFailed) as failed:
        run_import("census", CENSUS, network=other)
    assert "belongs to" in failed.value.report() and "'Elsewhere'" in failed.value.report()
    assert not Membership.objects.filter(network=other).exists()


def test_the_upload_form_accepts_a_network_for_a_census_import(kent):
    area, net = kent
    upload = SimpleUploadedFile("census.csv", CENSUS.read_bytes(), content_type="text/csv")
    form = ImportForm({"kind": "census", "network": net.pk}, {"file": upload}, area=area)
    assert form.is_valid(), form.errors
    people = SimpleUploadedFile("people.csv", b"name,organisation\n", content_type="text/csv")
    form = ImportForm({"kind": "people", "network": net.pk}, {"file": people}, area=area)
    assert not form.is_valid() and "network" in form.errors


def test_a_gias_import_into_a_network_makes_the_matched_schools_join_it(kent):
    area, net = kent
    run_import("census", CENSUS, area=area)
    result = import_gias_links(GIAS, network=net.name, create_ties=True)
    assert result.counts["schools matched"] == 3
    assert result.counts["memberships created"] == 3
    assert members(net) == URNS
    assert Tie.objects.filter(network=net).count() == 3  # every two of the three schools
    assert set(Organisation.objects.filter(urn__in=URNS).values_list("trust", flat=True)) == {
        "FUTURE SCHOOLS TRUST"
    }


def test_a_gias_import_before_the_census_is_refused_and_writes_nothing(kent):
    area, net = kent
    with pytest.raises(ImportFailed) as failed:
        import_gias_links(GIAS, network=net.name, create_ties=True)
    report = failed.value.report()
    assert "none of the 3 schools" in report and "school census first" in report
    assert not Membership.objects.exists() and not Tie.objects.exists()


def test_a_gias_import_into_a_network_is_all_or_nothing(kent, monkeypatch):
    area, net = kent
    run_import("census", CENSUS, area=area)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Tie.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        import_gias_links(GIAS, network=net.name, create_ties=True)
    assert not Membership.objects.filter(network=net).exists()
