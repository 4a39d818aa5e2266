"""The map in a real browser: Debian's chromium driven by Playwright against a live server.

Signs in through the form, opens the map, filters by tie type, searches and opens a node's
details, clicks a node, records a tie through the tie form and sees it on the map, and
saves a screenshot of the map to ``test-artifacts/map.png``.

The browser is never downloaded: without /usr/bin/chromium these tests are skipped.
``live_server`` runs tests in ``transactional_db``, which empties the database afterwards,
so the demonstration area is loaded again for the tests that follow.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made here to check
# the database are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WAIT = 60_000  # ms: the machine running the tests may be busy

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"Debian's chromium is not installed at {CHROMIUM} (browser tests never download one)",
)


@pytest.fixture(scope="module", autouse=True)
def _demo_loaded_again_afterwards(django_db_blocker):
    yield
    from nlc.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo(transactional_db):
    """The demonstration area (loaded again if an earlier live-server test emptied it)."""
    from nlc.web.demo import AREA_NAME, load_demo
    from nlc.web.registry.models import Area

    if not Area.objects.filter(name=AREA_NAME).exists():
        load_demo()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, demo):
    # Chromium sends the Secure session cookie to http://localhost, not to 127.0.0.1.
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "nlc-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def open_map(page, network) -> None:
    page.goto(f"/networks/{network.pk}/map/")
    page.wait_for_function("() => window.nlcMap && window.nlcMap.ready")


def shown_ties(page) -> int:
    return int(page.inner_text("#visible-edges"))


def led_network():
    from nlc.web.registry.models import Network

    return Network.objects.get(roles__person__user__username="leader", roles__role="leader")


def test_the_map_filters_searches_and_shows_a_new_tie(page):
    from nlc.web.ties.models import Tie

    network = led_network()
    organisation_ties = Tie.objects.filter(network=network, source_organisation__isnull=False)
    sign_in(page, "leader")
    open_map(page, network)
    assert shown_ties(page) == organisation_ties.count()

    # Filter by tie type: the advice ties leave the map, and come back.
    page.uncheck("input[name=tie-type][value=advice]")
    assert shown_ties(page) == organisation_ties.exclude(type="advice").count()
    assert page.evaluate("window.nlcMap.visibleTies()") == shown_ties(page)
    page.check("input[name=tie-type][value=advice]")
    assert shown_ties(page) == organisation_ties.count()

    # Search focuses a node and opens its details.
    college = network.memberships.get(organisation__kind="further_higher").organisation
    page.fill("#map-search", college.name)
    page.press("#map-search", "Enter")
    details = page.locator("#node-details")
    details.wait_for(state="visible")
    assert page.inner_text("#details-name") == college.name
    assert "Further and higher education" in page.inner_text("#details-kind")
    assert "Betweenness" in page.inner_text("#details-measures")
    assert page.get_attribute("#details-link", "href") == f"/organisations/{college.pk}/"
    assert page.evaluate("window.nlcMap.cy.$(':selected').id()") == f"o{college.pk}"
    page.click("#details-close")
    assert details.is_hidden()

    # A click on a node opens its details too.
    school = network.memberships.filter(organisation__kind="school").first().organisation
    page.wait_for_function("() => !window.nlcMap.cy.animated()")
    page.evaluate(f"window.nlcMap.cy.center(window.nlcMap.cy.$id('o{school.pk}'))")
    box = page.locator("#map").bounding_box()
    spot = page.evaluate(f"window.nlcMap.cy.$id('o{school.pk}').renderedPosition()")
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    details.wait_for(state="visible")
    assert page.inner_text("#details-name") == school.name

    # Record a tie through the form, and see it on the map.
    page.evaluate("window.nlcMap.cy.fit()")
    before = shown_ties(page)
    members = list(network.memberships.order_by("pk").values_list("organisation_id", flat=True))
    tied = set(organisation_ties.values_list("source_organisation_id", "target_organisation_id"))
    source, target = next((a, b) for a in members for b in members if a != b and (a, b) not in tied)
    page.click("#record-tie")
    page.select_option("select[name=source_organisation]", str(source))
    page.select_option("select[name=target_organisation]", str(target))
    page.select_option("select[name=type]", "referral")
    page.fill("input[name=observed_on]", "2025-06-30")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/ties/"))
    new = Tie.objects.get(
        network=network, source_organisation_id=source, target_organisation_id=target
    )
    assert new.type == "referral" and new.created_by.username == "leader"
    open_map(page, network)
    assert shown_ties(page) == before + 1
    edge = page.evaluate(f"window.nlcMap.cy.$id('t{new.pk}').data()")
    assert (edge["source"], edge["target"], edge["type"]) == (
        f"o{source}",
        f"o{target}",
        "referral",
    )

    # The artefact: the map with the new tie's source organisation found and its details open.
    page.fill("#map-search", network.memberships.get(organisation_id=source).organisation.name)
    page.press("#map-search", "Enter")
    details.wait_for(state="visible")
    page.wait_for_function("() => !window.nlcMap.cy.animated()")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"))


def test_the_two_mode_view_shows_people_with_pupils_protected(page):
    from nlc.web.registry.models import Person

    network = led_network()
    sign_in(page, "member")
    open_map(page, network)
    page.check("input[name=view][value=people]")
    page.wait_for_function("() => window.nlcMap.data.view === 'people'")
    people = Person.objects.filter(organisation__memberships__network=network)
    shown = page.evaluate("window.nlcMap.cy.nodes('.person').length")
    assert shown == people.count()
    pupil = people.filter(is_pupil=True).first()
    label = page.evaluate(f"window.nlcMap.cy.$id('p{pupil.pk}').data('label')")
    assert label == f"Pupil {pupil.pk}"
    assert pupil.name not in page.content()
    # Hiding schools hides their people and the ties at them.
    before = int(page.inner_text("#visible-nodes"))
    page.uncheck("input[name=kind][value=school]")
    after = int(page.inner_text("#visible-nodes"))
    at_schools = people.filter(organisation__kind="school").count()
    schools = network.memberships.filter(organisation__kind="school").count()
    assert before - after == at_schools + schools
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-people.png"))
