"""The network's analysis section: any grouping, the people's network and the two-mode view
(issue 8, "Analysis in the web as in the CLI")."""

import datetime as dt
import re

import pytest
from conftest import EVERYONE

from nlc.analysis import analyse
from nlc.web.registry.models import Membership, Network, Organisation
from nlc.web.ties.measures import GROUPINGS, network_analysis
from nlc.web.ties.models import Tie
from nlc.web.ties.services import (
    organisation_network,
    organisations_through_people,
    people_network,
)

pytestmark = pytest.mark.usefixtures("small_area")


def page(client, network, **query) -> str:
    response = client.get(f"/networks/{network.pk}/analysis/", query)
    assert response.status_code == 200
    return response.content.decode()


def shown(html: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}">([^<]*)<', html).group(1)


@pytest.fixture
def schools_only(small_area):
    """A network of three schools (two primary, one secondary) tied in a triangle."""
    o = small_area.organisations
    network = Network.objects.create(area=small_area.area, name="Schools Only")
    for school in (o.academy, o.primary, o.beta_school):
        Membership.objects.create(network=network, organisation=school, role="member")
    for a, b in [(o.academy, o.primary), (o.primary, o.beta_school), (o.beta_school, o.academy)]:
        Tie.objects.create(
            area=small_area.area,
            network=network,
            source_organisation=a,
            target_organisation=b,
            type="advice",
            observed_on=dt.date(2025, 1, 1),
        )
    return network


def test_it_says_grouping_by_kind_is_uninformative_in_a_schools_only_network(
    client_for, schools_only
):
    html = page(client_for("admin"), schools_only)
    assert shown(html, "ei-index") == "-1.00"
    assert 'id="one-group"' in html


def test_it_groups_a_schools_only_network_by_phase(client_for, schools_only):
    html = page(client_for("admin"), schools_only, group="phase")
    expected = analyse(organisation_network(schools_only), group="phase").to_json()["network"]
    assert shown(html, "ei-index") == f"{expected['ei_index']:+.2f}"
    assert shown(html, "ei-index") != "-1.00"
    assert shown(html, "assortativity") not in ("–", "")
    assert 'id="one-group"' not in html
    assert "<th>Phase</th>" in html


@pytest.mark.parametrize("group", GROUPINGS["organisations"])
def test_each_grouping_gives_what_nlc_analyse_gives(led_network, group):
    cached = network_analysis(led_network, group=group).to_json()
    assert cached == analyse(organisation_network(led_network), group=group).to_json()


def test_the_cache_keeps_groupings_and_views_apart(led_network):
    assert network_analysis(led_network, group="phase").group_column == "phase"
    assert network_analysis(led_network, group="kind").group_column == "kind"
    people = network_analysis(led_network, view="people")
    assert people.network.n == people_network(led_network).n
    assert network_analysis(led_network).network.n == organisation_network(led_network).n


def test_it_refuses_an_unknown_grouping_with_a_message(client_for, led_network):
    html = page(client_for("leader"), led_network, group="postcode")
    assert "cannot be grouped by &#x27;postcode&#x27;" in html
    assert 'data-group="kind"' in html
    with pytest.raises(ValueError, match="grouped by"):
        network_analysis(led_network, group="postcode")


def test_the_people_view_measures_the_people_network(client_for, led_network):
    html = page(client_for("leader"), led_network, view="people", group="organisation")
    expected = analyse(people_network(led_network), group="organisation").to_json()["network"]
    assert 'data-view="people"' in html
    assert "not part of these measures" not in html
    assert f"{expected['nodes']} people" in html
    assert shown(html, "external-ties") == str(expected["external_ties"])
    assert expected["ties"] == 1  # Lena Leader -> Mo Member, across two organisations


@pytest.fixture
def pupil_tie(small_area):
    people = small_area.people
    return Tie.objects.create(
        area=small_area.area,
        network=small_area.led,
        source_person=people.leader,
        target_person=people.pupil,
        type="co_participation",
        directed=False,
        observed_on=dt.date(2025, 2, 1),
    )


@pytest.mark.parametrize("username", sorted(EVERYONE))
@pytest.mark.parametrize("view", ["people", "two_mode"])
def test_each_role_sees_only_the_names_it_may(client_for, led_network, pupil_tie, username, view):
    html = page(client_for(username), led_network, view=view)
    pupil = pupil_tie.target_person
    sees_pupils = username in {"admin", "leader", "facilitator"}
    assert (pupil.name in html) == sees_pupils
    assert (f"Pupil {pupil.pk}" in html) == (not sees_pupils)
    leader = pupil_tie.source_person
    assert (leader.name in html) == (username != "evaluator")
    if username == "evaluator":
        assert f"Person {leader.pk}" in html


def test_the_two_mode_view_projects_organisations_through_people(client_for, small_area, pupil_tie):
    people, o = small_area.people, small_area.organisations
    network, two_mode = organisations_through_people(small_area.led)
    assert {f"p{people.leader.pk}", f"p{people.member.pk}", f"p{people.pupil.pk}"} <= set(
        two_mode.affiliation_ids
    )
    # Lena (Academy) is tied to Mo (Primary): Academy and Primary share those two people.
    i, j = sorted((network.ids.index(str(o.academy.pk)), network.ids.index(str(o.primary.pk))))
    ties = zip(network.source.tolist(), network.target.tolist(), strict=True)
    weights = dict(zip(ties, network.weight.tolist(), strict=True))
    assert weights[(i, j)] == 2
    html = page(client_for("admin"), small_area.led, view="two_mode")
    assert 'id="spanners"' in html
    expected = analyse(network, group="kind", two_mode=two_mode).to_json()["network"]
    assert shown(html, "ei-index") == f"{expected['ei_index']:+.2f}"


def test_a_mixing_matrix_of_many_groups_is_not_drawn(client_for, small_area, schools_only):
    html = page(client_for("admin"), schools_only, group="phase")
    assert 'id="mixing"' in html and 'id="mixing-too-large"' not in html
    for k in range(13):  # thirteen local authorities: too many columns to read
        school = Organisation.objects.create(
            area=small_area.area, name=f"School {k}", kind="school", local_authority=f"LA {k}"
        )
        Membership.objects.create(network=schools_only, organisation=school, role="member")
    html = page(client_for("admin"), schools_only, group="local_authority")
    assert 'id="mixing-too-large"' in html and 'id="mixing"' not in html
