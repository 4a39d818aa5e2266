"""The brokerage page in a real browser: the demo's area administrator sees all five kinds
of suggestion with their reasons, introduces one and dismisses another; the introduction
appears under way and the dismissed one is gone. Screenshot:
test-artifacts/brokerage.png."""

import re

import pytest
from test_browser import (  # noqa: F401  (its fixtures, shared)
    ARTIFACTS,
    _demo_loaded_again_afterwards,
    browser,
    demo,
    sign_in,
    site,
)
from test_browser import page as page  # noqa: F401

from nlc.web.brokerage.models import Dismissal, Introduction
from nlc.web.brokerage.suggestions import KINDS

pytestmark = pytest.mark.skipif(
    not __import__("pathlib").Path("/usr/bin/chromium").exists(), reason="no chromium"
)


def test_the_area_admin_sees_five_kinds_and_acts_on_one_and_dismisses_another(page):
    sign_in(page, "admin")
    page.goto("/")
    page.click("nav[aria-label=Main] >> text=Brokerage")
    page.wait_for_url(re.compile(r"/brokerage/$"))
    for kind in KINDS:
        section = page.locator(f"section#kind-{kind}")
        cards = section.locator("article.suggestion")
        assert cards.count() > 0, kind
        assert cards.first.locator("ul.reasons li").first.inner_text().strip(), kind
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "brokerage.png"))

    before = Introduction.objects.count()
    card = page.locator("section#kind-relationship article.suggestion").first
    key = card.get_attribute("data-key")
    card.locator("select[name=level]").select_option("joint_work")
    card.locator("button[name=introduce]").click()
    page.wait_for_load_state()
    assert "Introduction proposed" in page.inner_text("main")
    assert Introduction.objects.count() == before + 1
    assert page.locator(f'article[data-key="{key}"]').count() == 0
    newest = Introduction.objects.order_by("-pk").first()
    row = page.locator(f'tr[data-introduction="{newest.pk}"]')
    assert "Proposed" in row.inner_text()

    card = page.locator("section#kind-membership article.suggestion").first
    key = card.get_attribute("data-key")
    card.locator("input[name=reason]").fill("Already in touch")
    card.locator("button[name=dismiss]").click()
    page.wait_for_load_state()
    assert "Dismissed" in page.inner_text("main")
    assert page.locator(f'article[data-key="{key}"]').count() == 0
    kind, source, target = key.split("|")
    assert Dismissal.objects.get(kind=kind, source=source, target=target).reason == (
        "Already in touch"
    )

    row.locator("select[name=action]").select_option("agree_a")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "First side agreed" in page.locator(f'tr[data-introduction="{newest.pk}"]').inner_text()


def test_the_other_three_kinds_can_be_acted_on_or_dismissed_too(page):
    sign_in(page, "admin")
    page.goto("/brokerage/")
    for kind, action in (
        ("partnership", "introduce"),
        ("resource", "introduce"),
        ("knowledge", "dismiss"),
    ):
        card = page.locator(f"section#kind-{kind} article.suggestion").first
        key = card.get_attribute("data-key")
        before = (Introduction.objects.count(), Dismissal.objects.count())
        card.locator(f"button[name={action}]").click()
        page.wait_for_load_state()
        assert page.locator(f'article[data-key="{key}"]').count() == 0, kind
        made = (Introduction.objects.count() - before[0], Dismissal.objects.count() - before[1])
        assert made == ((1, 0) if action == "introduce" else (0, 1)), kind
        if action == "introduce":
            assert Introduction.objects.order_by("-pk").first().kind == kind
