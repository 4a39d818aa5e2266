"""Everyone takes part (issue #8): leaders add organisations and people to the networks they
lead; members and partners record their own ties, pending until a leader or facilitator
confirms them, and measures count confirmed ties only; stewards' work contacts are visible
to their networks' people unless they opt out."""

from __future__ import annotations

import pytest
from conftest import ROLES
from django.urls import reverse

from nlc.web.registry import access
from nlc.web.registry.models import Membership, Organisation, Person
from nlc.web.ties.models import Tie
from nlc.web.ties.services import organisation_network, person_ties

pytestmark = pytest.mark.usefixtures("small_area")

TIE = {"type": "advice", "weight": "1", "observed_on": "2025-03-01", "provenance": "recorded"}


def person(username: str) -> Person:
    return Person.objects.get(user__username=username)


# --------------------------------------------------------------------------- leaders add


def test_a_leaders_new_organisation_joins_the_network_they_lead(client_for, led_network):
    client = client_for("leader")
    page = client.get(reverse("organisation-create")).content.decode()
    assert 'name="network"' in page and led_network.name in page
    response = client.post(
        reverse("organisation-create"),
        {
            "area": led_network.area_id,
            "network": led_network.pk,
            "name": "Alpha Youth Club",
            "kind": "voluntary",
        },
    )
    assert response.status_code == 302
    club = Organisation.objects.get(name="Alpha Youth Club")
    assert club.area_id == led_network.area_id
    assert Membership.objects.filter(network=led_network, organisation=club).exists()


def test_a_leader_cannot_add_an_organisation_to_a_network_they_do_not_lead(
    client_for, led_network, other_network
):
    response = client_for("leader").post(
        reverse("organisation-create"),
        {"area": led_network.area_id, "network": other_network.pk, "name": "X", "kind": "police"},
    )
    assert response.status_code == 200 and "network" in response.context["form"].errors
    assert not Organisation.objects.filter(name="X").exists()


def test_a_leader_adds_people_to_the_networks_member_organisations_only(
    client_for, led_network, other_network
):
    client = client_for("leader")
    mine = led_network.memberships.first().organisation
    theirs = other_network.memberships.first().organisation
    page = client.get(reverse("person-create")).content.decode()
    assert mine.name in page and theirs.name not in page
    refused = client.post(reverse("person-create"), {"organisation": theirs.pk, "name": "No"})
    assert refused.status_code == 200 and not Person.objects.filter(name="No").exists()
    added = client.post(reverse("person-create"), {"organisation": mine.pk, "name": "New Nia"})
    assert added.status_code == 302 and Person.objects.get(name="New Nia").organisation == mine
    # The organisation page offers "Add a person" to the leader for their network's members.
    assert b"Add a person" in client.get(mine.get_absolute_url()).content
    assert b"Add a person" not in client.get(theirs.get_absolute_url()).content


@pytest.mark.parametrize("username", ROLES)
def test_who_may_add_organisations_and_people(client_for, username):
    client = client_for(username)
    allowed = username in {"admin", "leader"}
    for name in ("organisation-create", "person-create"):
        assert client.get(reverse(name)).status_code == (200 if allowed else 403)


# --------------------------------------------------------------------------- own ties


def own_tie(client, network, **ends):
    return client.post(reverse("tie-create", args=[network.pk]), {**TIE, **ends})


@pytest.mark.parametrize("username", ["member", "partner"])
def test_members_and_partners_record_their_own_ties_as_pending(client_for, led_network, username):
    me = person(username)
    other = person("leader")
    before = set(person_ties(led_network).values_list("pk", flat=True))
    response = own_tie(
        client_for(username), led_network, source_person=me.pk, target_person=other.pk
    )
    assert response.status_code == 302
    tie = Tie.objects.get(network=led_network, source_person=me, target_person=other)
    assert tie.confirmed is False
    # Pending ties are not counted by the measures.
    assert set(person_ties(led_network).values_list("pk", flat=True)) == before
    listing = client_for(username).get(reverse("tie-list", args=[led_network.pk]))
    assert b"pending" in listing.content


def test_a_member_may_not_record_other_peoples_ties(client_for, led_network):
    leader, facilitator = person("leader"), person("facilitator")
    response = own_tie(
        client_for("member"), led_network, source_person=leader.pk, target_person=facilitator.pk
    )
    assert response.status_code == 200
    assert "one end must be you" in response.content.decode()
    assert not Tie.objects.filter(source_person=leader, target_person=facilitator).exists()


def test_a_members_organisation_tie_needs_their_organisation(client_for, led_network):
    mine = person("member").organisation
    others = list(
        led_network.memberships.exclude(organisation=mine).values_list("organisation", flat=True)
    )
    refused = own_tie(
        client_for("member"),
        led_network,
        source_organisation=others[0],
        target_organisation=others[1],
    )
    assert refused.status_code == 200
    accepted = own_tie(
        client_for("member"),
        led_network,
        source_organisation=mine.pk,
        target_organisation=others[0],
    )
    assert accepted.status_code == 302


def test_members_may_not_record_in_another_network(client_for, other_network):
    me = person("member")
    response = own_tie(
        client_for("member"), other_network, source_person=me.pk, target_person=me.pk
    )
    assert response.status_code == 403


@pytest.mark.parametrize("username", ROLES)
def test_only_stewards_confirm_and_then_measures_count_the_tie(client_for, led_network, username):
    mine = person("member").organisation
    other = led_network.memberships.exclude(organisation=mine).first().organisation
    own_tie(
        client_for("member"), led_network, source_organisation=mine.pk, target_organisation=other.pk
    )
    tie = Tie.objects.get(network=led_network, confirmed=False)
    arcs_before = organisation_network(led_network).m
    response = client_for(username).post(reverse("tie-confirm", args=[tie.pk]))
    tie.refresh_from_db()
    if username in {"admin", "leader", "facilitator"}:
        assert response.status_code == 302 and tie.confirmed
        assert organisation_network(led_network).m > arcs_before
    else:
        assert response.status_code == 403 and not tie.confirmed
        assert organisation_network(led_network).m == arcs_before


def test_a_stewards_tie_is_confirmed_at_once(client_for, led_network):
    leader, member = person("leader"), person("member")
    own_tie(
        client_for("facilitator"),
        led_network,
        source_person=leader.pk,
        target_person=member.pk,
        type="collaboration",
    )
    assert Tie.objects.get(
        source_person=leader, target_person=member, type="collaboration"
    ).confirmed


# --------------------------------------------------------------------------- contacts


@pytest.mark.parametrize("username", ["member", "partner"])
def test_members_see_their_leaders_and_facilitators_work_contacts(client_for, username):
    Person.objects.filter(user__username="facilitator").update(email="fay@example.org")
    client = client_for(username)
    for steward in ("leader", "facilitator"):
        page = client.get(person(steward).get_absolute_url()).content.decode()
        assert person(steward).email and person(steward).email in page


def test_a_steward_may_hide_their_contact(client_for):
    leader = person("leader")
    Person.objects.filter(pk=leader.pk).update(hide_contact=True)
    page = client_for("member").get(leader.get_absolute_url()).content.decode()
    assert leader.email not in page
    viewer = person("member").user
    assert not access.can_see_contact_details(viewer, Person.objects.get(pk=leader.pk))
    assert leader.pk not in set(access.contactable_people(viewer).values_list("pk", flat=True))
    # Administrators still see it.
    assert leader.email in client_for("admin").get(leader.get_absolute_url()).content.decode()


def test_evaluators_and_other_networks_do_not_get_stewards_contacts(client_for, other_network):
    leader = person("leader")
    evaluator_page = client_for("evaluator").get(leader.get_absolute_url()).content.decode()
    assert leader.email not in evaluator_page
    boss = Person.objects.get(name="Bea Boss")  # leader of the other network
    assert not access.can_see_contact_details(person("member").user, boss)


def test_an_ordinary_members_contact_stays_hidden_from_other_members(client_for):
    teacher = Person.objects.get(name="Tom Teacher")
    assert not access.can_see_contact_details(person("member").user, teacher)


def test_a_person_hides_and_shows_their_own_contact(client_for):
    client = client_for("leader")
    leader = person("leader")
    url = reverse("person-contact", args=[leader.pk])
    assert b'id="contact-choice"' in client.get(leader.get_absolute_url()).content
    assert client.post(url, {"hide": "on"}).status_code == 302
    assert Person.objects.get(pk=leader.pk).hide_contact
    assert client.post(url, {}).status_code == 302
    assert not Person.objects.get(pk=leader.pk).hide_contact
    # Nobody chooses for someone else.
    other = reverse("person-contact", args=[person("member").pk])
    assert client.post(other, {"hide": "on"}).status_code == 403
    assert not person("member").hide_contact
