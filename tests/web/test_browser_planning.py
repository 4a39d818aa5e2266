"""The plan in a real browser: a leader sets the focus and a goal, adds an indicator, enters
its values and sees the chart flag a point outside the limits, then records a decision on
a proposal and an action that follows from it. Screenshot: test-artifacts/plan-chart.png."""

import re

import pytest
from test_browser import (  # noqa: F401  (its fixtures, shared)
    ARTIFACTS,
    _demo_loaded_again_afterwards,
    browser,
    demo,
    led_network,
    sign_in,
    site,
)
from test_browser import page as page  # noqa: F401

from nlc.web.planning.models import Action, Decision, Focus

pytestmark = pytest.mark.skipif(
    not __import__("pathlib").Path("/usr/bin/chromium").exists(), reason="no chromium"
)

VALUES = [12, 16, 13, 15, 12, 16, 30, 13, 15, 14, 16, 12]  # only the 30 signals


def test_a_leader_plans_charts_and_decides(page):
    network = led_network()
    sign_in(page, "leader")
    page.goto(f"/networks/{network.pk}/plan/")
    page.click("text=Edit the focus")
    page.fill("#id_statement", "Every child reads every day")
    page.check("input[name=outcomes][value=enjoy_achieve]")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/plan/$"))
    assert Focus.objects.get(network=network).statement == "Every child reads every day"

    page.click("text=Add a goal")
    page.fill("#id_title", "Children read more")
    page.select_option("#id_outcome", "enjoy_achieve")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/plan/#goals$"))
    page.locator(".plan-goal", has_text="Children read more").locator(
        "text=Add an indicator"
    ).click()
    page.fill("#id_name", "Books read per pupil")
    page.select_option("#id_measure", "better_off")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/plan/indicators/\d+/$"))

    for i, value in enumerate(VALUES):
        page.fill("#id_value-period", f"2025-{i + 1:02d}")
        page.fill("#id_value-period_start", f"2025-{i + 1:02d}-01")
        page.fill("#id_value-value", str(value))
        page.click("#value-form button[type=submit]")
        page.wait_for_load_state()
    chart = page.locator("svg.spc-chart")
    chart.wait_for()
    assert page.locator("svg.spc-chart circle.signal").count() == 1
    assert "A point outside the process limits: 2025-07" in page.inner_text("#signals")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#chart").screenshot(path=str(ARTIFACTS / "plan-chart.png"))

    page.goto(f"/networks/{network.pk}/plan/proposals/new/")
    page.fill("#id_title", "Reading ambassadors in every school")
    page.select_option("#id_method", "vote")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/plan/proposals/\d+/$"))
    page.fill("#id_decision-decided_on", "2025-10-01")
    page.select_option("#id_decision-outcome", "agreed")
    page.locator("#id_decision-participants input").first.check()
    page.fill("#id_decision-votes_for", "6")
    page.click("#decision-form button[type=submit]")
    page.wait_for_load_state()
    assert "Agreed" in page.inner_text("#decision")
    decision = Decision.objects.get(proposal__title="Reading ambassadors in every school")
    assert decision.participants.count() == 1

    page.click("text=Add an action")
    page.fill("#id_title", "Name the ambassadors")
    page.fill("#id_due", "2025-11-01")
    page.select_option("#id_decision", str(decision.pk))
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/plan/#actions$"))
    action = Action.objects.get(title="Name the ambassadors")
    assert action.decision == decision
    assert "Name the ambassadors" in page.inner_text("#overdue")  # due in the past
