"""An organisation's page shows its ties and its position in each of its networks (issue 8)."""

import datetime as dt
import re

import pytest
from conftest import EVERYONE

from nlc.analysis import ROLES, analyse
from nlc.web.registry.models import Membership, Organisation
from nlc.web.ties.models import Tie
from nlc.web.ties.services import organisation_network

pytestmark = pytest.mark.usefixtures("small_area")


def organisation_page(client, organisation) -> str:
    response = client.get(f"/organisations/{organisation.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def position(html: str, network) -> str:
    return re.search(rf'data-network="{network.pk}">(.*?)</div>', html, re.S).group(1)


def measure(block: str, name: str) -> str:
    return re.search(rf'data-measure="{name}">([^<]*)', block).group(1).strip()


def test_it_shows_the_position_nlc_analyse_gives(client_for, small_area):
    academy, network = small_area.organisations.academy, small_area.led
    html = organisation_page(client_for("leader"), academy)
    expected = analyse(organisation_network(network), group="kind")
    i = expected.network.ids.index(str(academy.pk))
    block = position(html, network)
    assert measure(block, "degree") == str(int(expected.degree[i]))
    assert measure(block, "constraint") == f"{expected.holes.constraint[i]:.3f}"
    assert measure(block, "betweenness") == f"{expected.betweenness.values[i]:.2f}"
    community = int(expected.communities.membership[i]) + 1
    assert measure(block, "community").startswith(f"Community {community}: ")
    counts = re.findall(r'<td class="num">(\d+)</td>', block)
    assert counts == [str(int(c)) for c in expected.brokerage.raw[i]]
    assert len(counts) == len(ROLES)


def test_it_lists_the_organisations_ties(client_for, small_area):
    o = small_area.organisations
    html = organisation_page(client_for("member"), o.academy)
    table = re.search(r'id="organisation-ties">(.*?)</table>', html, re.S).group(1)
    assert "Alpha Primary" in table and "Alpha Library" in table
    assert "Advice" in table and "Collaboration" in table
    assert "2 ties with other organisations" in html


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_each_role_sees_only_the_ties_and_networks_it_may(client_for, small_area, username):
    """Alpha Primary joins Beta Network too, with a tie there: only those who may open Beta
    Network (its administrators and evaluators, and Alpha Primary's own staff) see that tie
    and that position."""
    o, beta = small_area.organisations, small_area.other
    health = Organisation.objects.get(name="Beta Health Centre")
    Membership.objects.create(network=beta, organisation=o.primary, role="member")
    Tie.objects.create(
        area=small_area.area,
        network=beta,
        source_organisation=o.primary,
        target_organisation=health,
        type="resource",
        observed_on=dt.date(2025, 3, 1),
    )
    html = organisation_page(client_for(username), o.primary)
    # Mo Member works at Alpha Primary, so sees the networks it belongs to.
    may = username in {"admin", "evaluator", "member"}
    assert ("Beta Health Centre" in html) == may
    assert (f'data-network="{beta.pk}"' in html) == may
    assert f'data-network="{small_area.led.pk}"' in html
