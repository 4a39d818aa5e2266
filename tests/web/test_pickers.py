"""Search-as-you-type pickers (issue #8: 650 organisations in one select after an LA import):
the search endpoints answer JSON within the access rules, and the forms carry the picker."""

from __future__ import annotations

import pytest
from conftest import ROLES
from django.urls import reverse

from nlc.web.registry.models import Organisation, Person

pytestmark = pytest.mark.usefixtures("small_area")


def found(client, name: str, **query) -> list[str]:
    response = client.get(reverse(name), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return [r["label"] for r in response.json()["results"]]


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for name in ("organisation-search", "person-search"):
        response = client.get(reverse(name), {"q": "Alpha"})
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_finds_organisations_of_the_network_area_for_those_who_record(client_for, led_network):
    labels = found(client_for("leader"), "organisation-search", q="bet", network=led_network.pk)
    assert "Beta School" in labels  # the tie form offers the whole area's organisations
    assert found(client_for("leader"), "organisation-search", q="b") == []  # too short


@pytest.mark.parametrize("username", ROLES)
def test_it_never_finds_what_the_user_may_not_see(client_for, username, led_network):
    client = client_for(username)
    visible_everything = username in {"admin", "evaluator"}
    labels = found(client, "organisation-search", q="Beta")
    assert ("Beta School" in labels) == visible_everything
    people = found(client, "person-search", q="Bea")
    if username == "admin":
        assert any(label.startswith("Bea Boss") for label in people)
    else:
        assert not any("Bea Boss" in label for label in people)


def test_evaluators_find_people_by_organisation_only_and_see_pseudonyms(client_for):
    client = client_for("evaluator")
    assert found(client, "person-search", q="Lena") == []  # names are not searchable
    labels = found(client, "person-search", q="Alpha Academy")
    assert labels and all(label.startswith(("Person ", "Pupil ")) for label in labels)


def test_pupils_names_stay_hidden_from_members(client_for, led_network):
    pupil = Person.objects.get(is_pupil=True, organisation__name="Alpha Academy")
    labels = found(client_for("member"), "person-search", q="Alpha Academy", network=led_network.pk)
    assert f"Pupil {pupil.pk} (Alpha Academy)" in labels
    assert not any(pupil.name in label for label in labels)
    by_name = found(client_for("member"), "person-search", q="Pip")
    assert not any(pupil.name in label for label in by_name)


def test_results_are_capped(client_for, small_area):
    area = small_area.area
    Organisation.objects.bulk_create(
        [Organisation(area=area, name=f"Imported School {i:03}", kind="school") for i in range(30)]
    )
    response = client_for("admin").get(reverse("organisation-search"), {"q": "Imported"})
    data = response.json()
    assert len(data["results"]) == 20 and data["more"] is True


def test_the_forms_carry_the_picker_and_its_script(client_for, led_network):
    client = client_for("leader")
    pages = {
        "tie": reverse("tie-create", args=[led_network.pk]),
        "member": reverse("membership-create", args=[led_network.pk]),
        "role": reverse("role-create", args=[led_network.pk]),
        "person": reverse("person-create"),
    }
    for what, url in pages.items():
        page = client.get(url).content.decode()
        assert "data-search=" in page, what
        assert "/static/nlc/picker.js" in page, what
    tie_page = client.get(pages["tie"]).content.decode()
    assert f'data-search="/search/organisations/?network={led_network.pk}"' in tie_page
    assert f'data-search="/search/people/?network={led_network.pk}"' in tie_page
    # Without JavaScript the select still holds every choice.
    assert "<option" in tie_page and "Beta School" in tie_page
