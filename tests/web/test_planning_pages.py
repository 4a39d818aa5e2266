"""The Plan and impact section's pages for every role: who sees what, who may change what,
the chart with its signals, meetings' ties, suppression of small pupil numbers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import ROLES
from django.urls import reverse
from planning_plan import build_plan

from nlc.web.planning.models import Action, Comment, Decision, Focus, Goal, IndicatorValue
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.usefixtures("small_area")

EDITORS = {"admin", "leader", "facilitator"}
PARTICIPANTS = EDITORS | {"member", "partner"}


@pytest.fixture
def plan(small_area, db):
    return build_plan(small_area)


def url(name, plan, *args):
    return reverse(name, args=[plan.network.pk, *args])


@pytest.mark.parametrize("username", ROLES)
def test_everyone_of_the_network_reads_the_plan(client_for, plan, username):
    response = client_for(username).get(url("network-plan", plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reading for pleasure" in html and "Books borrowed" in html
    assert "Participation by all" in html
    assert ("Set the focus" in html or "Edit the focus" in html) == (username in EDITORS)


def test_the_other_networks_plan_is_refused(client_for, small_area, db):
    response = client_for("leader").get(reverse("network-plan", args=[small_area.other.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("username", ROLES)
def test_only_editors_set_the_focus(client_for, plan, username):
    response = client_for(username).post(
        url("plan-focus", plan), {"statement": "Attendance", "outcomes": ["stay_safe"]}
    )
    focus = Focus.objects.get(network=plan.network)
    if username in EDITORS:
        assert response.status_code == 302
        assert (focus.statement, focus.outcomes) == ("Attendance", ["stay_safe"])
    else:
        assert response.status_code == 403
        assert focus.statement == "Reading for pleasure"


@pytest.mark.parametrize("username", ROLES)
def test_only_editors_add_goals_and_values(client_for, plan, username):
    client = client_for(username)
    goal = client.post(
        url("plan-goal-new", plan), {"title": "Safer routes", "outcome": "stay_safe"}
    )
    value = client.post(
        url("plan-indicator", plan, plan.indicator.pk),
        {"value-period": "M20", "value-period_start": "2026-05-01", "value-value": "16"},
    )
    allowed = username in EDITORS
    assert (goal.status_code, value.status_code) == ((302, 302) if allowed else (403, 403))
    assert Goal.objects.filter(title="Safer routes").exists() == allowed
    assert IndicatorValue.objects.filter(period="M20").exists() == allowed


@pytest.mark.parametrize("username", ROLES)
def test_the_chart_flags_the_shift_and_suggests_a_rebase(client_for, plan, username):
    html = client_for(username).get(url("plan-indicator", plan, plan.indicator.pk)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="spc-chart xmr"' in html
    assert 'class="signal"' in html
    assert "A run of 8 or more points on one side of the centre line" in html
    assert "A sustained shift starts at M10" in html
    assert "Decision: Book swap" in html  # the decision annotates the chart
    assert ("Re-base from M10" in html) == (username in EDITORS)


def test_a_rebase_is_applied_only_when_chosen(client_for, plan):
    client = client_for("leader")
    response = client.post(
        url("plan-rebase", plan, plan.indicator.pk), {"rebase_from": "2025-07-01"}
    )
    assert response.status_code == 302
    html = client.get(url("plan-indicator", plan, plan.indicator.pk)).content.decode()
    assert "Re-based from" in html
    assert "A sustained shift starts" not in html


def test_small_pupil_numbers_are_suppressed_but_for_administrators(client_for, plan):
    page = url("plan-indicator", plan, plan.pupils.pk)
    leader = client_for("leader").get(page).content.decode()
    assert "suppressed" in leader and "&lt; 5" in leader
    admin = client_for("admin").get(page).content.decode()
    assert "&lt; 5" not in admin


def test_values_import_all_or_nothing(client_for, plan):
    client = client_for("leader")
    page = url("plan-indicator", plan, plan.indicator.pk)
    bad = io.BytesIO(b"period,period_start,value\nM30,2027-01-01,5\nM31,not a date,6\n")
    bad.name = "values.csv"
    response = client.post(page, {"import-file": bad})
    assert response.status_code == 200
    assert "not a date" in response.content.decode()
    assert not IndicatorValue.objects.filter(period="M30").exists()
    good = io.BytesIO(
        b"period,period_start,value,source\nM30,2027-01-01,5,LA\nM31,2027-02-01,6,LA\n"
    )
    good.name = "values.csv"
    assert client.post(page, {"import-file": good}).status_code == 302
    assert IndicatorValue.objects.filter(period__in=["M30", "M31"], source="LA").count() == 2


def _meeting_ties(plan):
    return Tie.objects.filter(network=plan.network, provenance=Provenance.MEETING)


def test_attendance_becomes_ties_kept_in_step(client_for, plan, small_area):
    people = small_area.people
    assert _meeting_ties(plan).count() == 3  # three attendees, three pairs
    response = client_for("facilitator").post(
        url("plan-meeting", plan, plan.meeting.pk),
        {
            "held_on": "2025-06-01",
            "title": "Autumn meeting",
            "attendees": [people.leader.pk, people.member.pk],
        },
    )
    assert response.status_code == 302
    ties = list(_meeting_ties(plan))
    assert len(ties) == 1
    assert {ties[0].source_person_id, ties[0].target_person_id} == {
        people.leader.pk,
        people.member.pk,
    }
    assert ties[0].type == "co_participation" and not ties[0].directed


@pytest.mark.parametrize("username", ROLES)
def test_the_networks_people_propose_and_comment(client_for, plan, username):
    client = client_for(username)
    created = client.post(
        url("plan-proposal-new", plan), {"title": "Reading buddies", "method": "vote"}
    )
    comment = client.post(url("plan-proposal", plan, plan.proposal.pk), {"comment-text": "Yes!"})
    allowed = username in PARTICIPANTS
    assert (created.status_code, comment.status_code) == ((302, 302) if allowed else (403, 403))
    assert Comment.objects.filter(text="Yes!").exists() == allowed


@pytest.mark.parametrize("username", ROLES)
def test_only_editors_record_decisions(client_for, plan, small_area, username):
    response = client_for(username).post(
        url("plan-proposal", plan, plan.proposal.pk),
        {
            "decision-decided_on": "2025-07-01",
            "decision-outcome": "rejected",
            "decision-participants": [small_area.people.member.pk],
        },
    )
    decision = Decision.objects.get(pk=plan.decision.pk)
    if username in EDITORS:
        assert response.status_code == 302
        assert decision.outcome == "rejected"
        assert list(decision.participants.values_list("pk", flat=True)) == [
            small_area.people.member.pk
        ]
    else:
        assert response.status_code == 403
        assert decision.outcome == "agreed"


def test_members_take_actions_themselves(client_for, plan, small_area):
    client = client_for("partner")
    response = client.post(
        url("plan-action-new", plan), {"title": "Run the swap", "status": "open"}
    )
    assert response.status_code == 302
    assert Action.objects.get(title="Run the swap").owner == small_area.people.partner
    # not someone else's action
    other = client.post(url("plan-action", plan, plan.overdue.pk), {"title": "x", "status": "done"})
    assert other.status_code == 403


def test_overdue_actions_are_flagged_to_their_owner_and_the_leader(client_for, plan):
    for username, flagged in [("member", True), ("leader", True), ("partner", False)]:
        html = client_for(username).get(url("network-plan", plan)).content.decode()
        assert ('id="overdue"' in html) == flagged, username


def test_participation_counts_by_kind_and_position(client_for, plan):
    from nlc.web.planning.services import participation

    table = participation(plan.network)
    rows = {
        (r["by"], r["group"]): dict(zip(table["columns"], r["counts"], strict=True))
        for r in table["rows"]
    }
    library = rows[("kind", "Library")]  # the partner (and the facilitator) work there
    assert library["Proposed"] == 1 and library["Took part in decisions"] == 1
    school = rows[("kind", "School")]
    assert school["Attended meetings"] == 2 and school["Own actions"] == 1
    assert any(by == "position" for by, _ in rows)


@pytest.mark.parametrize("username", ROLES)
def test_the_impact_page_says_moved_together_never_caused(client_for, plan, username):
    html = (
        client_for(username).get(reverse("network-impact", args=[plan.network.pk])).content.decode()
    )
    assert "Impact over time" in html and "Books borrowed" in html
    assert "Density" in html
    assert "caused" not in html.replace("cannot show that the network caused", "")


def test_evaluators_see_people_pseudonymised(client_for, plan):
    html = (
        client_for("evaluator").get(url("plan-proposal", plan, plan.proposal.pk)).content.decode()
    )
    assert "Pat Partner" not in html
    assert "Person " in html


def test_charts_are_annotated_with_decisions_and_started_activities(plan, small_area):
    # Issue #13: charts "annotated with the network's activities, decisions and changes by
    # date"; an activity only planned is not yet something that happened.
    from nlc.web.learning.models import Activity, ActivityKind, ActivityStatus
    from nlc.web.planning import services

    network = small_area.led
    walk = Activity.objects.create(
        network=network,
        kind=ActivityKind.choices[0][0],
        title="Walk on questioning",
        start_date=plan.indicator.values.order_by("period_start")[3].period_start,
        status=ActivityStatus.DONE,
    )
    Activity.objects.create(
        network=network,
        kind=ActivityKind.choices[0][0],
        title="Walk not yet held",
        start_date=walk.start_date,
        status=ActivityStatus.PLANNED,
    )
    labels = [label for _, label, _ in services.events(network)]
    assert f"{walk.get_kind_display()}: Walk on questioning" in labels
    assert not any("not yet held" in label for label in labels)
    chart = services.indicator_chart(plan.indicator)
    assert "Walk on questioning" in chart["svg"]


def test_building_capacity_and_futures_sessions_feed_goals_into_the_plan(
    client_for, plan, small_area
):
    # Issue #13: "Building Capacity and Futures thinking sessions can feed purpose, aspirations
    # and goals into the plan".
    from nlc.web.learning.models import Activity, ActivityKind, ActivityStatus

    network = small_area.led
    session = Activity.objects.create(
        network=network,
        kind=ActivityKind.FUTURES,
        title="Futures day",
        start_date=dt.date(2025, 3, 1),
        status=ActivityStatus.DONE,
        details={
            "goals": "- Every child reads daily\n- Families join the library",
            "aspirations": "",
        },
    )
    page = client_for("leader").get(reverse("network-plan", args=[network.pk])).content.decode()
    assert "Every child reads daily" in page and "Families join the library" in page
    assert "Add as a goal" in page
    member_page = client_for("member").get(reverse("network-plan", args=[network.pk]))
    assert "Every child reads daily" in member_page.content.decode()
    assert "Add as a goal" not in member_page.content.decode()
    url = (
        reverse("plan-goal-new", args=[network.pk])
        + "?title=Every+child+reads+daily&from=Futures+day"
    )
    form = client_for("leader").get(url).content.decode()
    assert 'value="Every child reads daily"' in form
    assert session.title in form
