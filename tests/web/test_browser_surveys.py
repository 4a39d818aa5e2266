"""A survey wave in a real browser: a leader designs a survey from the library, opens a
wave and invites people; a respondent answers on a phone (375x812) without an account,
finding names by typing, rating them, saving and finishing; the leader closes the wave and
its ties appear. Privacy: the respondent sees only the roster and their own answers, and a
member sees no one's answers. Screenshot: test-artifacts/survey-phone.png."""

import re

import pytest
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
    page.wait_for_load_state()
    page.uncheck("#invite-form input[name=email]")
    page.click("#invite-form button[type=submit]")
    page.wait_for_load_state()
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
    assert 1 <= visible.count() < phone.locator(f"#roster-{question.pk} .roster-item").count()
    phone.check(f"#roster-{question.pk} input[value=p{leader.pk}]")
    phone.click("button[value=save]")
    phone.wait_for_load_state()
    item = phone.locator(".named-item", has_text=leader.name)
    item.locator("select[name$=-frequency]").select_option(label="Every week")
    phone.wait_for_timeout(1200)  # the autosave
    assert no_sideways_scroll(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "survey-phone.png"), full_page=True)
    phone.click("button[value=finish]")
    phone.wait_for_load_state()
    mine.refresh_from_db()
    assert mine.status == InvitationStatus.COMPLETE
    assert mine.answers.get().interpreters == {"frequency": 4}
    # Only the roster and their own answers: the leader's answer naming them is not shown.
    assert phone.locator(".named-item").count() == 1

    page.goto(f"/networks/{network.pk}/surveys/waves/{wave.pk}/")
    page.select_option("#id_unreciprocated", "confirmed")
    page.click("#close-form button[type=submit]")
    page.wait_for_load_state()
    tie = Tie.objects.get(wave_tie__wave=wave)
    assert {tie.source_person_id, tie.target_person_id} == {leader.pk, member.pk}
    assert (tie.provenance, tie.directed, tie.weight) == (Provenance.SURVEY, False, 4.0)
    assert tie.provenance_detail == "Advice in the network, wave 1"
    assert "Compute the ties again" in page.content()

    phone.goto(f"/s/{tokens.token_for(mine.nonce)}/")
    assert "closed" in phone.inner_text("#survey-message")
