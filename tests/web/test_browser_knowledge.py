"""Knowledge items in a real browser: every kind is drafted by a member, sent for review,
published by the network's leader, found by search (and, when public, in the public
resource without signing in), and archived.

Uses the live server and Debian's chromium as ``test_browser.py`` does (its fixtures are
imported from there); skipped without /usr/bin/chromium.
"""

import re

import pytest
from test_browser import (  # noqa: F401 - fixtures
    CHROMIUM_ARGS,
    WAIT,
    _demo_loaded_again_afterwards,
    browser,
    demo,
    page,
    pytestmark,
    sign_in,
    site,
)

TITLES = {
    "practice": "Reading buddies across the move to secondary school",
    "think_piece": "What headteachers learn from walking each other's corridors",
    "case_study": "A homework club run by the college's own students",
    "tool": "Checklist for planning a pupil-led governors' meeting",
    "data_set": "Attendance of looked-after children by term",
}


@pytest.fixture
def leader_page(browser, site):  # noqa: F811 - the fixtures above
    context = browser.new_context(base_url=site, viewport={"width": 1400, "height": 900})
    other = context.new_page()
    other.set_default_timeout(WAIT)
    errors = []
    other.on("pageerror", lambda error: errors.append(str(error)))
    yield other
    context.close()
    assert not errors, errors


def _member_network():
    from nlc.web.registry.models import Network

    return Network.objects.get(roles__person__user__username="member")


def _draft(page, kind: str, title: str, network) -> str:  # noqa: F811
    page.goto("/knowledge/new/")
    page.select_option("#id_kind", kind)
    page.fill("#id_title", title)
    page.fill("#id_summary", f"{title}: what we tried and what changed.")
    page.fill("#id_body", "We **tried** it for a term.\n\n<script>alert('x')</script>")
    page.select_option("#id_networks", [str(network.pk)])
    page.fill("#id_date", "2026-03-02")
    page.click("#save-item")
    page.wait_for_url(re.compile(r"/knowledge/\d+/$"))
    assert page.inner_text("#item-status") == "Draft"
    assert page.locator("#item-body strong").inner_text() == "tried"
    assert page.locator("#item-body script").count() == 0
    page.click("#submit-review")
    page.wait_for_selector("#item-status:text('In review')")
    return page.url


def test_every_kind_is_drafted_reviewed_published_found_and_archived(page, leader_page):  # noqa: F811
    from nlc.web.knowledge.models import Item

    network = _member_network()
    sign_in(page, "member")
    urls = {kind: _draft(page, kind, title, network) for kind, title in TITLES.items()}
    # The author may not publish their own item.
    assert page.locator("#publish").count() == 0

    sign_in(leader_page, "leader")
    for kind, url in urls.items():
        leader_page.goto(url)
        if kind in ("practice", "tool"):
            leader_page.check("#id_public")
        leader_page.fill("#id_note", "Clear and useful.")
        leader_page.click("#publish")
        leader_page.wait_for_selector("#item-status:text('Published')")
        assert "Clear and useful." in leader_page.inner_text("#comments")

    for kind, title in TITLES.items():
        item = Item.objects.get(title=title)
        assert item.kind == kind and item.status == "published"
        page.goto("/knowledge/?q=" + title.replace(" ", "+"))
        found = page.locator(f'[data-item="{item.pk}"]')
        assert found.count() == 1, title
        assert found.locator("mark").count() > 0

    # Public items are in the public resource, for a browser that has not signed in.
    anonymous = page.context.browser.new_context(base_url=page.url.split("/knowledge")[0])
    public = anonymous.new_page()
    practice = Item.objects.get(title=TITLES["practice"])
    public.goto("/resource/?q=reading+buddies")
    assert public.locator(f'[data-item="{practice.pk}"]').count() == 1
    public.click(f'[data-item="{practice.pk}"] a')
    assert public.inner_text("#item-title") == TITLES["practice"]
    case_study = Item.objects.get(title=TITLES["case_study"])
    public.goto("/resource/?q=homework+club+college+students")
    assert public.locator(f'[data-item="{case_study.pk}"]').count() == 0  # not public
    anonymous.close()

    for url in urls.values():
        leader_page.goto(url)
        leader_page.click("#archive")
        leader_page.wait_for_selector("#item-status:text('Archived')")
    assert set(Item.objects.filter(title__in=TITLES.values()).values_list("status", flat=True)) == {
        "archived"
    }
