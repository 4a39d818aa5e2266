"""The import page: area administrators only; oversized uploads refused; row errors listed."""

from __future__ import annotations

import pytest
from conftest import ROLES
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nlc.web.registry.models import Organisation

pytestmark = pytest.mark.usefixtures("small_area")

URL = "/imports/"


def csv_file(text: str, name: str = "organisations.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_url_is_named():
    assert reverse("import-upload") == URL


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    response = client.post(URL, {"kind": "organisations"})
    assert response.status_code == 302


@pytest.mark.parametrize("username", ROLES)
def test_only_area_administrators_may_import(client_for, username):
    client = client_for(username)
    allowed = username == "admin"
    assert client.get(URL).status_code == (200 if allowed else 403)
    response = client.post(
        URL, {"kind": "organisations", "file": csv_file("name,kind\nX Club,voluntary\n")}
    )
    assert response.status_code == (200 if allowed else 403)
    assert Organisation.objects.filter(name="X Club").exists() == allowed


def test_an_administrator_imports_into_their_own_area(client_for):
    from nlc.web.registry.models import Profile

    area = Profile.objects.get(user__username="admin").area
    response = client_for("admin").post(
        URL,
        {
            "kind": "organisations",
            "file": csv_file("name,kind,urn\nNew Youth Club,voluntary,\nNew School,,990101\n"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="import-counts"' in page and "Created</th><td>2<" in page
    assert set(Organisation.objects.filter(urn=990101).values_list("area", flat=True)) == {area.pk}


def test_every_row_error_is_listed_and_nothing_written(client_for):
    before = Organisation.objects.count()
    response = client_for("admin").post(
        URL,
        {
            "kind": "organisations",
            "file": csv_file(
                "name,kind,urn\nGood,school,990201\nBad urn,school,99x\n,health,\nOdd,spaceship,\n",
                name="my orgs.csv",
            ),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "3 errors" in page
    for row, column in [(3, "urn"), (4, "name"), (5, "kind")]:
        assert f"<td>my orgs.csv</td><td>{row}</td><td>{column}</td>" in page
    assert "99x" in page
    assert Organisation.objects.count() == before


def test_an_administrator_cannot_reach_into_another_area(client_for, tmp_path):
    from nlc.web.registry.models import Area

    other = Area.objects.create(name="Elsewhere")
    Organisation.objects.create(area=other, name="Far School", kind="school", urn=990301)
    response = client_for("admin").post(
        URL,
        {"kind": "organisations", "file": csv_file("name,kind,urn\nMine now,school,990301\n")},
    )
    assert response.status_code == 400
    assert "in another area" in response.content.decode()
    assert Organisation.objects.get(urn=990301).name == "Far School"


def test_an_oversized_upload_is_refused(client_for, settings):
    settings.NLC_MAX_UPLOAD_BYTES = 1000
    client = client_for("admin")
    body = "name,kind\n" + "".join(f"Club {i},voluntary\n" for i in range(200))
    assert len(body) > 1000
    response = client.post(URL, {"kind": "organisations", "file": csv_file(body)})
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert "uploads are limited to 1000" in response.content.decode().replace("\xa0", " ")
    assert not Organisation.objects.filter(name="Club 1").exists()

    # Far over the limit: refused from the request's length, before the body is read.
    huge = body * 60
    response = client.post(URL, {"kind": "organisations", "file": csv_file(huge)})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_django_request_data_too_big_is_the_same_message(client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client_for("admin").post(URL, {"kind": "organisations", "note": "x" * 1000})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_a_wrong_file_type_is_refused_at_the_field(client_for):
    response = client_for("admin").post(
        URL, {"kind": "ties", "file": csv_file("x", name="ties.graphml")}
    )
    assert response.status_code == 400
    assert "cannot be imported" in response.content.decode()


def test_the_page_checks_csrf(db):
    from django.contrib.auth import get_user_model
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="admin"))
    response = strict.post(URL, {"kind": "organisations", "file": csv_file("name,kind\nA,x\n")})
    assert response.status_code == 403
    page = strict.get(URL)
    token = page.cookies["csrftoken"].value
    response = strict.post(
        URL,
        {
            "kind": "organisations",
            "file": csv_file("name,kind\nCsrf Club,voluntary\n"),
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 200
    assert Organisation.objects.filter(name="Csrf Club").exists()
