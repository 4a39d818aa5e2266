"""The learning API for every role on the small area: who lists, reads, creates, changes and
removes activities and participants; people named as access allows; case pupils never named."""

import datetime as dt
import json

import pytest
from conftest import EVERYONE, STEWARDS

from nlc.web.learning import services
from nlc.web.learning.models import Activity, Participant

pytestmark = pytest.mark.usefixtures("small_area")

#: The learning app's endpoints, as the OpenAPI schema lists them (test_api checks all).
LEARNING_ENDPOINTS = [
    ("get", "/api/networks/{network_id}/activities"),
    ("post", "/api/networks/{network_id}/activities"),
    ("get", "/api/activities/{activity_id}"),
    ("patch", "/api/activities/{activity_id}"),
    ("delete", "/api/activities/{activity_id}"),
    ("get", "/api/activities/{activity_id}/participants"),
    ("post", "/api/activities/{activity_id}/participants"),
    ("patch", "/api/activities/{activity_id}/participants/{participant_id}"),
    ("delete", "/api/activities/{activity_id}/participants/{participant_id}"),
    ("post", "/api/activities/{activity_id}/steps"),
    ("get", "/api/networks/{network_id}/adoptions"),
    ("post", "/api/activities/{activity_id}/adoptions"),
]
READERS = EVERYONE - {"partner"}


def call(client, method, url, body=None):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def study(small_area, django_user_model):
    """A research lesson study under way: leader, member and the pupil take part; one case
    pupil with a prediction and an observation in the first research lesson."""
    admin = django_user_model.objects.get(username="admin")
    p = small_area.people
    activity = services.create_activity(
        admin,
        small_area.led,
        {
            "kind": "lesson_study",
            "title": "Fractions study",
            "start_date": dt.date(2025, 1, 20),
            "status": "under_way",
            "details": {"technique": "Bar models"},
        },
    )
    for person in (p.leader, p.member, p.pupil):
        services.add_participant(admin, activity, person)
    pupil = services.save_case_pupil(
        admin, activity, {"label": "Case pupil A", "year_group": "Year 5", "attainment": "below"}
    )
    step = services.save_step(admin, activity, {"title": "Research lesson 1"})
    services.record_case_observation(
        admin, step, pupil, {"predicted": "Will draw bars", "observed": "Drew bars"}
    )
    return activity


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_it_lists_a_networks_activities_to_who_may_see_them(
    client_for, small_area, study, username
):
    response = client_for(username).get(f"/api/networks/{small_area.led.pk}/activities")
    assert response.status_code == 200
    titles = [a["title"] for a in response.json()["items"]]
    assert titles == (["Fractions study"] if username in READERS else [])


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_it_names_participants_and_never_case_pupils(client_for, small_area, study, username):
    response = client_for(username).get(f"/api/activities/{study.pk}")
    if username not in READERS:
        assert response.status_code == 403
        return
    body = response.json()
    text = response.content.decode()
    names = {p["person"]["name"] for p in body["people"]}
    assert ("Pip P." in names) == (username in STEWARDS)
    assert ("Pip P." in text) == (username in STEWARDS)
    assert ("Mo Member" in names) == (username != "evaluator")
    pupil = body["case_pupils"][0]
    assert pupil["label"] == "Case pupil A" and "name" not in pupil
    assert pupil["observations"][0]["predicted"] == "Will draw bars"
    assert body["can_edit"] == (username in STEWARDS)


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_only_stewards_create_change_and_remove(client_for, small_area, study, username):
    client = client_for(username)
    o = small_area.organisations
    body = {
        "kind": "learning_walk",
        "title": "Walk",
        "start_date": "2025-02-01",
        "hosts": [o.primary.pk],
        "details": {"protocol": "Brief"},
    }
    created = call(client, "post", f"/api/networks/{small_area.led.pk}/activities", body)
    changed = call(client, "patch", f"/api/activities/{study.pk}", {"title": "Renamed"})
    allowed = username in STEWARDS
    assert created.status_code == (201 if allowed else 403)
    assert changed.status_code == (200 if allowed else 403)
    if allowed:
        assert created.json()["hosts"] == [{"id": o.primary.pk, "name": o.primary.name}]
        assert created.json()["focus"] == small_area.led.focus
    removed = call(client, "delete", f"/api/activities/{study.pk}")
    assert removed.status_code == (204 if allowed else 403)
    assert Activity.objects.filter(pk=study.pk).exists() != allowed


def test_it_checks_kind_fields_and_hosts(client_for, small_area):
    client = client_for("leader")
    url = f"/api/networks/{small_area.led.pk}/activities"
    bad = {"kind": "enquiry", "title": "E", "start_date": "2025-02-01", "details": {"colour": "x"}}
    response = call(client, "post", url, bad)
    assert response.status_code == 422 and "details" in response.json()["errors"]
    outside = {
        "kind": "enquiry",
        "title": "E",
        "start_date": "2025-02-01",
        "hosts": [small_area.organisations.beta_school.pk],
    }
    response = call(client, "post", url, outside)
    assert response.status_code == 422 and "hosts" in response.json()["errors"]


def test_a_study_is_closed_only_after_three_research_lessons(client_for, study):
    client = client_for("facilitator")
    response = call(client, "patch", f"/api/activities/{study.pk}", {"status": "done"})
    assert response.status_code == 422
    assert "at least 3" in response.json()["errors"]["status"][0]
    for n in (2, 3):
        call(client, "post", f"/api/activities/{study.pk}/steps", {"title": f"Research lesson {n}"})
    response = call(client, "patch", f"/api/activities/{study.pk}", {"status": "done"})
    assert response.status_code == 200 and response.json()["status"] == "done"


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_participants_nested(client_for, small_area, study, username):
    client = client_for(username)
    base = f"/api/activities/{study.pk}/participants"
    added = call(client, "post", base, {"person": small_area.people.mentor.pk, "role": "observer"})
    assert added.status_code == (201 if username in STEWARDS else 403)
    mine = Participant.objects.get(activity=study, person=small_area.people.member)
    note = call(client, "patch", f"{base}/{mine.pk}", {"contribution": "Bars help."})
    assert note.status_code == (200 if username in STEWARDS | {"member"} else 403)
    gone = call(client, "delete", f"{base}/{mine.pk}")
    assert gone.status_code == (204 if username in STEWARDS else 403)


def test_adoptions_are_recorded_and_listed(client_for, small_area, study):
    client = client_for("leader")
    o = small_area.organisations
    body = {"organisation": o.library.pk, "practice": "Bar models", "adopted_on": "2025-05-01"}
    response = call(client, "post", f"/api/activities/{study.pk}/adoptions", body)
    assert response.status_code == 201
    listed = client.get(f"/api/networks/{small_area.led.pk}/adoptions").json()
    assert [(e["organisation"]["id"], e["practice"]) for e in listed] == [
        (o.library.pk, "Bar models")
    ]
    records = services.adoption_events(small_area.led)
    assert len(records) == 1
    assert records[0].adopter_organisation == o.library.pk
    assert records[0].source_activity == study.pk
    assert records[0].source_organisations == tuple(sorted((o.academy.pk, o.primary.pk)))


MISSING = 987654


def _url(path: str, value: int) -> str:
    return path.format(network_id=value, activity_id=value, participant_id=value)


@pytest.mark.parametrize(("method", "path"), LEARNING_ENDPOINTS)
def test_it_refuses_anonymous_callers(client, method, path):
    response = call(client, method, _url(path, 1), {})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path"), LEARNING_ENDPOINTS)
def test_it_answers_404_for_what_does_not_exist(client_for, method, path):
    body = {
        "kind": "enquiry",
        "title": "E",
        "start_date": "2025-02-01",
        "person": 1,
        "organisation": 1,
        "practice": "P",
        "adopted_on": "2025-02-01",
    }
    response = call(client_for("admin"), method, _url(path, MISSING), body)
    assert response.status_code == 404
    assert str(MISSING) in response.json()["detail"]
