"""The JSON API (/api/) against every demo role, and anonymous callers.

For every endpoint: who may read or write (allowed answers 200/201/204, refused ones 403 and
change nothing in the database), 404 for objects that do not exist, 422 with messages per
field for invalid input, CSRF on unsafe methods, pupils' names and contact details hidden
from those who may not see them, and the OpenAPI schema listing every endpoint.
"""

import datetime as dt
import json
import re
from types import SimpleNamespace

import pytest
from conftest import ADMIN, AREA_READERS, EDITORS, ROLES, STEWARDS
from django.contrib.auth import get_user_model
from django.test import Client
from test_brokerage_web import BROKERAGE_ENDPOINTS
from test_learning_api import LEARNING_ENDPOINTS
from test_planning_api import PLAN_ENDPOINTS, PLAN_IDS
from test_surveys_api import SURVEY_ENDPOINTS

from nlc.web.registry import access
from nlc.web.registry.models import (
    Area,
    Membership,
    Network,
    NetworkRole,
    Organisation,
    Person,
    RoleKind,
)
from nlc.web.ties.access import visible_ties
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)
MISSING = 987654

ENDPOINTS = [
    ("get", "/api/networks"),
    ("get", "/api/networks/{network_id}"),
    ("get", "/api/organisations"),
    ("post", "/api/organisations"),
    ("get", "/api/organisations/{organisation_id}"),
    ("patch", "/api/organisations/{organisation_id}"),
    ("get", "/api/people"),
    ("post", "/api/people"),
    ("get", "/api/people/{person_id}"),
    ("patch", "/api/people/{person_id}"),
    ("get", "/api/memberships"),
    ("post", "/api/memberships"),
    ("get", "/api/memberships/{membership_id}"),
    ("patch", "/api/memberships/{membership_id}"),
    ("delete", "/api/memberships/{membership_id}"),
    ("get", "/api/roles"),
    ("post", "/api/roles"),
    ("get", "/api/roles/{role_id}"),
    ("patch", "/api/roles/{role_id}"),
    ("delete", "/api/roles/{role_id}"),
    ("get", "/api/ties"),
    ("post", "/api/ties"),
    ("get", "/api/ties/{tie_id}"),
    ("patch", "/api/ties/{tie_id}"),
    ("delete", "/api/ties/{tie_id}"),
    ("post", "/api/ties/{tie_id}/confirm"),
    ("get", "/api/networks/{network_id}/export"),
    ("get", "/api/areas/{area_id}/export"),
    ("get", "/api/knowledge"),
    ("post", "/api/knowledge"),
    ("get", "/api/knowledge/search"),
    ("get", "/api/knowledge/{item_id}"),
    ("patch", "/api/knowledge/{item_id}"),
]
ENDPOINTS += PLAN_ENDPOINTS  # the planning app's (test_planning_api.py)


@pytest.fixture(scope="module")
def shared_client():
    return Client()


@pytest.fixture
def api(shared_client, db):
    """``api("leader")`` returns a client signed in as that demo account (None: signed out).

    One client per module: building a new client's middleware makes WhiteNoise index every
    static file again.
    """

    def sign_in(username):
        shared_client.logout()
        shared_client.cookies.clear()
        if username:
            shared_client.force_login(get_user_model().objects.get(username=username))
        return shared_client

    return sign_in


def call(client, method: str, url: str, body=None):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture(scope="module")
def o(django_db_setup, django_db_blocker):
    """Objects the tests are about, in the led network and in another one."""
    with django_db_blocker.unblock():
        led = Network.objects.get(roles__person__user__username="leader", roles__role="leader")
        other = Network.objects.exclude(pk=led.pk).order_by("name").first()
        led_orgs = list(Organisation.objects.filter(memberships__network=led).order_by("pk"))
        other_orgs = list(Organisation.objects.filter(memberships__network=other).order_by("pk"))
        led_people = Person.objects.filter(organisation__memberships__network=led)
        staff = list(led_people.filter(is_pupil=False, roles__isnull=True).order_by("pk"))
        return SimpleNamespace(
            led=led,
            other=other,
            led_org=led_orgs[0],
            led_org_2=led_orgs[1],
            other_org=other_orgs[0],
            led_person=staff[0],
            led_person_2=staff[1],
            pupil=led_people.filter(is_pupil=True).order_by("pk").first(),
            other_person=Person.objects.filter(organisation=other_orgs[0]).order_by("pk").first(),
            led_membership=Membership.objects.filter(network=led).order_by("pk").last(),
            other_membership=Membership.objects.filter(network=other).order_by("pk").last(),
            mentor_role=NetworkRole.objects.get(network=led, role=RoleKind.MENTOR),
            leader_role=NetworkRole.objects.get(network=led, role=RoleKind.LEADER),
            other_role=NetworkRole.objects.filter(network=other).order_by("pk").first(),
            led_tie=Tie.objects.filter(network=led, source_organisation__isnull=False)
            .order_by("pk")
            .first(),
            led_person_tie=Tie.objects.filter(network=led, source_person__isnull=False)
            .order_by("pk")
            .first(),
            other_tie=Tie.objects.filter(network=other).order_by("pk").first(),
        )


def user(username):
    return get_user_model().objects.get(username=username)


def tie_body(o, network=None, **changes):
    body = {
        "network": getattr(network, "pk", network) or o.led.pk,
        "source_organisation": o.led_org.pk,
        "target_organisation": o.led_org_2.pk,
        "type": "advice",
        "weight": 2,
        "directed": True,
        "observed_on": "2025-05-01",
    }
    body.update(changes)
    return body


# ---- signed out, CSRF, OpenAPI -----------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_it_refuses_anonymous_callers(api, method, path):
    url = path.format(
        **dict.fromkeys(
            ["network_id", "organisation_id", "person_id", "membership_id", "role_id", "tie_id"]
            + ["area_id", "item_id"]
            + PLAN_IDS,
            1,
        )
    )
    response = call(api(None), method, url, {})
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_it_lists_every_endpoint_in_the_openapi_schema(api):
    response = api("member").get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    listed = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    own_tests = set(LEARNING_ENDPOINTS) | set(SURVEY_ENDPOINTS) | set(BROKERAGE_ENDPOINTS)
    assert listed == set(ENDPOINTS) | own_tests  # learning, surveys, brokerage: their own tests
    docs = api("member").get("/api/docs")
    assert docs.status_code == 200


def _csrf_client():
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user("admin"))
    return strict


def test_it_requires_a_csrf_token_to_create(o, db):
    strict = _csrf_client()
    before = Tie.objects.count()
    response = strict.post("/api/ties", json.dumps(tie_body(o)), content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Tie.objects.count() == before
    # With the token from the cookie the same request is accepted.
    assert strict.get("/").status_code == 200
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        "/api/ties",
        json.dumps(tie_body(o)),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201
    assert Tie.objects.count() == before + 1


def test_it_requires_a_csrf_token_to_change_or_delete(o, db):
    strict = _csrf_client()
    tie = o.led_tie
    response = strict.patch(
        f"/api/ties/{tie.pk}", json.dumps({"weight": 9}), content_type="application/json"
    )
    assert response.status_code == 403
    assert strict.delete(f"/api/ties/{tie.pk}").status_code == 403
    assert strict.delete(f"/api/memberships/{o.led_membership.pk}").status_code == 403
    tie.refresh_from_db()
    assert tie.weight != 9
    assert Membership.objects.filter(pk=o.led_membership.pk).exists()
    # Reading needs no token.
    assert strict.get(f"/api/ties/{tie.pk}").status_code == 200


# ---- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_it_lists_the_networks_each_role_may_see(api, o, username):
    body = api(username).get("/api/networks").json()
    names = {n["name"] for n in body["items"]}
    assert o.led.name in names
    assert (o.other.name in names) == (username in AREA_READERS)
    expected = access.visible_networks(user(username)).count()
    assert body["count"] == expected == (7 if username in AREA_READERS else 1)


@pytest.mark.parametrize("username", ROLES)
def test_it_shows_a_network_only_to_those_who_may_see_it(api, o, username):
    client = api(username)
    led = client.get(f"/api/networks/{o.led.pk}")
    assert led.status_code == 200
    assert led.json()["can_record_ties"] == (username in STEWARDS)
    assert led.json()["can_edit"] == (username in EDITORS)
    other = client.get(f"/api/networks/{o.other.pk}")
    assert other.status_code == (200 if username in AREA_READERS else 403)
    if other.status_code == 403:
        assert other.json() == {"detail": "Your account may not see this network."}


@pytest.mark.parametrize("username", ROLES)
def test_it_lists_organisations_each_role_may_see(api, o, username):
    client = api(username)
    body = client.get("/api/organisations?limit=500").json()
    ids = {item["id"] for item in body["items"]}
    assert o.led_org.pk in ids
    assert (o.other_org.pk in ids) == (username in AREA_READERS)
    assert body["count"] == access.visible_organisations(user(username)).count()
    in_other = client.get(f"/api/organisations?network={o.other.pk}")
    assert in_other.status_code == (200 if username in AREA_READERS else 403)
    schools = client.get(f"/api/organisations?network={o.led.pk}&kind=school").json()
    assert schools["count"] == 12
    assert {i["kind"] for i in schools["items"]} == {"school"}


@pytest.mark.parametrize("username", ROLES)
def test_it_shows_an_organisation_only_to_those_who_may_see_it(api, o, username):
    client = api(username)
    assert client.get(f"/api/organisations/{o.led_org.pk}").json()["name"] == o.led_org.name
    other = client.get(f"/api/organisations/{o.other_org.pk}")
    assert other.status_code == (200 if username in AREA_READERS else 403)


def _expected_person(viewer, person):
    contact = access.can_see_contact_details(viewer, person)
    name = access.display_name(viewer, person)
    return {
        "name": name,
        "identified": name == person.name,
        "email": person.email if contact else None,
        "phone": person.phone if contact else None,
        "job_title": person.job_title if name == person.name else None,
    }


@pytest.mark.parametrize("username", ROLES)
def test_it_names_people_and_shows_contacts_only_as_access_allows(api, o, username):
    viewer = user(username)
    body = api(username).get(f"/api/people?network={o.led.pk}&limit=500").json()
    people = {p.pk: p for p in Person.objects.filter(organisation__memberships__network=o.led)}
    assert body["count"] == len(people) == len(body["items"])
    for item in body["items"]:
        expected = _expected_person(viewer, people[item["id"]])
        assert {key: item[key] for key in expected} == expected, item


@pytest.mark.parametrize("username", ROLES)
def test_it_protects_pupils_and_contact_details(api, o, username):
    item = api(username).get(f"/api/people/{o.pupil.pk}").json()
    if username in ("admin", "leader", "facilitator"):
        assert item["name"] == o.pupil.name
    else:
        assert item["name"] == f"Pupil {o.pupil.pk}"
        assert o.pupil.name not in json.dumps(item)
    staff = api(username).get(f"/api/people/{o.led_person.pk}").json()
    assert (staff["email"] == o.led_person.email) == (username in STEWARDS)
    if username == "evaluator":
        assert staff["name"] == f"Person {o.led_person.pk}"
        assert staff["job_title"] is None
    # Searching by name finds only names the user may see.
    found = api(username).get(f"/api/people?q={o.pupil.name[:4]}&network={o.led.pk}").json()
    assert (o.pupil.pk in {p["id"] for p in found["items"]}) == (username in STEWARDS)


@pytest.mark.parametrize("username", ROLES)
def test_it_shows_a_person_only_to_those_who_may_see_them(api, o, username):
    response = api(username).get(f"/api/people/{o.other_person.pk}")
    assert response.status_code == (200 if username in AREA_READERS else 403)


@pytest.mark.parametrize("username", ROLES)
def test_it_lists_memberships_and_roles_of_visible_networks(api, o, username):
    client = api(username)
    memberships = client.get("/api/memberships?limit=500").json()
    networks = {m["network"] for m in memberships["items"]}
    assert o.led.pk in networks
    assert (o.other.pk in networks) == (username in AREA_READERS)
    assert client.get(f"/api/memberships/{o.led_membership.pk}").status_code == 200
    other = client.get(f"/api/memberships/{o.other_membership.pk}")
    assert other.status_code == (200 if username in AREA_READERS else 403)
    roles = client.get(f"/api/roles?network={o.led.pk}&limit=500").json()
    assert roles["count"] == NetworkRole.objects.filter(network=o.led).count()
    viewer = user(username)
    people = {r.person_id: r.person for r in NetworkRole.objects.filter(network=o.led)}
    for item in roles["items"]:
        assert item["person_name"] == access.display_name(viewer, people[item["person"]])
    assert client.get(f"/api/roles/{o.mentor_role.pk}").status_code == 200
    other_role = client.get(f"/api/roles/{o.other_role.pk}")
    assert other_role.status_code == (200 if username in AREA_READERS else 403)
    filtered = client.get(f"/api/roles?role=mentor&network={o.led.pk}").json()
    assert [r["id"] for r in filtered["items"]] == [o.mentor_role.pk]


@pytest.mark.parametrize("username", ROLES)
def test_it_lists_ties_each_role_may_see_with_filters(api, o, username):
    client = api(username)
    body = client.get(f"/api/ties?network={o.led.pk}&limit=10").json()
    assert body["count"] == Tie.objects.filter(network=o.led).count()
    assert len(body["items"]) == 10 and body["limit"] == 10
    second = client.get(f"/api/ties?network={o.led.pk}&limit=10&offset=10").json()
    assert not {t["id"] for t in body["items"]} & {t["id"] for t in second["items"]}
    everything = client.get("/api/ties?limit=1").json()["count"]
    assert everything == visible_ties(user(username)).count()
    assert (everything > body["count"]) == (username in AREA_READERS)
    other = client.get(f"/api/ties?network={o.other.pk}")
    assert other.status_code == (200 if username in AREA_READERS else 403)
    assert client.get(f"/api/ties/{o.led_tie.pk}").status_code == 200
    other_tie = client.get(f"/api/ties/{o.other_tie.pk}")
    assert other_tie.status_code == (200 if username in AREA_READERS else 403)
    url = f"/api/ties?network={o.led.pk}&type=referral&since=2025-01-01&until=2025-12-31"
    filtered = client.get(url + "&limit=500").json()
    expected = Tie.objects.filter(
        network=o.led,
        type="referral",
        observed_on__range=(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    )
    assert filtered["count"] == expected.count() > 0
    for item in filtered["items"]:
        assert item["type"] == "referral" and "2025-01-01" <= item["observed_on"] <= "2025-12-31"
    people_level = client.get(f"/api/ties?network={o.led.pk}&level=people&limit=500").json()
    assert {t["source"]["level"] for t in people_level["items"]} == {"person"}
    at_org = client.get(f"/api/ties?organisation={o.led_org.pk}&limit=500").json()
    for item in at_org["items"]:
        assert o.led_org.pk in (item["source"]["id"], item["target"]["id"])


@pytest.mark.parametrize("username", ROLES)
def test_it_names_the_people_at_the_ends_of_ties_as_access_allows(api, o, username):
    viewer = user(username)
    tie = o.led_person_tie
    item = api(username).get(f"/api/ties/{tie.pk}").json()
    assert item["source"] == {
        "level": "person",
        "id": tie.source_person_id,
        "name": access.display_name(viewer, tie.source_person),
    }


# ---- 404 ---------------------------------------------------------------------------------

DETAIL_ENDPOINTS = [(m, p) for m, p in ENDPOINTS if "{" in p]


@pytest.mark.parametrize(("method", "path"), DETAIL_ENDPOINTS)
def test_it_answers_404_for_objects_that_do_not_exist(api, method, path):
    url = re.sub(r"\{\w+\}", str(MISSING), path)
    response = call(api("admin"), method, url, {})
    assert response.status_code == 404
    assert str(MISSING) in response.json()["detail"]


# ---- writing: ties -----------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_stewards_record_ties_in_their_network(api, o, username):
    before = Tie.objects.count()
    response = api(username).post(
        "/api/ties", json.dumps(tie_body(o)), content_type="application/json"
    )
    if username in STEWARDS:
        assert response.status_code == 201, response.content
        tie = Tie.objects.get(pk=response.json()["id"])
        assert (tie.network, tie.source_organisation, tie.weight) == (o.led, o.led_org, 2.0)
        assert tie.created_by.username == username and tie.area_id == o.led.area_id
        assert response.json()["source"]["name"] == o.led_org.name
    else:
        assert response.status_code == 403
        assert "detail" in response.json()
        assert Tie.objects.count() == before


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_only_administrators_record_ties_in_other_networks(api, o, username):
    before = Tie.objects.count()
    body = tie_body(
        o,
        network=o.other,
        source_organisation=o.other_org.pk,
        target_organisation=o.led_org.pk,
    )
    response = api(username).post("/api/ties", json.dumps(body), content_type="application/json")
    assert response.status_code == (201 if username in ADMIN else 403)
    assert Tie.objects.count() == before + (username in ADMIN)


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_stewards_record_ties_between_people(api, o, username):
    before = Tie.objects.count()
    body = tie_body(
        o,
        source_organisation=None,
        target_organisation=None,
        source_person=o.led_person.pk,
        target_person=o.pupil.pk,
        type="co_participation",
        directed=False,
    )
    response = api(username).post("/api/ties", json.dumps(body), content_type="application/json")
    assert response.status_code == (201 if username in STEWARDS else 403)
    assert Tie.objects.count() == before + (username in STEWARDS)


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_stewards_change_and_delete_ties(api, o, username):
    client = api(username)
    tie = o.led_tie
    snapshot = Tie.objects.filter(pk=tie.pk).values().get()
    response = client.patch(
        f"/api/ties/{tie.pk}",
        json.dumps({"type": "resource", "weight": 5, "observed_on": "2025-02-03"}),
        content_type="application/json",
    )
    changed = Tie.objects.filter(pk=tie.pk).values().get()
    if username in STEWARDS:
        assert response.status_code == 200
        assert response.json()["type"] == "resource"
        assert (changed["type"], changed["weight"]) == ("resource", 5.0)
        assert changed["source_organisation_id"] == snapshot["source_organisation_id"]
    else:
        assert response.status_code == 403
        assert changed == snapshot
    response = client.delete(f"/api/ties/{tie.pk}")
    assert response.status_code == (204 if username in STEWARDS else 403)
    assert Tie.objects.filter(pk=tie.pk).exists() == (username not in STEWARDS)


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_only_administrators_change_ties_of_other_networks(api, o, username):
    client = api(username)
    tie = o.other_tie
    snapshot = Tie.objects.filter(pk=tie.pk).values().get()
    response = client.patch(
        f"/api/ties/{tie.pk}", json.dumps({"weight": 7}), content_type="application/json"
    )
    assert response.status_code == (200 if username in ADMIN else 403)
    if username not in ADMIN:
        assert Tie.objects.filter(pk=tie.pk).values().get() == snapshot
    assert client.delete(f"/api/ties/{tie.pk}").status_code == (204 if username in ADMIN else 403)
    assert Tie.objects.filter(pk=tie.pk).exists() == (username not in ADMIN)


def test_it_refuses_moving_a_tie_into_a_network_one_cannot_record_in(api, o):
    tie = o.led_tie
    response = api("leader").patch(
        f"/api/ties/{tie.pk}", json.dumps({"network": o.other.pk}), content_type="application/json"
    )
    assert response.status_code == 403
    tie.refresh_from_db()
    assert tie.network_id == o.led.pk


INVALID_TIES = [
    ({"weight": -1}, "weight"),
    ({"weight": "heavy"}, "weight"),
    ({"type": "gossip"}, "type"),
    ({"observed_on": "yesterday"}, "observed_on"),
    ({"observed_on": None}, "observed_on"),
    ({"target_organisation": "same"}, "target_organisation"),
    ({"target_organisation": None}, "target_organisation"),
    ({"source_person": "someone"}, "source_person"),
    ({"target_organisation": MISSING}, "target_organisation"),
    ({"target_organisation": "other area"}, "target_organisation"),
    ({"source_organisation": None, "target_organisation": None}, "source_organisation"),
    (
        {
            "source_organisation": None,
            "target_organisation": None,
            "source_person": "someone",
            "target_person": "outsider",
        },
        "target_person",
    ),
    ({"network": MISSING}, "network"),
    ({"provenance": "rumour"}, "provenance"),
    ({"provenance_detail": "x" * 301}, "provenance_detail"),
]


@pytest.mark.parametrize(("changes", "field"), INVALID_TIES)
def test_it_rejects_invalid_ties_with_field_messages(api, o, changes, field):
    elsewhere = Area.objects.create(name="Elsewhere")
    outside = Organisation.objects.create(area=elsewhere, name="Far Away School", kind="school")
    stand_ins = {
        "same": o.led_org.pk,
        "someone": o.led_person.pk,
        "outsider": o.other_person.pk,
        "other area": outside.pk,
    }
    body = tie_body(o, **{k: stand_ins.get(v, v) for k, v in changes.items()})
    before = Tie.objects.count()
    response = api("admin").post("/api/ties", json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert field in errors and all(isinstance(m, str) and m for m in errors[field]), errors
    assert Tie.objects.count() == before
    # The same invalid change to an existing tie is refused too, and changes nothing.
    if field not in ("network",):
        tie = o.led_tie
        snapshot = Tie.objects.filter(pk=tie.pk).values().get()
        patch = {k: body[k] for k in changes}
        if "target_organisation" in changes:
            patch["source_organisation"] = body["source_organisation"]
        response = api("admin").patch(
            f"/api/ties/{tie.pk}", json.dumps(patch), content_type="application/json"
        )
        assert response.status_code == 422
        assert Tie.objects.filter(pk=tie.pk).values().get() == snapshot


def test_it_answers_400_for_a_body_that_is_not_json(api):
    response = api("admin").post("/api/ties", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "since=soon", "type=x"])
def test_it_rejects_invalid_list_queries(api, query):
    response = api("member").get(f"/api/ties?{query}")
    assert response.status_code == 422
    assert response.json()["errors"]


# ---- writing: memberships ----------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_editors_add_change_and_remove_members(api, o, username):
    client = api(username)
    allowed = username in EDITORS
    before = Membership.objects.count()
    body = {"network": o.led.pk, "organisation": o.other_org.pk, "role": "partner"}
    response = client.post("/api/memberships", json.dumps(body), content_type="application/json")
    assert response.status_code == (201 if allowed else 403)
    assert Membership.objects.count() == before + allowed
    membership = o.led_membership
    snapshot = Membership.objects.filter(pk=membership.pk).values().get()
    response = client.patch(
        f"/api/memberships/{membership.pk}",
        json.dumps({"role": "associate", "end_date": "2026-07-31"}),
        content_type="application/json",
    )
    assert response.status_code == (200 if allowed else 403)
    after = Membership.objects.filter(pk=membership.pk).values().get()
    if allowed:
        assert (after["role"], after["end_date"]) == ("associate", dt.date(2026, 7, 31))
    else:
        assert after == snapshot
    response = client.delete(f"/api/memberships/{membership.pk}")
    assert response.status_code == (204 if allowed else 403)
    assert Membership.objects.filter(pk=membership.pk).exists() == (not allowed)


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_only_administrators_change_members_of_other_networks(api, o, username):
    client = api(username)
    membership = o.other_membership
    response = client.patch(
        f"/api/memberships/{membership.pk}",
        json.dumps({"role": "associate"}),
        content_type="application/json",
    )
    assert response.status_code == (200 if username in ADMIN else 403)
    response = client.delete(f"/api/memberships/{membership.pk}")
    assert response.status_code == (204 if username in ADMIN else 403)
    assert Membership.objects.filter(pk=membership.pk).exists() == (username not in ADMIN)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation": "member already"}, "organisation"),
        ({"organisation": "other area"}, "organisation"),
        ({"organisation": MISSING}, "organisation"),
        ({"network": MISSING}, "network"),
        ({"role": "boss"}, "role"),
        ({"start_date": "2025-09-01", "end_date": "2025-01-01"}, "__all__"),
    ],
)
def test_it_rejects_invalid_memberships(api, o, changes, field):
    outside = Organisation.objects.create(
        area=Area.objects.create(name="Elsewhere"), name="Far Away", kind="police"
    )
    stand_ins = {"member already": o.led_org.pk, "other area": outside.pk}
    body = {"network": o.led.pk, "organisation": o.other_org.pk}
    body.update({k: stand_ins.get(v, v) for k, v in changes.items()})
    before = Membership.objects.count()
    response = api("admin").post(
        "/api/memberships", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert Membership.objects.count() == before


def test_it_checks_dates_against_the_stored_ones_on_change(api, o):
    membership = o.led_membership  # started 2024-09-01
    response = api("admin").patch(
        f"/api/memberships/{membership.pk}",
        json.dumps({"end_date": "2020-01-01"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "end_date" in response.json()["errors"]
    membership.refresh_from_db()
    assert membership.end_date is None


# ---- writing: roles ----------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_stewards_give_change_and_remove_ordinary_roles(api, o, username):
    client = api(username)
    allowed = username in STEWARDS
    before = NetworkRole.objects.count()
    body = {"network": o.led.pk, "person": o.led_person.pk, "role": "broker"}
    response = client.post("/api/roles", json.dumps(body), content_type="application/json")
    assert response.status_code == (201 if allowed else 403), response.content
    assert NetworkRole.objects.count() == before + allowed
    role = o.mentor_role
    snapshot = NetworkRole.objects.filter(pk=role.pk).values().get()
    response = client.patch(
        f"/api/roles/{role.pk}",
        json.dumps({"role": "lead_learner", "start_date": "2025-01-06"}),
        content_type="application/json",
    )
    assert response.status_code == (200 if allowed else 403)
    after = NetworkRole.objects.filter(pk=role.pk).values().get()
    assert (after == snapshot) == (not allowed)
    response = client.delete(f"/api/roles/{role.pk}")
    assert response.status_code == (204 if allowed else 403)
    assert NetworkRole.objects.filter(pk=role.pk).exists() == (not allowed)


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_only_editors_hand_out_steward_roles(api, o, username):
    client = api(username)
    allowed = username in EDITORS
    before = NetworkRole.objects.count()
    body = {"network": o.led.pk, "person": o.led_person.pk, "role": "facilitator"}
    response = client.post("/api/roles", json.dumps(body), content_type="application/json")
    assert response.status_code == (201 if allowed else 403)
    assert NetworkRole.objects.count() == before + allowed
    # Promoting the mentor to leader, or removing the leader, is for editors only too.
    response = client.patch(
        f"/api/roles/{o.mentor_role.pk}",
        json.dumps({"role": "leader"}),
        content_type="application/json",
    )
    assert response.status_code == (200 if allowed else 403)
    assert NetworkRole.objects.get(pk=o.mentor_role.pk).role == ("leader" if allowed else "mentor")
    response = client.delete(f"/api/roles/{o.leader_role.pk}")
    assert response.status_code == (204 if allowed else 403)
    assert NetworkRole.objects.filter(pk=o.leader_role.pk).exists() == (not allowed)


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_only_administrators_change_roles_of_other_networks(api, o, username):
    response = api(username).delete(f"/api/roles/{o.other_role.pk}")
    assert response.status_code == (204 if username in ADMIN else 403)
    assert NetworkRole.objects.filter(pk=o.other_role.pk).exists() == (username not in ADMIN)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"person": "outsider"}, "person"),
        ({"person": MISSING}, "person"),
        ({"role": "mentor", "person": "mentor"}, "role"),
        ({"role": "king"}, "role"),
        ({"network": MISSING}, "network"),
    ],
)
def test_it_rejects_invalid_roles(api, o, changes, field):
    stand_ins = {"outsider": o.other_person.pk, "mentor": o.mentor_role.person_id}
    body = {"network": o.led.pk, "person": o.led_person.pk, "role": "broker"}
    body.update({k: stand_ins.get(v, v) if k == "person" else v for k, v in changes.items()})
    before = NetworkRole.objects.count()
    response = api("admin").post("/api/roles", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert NetworkRole.objects.count() == before


# ---- writing: organisations and people ---------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_only_administrators_add_and_change_organisations(api, o, username):
    client = api(username)
    allowed = username in ADMIN
    before = Organisation.objects.count()
    body = {"name": "Riverside Nursery", "kind": "school", "phase": "nursery", "urn": 100001}
    response = client.post("/api/organisations", json.dumps(body), content_type="application/json")
    assert response.status_code == (201 if allowed else 403)
    assert Organisation.objects.count() == before + allowed
    if allowed:
        created = Organisation.objects.get(pk=response.json()["id"])
        assert (created.area_id, created.phase, created.urn) == (o.led.area_id, "nursery", 100001)
    snapshot = Organisation.objects.filter(pk=o.led_org.pk).values().get()
    response = client.patch(
        f"/api/organisations/{o.led_org.pk}",
        json.dumps({"name": "Renamed School", "size": 321}),
        content_type="application/json",
    )
    assert response.status_code == (200 if allowed else 403)
    after = Organisation.objects.filter(pk=o.led_org.pk).values().get()
    assert (after["name"] == "Renamed School") == allowed
    if not allowed:
        assert after == snapshot


@pytest.mark.parametrize("username", ROLES)
def test_it_lets_only_administrators_add_and_change_people(api, o, username):
    client = api(username)
    allowed = username in ADMIN
    before = Person.objects.count()
    body = {"organisation": o.led_org.pk, "name": "Nia Okafor", "email": "nia@example.org"}
    response = client.post("/api/people", json.dumps(body), content_type="application/json")
    assert response.status_code == (201 if allowed else 403)
    assert Person.objects.count() == before + allowed
    if allowed:
        assert response.json()["email"] == "nia@example.org"
    snapshot = Person.objects.filter(pk=o.led_person.pk).values().get()
    response = client.patch(
        f"/api/people/{o.led_person.pk}",
        json.dumps({"job_title": "Assistant head", "phone": "0121 000 0000"}),
        content_type="application/json",
    )
    assert response.status_code == (200 if allowed else 403)
    after = Person.objects.filter(pk=o.led_person.pk).values().get()
    assert (after == snapshot) == (not allowed)


@pytest.mark.parametrize(
    ("endpoint", "body", "field"),
    [
        ("/api/organisations", {"name": "", "kind": "school"}, "name"),
        ("/api/organisations", {"name": "X", "kind": "castle"}, "kind"),
        ("/api/organisations", {"name": "X", "kind": "school", "urn": "taken"}, "urn"),
        ("/api/organisations", {"name": "X", "kind": "school", "area": MISSING}, "area"),
        ("/api/organisations", {"name": "X", "kind": "school", "size": -5}, "size"),
        ("/api/people", {"organisation": "led", "name": "Y", "email": "not-an-address"}, "email"),
        ("/api/people", {"organisation": MISSING, "name": "Y"}, "organisation"),
        ("/api/people", {"organisation": "led"}, "name"),
    ],
)
def test_it_rejects_invalid_organisations_and_people(api, o, endpoint, body, field):
    Organisation.objects.filter(pk=o.led_org.pk).update(urn=424242)
    stand_ins = {"taken": 424242, "led": o.led_org.pk}
    body = {k: stand_ins.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    counts = (Organisation.objects.count(), Person.objects.count())
    response = api("admin").post(endpoint, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["errors"], response.json()
    assert (Organisation.objects.count(), Person.objects.count()) == counts


def test_it_refuses_null_for_required_fields_on_change(api, o):
    response = api("admin").patch(
        f"/api/people/{o.led_person.pk}",
        json.dumps({"name": None}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "name" in response.json()["errors"]


def test_it_refuses_organisations_in_areas_one_does_not_administer(api, o):
    elsewhere = Area.objects.create(name="Elsewhere")
    before = Organisation.objects.count()
    body = {"name": "X", "kind": "school", "area": elsewhere.pk}
    response = api("admin").post(
        "/api/organisations", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 403
    assert Organisation.objects.count() == before


# ---- the bulk access helpers agree with the per-object rules -----------------------------


@pytest.mark.parametrize("username", ROLES)
def test_bulk_access_rules_agree_with_the_per_person_rules(o, username, db):
    viewer = user(username)
    people = list(
        Person.objects.filter(organisation__memberships__network__in=[o.led, o.other])
        .select_related("organisation")
        .order_by("pk")
    )
    names = access.display_names(viewer, ((p.pk, p.name, p.is_pupil) for p in people))
    assert names == {p.pk: access.display_name(viewer, p) for p in people}
    contactable = set(access.contactable_people(viewer).values_list("pk", flat=True))
    assert {p.pk for p in people if p.pk in contactable} == {
        p.pk for p in people if access.can_see_contact_details(viewer, p)
    }
    visible = set(visible_ties(viewer).values_list("pk", flat=True))
    for tie in Tie.objects.filter(network__in=[o.led, o.other]).select_related("network")[:400]:
        assert (tie.pk in visible) == access.can_view_network(viewer, tie.network)
