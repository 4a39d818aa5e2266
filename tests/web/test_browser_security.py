"""The Content-Security-Policy in a real browser: every kind of page, the map and the
simulation drawn with Cytoscape, the API docs (Swagger UI) and the admin, with no
violation reported and no console error.

Debian's chromium through Playwright, never a downloaded one: skipped without it.
``live_server`` empties the database after its test, so the demo area is loaded again.
"""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-component-update"]
# Every violation of the policy, as the page itself sees them.
LISTEN = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.cspViolations = window.cspViolations || []).push(
    e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile);
});"""


def console_error(message, url: str, problems: list[str]) -> None:
    """Keep the console's errors, but for the favicon the site does not have."""
    if message.type == "error" and not message.location.get("url", "").endswith("favicon.ico"):
        problems.append(f"{url}: {message.text}")


@pytest.fixture(scope="module")
def _demo_loaded_again_afterwards(django_db_blocker):
    yield
    from nlc.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Debian chromium")
def test_no_page_breaks_the_content_security_policy(
    _demo_loaded_again_afterwards, live_server, transactional_db
):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from django.contrib.auth import get_user_model
    from playwright.sync_api import sync_playwright

    from nlc.web.demo import AREA_NAME, load_demo
    from nlc.web.registry.models import Area, Network

    if not Area.objects.filter(name=AREA_NAME).exists():
        load_demo()
    get_user_model().objects.filter(username="admin").update(is_staff=True, is_superuser=True)
    network = Network.objects.get(roles__person__user__username="leader", roles__role="leader")
    site = live_server.url.replace("127.0.0.1", "localhost")  # Secure cookies: localhost only
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(base_url=site)
        context.add_init_script(LISTEN)
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        tab.on("pageerror", lambda error: problems.append(f"{tab.url}: {error}"))
        tab.on("console", lambda message: console_error(message, tab.url, problems))

        def visit(url, ready=None):
            response = tab.goto(url)
            assert response.headers.get("content-security-policy"), url
            if ready:
                tab.wait_for_function(ready)
            tab.wait_for_load_state("networkidle")
            problems.extend(tab.evaluate("window.cspViolations || []"))

        visit("/accounts/login/")
        tab.fill("#id_username", "admin")
        tab.fill("#id_password", "nlc-demo-2026")
        tab.click("button[type=submit]")
        tab.wait_for_url(re.compile(r"/$"))
        visit("/")
        visit("/networks/")
        visit(f"/networks/{network.pk}/")
        visit(f"/networks/{network.pk}/map/", "() => window.nlcMap && window.nlcMap.ready")
        query = "mode=training&model=cascade&p=0.4&strategy=degree&k=2&runs=10&rng=5"
        visit(
            f"/networks/{network.pk}/simulate/?{query}",
            "() => window.nlcSimulation && window.nlcSimulation.ready",
        )
        visit("/accounts/password/")
        visit("/api/docs", "() => document.querySelector('.swagger-ui .info') !== null")
        visit("/admin/")
        browser.close()
    assert not problems, "\n".join(problems)
