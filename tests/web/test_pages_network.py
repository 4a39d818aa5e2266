"""The network page: its measures are nlc.analysis's, its change-over-time counts are the
database's, and it shows people's names and contact details only to those who may see them."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from nlc.analysis import analyse
from nlc.web.registry.models import Network, NetworkRole, Person
from nlc.web.ties.models import Tie
from nlc.web.ties.services import organisation_network

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

READ_ONLY = ["member", "partner", "evaluator"]


@pytest.fixture(scope="module")
def shared_client():
    return Client()


@pytest.fixture
def client(shared_client):
    """One client per module (a new client's middleware re-indexes the static files)."""
    shared_client.cookies.clear()
    return shared_client


def page(client, name, *args, **query) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def cell(html: str, measure: str, when: str) -> str:
    row = re.search(rf'<tr data-measure="{measure}">(.*?)</tr>', html, re.S).group(1)
    return re.search(rf'data-when="{when}">([^<]*)<', row).group(1)


def test_it_shows_the_ei_index_that_nlc_analyse_gives(client_for, led_network):
    document = analyse(organisation_network(led_network), group="kind").to_json()
    expected = document["network"]["ei_index"]
    html = page(client_for("member"), "network-analysis", led_network.pk)
    assert f'<strong id="ei-index">{expected:+.2f}</strong>' in html


def test_it_shows_the_brokerage_total_that_nlc_analyse_gives(client_for, led_network):
    document = analyse(organisation_network(led_network), group="kind").to_json()
    total = document["network"]["brokerage"]["total"]
    html = page(client_for("member"), "network-analysis", led_network.pk)
    footer = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    assert f"{total} <small" in footer


@pytest.mark.parametrize("when", ["from", "to"])
def test_it_counts_the_ties_up_to_each_date_as_the_database_does(client_for, led_network, when):
    dates = {"from": dt.date(2025, 1, 1), "to": dt.date(2025, 12, 31)}
    html = page(
        client_for("member"),
        "network-analysis",
        led_network.pk,
        **{"from": dates["from"].isoformat(), "to": dates["to"].isoformat()},
    )
    ties = Tie.objects.filter(network=led_network, observed_on__lte=dates[when])
    organisation_ties = ties.filter(source_organisation__isnull=False).count()
    people_ties = ties.filter(source_person__isnull=False).count()
    assert int(cell(html, "organisation_ties", when)) == organisation_ties
    assert int(cell(html, "people_ties", when)) == people_ties


def test_it_shows_the_change_between_the_two_dates(client_for, led_network):
    query = {"from": "2025-01-01", "to": "2025-12-31"}
    html = page(client_for("member"), "network-analysis", led_network.pk, **query)
    before = int(cell(html, "organisation_ties", "from"))
    after = int(cell(html, "organisation_ties", "to"))
    assert after > before
    assert cell(html, "organisation_ties", "change") == f"+{after - before}"


def test_it_compares_the_ei_index_at_each_date_with_nlc_analyse(client_for, led_network):
    query = {"from": "2025-01-01", "to": "2025-12-31"}
    html = page(client_for("member"), "network-analysis", led_network.pk, **query)
    network = organisation_network(led_network, as_of=dt.date(2025, 1, 1))
    expected = analyse(network, group="kind").to_json()["network"]["ei_index"]
    assert cell(html, "ei_index", "from") == f"{expected:+.2f}"


def test_it_lists_the_member_organisations_with_their_kind(client_for, led_network):
    html = page(client_for("partner"), "network-members", led_network.pk)
    for membership in led_network.memberships.select_related("organisation"):
        assert membership.organisation.name.replace("'", "&#x27;") in html
    assert "Further and higher education" in html


def test_it_shows_a_network_without_members_or_ties(client_for, led_network):
    empty = Network.objects.create(area=led_network.area, name="An empty network")
    assert "No member organisations yet." in page(client_for("admin"), "network-members", empty.pk)
    html = page(client_for("admin"), "network-analysis", empty.pk)
    assert '<strong id="ei-index">–</strong>' in html


# People's names and contact details ------------------------------------------------------


def pupil_pages(network):
    pupil = Person.objects.filter(is_pupil=True, roles__network=network).first()
    return {
        "network page": ("network-members", [network.pk], {}),
        "people list": ("person-list", [], {"q": pupil.organisation.name}),
        "organisation page": ("organisation-detail", [pupil.organisation_id], {}),
        "pupil's page": ("person-detail", [pupil.pk], {}),
    }


@pytest.mark.parametrize(
    "where", ["network page", "people list", "organisation page", "pupil's page"]
)
@pytest.mark.parametrize("username", READ_ONLY)
def test_it_hides_pupils_names_from_read_only_roles(client_for, led_network, username, where):
    name, args, query = pupil_pages(led_network)[where]
    html = page(client_for(username), name, *args, **query)
    pupils = Person.objects.filter(is_pupil=True, organisation__memberships__network=led_network)
    for pupil in pupils:
        assert pupil.name not in html
    shown = Person.objects.filter(is_pupil=True, roles__network=led_network).first()
    assert f"Pupil {shown.pk}<" in html


@pytest.mark.parametrize("username", ["admin", "leader"])
def test_it_shows_pupils_names_to_those_who_need_them(client_for, led_network, username):
    html = page(client_for(username), "network-members", led_network.pk)
    pupil = Person.objects.filter(is_pupil=True, roles__network=led_network).first()
    assert pupil.name in html


def test_it_shows_evaluators_pseudonyms_instead_of_names(client_for, led_network):
    html = page(client_for("evaluator"), "network-members", led_network.pk)
    for role in NetworkRole.objects.filter(network=led_network).select_related("person"):
        assert role.person.name not in html
        assert f"Person {role.person_id}" in html or f"Pupil {role.person_id}" in html


def test_it_does_not_find_people_by_name_for_evaluators(client_for, led_network):
    person = Person.objects.filter(roles__network=led_network, is_pupil=False).first()
    response = client_for("evaluator").get(reverse("person-list"), {"q": person.name})
    assert response.context["page"].paginator.count == 0


def test_it_finds_people_by_name_for_admins(client_for, led_network):
    person = Person.objects.filter(roles__network=led_network, is_pupil=False).first()
    response = client_for("admin").get(reverse("person-list"), {"q": person.name})
    assert person.pk in {row["person"].pk for row in response.context["rows"]}


def contact_pages(network):
    staff = Person.objects.filter(roles__network=network, roles__role="mentor").first()
    return {
        "network page": ("network-members", [network.pk], {}),
        "people list": ("person-list", [], {"q": staff.organisation.name}),
        "organisation page": ("organisation-detail", [staff.organisation_id], {}),
        "person's page": ("person-detail", [staff.pk], {}),
    }


@pytest.mark.parametrize(
    "where", ["network page", "people list", "organisation page", "person's page"]
)
@pytest.mark.parametrize("username", READ_ONLY)
def test_it_hides_contact_emails_from_read_only_roles(client_for, led_network, username, where):
    name, args, query = contact_pages(led_network)[where]
    html = page(client_for(username), name, *args, **query)
    own = Person.objects.filter(user__username=username).values_list("email", flat=True)
    # Leaders' and facilitators' work contacts are for their networks' people (issue #8).
    stewards = Person.objects.filter(roles__role__in=["leader", "facilitator"])
    shown = set(re.findall(r"[\w.+-]+@example\.org", html)) - set(own)
    assert shown - set(stewards.values_list("email", flat=True)) == set()


@pytest.mark.parametrize("username", ["admin", "leader", "facilitator"])
def test_it_shows_contact_emails_to_those_who_need_them(client_for, led_network, username):
    html = page(client_for(username), "network-members", led_network.pk)
    mentor = Person.objects.get(roles__network=led_network, roles__role="mentor")
    assert mentor.email in html
