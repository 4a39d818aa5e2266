"""Cached network measures: equal to a fresh analysis, and renewed when ties change."""

import datetime as dt

import pytest

from nlc.analysis import analyse
from nlc.web.ties.measures import network_analysis
from nlc.web.ties.models import Tie
from nlc.web.ties.services import organisation_network

pytestmark = pytest.mark.usefixtures("small_area")


def test_it_equals_a_fresh_analysis(led_network):
    cached = network_analysis(led_network).to_json()
    fresh = analyse(organisation_network(led_network), group="kind").to_json()
    assert cached == fresh


def test_it_is_renewed_when_a_tie_is_added_or_edited(led_network):
    before = network_analysis(led_network).to_json()["network"]["ties"]
    members = list(led_network.memberships.select_related("organisation")[:2])
    a, b = members[0].organisation, members[1].organisation
    tie = Tie.objects.create(
        area=led_network.area,
        network=led_network,
        source_organisation=b,
        target_organisation=a,
        type="advice",
        observed_on=dt.date(2025, 1, 1),
    )
    after = network_analysis(led_network).to_json()["network"]
    expected = analyse(organisation_network(led_network), group="kind").to_json()["network"]
    assert after == expected
    assert after["ties"] in (before, before + 1)  # +1 unless b->a already existed
    tie.type = "referral"
    tie.save()
    referrals = network_analysis(led_network, types=["referral"]).to_json()["network"]["ties"]
    assert referrals == organisation_network(led_network, types=["referral"]).m


def test_it_renews_a_cached_map_when_a_person_is_flagged_as_a_pupil(client_for, led_network):
    from nlc.web.registry.models import Person

    client = client_for("member")
    url = f"/networks/{led_network.pk}/map/data/?view=people"
    staff = Person.objects.filter(is_pupil=False, organisation__memberships__network=led_network)
    person = staff.exclude(user__username="member").first()
    assert person.name in client.get(url).content.decode()
    person.is_pupil = True
    person.email = ""
    person.save()
    page = client.get(url).content.decode()
    assert f"Pupil {person.pk}" in page
    assert f'"{person.name}"' not in page
