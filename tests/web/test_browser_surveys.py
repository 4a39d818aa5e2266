"""A survey wave in a real browser: a leader designs a survey from the library, opens a
wave and invites people; a respondent answers on a phone (375x812) without an account,
finding names by typing, rating them, saving and finishing; the leader closes the wave and
its ties appear. Privacy: the respondent sees only the roster and their own answers, and a
member sees no one's answers. Screenshot: test-artifacts/survey-phone.png.

The tests write to the database between browser steps; they wait for the network to be idle
first, because the live server shares the in-memory SQLite database, where a read in flight
(the response map's request) locks the table a write needs.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from test_browser import (  # noqa: F401  (its fixtures, shared)
    ARTIFACTS,
    WAIT,
    _demo_loaded_again_afterwards,
    browser,
    demo,
    led_network,
    sign_in,
    site,
)
from test_browser import page as page  # noqa: F401

from nlc.web.registry.models import Person
from nlc.web.surveys import services, tokens
from nlc.web.surveys.models import Invitation, InvitationStatus, Survey
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.skipif(
    not __import__("pathlib").Path("/usr/bin/chromium").exists(), reason="no chromium"
)


@pytest.fixture
def phone(browser, site):  # noqa: F811  (the shared fixtures)
    context = browser.new_context(
        base_url=site, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_wave_from_design_to_ties_with_a_phone_respondent(page, phone):
    network = led_network()
    leader = Person.objects.get(user__username="leader")
    member = Person.objects.get(user__username="member")
    sign_in(page, "leader")
    page.goto(f"/networks/{network.pk}/surveys/")
    page.fill("#id_title", "Advice in the network")
    page.uncheck("input[name=sets][value=collaboration]")
    page.click("#new-survey button[type=submit]")
    page.wait_for_url(re.compile(r"/surveys/\d+/$"))
    survey = Survey.objects.get(network=network, title="Advice in the network")
    assert [q.tie_type for q in survey.questions.all()] == ["advice"]
    page.fill("#id_opens_on", "2026-01-01")
    page.fill("#id_closes_on", "2099-12-31")
    page.click("#open-wave button[type=submit]")
    page.wait_for_url(re.compile(r"/surveys/waves/\d+/$"))
    wave = survey.waves.get()
    page.select_option("#invite-filter select[name=organisation]", str(member.organisation_id))
    page.click("#invite-filter button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.uncheck("#invite-form input[name=email]")
    page.click("#invite-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    invited = set(wave.invitations.values_list("person_id", flat=True))
    assert member.pk in invited
    assert set(Person.objects.filter(pk__in=invited).values_list("organisation", flat=True)) == {
        member.organisation_id
    }
    services.invite(wave, [leader.pk])  # the leader answers too (who names the member)
    theirs = Invitation.objects.get(wave=wave, person=leader)
    services.open_invitation(theirs)
    services.record_consent(theirs)
    question = survey.questions.get()
    services.save_response(
        theirs, [services.Item(question.pk, person=member.pk, interpreters={"frequency": 2})]
    )

    mine = Invitation.objects.get(wave=wave, person=member)
    phone.goto(f"/s/{tokens.token_for(mine.nonce)}/")
    phone.check("#consent-form input[name=agree]")
    phone.click("#consent-form button[type=submit]")
    phone.locator("#survey-form").wait_for()
    assert no_sideways_scroll(phone)
    assert (
        "Mo Member" not in phone.inner_text(".named") if phone.locator(".named").count() else True
    )
    box = phone.locator(f"#question-{question.pk} .roster-filter")
    box.fill(leader.name)
    visible = phone.locator(f"#roster-{question.pk} .roster-item:visible")
    everyone = phone.locator(f"#roster-{question.pk} .roster-item").count()
    expect(visible).not_to_have_count(everyone)  # the filter runs on the input event
    assert 1 <= visible.count() < everyone
    phone.check(f"#roster-{question.pk} input[value=p{leader.pk}]")
    phone.click("button[value=save]")
    phone.wait_for_load_state("networkidle")
    item = phone.locator(".named-item", has_text=leader.name)
    item.locator("select[name$=-frequency]").select_option(label="Every week")
    expect(phone.locator(".autosave-status")).to_have_text("Saved")  # the autosave answered
    assert no_sideways_scroll(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "survey-phone.png"), full_page=True)
    phone.click("button[value=finish]")
    phone.wait_for_load_state("networkidle")
    mine.refresh_from_db()
    assert mine.status == InvitationStatus.COMPLETE
    assert mine.answers.get().interpreters == {"frequency": 4}
    # Only the roster and their own answers: the leader's answer naming them is not shown.
    assert phone.locator(".named-item").count() == 1

    page.goto(f"/networks/{network.pk}/surveys/waves/{wave.pk}/")
    page.select_option("#id_unreciprocated", "confirmed")
    page.click("#close-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    tie = Tie.objects.get(wave_tie__wave=wave)
    assert {tie.source_person_id, tie.target_person_id} == {leader.pk, member.pk}
    assert (tie.provenance, tie.directed, tie.weight) == (Provenance.SURVEY, False, 4.0)
    assert tie.provenance_detail == "Advice in the network, wave 1"
    assert "Compute the ties again" in page.content()

    phone.goto(f"/s/{tokens.token_for(mine.nonce)}/")
    assert "closed" in phone.inner_text("#survey-message")


def response_colour(page, organisation: int) -> str:
    """The response band the map gives ``organisation`` (a circle, or a row under the map)."""
    page.wait_for_selector("#response-map[data-drawn]", state="attached")
    assert page.get_attribute("#response-map", "data-drawn") != "error"
    found = page.locator(f"#response-map [data-organisation='{organisation}']")
    assert found.count() == 1
    if found.evaluate("e => e.tagName.toLowerCase()") == "circle":
        return found.get_attribute("class")
    return found.locator(".swatch").get_attribute("class").split()[-1]


def open_a_wave(page, survey) -> int:
    page.goto(f"/networks/{survey.network_id}/surveys/{survey.pk}/")
    page.fill("#id_opens_on", "2026-01-01")
    page.fill("#id_closes_on", "2099-12-31")
    page.click("#open-wave button[type=submit]")
    page.wait_for_url(re.compile(r"/surveys/waves/\d+/$"))
    return int(page.url.rstrip("/").split("/")[-1])


def invite_organisation(page, organisation: int) -> None:
    page.select_option("#invite-filter select[name=organisation]", str(organisation))
    page.click("#invite-filter button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.uncheck("#invite-form input[name=email]")
    page.click("#invite-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def close_the_wave(page) -> None:
    page.click("#close-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Compute the ties again" in page.content()


def leader_names(wave, leader, *people) -> None:
    services.invite(wave, [leader.pk])
    theirs = Invitation.objects.get(wave=wave, person=leader)
    services.open_invitation(theirs)
    services.record_consent(theirs)
    question = wave.survey.questions.get()
    items = [services.Item(question.pk, person=p.pk, interpreters={"frequency": 2}) for p in people]
    services.save_response(theirs, items, complete=True)


def test_a_leader_runs_tracks_closes_and_compares_two_waves(page, phone):
    """Issue 11's "Done when": design, launch, track (the response map), close and compare
    two waves in the browser; the member answers wave 2 on a phone, with wave 1's answer
    preloaded, and comes back to the link to find their answers."""
    from nlc.web.surveys.models import Wave

    network = led_network()
    leader = Person.objects.get(user__username="leader")
    member = Person.objects.get(user__username="member")
    colleagues = Person.objects.filter(organisation=member.organisation, is_pupil=False)
    colleague = colleagues.exclude(pk__in=[member.pk, leader.pk]).order_by("pk")[0]
    sign_in(page, "leader")
    page.goto(f"/networks/{network.pk}/surveys/")
    page.fill("#id_title", "Advice, year on year")
    page.uncheck("input[name=sets][value=collaboration]")
    page.click("#new-survey button[type=submit]")
    page.wait_for_url(re.compile(r"/surveys/\d+/$"))
    survey = Survey.objects.get(network=network, title="Advice, year on year")

    # Wave 1: launch, invite, track on the map (nobody yet, then the member's organisation
    # answered), close.
    first = Wave.objects.get(pk=open_a_wave(page, survey))
    invite_organisation(page, member.organisation_id)
    assert response_colour(page, member.organisation_id) == "rate-none"
    leader_names(first, leader, member)
    mine = Invitation.objects.get(wave=first, person=member)
    services.open_invitation(mine)
    services.record_consent(mine)
    question = survey.questions.get()
    services.save_response(
        mine, [services.Item(question.pk, person=leader.pk, interpreters={"frequency": 3})]
    )
    page.reload()
    assert response_colour(page, member.organisation_id) != "rate-none"
    assert page.locator("#response-map-legend li").count() == 5
    close_the_wave(page)

    # Wave 2: the member confirms last year's answer on a phone and adds a colleague.
    second = Wave.objects.get(pk=open_a_wave(page, survey))
    invite_organisation(page, member.organisation_id)
    leader_names(second, leader, colleague)
    mine = Invitation.objects.get(wave=second, person=member)
    link = f"/s/{tokens.token_for(mine.nonce)}/"
    phone.goto(link)
    phone.check("#consent-form input[name=agree]")
    phone.click("#consent-form button[type=submit]")
    phone.locator("#survey-form").wait_for()
    carried = phone.locator(".named-item.carried", has_text=leader.name)
    carried.locator("select[name^=a]").first.select_option("keep")
    added = phone.locator(f"#roster-{question.pk} .roster-item input").first
    added.check()
    phone.click("button[value=save]")
    phone.wait_for_load_state("networkidle")
    for choice in phone.locator("select[name$=-frequency]").all():
        if not choice.input_value():
            choice.select_option(label="Every week")
    expect(phone.locator(".autosave-status")).to_have_text("Saved")  # the autosave answered
    phone.goto(link)  # resume: the answers are there
    assert phone.locator(".named-item").count() == 2
    assert no_sideways_scroll(phone)
    phone.click("button[value=finish]")
    phone.wait_for_load_state("networkidle")
    page.goto(f"/networks/{network.pk}/surveys/waves/{second.pk}/")
    close_the_wave(page)

    # Compare: on the wave's page and on the network's page.
    found = services.change(first, second)
    assert page.inner_text("#change strong >> nth=0") == str(len(found["new"]))
    assert page.locator("#measures-change tbody tr").count() >= 4
    assert "Change since wave 1" in page.content()
    page.goto(f"/networks/{network.pk}/")
    assert page.inner_text("#survey-new-ties") == str(len(found["new"]))
    assert page.inner_text("#survey-lost-ties") == str(len(found["lost"]))
    assert ("advice", ("p", leader.pk), ("p", colleague.pk)) in found["new"]
    confirmed = ("advice", ("p", member.pk), ("p", leader.pk))  # "still true" on the phone
    assert confirmed in services.wave_ties(second) and confirmed not in found["lost"]
    assert mine.answers.count() == 2  # the confirmed name and the one added on the phone
    assert page.locator("#survey-measures tbody tr").count() >= 4


def test_a_respondent_withdraws_on_a_phone_and_their_ties_go(page, phone):
    """Issue 11's "Done when": a respondent withdraws on a phone. The wave is closed before
    (the member's ties are there) and computed again after: the ties the member made are gone,
    the leader's naming them stays, the member's answers are deleted and the link says so."""
    network = led_network()
    leader = Person.objects.get(user__username="leader")
    member = Person.objects.get(user__username="member")
    colleague = (
        Person.objects.filter(organisation=member.organisation, is_pupil=False)
        .exclude(pk__in=[member.pk, leader.pk])
        .order_by("pk")[0]
    )
    survey = services.create_survey(
        network, title="Withdrawal on a phone", consent_text="I agree.", sets=["advice"]
    )
    wave = services.open_wave(survey, opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2099, 12, 31))
    leader_names(wave, leader, member)
    services.invite(wave, [member.pk])
    mine = Invitation.objects.get(wave=wave, person=member)
    link = f"/s/{tokens.token_for(mine.nonce)}/"
    question = survey.questions.get()

    phone.goto(link)  # the member answers on the phone: the leader and a colleague
    phone.check("#consent-form input[name=agree]")
    phone.click("#consent-form button[type=submit]")
    phone.locator("#survey-form").wait_for()
    for person in (leader, colleague):
        phone.check(f"#roster-{question.pk} input[value=p{person.pk}]")
    phone.click("button[value=finish]")
    phone.wait_for_load_state("networkidle")
    assert mine.answers.count() == 2

    services.close_wave(wave)
    before = set(services.wave_ties(wave))
    made = {("advice", ("p", member.pk), ("p", p.pk)) for p in (leader, colleague)}
    by_leader = ("advice", ("p", leader.pk), ("p", member.pk))
    assert made | {by_leader} <= before

    phone.goto(link)  # closed, but withdrawing still works, on the phone
    assert "closed" in phone.inner_text("#survey-message")
    phone.click("details.withdraw summary")
    phone.click("#withdraw-form button[type=submit]")  # not ticked: refused, nothing removed
    phone.wait_for_load_state("networkidle")
    assert "Tick the box" in phone.inner_text("body")
    assert mine.answers.count() == 2
    phone.click("details.withdraw summary")
    phone.check("#withdraw-form input[name=confirm]")
    assert no_sideways_scroll(phone)
    phone.click("#withdraw-form button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "You have withdrawn" in phone.inner_text("#survey-message")
    mine.refresh_from_db()
    assert mine.status == InvitationStatus.WITHDRAWN and not mine.answers.exists()

    sign_in(page, "leader")  # the leader computes the ties again: the member's are gone
    page.goto(f"/networks/{network.pk}/surveys/waves/{wave.pk}/")
    close_the_wave(page)
    after = set(services.wave_ties(wave))
    assert after == before - made and by_leader in after
    assert not Tie.objects.filter(
        wave_tie__wave=wave, source_person=member, target_person=colleague
    ).exists()
    phone.goto(link)
    assert "withdrawn" in phone.inner_text("#survey-message")
    assert phone.locator("#withdraw-form").count() == 0
