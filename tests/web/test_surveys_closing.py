"""Closing a wave into ties: provenance, weights, the closing choices, re-closing and
withdrawal recomputing one wave only, preloading the previous wave, tokens."""

from __future__ import annotations

import pytest
from survey_helpers import answer, invite, make_survey, open_wave, token_of

from nlc.web.surveys import services, tokens
from nlc.web.surveys.models import Answer, Invitation, InvitationStatus, WaveStatus
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def wave(small_area, db):
    return open_wave(make_survey(small_area))


def survey_ties(wave):
    return Tie.objects.filter(wave_tie__wave=wave)


def test_closing_makes_ties_with_provenance_and_weight(small_area, wave):
    p = small_area.people
    inv = invite(wave, p.leader, p.member, p.teacher)
    answer(inv[p.leader.pk], p.member, p.teacher, frequency=4)
    answer(inv[p.member.pk], p.leader, frequency=2)
    made = services.close_wave(wave)
    assert made == 3
    ties = survey_ties(wave)
    assert {t.provenance for t in ties} == {Provenance.SURVEY}
    assert {t.provenance_detail for t in ties} == {"Who works with whom, wave 1"}
    assert {t.type for t in ties} == {"advice"}
    weights = {(t.source_person_id, t.target_person_id): t.weight for t in ties}
    assert weights == {
        (p.leader.pk, p.member.pk): 4.0,
        (p.leader.pk, p.teacher.pk): 4.0,
        (p.member.pk, p.leader.pk): 2.0,
    }
    wave.refresh_from_db()
    assert wave.status == WaveStatus.CLOSED


@pytest.mark.parametrize(
    ("unreciprocated", "non_respondents", "expected"),
    [
        ("directed", "keep", {("L", "M", True), ("M", "L", True), ("L", "T", True)}),
        ("directed", "drop", {("L", "M", True), ("M", "L", True)}),
        ("symmetrise", "keep", {("L", "M", False), ("L", "T", False)}),
        ("confirmed", "keep", {("L", "M", False)}),
    ],
)
def test_closing_choices(small_area, wave, unreciprocated, non_respondents, expected):
    p = small_area.people
    code = {p.leader.pk: "L", p.member.pk: "M", p.teacher.pk: "T"}
    inv = invite(wave, p.leader, p.member, p.teacher)
    answer(inv[p.leader.pk], p.member, p.teacher)
    answer(inv[p.member.pk], p.leader)  # the teacher does not answer
    services.close_wave(wave, unreciprocated=unreciprocated, non_respondents=non_respondents)
    found = set()
    for t in survey_ties(wave):
        a, b = code[t.source_person_id], code[t.target_person_id]
        if not t.directed:
            a, b = sorted((a, b))
        found.add((a, b, t.directed))
    assert found == expected


def test_never_makes_no_tie_and_unconfirmed_answers_do_not_count(small_area, wave):
    p = small_area.people
    inv = invite(wave, p.leader, p.member)
    answer(inv[p.leader.pk], p.member, frequency=0)
    services.open_invitation(inv[p.member.pk])  # opened, never answered
    assert services.close_wave(wave) == 0


def test_reclosing_and_withdrawal_touch_only_this_wave(small_area, wave):
    p = small_area.people
    before = Tie.objects.count()
    inv = invite(wave, p.leader, p.member, p.mentor)
    answer(inv[p.leader.pk], p.member)
    answer(inv[p.mentor.pk], p.member, p.leader)
    assert services.close_wave(wave) == 3
    assert services.close_wave(wave) == 3  # closing again replaces, never adds
    assert Tie.objects.count() == before + 3
    services.withdraw(Invitation.objects.get(pk=inv[p.mentor.pk].pk))
    assert Tie.objects.count() == before + 1  # the mentor's two ties gone, the others kept
    assert not Answer.objects.filter(invitation=inv[p.mentor.pk]).exists()
    assert Invitation.objects.get(pk=inv[p.mentor.pk].pk).status == InvitationStatus.WITHDRAWN


def test_next_wave_preloads_the_previous_answers(small_area, wave):
    p = small_area.people
    inv = invite(wave, p.leader, p.member)
    answer(inv[p.leader.pk], p.member, p.teacher, frequency=2)
    services.close_wave(wave)
    second = open_wave(wave.survey)
    again = invite(second, p.leader)[p.leader.pk]
    services.open_invitation(again)
    carried = list(again.answers.all())
    assert {a.alter_person_id for a in carried} == {p.member.pk, p.teacher.pk}
    assert all(a.carried and not a.confirmed for a in carried)
    services.record_consent(again)
    q = second.survey.questions.first().pk
    items = [  # keep the member, stronger now; drop the teacher; add the mentor
        services.Item(q, person=p.member.pk, interpreters={"frequency": 4}, carried=True),
        services.Item(q, person=p.mentor.pk, interpreters={"frequency": 1}),
    ]
    services.save_response(again, items, complete=True)
    services.close_wave(second)
    change = services.change(wave, second)
    assert change["new"] == [("advice", ("p", p.leader.pk), ("p", p.mentor.pk))]
    assert change["lost"] == [("advice", ("p", p.leader.pk), ("p", p.teacher.pk))]
    assert change["stronger"] == [("advice", ("p", p.leader.pk), ("p", p.member.pk))]


def test_tokens_are_not_stored_and_are_checked(small_area, wave):
    inv = invite(wave, small_area.people.leader)[small_area.people.leader.pk]
    token = token_of(inv)
    assert len(token) >= 40
    stored = Invitation.objects.filter(pk=inv.pk).values().get()
    assert token not in {str(v) for v in stored.values()}
    assert tokens.find(token).pk == inv.pk
    assert tokens.find(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert tokens.find("") is None


def test_pupils_only_when_the_network_allows(small_area, db):
    pupil = small_area.people.pupil
    survey = make_survey(small_area, include_pupils=True)
    wave = open_wave(survey)
    with pytest.raises(services.SurveyError):
        services.invite(wave, [pupil.pk])
    small_area.led.pupils_may_be_surveyed = True
    small_area.led.save()
    survey.refresh_from_db()
    assert len(services.invite(wave, [pupil.pk])) == 1
    assert pupil.pk not in services.Roster(survey).people  # never on a respondent's roster


def test_answers_are_checked_all_or_nothing(small_area, wave):
    p = small_area.people
    inv = invite(wave, p.leader)[p.leader.pk]
    answer(inv, p.member)
    q = wave.survey.questions.first().pk
    bad = [
        services.Item(q, person=p.teacher.pk),
        services.Item(q, person=p.beta_teacher.pk),  # another network's person
    ]
    with pytest.raises(services.SurveyError) as caught:
        services.save_response(inv, bad)
    assert caught.value.field == "answers.1"
    assert [a.alter_person_id for a in inv.answers.all()] == [p.member.pk]
    with pytest.raises(services.SurveyError):
        services.save_response(
            inv, [services.Item(q, person=p.teacher.pk, interpreters={"frequency": 9})]
        )


def test_organisation_questions_make_organisation_ties(small_area, db):
    """The trust and value set: people name organisations for their own; the weight is the
    mean of value and trust; the organisation question is kept as an answer."""
    p, o = small_area.people, small_area.organisations
    survey = make_survey(small_area, sets=["trust"])
    roster_q, contribute = survey.questions.all()
    wave = open_wave(survey)
    inv = invite(wave, p.leader, p.teacher)
    for who in (p.leader, p.teacher):  # two people of the academy name the library
        services.open_invitation(inv[who.pk])
        services.record_consent(inv[who.pk])
    items = [
        services.Item(
            roster_q.pk, organisation=o.library.pk, interpreters={"value": 4, "trust": 2}
        ),
        services.Item(contribute.pk, value=["Data", "Expertise"]),
    ]
    services.save_response(inv[p.leader.pk], items, complete=True)
    weaker = [
        services.Item(roster_q.pk, organisation=o.library.pk, interpreters={"value": 1, "trust": 1})
    ]
    services.save_response(inv[p.teacher.pk], weaker, complete=True)
    with pytest.raises(services.SurveyError):
        services.save_response(inv[p.teacher.pk], [services.Item(roster_q.pk, person=p.member.pk)])
    with pytest.raises(services.SurveyError):
        services.save_response(inv[p.teacher.pk], [services.Item(contribute.pk, value=["Gold"])])
    assert services.close_wave(wave) == 1
    tie = survey_ties(wave).get()
    assert (tie.source_organisation, tie.target_organisation, tie.weight) == (
        o.academy,
        o.library,
        3.0,
    )
    assert inv[p.leader.pk].answers.get(question=contribute).value == ["Data", "Expertise"]
