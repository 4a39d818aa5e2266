"""The area map's document: organisations know their networks (for colour, legend, rings)
and carry their grid references (for the geographic layout) (issue 8)."""

import pytest
from conftest import EVERYONE
from django.core.cache import cache

from nlc.web.registry.models import Membership, Organisation

pytestmark = pytest.mark.usefixtures("small_area")

AREA_READERS = {"admin", "evaluator"}


def area_document(client) -> dict:
    cache.clear()  # map documents are kept a minute; each test changes the data its own way
    response = client.get("/area/map/data/")
    assert response.status_code == 200
    return response.json()


def nodes_by_name(document) -> dict:
    return {n["label"]: n for n in document["nodes"]}


def test_it_names_the_networks_and_gives_each_organisation_its_networks(client_for, small_area):
    document = area_document(client_for("admin"))
    led, other = small_area.led, small_area.other
    assert document["networks"] == sorted(
        [{"id": led.pk, "name": led.name}, {"id": other.pk, "name": other.name}],
        key=lambda n: n["name"],
    )
    nodes = nodes_by_name(document)
    assert nodes["Alpha Academy"]["networks"] == [led.pk]
    assert nodes["Alpha Academy"]["network"] == led.pk
    assert nodes["Beta School"]["networks"] == [other.pk]
    assert {"value": "network", "label": "Network"} in document["groups"]


def test_it_marks_organisations_in_several_networks(client_for, small_area):
    primary = small_area.organisations.primary
    Membership.objects.create(network=small_area.other, organisation=primary, role="member")
    nodes = nodes_by_name(area_document(client_for("evaluator")))
    # in the order of the legend: by network name (Alpha, then Beta)
    assert nodes["Alpha Primary"]["networks"] == [small_area.led.pk, small_area.other.pk]


def test_it_carries_grid_references_for_the_geographic_layout(client_for, small_area):
    Organisation.objects.filter(pk=small_area.organisations.academy.pk).update(
        easting=440_000, northing=340_000
    )
    nodes = nodes_by_name(area_document(client_for("admin")))
    assert (nodes["Alpha Academy"]["easting"], nodes["Alpha Academy"]["northing"]) == (
        440_000,
        340_000,
    )
    assert nodes["Alpha Primary"]["easting"] is None


def test_a_network_map_lists_only_its_network(client_for, small_area):
    response = client_for("leader").get(f"/networks/{small_area.led.pk}/map/data/")
    document = response.json()
    assert document["networks"] == [{"id": small_area.led.pk, "name": small_area.led.name}]
    assert all(n["networks"] in ([small_area.led.pk], []) for n in document["nodes"])


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_only_area_readers_open_the_area_map_with_its_networks(client_for, username):
    response = client_for(username).get("/area/map/data/")
    assert response.status_code == (200 if username in AREA_READERS else 403)
    if username not in AREA_READERS:
        assert "Beta Network" not in response.content.decode()


def test_the_area_map_page_colours_by_network_and_offers_the_geographic_layout(client_for):
    html = client_for("admin").get("/area/map/").content.decode()
    assert '<option value="network" selected>' in html
    assert 'name="layout" value="geographic"' in html
