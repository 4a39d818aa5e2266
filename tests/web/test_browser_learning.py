"""Every kind of learning activity planned, carried out and closed in a real browser, the
debrief recorded at phone size (375x812).

Uses the live server, Debian's chromium and the fixtures of ``test_browser`` (skipped
without /usr/bin/chromium). For each kind the facilitator plans the activity, adds
participants, records its steps (a research lesson study: three case pupils and three
research lessons with predictions and observations side by side), then records the debrief
on a phone and closes it; the co-participation ties follow.
"""

import re

import pytest
import test_browser as shared

from nlc.web.learning.kinds import KINDS

pytestmark = shared.pytestmark
_demo_loaded_again_afterwards = shared._demo_loaded_again_afterwards
browser, demo, site, page = shared.browser, shared.demo, shared.site, shared.page
PHONE = {"width": 375, "height": 812}


def plan(page, network, kind: str, title: str) -> int:
    page.goto(f"/networks/{network.pk}/activities/")
    page.click("text=Plan an activity")
    page.click(f"a[data-kind={kind}]")
    page.fill("input[name=title]", title)
    page.fill("input[name=start_date]", "2026-05-04")
    page.select_option("select[name=status]", "under_way")
    page.select_option("select[name=hosts]", index=0)
    for field in page.locator("#kind-fields textarea").all():
        field.fill(f"Planned {field.get_attribute('name')}")
    page.click("#activity-form button[type=submit]")
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    return int(re.search(r"/activities/(\d+)/", page.url).group(1))


def add_participants(page, n: int) -> None:
    for i in range(n):
        page.select_option("#participant-form select[name=person]", index=i + 1)
        page.click("#participant-form button[type=submit]")
        page.wait_for_selector(f"#participant-list tbody tr:nth-child({i + 1})[data-person]")


def record_steps(page, kind, n: int) -> None:
    for i in range(n):
        page.fill("#step-form input[name=title]", f"{kind.step} {i + 1}")
        for field in page.locator("#step-form textarea").all():
            field.fill(f"Evidence {i + 1} against the focus")
        page.click("#step-form button[type=submit]")
        page.wait_for_selector(f"article.step:nth-of-type({i + 1})")


def case_pupils(page) -> None:
    for letter in "ABC":
        page.fill("#case-pupil-form input[name=label]", f"Case pupil {letter}")
        page.fill("#case-pupil-form input[name=year_group]", "Year 5")
        page.click("#case-pupil-form button[type=submit]")
        page.wait_for_selector(f"#case-pupil-list li:has-text('Case pupil {letter}')")


def observe(page) -> None:
    form = page.locator(".observation-form").first
    form.locator("select[name=pupil]").select_option(label="Case pupil A, Year 5")
    form.locator("textarea[name=predicted]").fill("Will need the model first")
    form.locator("textarea[name=observed]").fill("Started alone")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("table.side-by-side td:has-text('Started alone')")
    row = page.locator("table.side-by-side tr:has-text('Case pupil A')").first
    assert "Will need the model first" in row.inner_text()
    assert "Started alone" in row.inner_text()


def debrief_on_a_phone(page, activity_id: int) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/activities/{activity_id}/debrief/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for field in page.locator("#debrief-form textarea").all():
        field.fill("Agreed at the debrief")
    page.check("input[name=close]")
    page.click("#debrief-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/activities/{activity_id}/$"))
    assert page.inner_text("#activity-status") == "Done"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_planned_carried_out_and_closed(page, kind):
    from nlc.web.learning.models import Activity
    from nlc.web.ties.models import Tie

    spec = KINDS[kind]
    network = shared.led_network()
    shared.sign_in(page, "facilitator")
    activity_id = plan(page, network, kind, f"Browser {spec.label}")
    add_participants(page, 3)
    if spec.case_pupils:
        case_pupils(page)
    record_steps(page, spec, max(spec.min_steps, 1))
    if spec.case_pupils:
        observe(page)
    debrief_on_a_phone(page, activity_id)

    activity = Activity.objects.get(pk=activity_id)
    assert activity.status == "done" and activity.participants.count() == 3
    assert activity.steps.count() == max(spec.min_steps, 1)
    people = activity.participants.values_list("person_id", flat=True)
    ties = Tie.objects.filter(
        network=network, provenance="activity", source_person__in=people, target_person__in=people
    )
    assert ties.count() == 3
    shared.ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(shared.ARTIFACTS / f"activity-{kind}-phone.png"), full_page=True)
