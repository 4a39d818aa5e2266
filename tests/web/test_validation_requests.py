"""Hostile requests: numbers too large for the database, dates as numbers, bodies that are
not objects. Each gets a 4xx answer (JSON from the API), never a 500."""

from __future__ import annotations

import json

import pytest

from nlc.web.registry.models import Network, Organisation

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

HUGE = "99999999999999999999"  # > 2**64


def _json_error(response, status=422):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["detail"]
    return body


@pytest.mark.parametrize(
    "url",
    [
        f"/api/networks/{HUGE}",
        f"/api/organisations/{HUGE}",
        f"/api/people/{HUGE}",
        f"/api/memberships/{HUGE}",
        f"/api/roles/{HUGE}",
        f"/api/ties/{HUGE}",
        f"/api/organisations?network={HUGE}",
        f"/api/people?organisation={HUGE}",
        f"/api/people?network={HUGE}",
        f"/api/memberships?network={HUGE}",
        f"/api/roles?person={HUGE}",
        f"/api/ties?organisation={HUGE}",
        f"/api/ties?network={HUGE}",
        f"/api/networks?offset={HUGE}",
        f"/api/ties?offset={HUGE}",
    ],
)
def test_huge_numbers_in_api_urls_are_a_json_422(client_for, url):
    body = _json_error(client_for("admin").get(url))
    assert body["errors"]


def test_huge_number_in_a_body_reference_is_a_json_422(client_for):
    client = client_for("admin")
    response = client.post(
        "/api/memberships",
        json.dumps({"network": int(HUGE), "organisation": 1}),
        content_type="application/json",
    )
    _json_error(response)


@pytest.mark.parametrize("value", ["0", "1700000000", "20240101"])
def test_a_date_must_be_written_as_a_date(client_for, value):
    body = _json_error(client_for("admin").get(f"/api/ties?until={value}"))
    assert "until" in body["errors"]


def test_dates_written_as_dates_still_work(client_for):
    response = client_for("admin").get("/api/ties?until=2024-01-31&since=2020-01-01")
    assert response.status_code == 200


@pytest.mark.parametrize("body", [[], [1, 2], "text", 3, None])
def test_a_patch_body_must_be_an_object(client_for, body):
    client = client_for("admin")
    organisation = Organisation.objects.filter(area__profiles__user__username="admin").first()
    before = Organisation.objects.filter(pk=organisation.pk).values().get()
    response = client.patch(
        f"/api/organisations/{organisation.pk}", json.dumps(body), content_type="application/json"
    )
    _json_error(response)
    assert Organisation.objects.filter(pk=organisation.pk).values().get() == before


@pytest.mark.parametrize(
    "url",
    [
        f"/networks/{HUGE}/",
        f"/networks/{HUGE}/edit/",
        f"/networks/{HUGE}/map/",
        f"/networks/{HUGE}/ties/",
        f"/organisations/{HUGE}/",
        f"/people/{HUGE}/",
        f"/ties/{HUGE}/edit/",
    ],
)
def test_huge_ids_in_page_urls_are_not_found(client_for, url):
    assert client_for("admin").get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/people/add/?organisation={HUGE}",
        f"/organisations/?q={HUGE}",
        f"/organisations/?network={HUGE}",
        f"/people/?network={HUGE}",
        f"/area/map/data/?area={HUGE}",
        f"/networks/?page={HUGE}",
    ],
)
def test_huge_numbers_in_page_queries_are_not_a_server_error(client_for, url):
    assert client_for("admin").get(url).status_code < 500


def test_a_network_page_with_a_real_id_still_opens(client_for):
    network = Network.objects.filter(area__profiles__user__username="admin").first()
    assert client_for("admin").get(f"/networks/{network.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/api/networks", "/api/organisations", "/api/people"])
def test_a_nul_byte_in_a_search_is_a_json_422(client_for, url):
    body = _json_error(client_for("admin").get(url, {"q": "a\x00b"}))
    assert body["errors"]["q"] == ["Null characters are not allowed."]
