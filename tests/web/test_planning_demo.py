"""The demonstration plans: every network has one, the main outcome's chart shows its
shift, and the demonstration's ties are as they were."""

import pytest
from django.urls import reverse

from nlc.web.planning.models import Action, Decision, Indicator, Meeting
from nlc.web.planning.report import plan_context
from nlc.web.planning.services import indicator_chart
from nlc.web.registry.models import Area, Network
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)


def demo_networks():
    from nlc.web.demo import AREA_NAME

    return Network.objects.filter(area=Area.objects.get(name=AREA_NAME))


def test_every_network_has_a_plan_with_two_years_of_values(db):
    for network in demo_networks():
        assert network.plan_focus.statement
        attendance = Indicator.objects.get(goal__network=network, name="Attendance (%)")
        assert attendance.values.count() == 24
        assert Meeting.objects.filter(network=network).count() == 3
        assert Decision.objects.filter(proposal__network=network).count() == 2
        assert Action.objects.filter(network=network).count() == 4


def test_the_attendance_chart_shows_the_shift_and_suggests_a_rebase(db):
    for network in demo_networks():
        chart = indicator_chart(Indicator.objects.get(goal__network=network, name="Attendance (%)"))
        assert "shift" in {s["rule"] for s in chart["signals"]}
        assert chart["rebase_from"] is not None
        assert "Decision: Run a shared breakfast club" in chart["svg"]


def test_the_demo_meetings_make_no_ties(db):
    assert not Tie.objects.filter(provenance=Provenance.MEETING).exists()


def test_plan_context_is_plain_data_for_the_report(db, django_user_model):
    network = demo_networks().first()
    data = plan_context(network, django_user_model.objects.get(username="evaluator"))
    assert set(data) >= {"focus", "goals", "meetings", "decisions", "actions", "participation"}
    indicator = data["goals"][0]["indicators"][0]
    assert indicator["svg"].startswith("<svg") and indicator["signals"]
    assert data["actions"]["overdue"] >= 1
    assert data["participation"]["rows"]


def test_the_plan_page_of_the_demo_answers(client_for, led_network):
    response = client_for("leader").get(reverse("network-plan", args=[led_network.pk]))
    assert response.status_code == 200
    assert b'id="overdue"' in response.content  # "Publish early-help contacts" is late
