"""Every page a demo role can reach, at a laptop's size and a phone's, in a real browser.

For each demo account and each size (1366x768, 375x812) the test signs in, follows every
link of the top bar and every section tab of the led network's workspace, and checks that
the page does not scroll sideways (``document.documentElement.scrollWidth <=
window.innerWidth``: wide tables scroll inside their own box), that no request failed with a
4xx/5xx answer and that the browser logged no error. A screenshot of each page is saved to
``test-artifacts/layout/`` (git-ignored) for a person to look at.

Debian's chromium is driven by Playwright; without /usr/bin/chromium the test is skipped.
``live_server`` empties the database afterwards, so the demonstration area is loaded again
for the tests that follow (as in ``test_browser.py``).
"""

import os
import re
from pathlib import Path

import pytest
from conftest import ROLES

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "layout"
WAIT = 60_000  # ms: the machine running the tests may be busy
SIZES = {"laptop": (1366, 768), "phone": (375, 812)}

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
def site(live_server, transactional_db):
    from nlc.web.demo import AREA_NAME, load_demo
    from nlc.web.registry.models import Area

    if not Area.objects.filter(name=AREA_NAME).exists():
        load_demo()
    # Chromium sends the Secure session cookie to http://localhost, not to 127.0.0.1.
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A signed-in browser tab that records failed requests and errors on each page."""

    def __init__(self, browser, site: str, size: tuple[int, int]):
        width, height = size
        self.context = browser.new_context(
            base_url=site, viewport={"width": width, "height": height}
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT)
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on(
            "console",
            lambda message: (
                message.type == "error" and self.problems.append(f"console: {message.text}")
            ),
        )
        self.page.on(
            "response",
            lambda response: (
                response.status >= 400 and self.problems.append(f"{response.status} {response.url}")
            ),
        )

    def sign_in(self, username: str) -> None:
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", "nlc-demo-2026")
        self.page.click("button[type=submit]")
        self.page.wait_for_url(re.compile(r"/$"))

    def open(self, path: str) -> list[str]:
        """Open ``path``, wait for its scripts (the maps) to finish, return its problems."""
        self.problems.clear()
        self.page.goto(path)
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function("!window.nlcMap || window.nlcMap.ready")
        return list(self.problems)

    def links(self, selector: str) -> list[str]:
        return self.page.eval_on_selector_all(
            selector, "links => links.map(a => a.getAttribute('href'))"
        )

    def overflow(self) -> tuple[int, int]:
        return tuple(
            self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        )


def led_network():
    from nlc.web.registry.models import Network

    return Network.objects.get(roles__person__user__username="leader", roles__role="leader")


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "dashboard"


def _check_size_specifics(visit: Visit, size: str, path: str, network_pk: int) -> None:
    page = visit.page
    if path == "/" and size == "phone":
        # The top bar collapses behind the Menu button, and opens on a tap.
        assert not page.is_visible("#main-nav")
        page.click("label.nav-button")
        assert page.is_visible("#main-nav")
    if path == f"/networks/{network_pk}/simulate/":
        # The Simulate button is in sight without scrolling a panel.
        box = page.locator("#sim-form button[type=submit]").bounding_box()
        assert box is not None and box["y"] + box["height"] <= SIZES[size][1]
    if path == f"/networks/{network_pk}/analysis/" and size == "laptop":
        # The mixing matrix is shown whole at a laptop's width.
        right = page.evaluate("document.querySelector('#mixing').getBoundingClientRect().right")
        assert right <= SIZES[size][0]


def _visit_every_page(browser, site: str, username: str, size: str) -> dict:
    """Problems found on each page ``username`` reaches at ``size`` (none: empty)."""
    network = led_network()
    visit = Visit(browser, site, SIZES[size])
    failures = {}
    try:
        visit.sign_in(username)
        # The top bar: its sections and the account's own links (the password page).
        top = visit.links("#main-nav a, header.top .signout a")
        assert "/accounts/password/" in top
        visit.open(f"/networks/{network.pk}/")
        sections = visit.links("#workspace-tabs a")
        assert len(sections) >= 5
        for path in dict.fromkeys(top + sections):
            problems = visit.open(path)
            width, window = visit.overflow()
            if width > window:
                problems.append(f"the page is {width}px wide in a {window}px window")
            visit.page.screenshot(
                path=str(ARTIFACTS / f"{username}-{size}-{_slug(path)}.png"), full_page=True
            )
            _check_size_specifics(visit, size, path, network.pk)
            if problems:
                failures[path] = problems
    finally:
        visit.context.close()
    return failures


@pytest.mark.parametrize("username", ROLES)
def test_every_page_fits_the_screen_without_errors(browser, site, username):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        assert _visit_every_page(browser, site, username, size) == {}, size
