"""The simulation page: who may simulate, agreement with the engine, a proposed tie's
difference, validation, and training mode's step-by-step trace (plus one browser test)."""

import json
import os
import re
from pathlib import Path

import pytest
from conftest import ROLES
from django.urls import reverse

from nlc.simulation.engine import (
    IndependentCascade,
    RunOptions,
    ThresholdModel,
    simulate,
    trace_run,
)
from nlc.simulation.scenarios import add_ties
from nlc.simulation.seeding import choose_seeds
from nlc.web.ties.services import organisation_network

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

AREA_READERS = {"admin", "evaluator"}  # besides the network's own people


def page(network):
    return reverse("network-simulate", args=[network.pk])


def cascade_query(**extra):
    query = {"model": "cascade", "p": "0.2", "strategy": "degree", "k": "2", "runs": "150"}
    query["rng"] = "7"
    query.update(extra)
    return query


def untied_pair(net):
    """Two organisations of the network with no tie between them, the first of low degree."""
    arcs = set(zip(net.source.tolist(), net.target.tolist(), strict=True))
    deg, _, _ = net.degrees()
    order = sorted(range(net.n), key=lambda i: (deg[i], i))
    for a in order:
        for b in reversed(order):
            if a != b and (a, b) not in arcs and (b, a) not in arcs:
                return net.ids[a], net.ids[b]
    raise AssertionError("the demo network is complete")


# Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_everyone_who_may_view_the_network_may_simulate_it(client_for, led_network, username):
    client = client_for(username)
    assert client.get(page(led_network)).status_code == 200
    response = client.get(page(led_network), cascade_query(runs="20"))
    assert response.status_code == 200
    assert response.context["results"] is not None


@pytest.mark.parametrize("username", ROLES)
def test_other_networks_are_refused_to_those_who_may_not_view_them(
    client_for, other_network, username
):
    response = client_for(username).get(page(other_network), cascade_query(runs="20"))
    assert response.status_code == (200 if username in AREA_READERS else 403)


def test_anonymous_visitors_are_sent_to_sign_in(db, client, led_network):
    response = client.get(page(led_network))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_missing_network_is_not_found(client_for):
    assert client_for("admin").get("/networks/999999/simulate/").status_code == 404


def test_the_network_page_links_to_the_simulation(client_for, led_network):
    response = client_for("member").get(led_network.get_absolute_url())
    assert page(led_network) in response.content.decode()


# Results equal the engine's ------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["degree", "brokers"])
def test_a_cascade_run_gives_the_engines_mean_and_interval(client_for, led_network, strategy):
    response = client_for("leader").get(page(led_network), cascade_query(strategy=strategy))
    results = response.context["results"]["base"]

    net = organisation_network(led_network)
    model = IndependentCascade(p=0.2)
    seeds = choose_seeds(net, model, 2, strategy, options=RunOptions(rng=7)).ids
    assert response.context["plan"].seeds == seeds
    expected = simulate(net, model, seeds, options=RunOptions(runs=150, rng=7, group="kind"))
    assert results["mean_adopters"] == expected.mean_adopters
    assert results["ci95"] == list(expected.ci95())
    assert results["curve"] == expected.curve(max_points=200)
    assert results["group_reach"] == expected.group_reach()
    html = response.content.decode()
    assert f"{expected.mean_adopters:.2f}" in html
    assert 'class="curve-mean"' in html
    config = json.loads(re.search(r'id="sim-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert config["probability"]["as is"] == dict(
        zip(net.ids, expected.adoption_probability.tolist(), strict=True)
    )
    assert {n["id"] for n in config["elements"]["nodes"]} == set(net.ids)


def test_a_threshold_run_with_chosen_seeds_gives_the_engines_mean(client_for, led_network):
    net = organisation_network(led_network)
    chosen = net.ids[:2]
    query = {"model": "threshold", "threshold": "0.25", "strategy": "chosen", "seeds": chosen}
    query.update(runs="60", rng="3")
    response = client_for("facilitator").get(page(led_network), query)
    assert response.context["form"].errors == {}
    expected = simulate(
        net,
        ThresholdModel(threshold=0.25, share=True),
        chosen,
        options=RunOptions(runs=60, rng=3, group="kind"),
    )
    assert response.context["results"]["base"]["mean_adopters"] == expected.mean_adopters


def test_random_seeds_are_drawn_in_every_run_as_the_engine_does(client_for, led_network):
    response = client_for("leader").get(page(led_network), cascade_query(strategy="random"))
    net = organisation_network(led_network)
    expected = simulate(
        net, IndependentCascade(p=0.2), seed_count=2, options=RunOptions(runs=150, rng=7)
    )
    assert response.context["results"]["base"]["mean_adopters"] == expected.mean_adopters


def test_a_proposed_tie_shows_a_paired_difference(client_for, led_network):
    net = organisation_network(led_network)
    a, b = untied_pair(net)
    query = cascade_query(strategy="chosen", seeds=[a], p="0.5", tie_from=a, tie_to=b)
    response = client_for("leader").get(page(led_network), query)
    results = response.context["results"]
    comparison = results["comparison"]
    assert comparison["difference"] > 0
    low, high = comparison["difference_ci95"]
    assert low <= comparison["difference"] <= high
    assert results["scenario"]["mean_adopters"] == pytest.approx(
        results["base"]["mean_adopters"] + comparison["difference"]
    )
    base = simulate(
        net, IndependentCascade(p=0.5), [a], options=RunOptions(runs=150, rng=7, group="kind")
    )
    assert results["base"]["mean_adopters"] == base.mean_adopters
    changed = add_ties(net, [(a, b), (b, a)])
    assert results["scenario"]["n"] == changed.n and changed.m == net.m + 2
    html = response.content.decode()
    assert 'id="row-difference"' in html
    assert f"{comparison['difference']:.2f}" in html


# Validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"p": "1.5"}, "p"),
        ({"p": "-0.1"}, "p"),
        ({"p": "abc"}, "p"),
        ({"runs": "0"}, "runs"),
        ({"runs": "-3"}, "runs"),
        ({"runs": "2001"}, "runs"),
        ({"strategy": "chosen", "seeds": ["nope"]}, "seeds"),
        ({"strategy": "chosen"}, "seeds"),
        ({"strategy": "sideways"}, "strategy"),
        ({"model": "sir"}, "model"),
        ({"k": "0"}, "k"),
        ({"k": "9999"}, "k"),
        ({"tie_from": "999999", "tie_to": "999998"}, "tie_from"),
        ({"model": "threshold", "threshold": "2"}, "threshold"),
    ],
)
def test_bad_parameters_re_render_the_form_with_errors(client_for, led_network, change, field):
    response = client_for("leader").get(page(led_network), cascade_query(**change))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["results"] is None
    assert 'class="errorlist' in response.content.decode()


def test_a_proposed_tie_needs_two_different_ends(client_for, led_network):
    net = organisation_network(led_network)
    a = net.ids[0]
    client = client_for("leader")
    for ends in ({"tie_from": a}, {"tie_from": a, "tie_to": a}):
        response = client.get(page(led_network), cascade_query(**ends))
        assert "tie_to" in response.context["form"].errors


# Training mode --------------------------------------------------------------------------


def test_training_mode_embeds_one_entry_per_step(client_for, led_network):
    net = organisation_network(led_network)
    query = cascade_query(mode="training", p="0.3", rng="11")
    response = client_for("member").get(page(led_network), query)
    assert response.status_code == 200
    html = response.content.decode()
    config = json.loads(re.search(r'id="sim-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    trace = config["trace"]

    model = IndependentCascade(p=0.3)
    seeds = choose_seeds(net, model, 2, "degree", options=RunOptions(rng=11)).ids
    steps = trace_run(net, model, seeds, run=0, options=RunOptions(rng=11))
    assert len(trace["steps"]) == int(steps.max()) + 1
    assert [entry["step"] for entry in trace["steps"]] == list(range(int(steps.max()) + 1))
    final = {net.ids[i] for i in range(net.n) if steps[i] >= 0}
    assert set(trace["steps"][-1]["adopters"]) == final == set(trace["final"])
    assert set(trace["steps"][0]["new"]) == set(seeds)
    for t, entry in enumerate(trace["steps"]):
        assert set(entry["new"]) == {net.ids[i] for i in range(net.n) if steps[i] == t}
    assert 'id="step-next"' in html


# In a real browser -----------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def _demo_loaded_again_afterwards(django_db_blocker):
    """``live_server`` empties the database after its test: load the demo area again."""
    yield
    from nlc.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Debian chromium")
def test_training_mode_steps_through_the_run_in_a_browser(
    _demo_loaded_again_afterwards, live_server, transactional_db
):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from nlc.web.demo import AREA_NAME, load_demo
    from nlc.web.registry.models import Area, Network

    if not Area.objects.filter(name=AREA_NAME).exists():
        load_demo()
    network = Network.objects.get(roles__person__user__username="leader", roles__role="leader")
    site = live_server.url.replace("127.0.0.1", "localhost")  # Secure cookies: localhost only
    args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-component-update"]
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(base_url=site)
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto("/accounts/login/")
        tab.fill("#id_username", "leader")
        tab.fill("#id_password", "nlc-demo-2026")
        tab.click("button[type=submit]")
        tab.wait_for_url(re.compile(r"/$"))
        query = "mode=training&model=cascade&p=0.4&strategy=degree&k=2&runs=10&rng=5"
        tab.goto(f"{page(network)}?{query}")
        tab.wait_for_function("() => window.nlcSimulation && window.nlcSimulation.ready")
        assert tab.evaluate("window.nlcSimulation.step") == 0
        seeds = tab.evaluate("window.nlcSimulation.adopters().length")
        assert seeds == 2
        assert "Step 0" in tab.inner_text("#step-status")
        tab.click("#step-next")
        assert tab.evaluate("window.nlcSimulation.step") == 1
        assert "Step 1" in tab.inner_text("#step-status")
        assert tab.evaluate("window.nlcSimulation.adopters().length") >= seeds
        tab.click("#step-prev")
        assert tab.evaluate("window.nlcSimulation.step") == 0
        browser.close()
    assert not errors, errors
