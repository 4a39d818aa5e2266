"""The simulation page's "Check the model against what happened" panel (issue 10).

The panel fits the cascade's p to the adoptions the demo's activities record (the learning
app's real :func:`adoption_events`) on the network's organisation ties; the fit itself is
tested on a synthetic case with a known p in ``tests/test_calibration.py``.
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from nlc.simulation.calibration import fit_cascade_p, predictive_check
from nlc.web.simulations import calibration
from nlc.web.ties.services import organisation_network

learning = pytest.importorskip("nlc.web.learning.services")
models = pytest.importorskip("nlc.web.learning.models")

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)


def page(network):
    return reverse("network-simulate", args=[network.pk])


def test_the_panel_fits_p_on_the_recorded_adoptions(client_for, led_network):
    events = learning.adoption_events(led_network)
    assert len(events) >= 4  # the demo has practices travelling
    response = client_for("member").get(page(led_network))
    panel = response.context["calibration"]
    assert panel["status"] == "fitted", panel
    net = organisation_network(led_network)
    cascades, _ = calibration.observed_cascades(led_network, net)
    assert {c.practice.casefold() for c in cascades} == {e.practice.casefold() for e in events}
    fit = fit_cascade_p(net, cascades, step="month", window=None)
    assert panel["fit"]["p"] == pytest.approx(fit.p)
    low, high = panel["fit"]["ci95"]
    assert 0.0 <= low <= fit.p <= high <= 1.0
    check = predictive_check(net, cascades, fit.p, runs=calibration.RUNS, rng=calibration.RNG)
    assert panel["check"]["mean_probability"] == pytest.approx(check.mean_probability)
    # an adoption by an organisation already among the practice's sources is not counted
    recorded = len({(e.practice, e.adopter_organisation) for e in events})
    assert panel["check"]["observed"] == fit.adoptions <= recorded
    if fit.adoptions < recorded:
        assert any("already among the practice's sources" in n for n in panel["notes"])
    html = response.content.decode()
    assert "Check the model against what happened" in html
    assert f"{fit.p:.3f}" in html and f'data-p="{round(fit.p, 3)}"' in html
    assert "nlc/calibration.js" in html and "onclick" not in html
    assert "95% interval" in panel["summary"] and "recorded" in panel["summary"]


def test_the_panel_is_shown_next_to_the_results_of_a_run(client_for, led_network):
    query = {"model": "cascade", "p": "0.2", "strategy": "degree", "k": "2", "runs": "20"}
    response = client_for("leader").get(page(led_network), query | {"rng": "1"})
    assert response.context["results"] is not None
    assert response.context["calibration"]["status"] == "fitted"


def test_an_adoption_dated_before_its_activity_is_explained_not_a_crash(client_for, led_network):
    event = models.AdoptionEvent.objects.filter(activity__network=led_network).first()
    event.adopted_on = event.activity.start_date - dt.timedelta(days=400)
    event.save()
    response = client_for("leader").get(page(led_network))
    assert response.status_code == 200
    panel = response.context["calibration"]
    assert panel["status"] == "error"
    assert "before its source began" in panel["message"]
    assert "cannot be used to fit the model" in response.content.decode()


def test_a_network_without_adoptions_says_so(client_for, led_network):
    models.AdoptionEvent.objects.filter(activity__network=led_network).delete()
    response = client_for("leader").get(page(led_network))
    assert response.context["calibration"] == {"status": "empty", "notes": []}
    assert "No adoptions of a practice are recorded" in response.content.decode()


def test_without_the_learning_app_there_is_no_panel(client_for, led_network, monkeypatch):
    monkeypatch.setattr(calibration.apps, "is_installed", lambda name: name != "nlc.web.learning")
    response = client_for("leader").get(page(led_network))
    assert response.status_code == 200
    assert response.context["calibration"] is None
    assert "Check the model" not in response.content.decode()


# In a browser (last: ``live_server`` empties the database after its test) ----------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def _demo_loaded_again_afterwards(django_db_blocker):
    """``live_server`` empties the database after its test: load the demonstration again."""
    yield
    from nlc.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Debian chromium")
def test_use_this_p_fills_the_form_in_a_browser(
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
        tab = browser.new_context(base_url=site).new_page()
        tab.set_default_timeout(60_000)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
        tab.goto("/accounts/login/")
        tab.fill("#id_username", "leader")
        tab.fill("#id_password", "nlc-demo-2026")
        tab.click("button[type=submit]")
        tab.wait_for_url(re.compile(r"/$"))
        tab.goto(page(network))
        tab.select_option("#id_model", "threshold")
        tab.fill("#id_p", "0.9")
        fitted = tab.get_attribute("#use-calibrated-p", "data-p")
        tab.click("#use-calibrated-p")
        assert tab.input_value("#id_p") == fitted
        assert tab.input_value("#id_model") == "cascade"
        browser.close()
    assert 0.0 <= float(fitted) <= 1.0
    assert not errors, errors  # the CSP allows the static script; no inline handler needed
