"""The surveys API: a complete wave through the API (design, open, invite, answer by token
without an account, close, coverage), and the privacy rules for every role."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROLES, STEWARDS
from django.test import Client
from survey_helpers import answer, invite, make_survey, open_wave

from nlc.web.surveys.models import Answer, Invitation, InvitationStatus, Survey
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.usefixtures("small_area")

#: The surveys router's endpoints (test_api.py checks them against the OpenAPI schema).
SURVEY_ENDPOINTS = [
    ("get", "/api/networks/{network_id}/surveys"),
    ("post", "/api/networks/{network_id}/surveys"),
    ("post", "/api/surveys/{survey_id}/questions"),
    ("post", "/api/surveys/{survey_id}/waves"),
    ("post", "/api/survey-waves/{wave_id}/invitations"),
    ("get", "/api/survey-waves/{wave_id}"),
    ("post", "/api/survey-waves/{wave_id}/close"),
    ("get", "/api/survey-waves/{wave_id}/coverage"),
    ("get", "/api/survey-responses/{token}"),
    ("post", "/api/survey-responses/{token}"),
    ("post", "/api/survey-responses/{token}/withdraw"),
]
SESSION_ENDPOINTS = [(m, p) for m, p in SURVEY_ENDPOINTS if "token" not in p]
READERS = STEWARDS | {"evaluator"}


def send(client, method, path, body=None):
    if method == "get":
        return client.get(path)
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


def token_of(link: str) -> str:
    return re.search(r"/s/([^/]+)/", link).group(1)


@pytest.mark.parametrize(("method", "path"), SESSION_ENDPOINTS)
def test_signed_out_callers_are_refused(db, method, path):
    url = re.sub(r"\{\w+\}", "1", path)
    assert send(Client(), method, url).status_code == 401


@pytest.mark.parametrize(("method", "path"), SURVEY_ENDPOINTS)
def test_missing_objects_answer_404(client_for, method, path):
    url = re.sub(r"\{\w+\}", "987654", path)
    assert send(client_for("admin"), method, url).status_code == 404


def test_a_complete_wave_through_the_api(client_for, small_area):
    leader = client_for("leader")
    p = small_area.people
    net = small_area.led.pk
    made = send(
        leader,
        "post",
        f"/api/networks/{net}/surveys",
        {"title": "Year 1", "consent_text": "I agree", "sets": ["advice"]},
    )
    assert made.status_code == 201, made.content
    survey = made.json()["id"]
    extra = send(
        leader,
        "post",
        f"/api/surveys/{survey}/questions",
        {"kind": "single", "text": "Your phase?", "choices": ["Primary", "Secondary"]},
    )
    assert extra.status_code == 201
    bad = send(
        leader, "post", f"/api/surveys/{survey}/questions", {"kind": "roster", "text": "Who?"}
    )
    assert bad.status_code == 422 and "tie_type" in bad.json()["errors"]
    wave = send(
        leader,
        "post",
        f"/api/surveys/{survey}/waves",
        {"opens_on": "2026-01-01", "closes_on": "2099-12-31"},
    ).json()["id"]
    invited = send(
        leader,
        "post",
        f"/api/survey-waves/{wave}/invitations",
        {"people": [p.leader.pk, p.member.pk, p.mentor.pk]},
    )
    assert invited.status_code == 201 and invited.json()["invited"] == 3
    links = {row["person"]: token_of(row["link"]) for row in invited.json()["links"]}
    refused = send(
        leader, "post", f"/api/survey-waves/{wave}/invitations", {"people": [p.beta_teacher.pk]}
    )
    assert refused.status_code == 422

    respondent = Client()  # no account, no CSRF token
    q = [
        row["id"]
        for row in respondent.get(f"/api/survey-responses/{links[p.member.pk]}").json()["questions"]
    ]
    no_consent = send(
        respondent, "post", f"/api/survey-responses/{links[p.member.pk]}", {"answers": []}
    )
    assert no_consent.status_code == 422 and "consent" in no_consent.json()["errors"]
    body = {
        "consent": True,
        "complete": True,
        "answers": [
            {"question": q[0], "person": p.leader.pk, "interpreters": {"frequency": 4}},
            {"question": q[0], "other": "Sam at the council"},
            {"question": q[1], "value": "Primary"},
        ],
    }
    done = send(respondent, "post", f"/api/survey-responses/{links[p.member.pk]}", body)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "complete" and len(done.json()["answers"]) == 3
    body = {
        "consent": True,
        "complete": True,
        "answers": [{"question": q[0], "person": p.member.pk, "interpreters": {"frequency": 2}}],
    }
    assert (
        send(respondent, "post", f"/api/survey-responses/{links[p.leader.pk]}", body).status_code
        == 200
    )
    wrong = send(
        respondent,
        "post",
        f"/api/survey-responses/{links[p.leader.pk]}",
        {"answers": [{"question": q[0], "person": p.nurse.pk}]},
    )
    assert wrong.status_code == 422 and "answers.0" in wrong.json()["errors"]
    oneself = send(
        respondent,
        "post",
        f"/api/survey-responses/{links[p.leader.pk]}",
        {"answers": [{"question": q[0], "person": p.leader.pk}]},
    )
    assert oneself.status_code == 422 and "own list" in oneself.json()["errors"]["answers.0"][0]
    mine = respondent.get(f"/api/survey-responses/{links[p.leader.pk]}").json()
    assert mine["answers"][0]["person"] == p.member.pk  # the refused answer changed nothing

    coverage = leader.get(f"/api/survey-waves/{wave}/coverage").json()
    assert coverage["invited"] == 3 and coverage["responded"] == 2
    assert coverage["level"] == "fair"  # 67%: network measures usable, brokers not yet
    closed = send(
        leader,
        "post",
        f"/api/survey-waves/{wave}/close",
        {"unreciprocated": "confirmed", "non_respondents": "drop"},
    )
    assert closed.json() == {"ties": 1}
    tie = Tie.objects.get(wave_tie__wave_id=wave)
    assert (tie.provenance, tie.provenance_detail, tie.type) == (
        Provenance.SURVEY,
        "Year 1, wave 1",
        "advice",
    )
    assert not tie.directed and tie.weight == 4.0
    after = send(
        respondent, "post", f"/api/survey-responses/{links[p.mentor.pk]}", {"consent": True}
    )
    assert after.status_code == 403  # the link expires with the wave
    gone = send(respondent, "post", f"/api/survey-responses/{links[p.leader.pk]}/withdraw")
    assert gone.status_code == 200
    assert not Tie.objects.filter(wave_tie__wave_id=wave).exists()
    assert not Answer.objects.filter(invitation__person=p.leader, invitation__wave_id=wave).exists()


def test_a_bad_token_is_404_and_nothing_is_revealed(small_area, db):
    response = send(Client(), "post", "/api/survey-responses/not-a-token", {"consent": True})
    assert response.status_code == 404


@pytest.fixture
def answered(small_area, db):
    p = small_area.people
    wave = open_wave(make_survey(small_area))
    inv = invite(wave, p.leader, p.member, p.teacher)
    answer(inv[p.leader.pk], p.member)
    return wave


@pytest.mark.parametrize("username", ROLES)
def test_who_named_whom_only_for_analysts_and_pseudonymous_evaluators(
    client_for, answered, username
):
    data = client_for(username).get(f"/api/survey-waves/{answered.pk}").json()
    named = data["named"]
    if username in STEWARDS:
        assert named == [
            {
                "respondent": "Lena Leader",
                "question": named[0]["question"],
                "alter": "Mo Member",
                "interpreters": "frequency: Every month",
            }
        ]
    elif username == "evaluator":
        assert (
            len(named) == 1
            and "Lena" not in json.dumps(data)
            and "Mo Member" not in json.dumps(data)
        )
    else:
        assert named == [] and data["people"] == []
        assert data["overall"] is None  # three invited: below the minimum group of five
    coverage = client_for(username).get(f"/api/survey-waves/{answered.pk}/coverage")
    assert coverage.status_code == (200 if username in READERS else 403)


@pytest.mark.parametrize("username", ROLES)
def test_only_analysts_write(client_for, answered, small_area, username):
    client = client_for(username)
    survey = answered.survey
    responses = [
        send(
            client,
            "post",
            f"/api/networks/{small_area.led.pk}/surveys",
            {"title": "X", "consent_text": "Y"},
        ),
        send(
            client,
            "post",
            f"/api/surveys/{survey.pk}/waves",
            {"opens_on": "2026-01-01", "closes_on": "2099-01-01"},
        ),
        send(
            client,
            "post",
            f"/api/survey-waves/{answered.pk}/invitations",
            {"people": [small_area.people.mentor.pk]},
        ),
        send(client, "post", f"/api/survey-waves/{answered.pk}/close", {}),
    ]
    for response in responses:
        if username in STEWARDS:
            assert response.status_code in (200, 201, 422), response.content
        else:
            assert response.status_code == 403
    assert Survey.objects.filter(title="X").exists() == (username in STEWARDS)
    assert Invitation.objects.filter(person=small_area.people.mentor).exists() == (
        username in STEWARDS
    )


def test_another_networks_wave_is_refused(client_for, answered, small_area):
    survey = make_survey(small_area)
    survey.network = small_area.other
    survey.save()
    wave = open_wave(survey)
    assert client_for("member").get(f"/api/survey-waves/{wave.pk}").status_code == 403
    assert (
        client_for("leader").get(f"/api/networks/{small_area.other.pk}/surveys").status_code == 403
    )


def test_status_of_a_withdrawn_respondent(answered, small_area):
    inv = Invitation.objects.get(wave=answered, person=small_area.people.leader)
    from survey_helpers import token_of as token

    send(Client(), "post", f"/api/survey-responses/{token(inv)}/withdraw")
    inv.refresh_from_db()
    assert inv.status == InvitationStatus.WITHDRAWN
    again = send(Client(), "post", f"/api/survey-responses/{token(inv)}", {"consent": True})
    assert again.status_code == 403
