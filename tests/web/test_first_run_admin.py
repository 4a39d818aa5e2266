"""The data-manager admin for area administrators (issue #8: the demo "admin" was refused by
/admin/): their own area's records only; accounts and other areas stay out of reach."""

from __future__ import annotations

import pytest
from conftest import ROLES

from nlc.web.demo import DEMO_PASSWORD
from nlc.web.registry.models import Area, Network, Organisation, Person
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def elsewhere(db):
    """An organisation, a person and a network of another area."""
    area = Area.objects.create(name="Elsewhere")
    school = Organisation.objects.create(area=area, name="Far Away School", kind="school")
    Person.objects.create(organisation=school, name="Fran Far")
    Network.objects.create(area=area, name="Far Network")
    return area


@pytest.mark.parametrize("username", ROLES)
def test_only_area_administrators_enter_the_admin(client_for, username):
    response = client_for(username).get("/admin/")
    if username == "admin":
        assert response.status_code == 200
        page = response.content.decode()
        for model in ("organisation", "person", "network", "tie"):
            assert f"/{model}/" in page
        assert "/profile/" not in page and "/auth/user/" not in page
    else:
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_an_area_administrator_signs_in_through_the_admin_form(db, client):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_lists_hold_only_the_administrators_area(client_for, small_area, elsewhere):
    client = client_for("admin")
    organisations = client.get("/admin/registry/organisation/").content.decode()
    assert "Alpha Academy" in organisations and "Far Away School" not in organisations
    assert "Elsewhere" not in organisations  # not even as a filter choice
    people = client.get("/admin/registry/person/").content.decode()
    assert "Lena Leader" in people and "Fran Far" not in people
    networks = client.get("/admin/registry/network/").content.decode()
    assert "Alpha Network" in networks and "Far Network" not in networks
    ties = client.get("/admin/ties/tie/")
    assert ties.status_code == 200
    assert ties.context["cl"].result_count == Tie.objects.filter(area=small_area.area).count()


def test_another_areas_records_cannot_be_opened_or_changed(client_for, elsewhere):
    client = client_for("admin")
    far = Organisation.objects.get(name="Far Away School")
    opened = client.get(f"/admin/registry/organisation/{far.pk}/change/")
    assert opened.status_code == 302  # "does not exist" for this administrator
    client.post(
        f"/admin/registry/organisation/{far.pk}/change/",
        {"name": "Taken", "kind": "school", "area": elsewhere.pk},
    )
    far.refresh_from_db()
    assert far.name == "Far Away School"
    assert client.get(f"/admin/registry/organisation/{far.pk}/delete/").status_code == 302


def test_new_records_go_into_the_administrators_area_only(client_for, small_area, elsewhere):
    client = client_for("admin")
    refused = client.post(
        "/admin/registry/organisation/add/",
        {"name": "Sneaky School", "kind": "school", "area": elsewhere.pk},
    )
    assert refused.status_code == 200 and "area" in refused.context["adminform"].form.errors
    assert not Organisation.objects.filter(name="Sneaky School").exists()
    created = client.post(
        "/admin/registry/organisation/add/",
        {"name": "New Youth Club", "kind": "voluntary", "area": small_area.area.pk},
    )
    assert created.status_code == 302
    assert Organisation.objects.get(name="New Youth Club").area == small_area.area


def test_accounts_and_areas_stay_with_superusers(client_for, small_area):
    client = client_for("admin")
    assert client.get("/admin/registry/profile/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/registry/area/add/").status_code == 403
    area = client.get(f"/admin/registry/area/{small_area.area.pk}/change/")
    assert area.status_code == 200 and b'name="name"' not in area.content  # view only
    person = Person.objects.get(name="Lena Leader")
    page = client.get(f"/admin/registry/person/{person.pk}/change/").content.decode()
    assert 'name="user"' not in page  # who signs in as whom is not theirs to change
