"""The wave page's coverage panel comes from the derived cache (nlc.web.cache): the resampling
runs once per state of the wave's responses, in any server process, a new response changes
the figures, and the cached value holds no names (each user's are applied after)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse
from survey_helpers import answer, invite, make_survey, open_wave

from nlc.analysis import coverage as core
from nlc.web.cache import DERIVED
from nlc.web.surveys import access as survey_access
from nlc.web.surveys import results

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def wave(small_area, db):
    """Three invited; the leader named Mo Member. The caches start empty (an earlier test
    may have computed the same figures: the key names the inputs, not the test's wave)."""
    for alias in ("default", DERIVED):
        caches[alias].clear()
    p = small_area.people
    wave = open_wave(make_survey(small_area))
    inv = invite(wave, p.leader, p.member, p.teacher)
    answer(inv[p.leader.pk], p.member)
    return wave


def _panel(client, wave):
    response = client.get(reverse("survey-wave", args=[wave.survey.network_id, wave.pk]))
    assert response.status_code == 200
    return response.context["coverage"], response.context["coverage_measures"]


def _uncached(wave, draws=100, seed=0):
    with mock.patch.object(results, "derived", lambda key, build, **_: build()):
        return results.coverage_of(wave, draws=draws, seed=seed)


def test_the_panel_is_computed_once_per_state_of_the_responses(client_for, wave, small_area):
    p = small_area.people
    client = client_for("leader")
    with mock.patch.object(core, "coverage", wraps=core.coverage) as compute:
        first, rows = _panel(client, wave)
        again, rows_again = _panel(client, wave)
        assert compute.call_count == 1
        assert repr(again) == repr(first) and repr(rows_again) == repr(rows)
        caches["default"].clear()  # another server process: read from the shared cache
        assert repr(_panel(client, wave)[0]) == repr(first)
        assert compute.call_count == 1

        answer(wave.invitations.get(person=p.member), p.leader)  # a new response
        after, _ = _panel(client, wave)
        assert compute.call_count == 2
        assert (first.responded, after.responded) == (1, 2)
        assert after.response_rate > first.response_rate
        _panel(client, wave)
        assert compute.call_count == 2


def test_cached_figures_are_those_computed_afresh(wave):
    cached = results.coverage_of(wave)
    assert repr(results.coverage_of(wave)) == repr(cached) == repr(_uncached(wave))
    other = results.coverage_of(wave, draws=20, seed=3)
    assert other.draws == 20 and repr(other) == repr(_uncached(wave, draws=20, seed=3))


def test_the_cached_value_holds_no_names_and_each_user_gets_their_own(client_for, wave, small_area):
    p = small_area.people
    answer(wave.invitations.get(person=p.member), p.teacher)  # Mo brokers Lena and the teacher
    cached = None
    labels = set()
    for username in ("admin", "leader", "evaluator"):  # the first fills the cache
        client = client_for(username)
        user = client.get("/").wsgi_request.user
        _, shown = _panel(client, wave)
        cached = cached or results.coverage_of(wave)
        name = survey_access.names(user, [p.member.pk])[p.member.pk]
        assert f"Broker: {name}" in [row["label"] for row in shown]
        assert name not in repr(cached)
        labels.add(name)
        fresh = results.named_measures(user, _uncached(wave))
        assert repr(shown) == repr(fresh)
    assert len(labels) > 1  # the roles see different names, from one cached value
