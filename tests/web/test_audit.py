"""The audit log: entries for web, API and import changes, with their actor; the
/area/audit/ page and the history links for area administrators only."""

import json

import pytest
from auditlog.models import LogEntry
from click.testing import CliRunner
from conftest import ROLES
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from nlc.cli import main
from nlc.web.registry.models import Area, Membership, Organisation, Person

pytestmark = pytest.mark.demo


def entries_for(model, pk=None):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    return entries if pk is None else entries.filter(object_pk=str(pk))


@pytest.mark.parametrize("role", ROLES)
def test_only_area_admins_open_the_audit_page(client_for, role):
    response = client_for(role).get(reverse("audit-log"))
    assert response.status_code == (200 if role == "admin" else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("audit-log"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_history_links_show_only_for_area_admins(client_for, role, led_network):
    organisation = led_network.memberships.first().organisation
    html = client_for(role).get(organisation.get_absolute_url()).content.decode()
    assert ("?model=registry.organisation" in html) == (role == "admin")


def test_a_leader_taking_an_organisation_out_leaves_an_entry(client_for, led_network):
    membership = led_network.memberships.select_related("organisation").first()
    response = client_for("leader").post(
        reverse("membership-remove", args=[led_network.pk, membership.pk])
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = entries_for(Membership, membership.pk).get(action=LogEntry.Action.DELETE)
    assert entry.actor.username == "leader"
    assert entry.additional_data["area"] == led_network.area_id
    assert str(membership.organisation) in entry.object_repr


def test_a_leader_adding_an_organisation_leaves_an_entry(client_for, led_network):
    outside = Organisation.objects.filter(area=led_network.area).exclude(
        memberships__network=led_network
    )[0]
    response = client_for("leader").post(
        reverse("membership-create", args=[led_network.pk]),
        {"organisation": outside.pk, "role": "member"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(network=led_network, organisation=outside)
    entry = entries_for(Membership, membership.pk).get(action=LogEntry.Action.CREATE)
    assert entry.actor.username == "leader"


def test_an_api_change_records_its_actor_and_the_change(client_for, led_network):
    person = Person.objects.filter(organisation__area=led_network.area).first()
    response = client_for("admin").patch(
        f"/api/people/{person.pk}",
        json.dumps({"job_title": "Head of audit"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    entry = entries_for(Person, person.pk).get(action=LogEntry.Action.UPDATE)
    assert entry.actor.username == "admin"
    assert entry.changes_dict["job_title"][1] == "Head of audit"
    assert entry.additional_data["people"] == {str(person.pk): 1}


def test_a_forged_forwarded_address_is_not_logged(client_for, led_network, settings):
    # Auditlog's own middleware logs the first X-Forwarded-For address of any request; with no
    # trusted proxy configured, NLC logs the connection's own address.
    settings.TRUSTED_PROXY_HEADER = None
    person = Person.objects.filter(organisation__area=led_network.area).first()
    response = client_for("admin").patch(
        f"/api/people/{person.pk}",
        json.dumps({"job_title": "Head of forgery"}),
        content_type="application/json",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 200, response.content
    entry = entries_for(Person, person.pk).get(action=LogEntry.Action.UPDATE)
    assert entry.remote_addr == "198.51.100.7"


def test_a_command_line_import_leaves_one_entry_naming_the_command(db, tmp_path, led_network):
    path = tmp_path / "orgs.csv"
    path.write_text("name,kind\nA Youth Club,voluntary\nB Police,police\n")
    area = led_network.area
    result = CliRunner().invoke(main, ["import", "organisations", str(path), "--area", area.name])
    assert result.exit_code == 0, result.output
    entry = entries_for(Organisation).get(object_repr__startswith="import of organisations")
    assert entry.actor is None
    assert entry.additional_data == {
        "via": "nlc import",
        "import": "organisations",
        "area": area.pk,
    }
    assert entry.changes_dict["created"] == ["", "2"]


def test_the_page_lists_filters_and_pages_entries(client_for, led_network):
    admin = client_for("admin")
    person = Person.objects.filter(organisation__area=led_network.area).first()
    for n in range(3):
        admin.post(
            reverse("person-edit", args=[person.pk]),
            {"organisation": person.organisation_id, "name": person.name, "job_title": f"Job {n}"},
        )
    assert entries_for(Person, person.pk).count() == 3
    query = {"model": "registry.person", "object": person.pk, "actor": "admin"}
    html = admin.get(reverse("audit-log"), query).content.decode()
    assert html.count("Job 2") == 1 and "Job 0" in html
    assert "3 in all" in html
    nobody = admin.get(reverse("audit-log"), {**query, "actor": "leader"}).content.decode()
    assert "No entries match" in nobody
    future = admin.get(reverse("audit-log"), {**query, "since": "2999-01-01"}).content.decode()
    assert "No entries match" in future
    today = admin.get(reverse("audit-log"), {**query, "until": "2999-01-01"}).content.decode()
    assert "3 in all" in today


def test_admins_read_only_their_own_areas_entries(client_for, led_network):
    elsewhere = Area.objects.create(name="Elsewhere")
    Organisation.objects.create(area=elsewhere, name="Secret Academy", kind="school")
    assert entries_for(Organisation).filter(object_repr="Secret Academy").exists()
    html = client_for("admin").get(reverse("audit-log")).content.decode()
    assert "Secret Academy" not in html
    assert "Elsewhere" not in html
