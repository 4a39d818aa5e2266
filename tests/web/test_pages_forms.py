"""Bad input on the registry and ties forms: the page comes back with the message at the
field, and nothing is written."""

import pytest
from django.test import Client
from django.urls import reverse

from nlc.web.registry.models import (
    Area,
    Membership,
    Network,
    NetworkRole,
    Organisation,
    OrganisationKind,
    Person,
)
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture(scope="module")
def shared_client():
    return Client()


@pytest.fixture
def client(shared_client):
    """One client per module (a new client's middleware re-indexes the static files)."""
    shared_client.cookies.clear()
    return shared_client


@pytest.fixture
def admin(client_for):
    return client_for("admin")


def field_errors(response, field: str) -> list[str]:
    assert response.status_code == 200
    form = response.context["form"]
    return form.errors.get(field, [])


def rendered_at_field(response, field: str, message: str) -> bool:
    """The message is shown inside the field's own block of the page."""
    page = response.content.decode()
    start = page.index(f'id="field-{field}"')
    end = page.find('<div class="field', start + 1)
    return message in page[start : end if end != -1 else None]


def tie_data(network, **changes):
    a, b = network.memberships.order_by("pk").values_list("organisation_id", flat=True)[:2]
    data = {
        "source_organisation": a,
        "target_organisation": b,
        "type": "advice",
        "weight": "1",
        "directed": "on",
        "observed_on": "2025-03-01",
        "provenance": "recorded",
    }
    return {**data, **changes}


def post_tie(client, network, **changes):
    before = Tie.objects.count()
    response = client.post(reverse("tie-create", args=[network.pk]), tie_data(network, **changes))
    assert Tie.objects.count() == before, "an invalid tie was written"
    return response


def test_it_records_a_valid_tie_with_its_network_area_and_author(admin, led_network):
    response = admin.post(reverse("tie-create", args=[led_network.pk]), tie_data(led_network))
    assert response.status_code == 302
    tie = Tie.objects.latest("pk")
    assert (tie.network, tie.area_id, tie.created_by.username) == (
        led_network,
        led_network.area_id,
        "admin",
    )


def test_it_refuses_a_tie_of_weight_zero_at_the_weight(admin, led_network):
    response = post_tie(admin, led_network, weight="0")
    assert field_errors(response, "weight") == ["The weight must be greater than zero."]
    assert rendered_at_field(response, "weight", "The weight must be greater than zero.")


def test_it_refuses_a_negative_weight(admin, led_network):
    response = post_tie(admin, led_network, weight="-2")
    assert field_errors(response, "weight") == ["The weight must be greater than zero."]


def test_it_refuses_a_tie_from_an_organisation_to_itself(admin, led_network):
    data = tie_data(led_network)
    response = post_tie(admin, led_network, target_organisation=data["source_organisation"])
    message = "A tie cannot join an organisation to itself."
    assert field_errors(response, "target_organisation") == [message]
    assert rendered_at_field(response, "target_organisation", message)


def test_it_refuses_a_tie_to_an_organisation_outside_the_network_area(admin, led_network):
    elsewhere = Area.objects.create(name="Elsewhere")
    stranger = Organisation.objects.create(area=elsewhere, name="Far Away School", kind="school")
    response = post_tie(admin, led_network, target_organisation=stranger.pk)
    assert field_errors(response, "target_organisation") == [
        "Choose an organisation in the network's area."
    ]


def test_it_refuses_a_tie_between_an_organisation_and_a_person(admin, led_network):
    person = Person.objects.filter(organisation__memberships__network=led_network).first()
    response = post_tie(admin, led_network, target_organisation="", target_person=person.pk)
    assert field_errors(response, "source_person") == [
        "A tie joins two organisations or two people, not one of each."
    ]


def test_it_refuses_a_tie_with_no_ends(admin, led_network):
    response = post_tie(admin, led_network, source_organisation="", target_organisation="")
    assert field_errors(response, "source_organisation") == [
        "Choose two organisations or two people."
    ]


def test_it_refuses_a_tie_with_a_missing_date(admin, led_network):
    response = post_tie(admin, led_network, observed_on="")
    assert field_errors(response, "observed_on") == ["This field is required."]


def test_it_refuses_a_tie_from_a_person_to_themself(admin, led_network):
    person = Person.objects.filter(organisation__memberships__network=led_network).first()
    response = post_tie(
        admin,
        led_network,
        source_organisation="",
        target_organisation="",
        source_person=person.pk,
        target_person=person.pk,
    )
    assert field_errors(response, "target_person") == ["A tie cannot join a person to itself."]


def test_it_records_a_tie_between_two_people(admin, led_network):
    a, b = Person.objects.filter(organisation__memberships__network=led_network)[:2]
    data = tie_data(
        led_network,
        source_organisation="",
        target_organisation="",
        source_person=a.pk,
        target_person=b.pk,
    )
    response = admin.post(reverse("tie-create", args=[led_network.pk]), data)
    assert response.status_code == 302
    assert Tie.objects.filter(source_person=a, target_person=b, network=led_network).exists()


def test_it_refuses_a_network_that_ends_before_it_starts(admin, led_network):
    data = {
        "area": led_network.area_id,
        "name": "Backwards network",
        "start_date": "2025-09-01",
        "end_date": "2025-01-01",
    }
    response = admin.post(reverse("network-create"), data)
    assert field_errors(response, "end_date") == ["The end date is before the start date."]
    assert rendered_at_field(response, "end_date", "The end date is before the start date.")
    assert not Network.objects.filter(name="Backwards network").exists()


def test_it_refuses_a_second_network_of_the_same_name_in_an_area(admin, led_network, other_network):
    data = {"area": other_network.area_id, "name": led_network.name}
    response = admin.post(reverse("network-edit", args=[other_network.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    other_network.refresh_from_db()
    assert other_network.name != led_network.name


def test_it_keeps_a_network_in_its_area_when_edited(admin, led_network):
    elsewhere = Area.objects.create(name="Elsewhere")
    data = {"area": elsewhere.pk, "name": led_network.name, "focus": "moved?"}
    response = admin.post(reverse("network-edit", args=[led_network.pk]), data)
    assert response.status_code == 302
    led_network.refresh_from_db()
    assert led_network.area.name != "Elsewhere"


def test_it_refuses_a_membership_that_ends_before_it_starts(client_for, led_network):
    membership = led_network.memberships.first()
    data = {"role": "member", "start_date": "2025-09-01", "end_date": "2025-01-01"}
    url = reverse("membership-edit", args=[led_network.pk, membership.pk])
    response = client_for("leader").post(url, data)
    assert field_errors(response, "end_date") == ["The end date is before the start date."]
    membership.refresh_from_db()
    assert membership.end_date is None


def test_it_refuses_to_add_an_organisation_that_is_already_a_member(client_for, led_network):
    member = led_network.memberships.first().organisation
    before = Membership.objects.count()
    url = reverse("membership-create", args=[led_network.pk])
    response = client_for("leader").post(url, {"organisation": member.pk, "role": "member"})
    assert field_errors(response, "organisation") == [
        "Choose an organisation of the network's area that is not a member yet."
    ]
    assert Membership.objects.count() == before


def test_it_refuses_a_role_the_person_already_has(client_for, led_network):
    role = led_network.roles.filter(role="teacher_enquirer").first()
    url = reverse("role-create", args=[led_network.pk])
    before = NetworkRole.objects.count()
    response = client_for("leader").post(url, {"person": role.person_id, "role": role.role})
    assert field_errors(response, "role") == ["This person already has this role in the network."]
    assert NetworkRole.objects.count() == before


def test_it_refuses_a_facilitator_who_names_a_leader(client_for, led_network):
    person = Person.objects.filter(
        organisation__memberships__network=led_network, roles__isnull=True, is_pupil=False
    ).first()
    url = reverse("role-create", args=[led_network.pk])
    response = client_for("facilitator").post(url, {"person": person.pk, "role": "leader"})
    assert field_errors(response, "role")
    assert not NetworkRole.objects.filter(person=person, role="leader").exists()


def test_it_refuses_a_role_for_someone_outside_the_member_organisations(
    client_for, led_network, other_network
):
    outsider = Person.objects.filter(organisation__memberships__network=other_network).first()
    url = reverse("role-create", args=[led_network.pk])
    response = client_for("leader").post(url, {"person": outsider.pk, "role": "mentor"})
    assert field_errors(response, "person") == [
        "Choose a person from one of the network's member organisations."
    ]
    assert not NetworkRole.objects.filter(person=outsider, network=led_network).exists()


def test_it_refuses_a_phase_for_an_organisation_that_is_not_a_school(admin, led_network):
    data = {
        "area": led_network.area_id,
        "name": "Phased library",
        "kind": OrganisationKind.LIBRARY,
        "phase": "primary",
    }
    response = admin.post(reverse("organisation-create"), data)
    assert field_errors(response, "phase") == [
        "Only schools have a phase; leave it as Not applicable."
    ]
    assert not Organisation.objects.filter(name="Phased library").exists()


def test_it_refuses_a_duplicate_urn(admin, led_network):
    school = led_network.memberships.first().organisation
    school.urn = 100001
    school.save()
    data = {"area": led_network.area_id, "name": "Copy", "kind": "school", "urn": "100001"}
    response = admin.post(reverse("organisation-create"), data)
    assert field_errors(response, "urn")
    assert not Organisation.objects.filter(name="Copy").exists()


def test_it_refuses_an_invalid_email_for_a_person(admin, led_network):
    organisation = led_network.memberships.first().organisation
    data = {"organisation": organisation.pk, "name": "No Mail", "email": "not-an-address"}
    response = admin.post(reverse("person-create"), data)
    assert field_errors(response, "email") == ["Enter a valid email address."]
    assert not Person.objects.filter(name="No Mail").exists()


def test_it_refuses_contact_details_for_a_pupil(admin, led_network):
    organisation = led_network.memberships.first().organisation
    data = {
        "organisation": organisation.pk,
        "name": "Young Person",
        "is_pupil": "on",
        "email": "young@example.org",
    }
    response = admin.post(reverse("person-create"), data)
    assert field_errors(response, "email") == ["Do not record contact details for pupils."]
    assert not Person.objects.filter(name="Young Person").exists()


def test_it_shows_a_message_for_change_dates_in_the_wrong_order(client_for, led_network):
    url = reverse("network-analysis", args=[led_network.pk])
    response = client_for("member").get(url, {"from": "2026-01-01", "to": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["change"].errors["to"] == ["This date is before the first date."]
    assert response.context["comparison"] is None


def test_it_shows_a_message_for_a_change_date_that_is_not_a_date(client_for, led_network):
    url = reverse("network-analysis", args=[led_network.pk])
    response = client_for("member").get(url, {"from": "last week", "to": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["change"].errors["from"] == ["Enter a valid date."]
