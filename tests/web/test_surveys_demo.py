"""The demonstration's surveys: a closed wave in the first year, an open one in the second,
realistic response rates, and the surveys pages for every demo account."""

from __future__ import annotations

import pytest
from conftest import ROLES
from django.urls import reverse

from nlc.web.demo import AREA_NAME
from nlc.web.surveys import services
from nlc.web.surveys.models import Wave, WaveStatus
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.demo


def test_every_network_has_a_closed_and_an_open_wave(db):
    waves = Wave.objects.filter(survey__network__area__name=AREA_NAME)
    networks = {w.survey.network_id for w in waves}
    assert len(networks) >= 4
    for network in networks:
        first, second = waves.filter(survey__network_id=network).order_by("number")
        assert (first.status, second.status) == (WaveStatus.CLOSED, WaveStatus.OPEN)
        assert first.closes_on.year == 2025 and second.opens_on.year == 2026
        assert services.is_live(second)
        rate_1 = services.tracking(first)["overall"]["response_rate"]
        rate_2 = services.tracking(second)["overall"]["response_rate"]
        assert 0.65 <= rate_1 <= 0.9 and 0.4 <= rate_2 <= 0.75
        made = Tie.objects.filter(wave_tie__wave=first)
        assert made.exists()
        assert set(made.values_list("provenance", flat=True)) == {Provenance.SURVEY}


@pytest.mark.parametrize("username", ROLES)
def test_the_demo_wave_pages_answer_for_every_account(client_for, username):
    wave = Wave.objects.filter(survey__network__area__name=AREA_NAME, number=2).order_by("pk")[0]
    client = client_for(username)
    response = client.get(reverse("survey-wave", args=[wave.survey.network_id, wave.pk]))
    network_ok = client.get(reverse("network-surveys", args=[wave.survey.network_id]))
    assert response.status_code == network_ok.status_code
    assert response.status_code in (200, 403)
