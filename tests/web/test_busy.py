"""A locked database answers 503 with Retry-After: JSON for the API, a short page elsewhere
(hardening issue #9, finding 8), instead of an HTML 500."""

import pytest
from django.db import OperationalError

from nlc.web.registry import access

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)


@pytest.fixture
def locked(monkeypatch):
    def busy(user):
        raise OperationalError("database is locked")

    monkeypatch.setattr(access, "visible_networks", busy)


def test_the_api_answers_503_json_with_retry_after(client_for, locked):
    response = client_for("leader").get("/api/networks")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert "try again" in body["detail"] and body["retry_after"] == 5


def test_pages_answer_a_friendly_503(client_for, locked):
    response = client_for("leader").get("/networks/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Busy, please try again" in page and "Traceback" not in page


def test_other_database_errors_are_not_hidden(client_for, monkeypatch):
    def broken(user):
        raise OperationalError("no such table: registry_network")

    monkeypatch.setattr(access, "visible_networks", broken)
    with pytest.raises(OperationalError):
        client_for("leader").get("/networks/")
