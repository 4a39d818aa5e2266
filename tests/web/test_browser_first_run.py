"""A newcomer's first run in a real browser (issue #8): the picker searches as one types, and
the simulation page shows that it is running. Debian's chromium through Playwright; skipped
without it (fixtures shared with test_browser.py)."""

import re

from test_browser import (  # noqa: F401 - fixtures used by name
    _demo_loaded_again_afterwards,
    browser,
    demo,
    led_network,
    page,
    pytestmark,
    sign_in,
    site,
)


def test_the_tie_pickers_search_as_you_type(page):  # noqa: F811 - the shared fixture
    network = led_network()
    sign_in(page, "leader")
    page.goto(f"/networks/{network.pk}/ties/add/")
    select = page.locator("#id_source_organisation")
    everything = select.locator("option").count()
    box = page.locator("input.picker-search[aria-controls=id_source_organisation]")
    box.fill("college")
    options = "document.querySelector('#id_source_organisation').options.length"
    page.wait_for_function(f"() => {options} < {everything}")
    labels = select.locator("option").all_inner_texts()
    assert len(labels) > 1 and all("college" in t.lower() for t in labels[1:])
    select.select_option(index=1)
    chosen = select.input_value()
    box.fill("")  # every option comes back, the choice kept
    page.wait_for_function(f"() => {options} === {everything}")
    assert select.input_value() == chosen


def test_the_simulation_page_says_it_is_running(page):  # noqa: F811 - the shared fixture
    network = led_network()
    sign_in(page, "leader")
    page.goto(f"/networks/{network.pk}/simulate/")
    # Keep the page from leaving, to see the state it shows while the server works.
    page.evaluate(
        "document.getElementById('sim-form').addEventListener('submit', e => e.preventDefault())"
    )
    page.fill("#id_runs", "800")
    page.click("#sim-form button[type=submit]")
    status = page.locator("#sim-progress")
    status.wait_for(state="visible")
    assert re.fullmatch(r"Running 800 runs…", status.inner_text())
    assert page.locator("#sim-form button[type=submit]").is_disabled()
