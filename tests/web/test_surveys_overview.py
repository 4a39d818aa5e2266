"""Wave-to-wave change on the network's page and in its report: aggregates only, suppressed
below the survey's minimum group size for those who do not run the survey."""

from __future__ import annotations

import pytest
from conftest import ROLES, STEWARDS
from django.urls import reverse
from survey_helpers import answer, invite, make_survey, open_wave

from nlc.web.reporting.services import network_content, operator
from nlc.web.surveys import services
from nlc.web.surveys.overview import latest_pair, network_change

pytestmark = pytest.mark.usefixtures("small_area")


def two_waves(area, *, min_group_size):
    """Wave 1: Lena names Mo. Wave 2: Lena names Mary, Mo names Lena (ties kept directed):
    one tie lost, two new."""
    p = area.people
    first = open_wave(make_survey(area, min_group_size=min_group_size))
    inv = invite(first, p.leader, p.member, p.teacher)
    answer(inv[p.leader.pk], p.member)
    answer(inv[p.member.pk])
    services.close_wave(first)
    second = open_wave(first.survey)
    inv = invite(second, p.leader, p.member)
    answer(inv[p.leader.pk], p.mentor)
    answer(inv[p.member.pk], p.leader)
    services.close_wave(second)
    return first, second


def overview(client, area) -> str:
    return client.get(reverse("network-detail", args=[area.led.pk])).content.decode()


def test_nothing_before_a_second_wave_closes(client_for, small_area, db):
    wave = open_wave(make_survey(small_area))
    invite(wave, small_area.people.leader)
    services.close_wave(wave)
    assert latest_pair(small_area.led) is None
    assert 'id="survey-change"' not in overview(client_for("leader"), small_area)


@pytest.mark.parametrize("username", ROLES)
def test_the_network_page_shows_the_change_to_everyone_unnamed(client_for, small_area, username):
    first, second = two_waves(small_area, min_group_size=2)
    assert latest_pair(small_area.led) == (first, second)
    page = overview(client_for(username), small_area)
    assert 'id="survey-change"' in page
    assert '<strong id="survey-new-ties">2</strong>' in page
    assert '<strong id="survey-lost-ties">1</strong>' in page
    assert 'id="survey-measures"' in page and "Density" in page
    assert "Mary Mentor" not in page  # who gained a tie is on the wave's page, by role
    assert reverse("survey-wave", args=[small_area.led.pk, second.pk]) in page


@pytest.mark.parametrize("username", ROLES)
def test_small_waves_are_suppressed_for_those_who_do_not_run_the_survey(
    client_for, small_area, username
):
    two_waves(small_area, min_group_size=5)  # two answered each wave
    page = overview(client_for(username), small_area)
    assert ('id="survey-new-ties"' in page) == (username in STEWARDS)
    assert ("Fewer than 5 people answered a wave" in page) == (username not in STEWARDS)


def test_the_report_has_the_change_and_respects_suppression(small_area, django_user_model):
    from nlc.reports.network import render_network_report

    two_waves(small_area, min_group_size=5)
    full = render_network_report(network_content(small_area.led, operator()))
    assert "Between survey waves" in full and "Density" in full
    assert "<td class='num'>2</td><td class='num'>1</td>" in full  # new, lost
    member = django_user_model.objects.get(username="member")
    found = network_change(small_area.led, member)
    assert found["suppressed"] and "counts" not in found
    shown = render_network_report(network_content(small_area.led, member))
    assert "Between survey waves" in shown and "the change is not shown" in shown
    assert "Mary Mentor" not in shown.split("Between survey waves")[1].split("</section>")[0]


def test_every_survey_step_is_in_the_openapi_schema(client_for):
    paths = client_for("member").get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/networks/{network_id}/surveys",
        "/api/survey-responses/{token}",
        "/api/survey-responses/{token}/withdraw",
    ):
        assert path in paths or path.replace("{network_id}", "{id}") in paths, sorted(paths)
    surveyish = [p for p in paths if "survey" in p]
    for step in ("questions", "waves", "invitations", "close", "coverage"):
        assert any(step in p for p in surveyish), (step, surveyish)


def test_tracking_by_role_and_the_response_map(client_for, small_area, db):
    p = small_area.people
    wave = open_wave(make_survey(small_area, min_group_size=1))
    inv = invite(wave, p.leader, p.member)
    answer(inv[p.leader.pk], p.member)
    page = (
        client_for("member")
        .get(reverse("survey-wave", args=[small_area.led.pk, wave.pk]))
        .content.decode()
    )
    assert 'id="by-role"' in page and "Network leader" in page
    assert 'id="response-map"' in page and "surveys/response_map.js" in page
    assert reverse("survey-wave-map", args=[small_area.led.pk, wave.pk]) in page


def test_a_name_not_on_the_list_is_matched_and_counts_after_closing_again(client_for, small_area):
    from nlc.web.surveys.models import Answer
    from nlc.web.ties.models import Tie

    p = small_area.people
    wave = open_wave(make_survey(small_area))
    inv = invite(wave, p.leader)[p.leader.pk]
    services.open_invitation(inv)
    services.record_consent(inv)
    question = wave.survey.questions.first()
    services.save_response(
        inv,
        [services.Item(question=question.pk, other="Mo from Alpha", interpreters={"frequency": 3})],
    )
    services.close_wave(wave)
    assert not Tie.objects.filter(wave_tie__wave=wave).exists()
    typed = Answer.objects.get(invitation=inv, alter_text="Mo from Alpha")
    url = reverse("survey-answer-match", args=[small_area.led.pk, wave.pk, typed.pk])
    assert client_for("member").post(url, {"match": f"p:{p.member.pk}"}).status_code == 403
    client_for("leader").post(url, {"match": f"p:{p.member.pk}"})
    typed.refresh_from_db()
    assert typed.alter_person_id == p.member.pk
    services.close_wave(wave)
    tie = Tie.objects.get(wave_tie__wave=wave)
    assert (tie.source_person_id, tie.target_person_id) == (p.leader.pk, p.member.pk)
