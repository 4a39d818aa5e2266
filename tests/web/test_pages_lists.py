"""List pages (search, filters, pagination), missing objects, and the navigation."""

import pytest
from django.test import Client
from django.urls import reverse

from nlc.web.registry.models import Organisation, OrganisationKind
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)


@pytest.fixture(scope="module")
def shared_client():
    return Client()


@pytest.fixture
def client(shared_client):
    """One client per module (a new client's middleware re-indexes the static files)."""
    shared_client.cookies.clear()
    return shared_client


def listed(response) -> list:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_it_finds_networks_by_name(client_for):
    response = client_for("admin").get(reverse("network-list"), {"q": "keighley"})
    assert [n.name for n in listed(response)] == ["Keighley Community Leadership Network"]


def test_it_finds_networks_by_focus(client_for):
    response = client_for("admin").get(reverse("network-list"), {"q": "pupil voice"})
    assert [n.name for n in listed(response)] == ["East Manchester Community Leadership Network"]


def test_it_lists_only_the_networks_a_member_belongs_to(client_for, led_network):
    assert listed(client_for("member").get(reverse("network-list"))) == [led_network]


def test_it_filters_organisations_by_kind(client_for):
    response = client_for("admin").get(reverse("organisation-list"), {"kind": "police"})
    kinds = {o.kind for o in listed(response)}
    assert kinds == {OrganisationKind.POLICE}
    assert response.context["page"].paginator.count == 7


def test_it_ignores_an_unknown_kind(client_for):
    response = client_for("admin").get(reverse("organisation-list"), {"kind": "spaceport"})
    assert response.context["page"].paginator.count == Organisation.objects.count()


def test_it_combines_search_and_kind(client_for):
    query = {"q": "hereford", "kind": "school"}
    response = client_for("admin").get(reverse("organisation-list"), query)
    found = listed(response)
    assert len(found) == 12
    assert all(o.kind == "school" and "Hereford" in o.name for o in found)


def test_it_pages_organisations_25_at_a_time(client_for):
    response = client_for("admin").get(reverse("organisation-list"))
    assert len(listed(response)) == 25
    assert b"Page 1 of 6" in response.content


def test_it_keeps_the_search_in_the_next_page_link(client_for):
    response = client_for("admin").get(reverse("organisation-list"), {"kind": "school"})
    assert b'href="?kind=school&amp;page=2"' in response.content


def test_it_shows_the_last_page_for_a_page_number_too_large(client_for):
    response = client_for("admin").get(reverse("organisation-list"), {"page": "99"})
    assert response.context["page"].number == 6


def test_it_shows_the_first_page_for_a_page_that_is_not_a_number(client_for):
    response = client_for("admin").get(reverse("person-list"), {"page": "last"})
    assert response.context["page"].number == 1


def test_it_lists_only_the_organisations_of_a_partners_networks(client_for, led_network):
    response = client_for("partner").get(reverse("organisation-list"))
    members = set(led_network.memberships.values_list("organisation_id", flat=True))
    assert response.context["page"].paginator.count == len(members)


def test_it_finds_people_by_organisation(client_for, led_network):
    organisation = led_network.memberships.first().organisation
    response = client_for("member").get(reverse("person-list"), {"q": organisation.name})
    rows = response.context["rows"]
    assert rows and all(row["person"].organisation_id == organisation.pk for row in rows)


def test_it_filters_ties_by_type_and_level(client_for, led_network):
    query = {"type": "referral", "level": "organisations"}
    response = client_for("leader").get(reverse("tie-list", args=[led_network.pk]), query)
    expected = Tie.objects.filter(
        network=led_network, type="referral", source_organisation__isnull=False
    ).count()
    assert response.context["page"].paginator.count == expected
    assert all(t.type == "referral" for t in listed(response))


def test_it_finds_ties_by_organisation_name(client_for, led_network):
    organisation = led_network.memberships.first().organisation
    response = client_for("member").get(
        reverse("tie-list", args=[led_network.pk]), {"q": organisation.name}
    )
    ties = listed(response)
    assert ties
    assert all(
        organisation.pk in (t.source_organisation_id, t.target_organisation_id) for t in ties
    )


def test_it_links_the_lists_from_the_navigation(client_for):
    html = client_for("member").get(reverse("dashboard")).content.decode()
    for name in ("network-list", "organisation-list", "person-list"):
        assert f'href="{reverse(name)}"' in html


MISSING = [
    ("network-detail", [999999]),
    ("network-edit", [999999]),
    ("membership-create", [999999]),
    ("membership-edit", [999999, 1]),
    ("membership-remove", [999999, 1]),
    ("role-create", [999999]),
    ("role-edit", [999999, 1]),
    ("role-remove", [999999, 1]),
    ("organisation-detail", [999999]),
    ("organisation-edit", [999999]),
    ("person-detail", [999999]),
    ("person-edit", [999999]),
    ("tie-list", [999999]),
    ("tie-create", [999999]),
    ("tie-edit", [999999]),
]


@pytest.mark.parametrize(("name", "args"), MISSING, ids=[m[0] for m in MISSING])
def test_it_answers_404_for_an_object_that_does_not_exist(client_for, name, args):
    response = client_for("admin").get(reverse(name, args=args))
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_it_answers_404_for_a_membership_under_another_network(
    client_for, led_network, other_network
):
    membership = led_network.memberships.first()
    url = reverse("membership-edit", args=[other_network.pk, membership.pk])
    assert client_for("admin").get(url).status_code == 404


def test_it_answers_404_for_a_role_under_another_network(client_for, led_network, other_network):
    role = led_network.roles.first()
    url = reverse("role-remove", args=[other_network.pk, role.pk])
    assert client_for("admin").post(url).status_code == 404
    assert led_network.roles.filter(pk=role.pk).exists()


def test_it_refuses_other_methods_on_a_list(client_for):
    assert client_for("admin").post(reverse("network-list")).status_code == 405
