"""The planning API for every role: reading (pseudonymised, small numbers suppressed),
writing by editors and by the network's people, refusals that change nothing."""

from __future__ import annotations

import json

import pytest
from conftest import ROLES
from planning_plan import build_plan

from nlc.web.planning.models import Action, Comment, Goal, IndicatorValue, Meeting, Proposal
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.usefixtures("small_area")

#: The planning router's endpoints (test_api.py checks them against the OpenAPI schema).
PLAN_ENDPOINTS = [
    ("get", "/api/networks/{network_id}/plan"),
    ("put", "/api/networks/{network_id}/plan/focus"),
    ("post", "/api/networks/{network_id}/plan/goals"),
    ("post", "/api/plan/goals/{goal_id}/indicators"),
    ("get", "/api/plan/indicators/{indicator_id}/values"),
    ("post", "/api/plan/indicators/{indicator_id}/values"),
    ("post", "/api/networks/{network_id}/plan/meetings"),
    ("put", "/api/plan/meetings/{meeting_id}/attendees"),
    ("post", "/api/networks/{network_id}/plan/proposals"),
    ("post", "/api/plan/proposals/{proposal_id}/comments"),
    ("put", "/api/plan/proposals/{proposal_id}/decision"),
    ("post", "/api/networks/{network_id}/plan/actions"),
    ("patch", "/api/plan/actions/{action_id}"),
]
PLAN_IDS = ["goal_id", "indicator_id", "meeting_id", "proposal_id", "action_id"]

EDITORS = {"admin", "leader", "facilitator"}
PARTICIPANTS = EDITORS | {"member", "partner"}


@pytest.fixture
def plan(small_area, db):
    return build_plan(small_area)


def send(client, method, path, body=None):
    return getattr(client, method)(
        path, data=json.dumps(body or {}), content_type="application/json"
    )


@pytest.mark.parametrize("username", ROLES)
def test_everyone_of_the_network_reads_the_plan(client_for, plan, username):
    response = client_for(username).get(f"/api/networks/{plan.network.pk}/plan")
    assert response.status_code == 200
    data = response.json()
    assert data["focus"]["statement"] == "Reading for pleasure"
    books = data["goals"][0]["indicators"][0]
    assert books["rebase_from"] == "M10"
    assert {s["rule"] for s in books["signals"]} >= {"shift"}
    proposer = data["proposals"][0]["proposed_by"]
    assert (proposer == "Pat Partner") == (username != "evaluator")


def test_another_networks_plan_is_refused(client_for, small_area, db):
    response = client_for("member").get(f"/api/networks/{small_area.other.pk}/plan")
    assert response.status_code == 403


@pytest.mark.parametrize("username", ROLES)
def test_small_pupil_numbers_are_suppressed(client_for, plan, username):
    values = client_for(username).get(f"/api/plan/indicators/{plan.pupils.pk}/values").json()
    small = next(v for v in values if v["period"] == "M0")
    assert small["suppressed"] == (username != "admin")
    assert (small["value"] is None) == (username != "admin")


@pytest.mark.parametrize("username", ROLES)
def test_only_editors_change_the_plan(client_for, plan, username):
    client = client_for(username)
    net = plan.network.pk
    answers = [
        send(client, "put", f"/api/networks/{net}/plan/focus", {"statement": "Safety"}),
        send(
            client,
            "post",
            f"/api/networks/{net}/plan/goals",
            {"title": "G", "outcome": "stay_safe"},
        ),
        send(
            client,
            "post",
            f"/api/plan/goals/{plan.goal.pk}/indicators",
            {"name": "I", "measure": "how_much"},
        ),
        send(
            client,
            "post",
            f"/api/plan/indicators/{plan.indicator.pk}/values",
            {"period": "M40", "period_start": "2030-01-01", "value": 3},
        ),
        send(
            client,
            "post",
            f"/api/networks/{net}/plan/meetings",
            {"held_on": "2025-01-01", "title": "M"},
        ),
        send(
            client,
            "put",
            f"/api/plan/proposals/{plan.proposal.pk}/decision",
            {"decided_on": "2025-01-01", "outcome": "rejected"},
        ),
    ]
    expected = [200, 201, 201, 201, 201, 200] if username in EDITORS else [403] * 6
    assert [a.status_code for a in answers] == expected
    allowed = username in EDITORS
    assert Goal.objects.filter(title="G").exists() == allowed
    assert IndicatorValue.objects.filter(period="M40").exists() == allowed
    assert Meeting.objects.filter(title="M").exists() == allowed


@pytest.mark.parametrize("username", ROLES)
def test_the_networks_people_propose_comment_and_take_actions(client_for, plan, username):
    client = client_for(username)
    net = plan.network.pk
    answers = [
        send(client, "post", f"/api/networks/{net}/plan/proposals", {"title": "P1"}),
        send(client, "post", f"/api/plan/proposals/{plan.proposal.pk}/comments", {"text": "C1"}),
        send(client, "post", f"/api/networks/{net}/plan/actions", {"title": "A1"}),
    ]
    allowed = username in PARTICIPANTS
    assert [a.status_code for a in answers] == ([201] * 3 if allowed else [403] * 3)
    assert Proposal.objects.filter(title="P1").exists() == allowed
    assert Comment.objects.filter(text="C1").exists() == allowed
    assert Action.objects.filter(title="A1").exists() == allowed


def test_members_may_not_give_actions_to_others(client_for, plan, small_area):
    response = send(
        client_for("member"),
        "post",
        f"/api/networks/{plan.network.pk}/plan/actions",
        {"title": "A2", "owner": small_area.people.partner.pk},
    )
    assert response.status_code == 422
    assert "owner" in response.json()["errors"]


def test_owners_update_their_actions_and_nobody_elses(client_for, plan):
    path = f"/api/plan/actions/{plan.overdue.pk}"
    assert send(client_for("partner"), "patch", path, {"status": "done"}).status_code == 403
    assert send(client_for("member"), "patch", path, {"status": "done"}).status_code == 200
    assert Action.objects.get(pk=plan.overdue.pk).status == "done"


def test_attendance_through_the_api_keeps_ties_in_step(client_for, plan, small_area):
    people = small_area.people
    path = f"/api/plan/meetings/{plan.meeting.pk}/attendees"
    response = send(
        client_for("leader"),
        "put",
        path,
        {
            "attendees": [
                people.leader.pk,
                people.mentor.pk,
                people.member.pk,
                people.facilitator.pk,
            ]
        },
    )
    assert response.status_code == 200
    ties = Tie.objects.filter(network=plan.network, provenance=Provenance.MEETING)
    assert ties.count() == 6
    outsider = send(client_for("leader"), "put", path, {"attendees": [people.nurse.pk]})
    assert outsider.status_code == 422
    assert ties.count() == 6


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/networks/{net}/plan/goals", {"title": "G", "outcome": "wealth"}, "outcome"),
        ("/api/networks/{net}/plan/goals", {"title": " ", "outcome": "stay_safe"}, "title"),
        (
            "/api/plan/indicators/{ind}/values",
            {"period": "X", "period_start": "0", "value": 1},
            "period_start",
        ),
        (
            "/api/plan/indicators/{pup}/values",
            {"period": "X", "period_start": "2030-01-01", "value": 1},
            "pupils",
        ),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client_for, plan, path, body, field):
    url = path.format(net=plan.network.pk, ind=plan.indicator.pk, pup=plan.pupils.pk)
    response = send(client_for("leader"), "post", url, body)
    assert response.status_code == 422
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/networks/{net}/plan/goals", "outcome"),
        ("/api/networks/{net}/plan/meetings", "held_on"),
        ("/api/plan/indicators/{ind}/values", "period_start"),
        ("/api/plan/goals/{goal}/indicators", "measure"),
    ],
)
def test_a_missing_required_field_is_a_422_naming_it(client_for, plan, path, field):
    url = path.format(net=plan.network.pk, ind=plan.indicator.pk, goal=plan.goal.pk)
    response = send(client_for("leader"), "post", url, {})
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_a_decision_needs_its_date_and_outcome(client_for, plan):
    url = f"/api/plan/proposals/{plan.proposal.pk}/decision"
    response = send(client_for("leader"), "put", url, {})
    assert response.status_code == 422
    assert {"decided_on", "outcome"} <= set(response.json()["errors"])
