"""People's rights: an area administrator exports everything held about a person and
erases them; the erasure leaves one audit entry and none of the erased data anywhere in the
audit log."""

import json

import pytest
from auditlog.models import LogEntry
from click.testing import CliRunner
from conftest import ROLES
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from nlc.cli import main
from nlc.web.registry.models import NetworkRole, Person
from nlc.web.ties.models import Tie


@pytest.fixture
def member(db):
    """The demo member's person: a user account, a role and ties."""
    return Person.objects.select_related("organisation", "user").get(user__username="member")


pytestmark = pytest.mark.demo


def edit_as_admin(client_for, person, **changes):
    fields = {"organisation": person.organisation_id, "name": person.name, "email": person.email}
    response = client_for("admin").post(
        reverse("person-edit", args=[person.pk]), {**fields, **changes}
    )
    assert response.status_code == 302


def ties_of(person):
    return Tie.objects.filter(Q(source_person=person) | Q(target_person=person))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["person-data", "person-erase"])
def test_only_area_admins_open_a_persons_data_pages(client_for, member, role, page):
    response = client_for(role).get(reverse(page, args=[member.pk]))
    assert response.status_code == (200 if role == "admin" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_area_admins_can_erase(client_for, member, role):
    client_for(role).post(reverse("person-erase", args=[member.pk]), {"confirm": member.pk})
    assert Person.objects.filter(pk=member.pk).exists() == (role != "admin")


def test_the_export_holds_everything_about_the_person(client_for, member):
    edit_as_admin(client_for, member, job_title="Reading lead")
    response = client_for("admin").get(reverse("person-data", args=[member.pk]), {"format": "json"})
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["name"] == member.name
    assert data["person"]["email"] == member.email
    assert data["organisation"]["id"] == member.organisation_id
    assert len(data["roles"]) == member.roles.count() > 0
    assert len(data["ties"]) == ties_of(member).count() > 0
    assert len(data["memberships_via_organisation"]) == member.organisation.memberships.count()
    assert data["user_account"]["username"] == "member"
    assert data["user_account"]["role"] == "Member"
    [update] = [e for e in data["audit_entries"] if e["actor"] == "admin"]
    assert update["actor"] == "admin"
    assert update["changes"]["job_title"][1] == "Reading lead"
    page = client_for("admin").get(reverse("person-data", args=[member.pk])).content.decode()
    assert member.email in page and "Reading lead" in page


def test_the_erase_page_asks_first(client_for, member):
    admin = client_for("admin")
    assert "I understand" in admin.get(reverse("person-erase", args=[member.pk])).content.decode()
    response = admin.post(reverse("person-erase", args=[member.pk]), {})
    assert response.status_code == 302
    assert Person.objects.filter(pk=member.pk).exists()


def audit_text() -> str:
    """Every audit entry, every column, as one text to search for leaks."""
    rows = LogEntry.objects.values_list(
        "object_repr",
        "changes_text",
        "changes",
        "serialized_data",
        "additional_data",
        "actor_email",
        "remote_addr",
    )
    return json.dumps([list(row) for row in rows], default=str)


def test_an_erasure_removes_the_person_and_their_data_from_the_log(client_for, member):
    name, email, pk, user_id = member.name, member.email, member.pk, member.user_id
    organisation = member.organisation
    edit_as_admin(client_for, member, phone="0121 496 0000", job_title="Reading lead")
    role = NetworkRole.objects.filter(person=member).first()
    client_for("admin").post(
        reverse("role-edit", args=[role.network_id, role.pk]), {"person": pk, "role": "broker"}
    )
    client_for("member").get("/")  # a request of theirs: nothing changes, nothing logged
    before = audit_text()
    assert name in before and "0121 496 0000" in before

    response = client_for("admin").post(reverse("person-erase", args=[pk]), {"confirm": pk})
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert not Person.objects.filter(pk=pk).exists()
    assert not NetworkRole.objects.filter(person_id=pk).exists()
    assert not Tie.objects.filter(Q(source_person_id=pk) | Q(target_person_id=pk)).exists()
    assert not get_user_model().objects.filter(pk=user_id).exists()

    after = audit_text()
    for secret in (name, email, "0121 496 0000", "Reading lead", '"member"'):
        assert secret not in after
    erasure = LogEntry.objects.get(object_repr=f"Person {pk} (erased)")
    assert erasure.actor.username == "admin"
    assert erasure.action == LogEntry.Action.DELETE
    assert erasure.additional_data["erasure"] is True
    assert "ties" in erasure.changes_dict["erasure"][1]


def test_the_command_line_exports_and_erases(member):
    exported = CliRunner().invoke(main, ["person", "export", str(member.pk)])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output)["person"]["name"] == member.name
    refused = CliRunner().invoke(main, ["person", "erase", str(member.pk)], input="n\n")
    assert refused.exit_code == 1
    assert Person.objects.filter(pk=member.pk).exists()
    erased = CliRunner().invoke(main, ["person", "erase", str(member.pk), "--yes"])
    assert erased.exit_code == 0, erased.output
    assert f"person {member.pk} erased" in erased.output
    assert not Person.objects.filter(pk=member.pk).exists()
    entry = LogEntry.objects.get(object_repr=f"Person {member.pk} (erased)")
    assert entry.additional_data["via"] == "nlc person erase"


def test_an_unknown_person_is_a_clear_error(db):
    result = CliRunner().invoke(main, ["person", "export", "999999"])
    assert result.exit_code == 1
    assert "no person with id 999999" in result.output


def test_an_admin_cannot_erase_themself(client_for, member):
    admin = get_user_model().objects.get(username="admin")
    member.user = None
    member.save()
    Person.objects.filter(pk=member.pk).update(user=admin)
    response = client_for("admin").post(
        reverse("person-erase", args=[member.pk]), {"confirm": member.pk}
    )
    assert response.status_code == 302
    assert Person.objects.filter(pk=member.pk).exists()
    assert get_user_model().objects.filter(username="admin").exists()
