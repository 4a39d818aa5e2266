"""People's rights and relationship surveys: a subject access request lists the person's
invitations (with their consent) and the answers they gave, naming other people by number;
erasing them withdraws every invitation, so the closed wave's ties are computed again
without their answers, and nobody else's answers are touched."""

import pytest
from survey_helpers import answer, invite, make_survey, open_wave

from nlc.web.audit.subject import erase_person, subject_access
from nlc.web.surveys import services
from nlc.web.surveys.models import Answer, Invitation
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def wave(db, small_area):
    """A closed wave: the member named the leader and the mentor, the mentor named the
    leader."""
    p = small_area.people
    wave = open_wave(make_survey(small_area))
    invitations = invite(wave, p.member, p.mentor, p.leader)
    answer(invitations[p.member.pk], p.leader, p.mentor)
    answer(invitations[p.mentor.pk], p.leader)
    services.close_wave(wave)
    return wave


def survey_ties(network):
    return Tie.objects.filter(network=network, provenance=Provenance.SURVEY)


def test_subject_access_lists_invitations_and_answers(wave, small_area):
    p = small_area.people
    data = subject_access(p.member)
    [invitation] = data["survey_invitations"]
    assert invitation["survey"] == "Who works with whom"
    assert invitation["consent_given"] is not None
    named = sorted(a["named"] for a in data["survey_answers"])
    assert named == sorted([f"Person {p.leader.pk}", f"Person {p.mentor.pk}"])
    # The leader was invited and named, but gave no answer: nothing of others' answers.
    assert subject_access(p.leader)["survey_answers"] == []


def test_erasure_withdraws_their_answers_and_the_ties_they_made(wave, small_area):
    p = small_area.people
    before = survey_ties(small_area.led).count()
    erasure = erase_person(p.member)
    assert erasure.removed["survey_invitations"] == 1
    assert not Invitation.objects.filter(person_id=p.member.pk).exists()
    # The mentor's answer, and the tie it made, stay.
    assert Answer.objects.filter(invitation__person=p.mentor).count() == 1
    ties = survey_ties(small_area.led)
    assert ties.count() == before - 2
    assert ties.filter(source_person=p.mentor, target_person=p.leader).exists()
