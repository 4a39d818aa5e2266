"""The simulation page names organisations where the engine has ids: who is most likely to
adopt, who adopts at each step of a training run, and the gain of a proposed tie with its
interval (issue 8, "Wrong or misleading words")."""

import json
import re

import pytest
from django.urls import reverse

from nlc.simulation.engine import IndependentCascade, RunOptions, simulate
from nlc.simulation.report import gain_interval
from nlc.web.ties.services import organisation_network

pytestmark = pytest.mark.usefixtures("small_area")


def simulate_page(client, network, **query) -> str:
    base = {"model": "cascade", "p": "0.5", "strategy": "degree", "k": "1", "runs": "200"}
    response = client.get(reverse("network-simulate", args=[network.pk]), {**base, **query})
    assert response.status_code == 200
    return response


def test_it_lists_the_organisations_most_likely_to_adopt_by_name(client_for, led_network):
    html = simulate_page(client_for("member"), led_network, rng="3").content.decode()
    table = re.search(r'id="sim-likely">(.*?)</section>', html, re.S).group(1)
    net = organisation_network(led_network)
    for name in net.attributes["name"]:
        assert name in table
    for pk in net.ids:  # names, never bare ids
        assert f"<td>{pk}</td>" not in table


def test_the_gain_of_a_proposed_tie_is_shown_with_its_interval(client_for, small_area):
    o = small_area.organisations
    a, b = str(o.primary.pk), str(o.academy.pk)
    query = {"strategy": "chosen", "seeds": [str(o.library.pk)], "tie_from": a, "tie_to": b}
    response = simulate_page(client_for("leader"), small_area.led, rng="4", **query)
    comparison = response.context["results"]["comparison"]
    html = response.content.decode()
    row = re.search(r'id="row-difference">(.*?)</tr>', html, re.S).group(1)
    assert "Gain from the new tie" in row
    assert f"{comparison['difference']:+.2f}" in row
    assert gain_interval(comparison["difference_ci95"]) in row
    assert "1.96" in row


def test_a_training_run_names_who_adopts_at_each_step(client_for, led_network):
    html = simulate_page(client_for("leader"), led_network, mode="training", rng="2")
    html = html.content.decode()
    config = json.loads(re.search(r'id="sim-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    net = organisation_network(led_network)
    names = dict(zip(net.ids, net.attributes["name"], strict=True))
    for entry in config["trace"]["steps"]:
        assert entry["new_names"] == sorted((names[i] for i in entry["new"]), key=str.casefold)
    assert 'id="step-names"' in html


def test_the_likely_adopters_agree_with_the_engine(client_for, led_network):
    response = simulate_page(client_for("leader"), led_network, rng="9")
    net = organisation_network(led_network)
    model = IndependentCascade(p=0.5)
    plan = response.context["plan"]
    expected = simulate(net, model, plan.seeds, options=RunOptions(runs=200, rng=9, group="kind"))
    probability = dict(zip(net.ids, expected.adoption_probability.tolist(), strict=True))
    names = dict(zip(net.ids, net.attributes["name"], strict=True))
    rows = response.context["likely_rows"]
    assert [r["base"] for r in rows] == sorted(probability.values(), reverse=True)
    assert {r["name"] for r in rows} == set(names.values())
