"""Who reads which knowledge items, for every role: the list page, item pages, the search
page, the API list, the API search and the public resource (the rules of
``nlc.web.knowledge.access``; the expected sets are in ``knowledge_items.READS``)."""

import re

import pytest
from conftest import ROLES
from knowledge_items import ALL, READS, build_items

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def items(db, small_area):
    return build_items(small_area)


def _names(items, ids) -> set[str]:
    by_pk = {getattr(items, name).pk: name for name in ALL}
    return {by_pk[int(i)] for i in ids if int(i) in by_pk}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_page_shows_what_the_role_may_read(client_for, items, role):
    page = client_for(role).get("/knowledge/")
    assert page.status_code == 200
    shown = re.findall(r'data-item="(\d+)"', page.content.decode())
    assert _names(items, shown) == READS[role]


@pytest.mark.parametrize("role", ROLES)
def test_item_pages_open_only_for_readers(client_for, items, role):
    client = client_for(role)
    for name in ALL:
        status = client.get(f"/knowledge/{getattr(items, name).pk}/").status_code
        assert status == (200 if name in READS[role] else 403), (role, name)


@pytest.mark.parametrize("role", ROLES)
def test_the_search_page_finds_only_what_the_role_may_read(client_for, items, role):
    page = client_for(role).get("/knowledge/", {"q": "pupils attendance health talk"})
    shown = _names(items, re.findall(r'data-item="(\d+)"', page.content.decode()))
    assert shown and shown <= READS[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_only_what_the_role_may_read(client_for, items, role):
    answer = client_for(role).get("/api/knowledge", {"limit": 100}).json()
    assert _names(items, [i["id"] for i in answer["items"]]) == READS[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_api_search_returns_only_what_the_role_may_read(client_for, items, role):
    client = client_for(role)
    answer = client.get("/api/knowledge/search", {"q": "pupils school", "limit": 50})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert _names(items, [r["id"] for r in results]) == READS[role]
    assert set(results[0]) == {"id", "title", "kind", "score", "snippet"}
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("role", ROLES)
def test_the_api_refuses_items_the_role_may_not_read(client_for, items, role):
    client = client_for(role)
    for name in ALL:
        status = client.get(f"/api/knowledge/{getattr(items, name).pk}").status_code
        assert status == (200 if name in READS[role] else 403), (role, name)


def test_the_public_resource_needs_no_account_and_shows_public_items_only(client, items):
    page = client.get("/resource/")
    assert page.status_code == 200
    assert _names(items, re.findall(r'data-item="(\d+)"', page.content.decode())) == READS[None]
    for name in ALL:
        status = client.get(f"/resource/{getattr(items, name).pk}/").status_code
        assert status == (200 if name in READS[None] else 404), name
    found = client.get("/resource/", {"q": "breakfast club attendance"}).content.decode()
    assert _names(items, re.findall(r'data-item="(\d+)"', found)) <= READS[None]


def test_the_public_page_names_authors_but_never_pupils_or_contacts(client, items, small_area):
    text = client.get(f"/resource/{items.alpha_public.pk}/").content.decode()
    assert "Lena Leader" in text and "Alpha Academy" in text
    assert "Pip P." not in text and "lena@example.org" not in text
    assert "/people/" not in text


def test_the_feed_lists_newly_published_public_items(client, items):
    feed = client.get("/resource/feed/")
    assert feed.status_code == 200 and "atom" in feed["Content-Type"]
    text = feed.content.decode()
    assert items.alpha_public.title in text
    assert items.alpha_published.title not in text and items.alpha_draft.title not in text
    assert "Pip P." not in text


def test_evaluators_see_authors_pseudonymised(client_for, items, small_area):
    text = client_for("evaluator").get(f"/knowledge/{items.alpha_public.pk}/").content.decode()
    assert "Lena Leader" not in text and f"Person {small_area.people.leader.pk}" in text
    answer = client_for("evaluator").get(f"/api/knowledge/{items.alpha_public.pk}").json()
    assert "Lena Leader" not in answer["authors"]
    client_for("leader").post(
        f"/knowledge/{items.alpha_review.pk}/action/", {"action": "comment", "note": "Good"}
    )
    text = client_for("evaluator").get(f"/knowledge/{items.alpha_review.pk}/").content.decode()
    assert "Good" in text and "<strong>leader</strong>" not in text and 'id="versions"' not in text
    text = client_for("admin").get(f"/knowledge/{items.alpha_review.pk}/").content.decode()
    assert "<strong>leader</strong>" in text


def test_the_api_needs_a_sign_in(client, items):
    assert client.get("/api/knowledge").status_code == 401
    assert client.get("/api/knowledge/search", {"q": "x"}).status_code == 401
