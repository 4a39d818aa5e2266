"""Adding an organisation to a network does not by itself unlock its people's protected data
(hardening issue #9, finding 2).

A leader may add any organisation of the area to their network. Until an area administrator
approves that membership, the network's leaders and facilitators see the organisation's
people's contact details and pupils' names only for people who hold a role in the network;
pages, the API and the map data all follow the rule of :mod:`nlc.web.registry.access`.
"""

import json

import pytest
from conftest import ROLES
from django.urls import reverse

from nlc.web.registry.models import Membership, NetworkRole, Organisation, RoleKind

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

#: Who sees a pending member's pupils' names and staff's contact details.
BEFORE_APPROVAL = {"admin"}
#: ... and once an area administrator approved the membership.
AFTER_APPROVAL = {"admin", "leader", "facilitator"}


@pytest.fixture
def outsider(led_network):
    """An organisation of the led network's area, with pupils and staff with e-mails, that is
    no member of the led network."""
    members = led_network.memberships.values("organisation_id")
    return (
        Organisation.objects.filter(area_id=led_network.area_id)
        .exclude(pk__in=members)
        .filter(people__is_pupil=True)
        .filter(people__is_pupil=False, people__email__gt="")
        .distinct()
        .order_by("pk")
        .first()
    )


def add_member(client, network, organisation):
    response = client.post(
        "/api/memberships",
        {"network": network.pk, "organisation": organisation.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def people_of(client, organisation) -> list[dict]:
    response = client.get(f"/api/people?organisation={organisation.pk}&limit=500")
    assert response.status_code == 200
    return response.json()["items"]


def sees_protected(client, organisation) -> bool:
    """Whether the client sees the organisation's pupils' names and staff's e-mails (all or
    nothing: the rule is per organisation here)."""
    people = people_of(client, organisation)
    pupils = {p.pk: p.name for p in organisation.people.filter(is_pupil=True)}
    staff = {p.pk: p.email for p in organisation.people.filter(is_pupil=False).exclude(email="")}
    named = {p["id"] for p in people if p["id"] in pupils and p["name"] == pupils[p["id"]]}
    mailed = {p["id"] for p in people if p["id"] in staff and p["email"] == staff[p["id"]]}
    assert named in (set(), set(pupils)) and mailed in (set(), set(staff))
    if not people:  # cannot see the organisation at all
        return False
    assert bool(named) == bool(mailed)
    return bool(named)


@pytest.mark.parametrize("username", ROLES)
def test_it_keeps_a_leaders_new_members_people_protected(
    client_for, username, led_network, outsider
):
    added = add_member(client_for("leader"), led_network, outsider)
    assert added["approved"] is False
    assert sees_protected(client_for(username), outsider) == (username in BEFORE_APPROVAL)


@pytest.mark.parametrize("username", ROLES)
def test_it_shows_them_once_an_area_admin_approves(client_for, username, led_network, outsider):
    added = add_member(client_for("leader"), led_network, outsider)
    response = client_for("admin").patch(
        f"/api/memberships/{added['id']}", {"approved": True}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["approved"] is True
    assert sees_protected(client_for(username), outsider) == (username in AFTER_APPROVAL)


@pytest.mark.parametrize("username", ROLES)
def test_only_area_admins_may_approve(client_for, username, led_network, outsider):
    added = add_member(client_for("leader"), led_network, outsider)
    response = client_for(username).patch(
        f"/api/memberships/{added['id']}", {"approved": True}, content_type="application/json"
    )
    assert response.status_code == (200 if username == "admin" else 403)
    assert Membership.objects.get(pk=added["id"]).approved == (username == "admin")


def test_what_an_area_admin_adds_is_approved(client_for, led_network, outsider):
    added = add_member(client_for("admin"), led_network, outsider)
    assert added["approved"] is True
    assert sees_protected(client_for("leader"), outsider)


def test_the_demos_memberships_are_approved(client_for, led_network):
    assert not led_network.memberships.filter(approved=False).exists()
    school = (
        led_network.memberships.filter(organisation__people__is_pupil=True)
        .order_by("pk")
        .first()
        .organisation
    )
    assert sees_protected(client_for("leader"), school)


def test_a_role_in_the_network_shows_that_person_only(client_for, led_network, outsider):
    added = add_member(client_for("leader"), led_network, outsider)
    pupil = outsider.people.filter(is_pupil=True).order_by("pk").first()
    staff = outsider.people.filter(is_pupil=False).exclude(email="").order_by("pk").first()
    response = client_for("admin").post(
        "/api/roles",
        {"network": led_network.pk, "person": pupil.pk, "role": RoleKind.PUPIL_REPRESENTATIVE},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    seen = {p["id"]: p for p in people_of(client_for("leader"), outsider)}
    assert seen[pupil.pk]["name"] == pupil.name
    assert seen[staff.pk]["email"] is None
    assert Membership.objects.get(pk=added["id"]).approved is False


def test_a_leader_may_not_give_roles_in_a_pending_member(client_for, led_network, outsider):
    """Otherwise a role would unlock what the pending membership keeps hidden."""
    added = add_member(client_for("leader"), led_network, outsider)
    pupil = outsider.people.filter(is_pupil=True).order_by("pk").first()
    payload = {
        "network": led_network.pk,
        "person": pupil.pk,
        "role": RoleKind.PUPIL_REPRESENTATIVE,
    }
    leader = client_for("leader")
    refused = leader.post("/api/roles", payload, content_type="application/json")
    assert refused.status_code == 422
    assert not NetworkRole.objects.filter(person=pupil, network=led_network).exists()
    page = leader.get(reverse("role-create", args=[led_network.pk]))
    assert f'value="{pupil.pk}"' not in page.content.decode()
    membership = Membership.objects.get(pk=added["id"])
    membership.approved = True
    membership.save()
    allowed = client_for("leader").post("/api/roles", payload, content_type="application/json")
    assert allowed.status_code == 201, allowed.content


def test_pages_and_map_keep_pending_members_protected(client_for, led_network, outsider):
    add_member(client_for("leader"), led_network, outsider)
    pupil = outsider.people.filter(is_pupil=True).order_by("pk").first()
    staff = outsider.people.filter(is_pupil=False).exclude(email="").order_by("pk").first()
    leader = client_for("leader")
    pupil_page = leader.get(reverse("person-detail", args=[pupil.pk])).content.decode()
    assert pupil.name not in pupil_page
    staff_page = leader.get(reverse("person-detail", args=[staff.pk])).content.decode()
    assert staff.email not in staff_page
    data = leader.get(reverse("network-map-data", args=[led_network.pk]))
    assert data.status_code == 200
    assert pupil.name not in json.dumps(data.json())
    listed = leader.get(reverse("person-list") + f"?q={pupil.name}").content.decode()
    assert f'href="/people/{pupil.pk}/"' not in listed


@pytest.mark.parametrize("username", ROLES)
def test_the_approve_button_is_for_area_admins(client_for, username, led_network, outsider):
    added = add_member(client_for("leader"), led_network, outsider)
    client = client_for(username)
    page = client.get(
        reverse("network-members", args=[led_network.pk]) + f"?q={outsider.name}"
    ).content.decode()
    url = reverse("membership-approve", args=[led_network.pk, added["id"]])
    assert (url in page) == (username == "admin")
    response = client.post(url)
    assert response.status_code == (302 if username == "admin" else 403)
    assert Membership.objects.get(pk=added["id"]).approved == (username == "admin")


def test_membership_writes_go_through_the_model(client_for, led_network, outsider, monkeypatch):
    """Adding and removing save and delete model instances (so the audit log sees them)."""
    saved, deleted = [], []
    original_save, original_delete = Membership.save, Membership.delete

    def save(self, *args, **kwargs):
        saved.append(self.organisation_id)
        return original_save(self, *args, **kwargs)

    def delete(self, *args, **kwargs):
        deleted.append(self.organisation_id)
        return original_delete(self, *args, **kwargs)

    monkeypatch.setattr(Membership, "save", save)
    monkeypatch.setattr(Membership, "delete", delete)
    leader = client_for("leader")
    added = add_member(leader, led_network, outsider)
    assert leader.delete(f"/api/memberships/{added['id']}").status_code == 204
    assert saved == [outsider.pk] and deleted == [outsider.pk]
