"""The life cycle of a knowledge item through the pages and the API: authors draft and send
for review; a reviewer other than the author returns, publishes and archives; versions keep
who changed what."""

import datetime as dt

import pytest
from knowledge_items import build_items

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture
def items(db, small_area):
    return build_items(small_area)


def _form(small_area, **fields):
    data = {
        "kind": "practice",
        "title": "Sentence stems for science talk",
        "summary": "Stems helped pupils explain their reasoning.",
        "body": "We tried **sentence stems**.",
        "networks": [small_area.led.pk],
        "authors": [small_area.people.member.pk],
        "organisations": [small_area.organisations.primary.pk],
        "date": "2025-06-01",
        "ecm_outcomes": ["enjoy_achieve"],
        "what_was_done": "Stems on every table.",
    }
    data.update(fields)
    return data


def test_a_member_drafts_an_item_through_the_form(client_for, small_area):
    from nlc.web.knowledge.models import Item, Status

    client = client_for("member")
    answer = client.post("/knowledge/new/", _form(small_area))
    item = Item.objects.get(title="Sentence stems for science talk")
    assert answer.status_code == 302 and answer["Location"] == f"/knowledge/{item.pk}/"
    assert item.status == Status.DRAFT and item.ecm_list == ["enjoy_achieve"]
    assert item.area == small_area.area and item.versions.count() == 1
    page = client.get(f"/knowledge/{item.pk}/").content.decode()
    assert "<strong>sentence stems</strong>" in page and "Send for review" in page


def test_evaluators_may_not_draft(client_for, small_area):
    assert client_for("evaluator").get("/knowledge/new/").status_code == 403
    answer = client_for("evaluator").post("/knowledge/new/", _form(small_area))
    assert answer.status_code == 403


def test_a_member_may_not_draft_in_a_network_they_are_not_in(client_for, small_area):
    from nlc.web.knowledge.models import Item

    answer = client_for("member").post(
        "/knowledge/new/", _form(small_area, networks=[small_area.other.pk])
    )
    assert answer.status_code == 200 and not Item.objects.filter(title__startswith="Sentence")


def test_draft_review_publish_archive(client_for, items):
    from nlc.web.knowledge.models import Status

    item = items.alpha_draft
    url = f"/knowledge/{item.pk}/action/"
    # The leader may not publish a draft, and may not review before it is sent.
    client_for("leader").post(url, {"action": "publish"})
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    client_for("member").post(url, {"action": "submit", "note": "Ready"})
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW
    # The author cannot publish their own item.
    assert client_for("member").post(url, {"action": "publish"}).status_code == 403
    client_for("leader").post(url, {"action": "comment", "note": "Add the cost, please."})
    client_for("leader").post(url, {"action": "return", "note": "Needs the cost"})
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    client_for("member").post(url, {"action": "submit"})
    client_for("facilitator").post(url, {"action": "publish", "public": "on"})
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.public and item.published_at
    client_for("leader").post(url, {"action": "archive"})
    item.refresh_from_db()
    assert item.status == Status.ARCHIVED and not item.public
    actions = list(item.comments.values_list("action", flat=True))
    assert actions == ["submit", "comment", "return", "submit", "publish", "archive"]
    versions = list(item.versions.order_by("number").values_list("changed", flat=True))
    assert len(versions) == 6 and "status" in versions[1]
    assert item.versions.order_by("-number").first().changed_by.username == "leader"


@pytest.mark.parametrize("role", ["member", "partner", "evaluator"])
def test_only_reviewers_publish(client_for, items, role):
    from nlc.web.knowledge.models import Status

    item = items.alpha_review
    answer = client_for(role).post(f"/knowledge/{item.pk}/action/", {"action": "publish"})
    assert answer.status_code == 403
    item.refresh_from_db()
    assert item.status == Status.IN_REVIEW


def test_a_leader_of_another_network_cannot_review(client_for, items, small_area):
    answer = client_for("leader").post(
        f"/knowledge/{items.beta_review.pk}/action/", {"action": "publish"}
    )
    assert answer.status_code == 403


def test_authors_edit_drafts_only(client_for, items, small_area):
    client = client_for("member")
    assert client.get(f"/knowledge/{items.alpha_draft.pk}/edit/").status_code == 200
    assert client.get(f"/knowledge/{items.alpha_review.pk}/edit/").status_code == 403
    answer = client.post(
        f"/knowledge/{items.alpha_draft.pk}/edit/",
        _form(small_area, title="Talk partners, revised"),
    )
    assert answer.status_code == 302
    items.alpha_draft.refresh_from_db()
    assert items.alpha_draft.title == "Talk partners, revised"
    last = items.alpha_draft.versions.order_by("-number").first()
    assert "title" in last.changed and last.changed_by.username == "member"


def test_the_api_drafts_reviews_and_publishes(client_for, small_area):
    member = client_for("member")
    created = member.post(
        "/api/knowledge",
        {
            "kind": "tool",
            "title": "Pupil voice survey template",
            "date": "2025-04-01",
            "networks": [small_area.led.pk],
            "ecm": ["positive_contribution"],
            "tags": ["pupil voice", "survey"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["status"] == "draft" and item["tags"] == ["pupil voice", "survey"]
    url = f"/api/knowledge/{item['id']}"
    sent = member.patch(url, {"status": "in_review"}, content_type="application/json")
    assert sent.json()["status"] == "in_review"
    refused = member.patch(url, {"status": "published"}, content_type="application/json")
    assert refused.status_code == 403
    leader = client_for("leader")
    published = leader.patch(
        url, {"status": "published", "public": True}, content_type="application/json"
    )
    assert published.status_code == 200 and published.json()["public"] is True
    wrong = leader.patch(url, {"status": "in_review"}, content_type="application/json")
    assert wrong.status_code in (403, 422)


def test_the_api_refuses_bad_and_foreign_references(client_for, small_area):
    member = client_for("member")
    body = {"kind": "tool", "title": "X", "date": "2025-04-01", "networks": [small_area.other.pk]}
    answer = member.post("/api/knowledge", body, content_type="application/json")
    assert answer.status_code == 422 and "networks" in answer.json()["errors"]
    body["networks"] = [small_area.led.pk]
    body["ecm"] = ["be_rich"]
    assert member.post("/api/knowledge", body, content_type="application/json").status_code == 422
    body.pop("ecm")
    body["authors"] = [small_area.people.pupil.pk]
    assert member.post("/api/knowledge", body, content_type="application/json").status_code == 422
    evaluator = client_for("evaluator")
    body.pop("authors")
    assert (
        evaluator.post("/api/knowledge", body, content_type="application/json").status_code == 403
    )


def test_the_api_filters_by_kind_outcome_network_and_date(client_for, items, small_area):
    client = client_for("admin")

    def ids(**query):
        return {i["id"] for i in client.get("/api/knowledge", query).json()["items"]}

    assert ids(kind="tool") == {items.alpha_review.pk, items.beta_published.pk}
    assert ids(ecm="be_healthy") == {items.alpha_published.pk, items.beta_published.pk}
    assert ids(network=small_area.other.pk, status="published") == {items.beta_published.pk}
    assert ids(date_from="2025-04-01") == {items.alpha_published.pk}
    assert client.get("/api/knowledge", {"kind": "poem"}).status_code == 422


def test_the_search_finds_an_item_worded_differently(client_for, items):
    answer = client_for("admin").get(
        "/api/knowledge/search", {"q": "children who won't speak up in lessons", "limit": 3}
    )
    assert answer.json()["results"][0]["id"] == items.alpha_draft.pk


def test_saving_reindexes_the_item(client_for, items, small_area):
    from nlc.web.knowledge import services

    item = items.beta_published
    item.title = "Referral form for orthodontists"
    item.summary = "How schools refer pupils to orthodontists."  # PostgreSQL marks summaries
    item.date = dt.date(2025, 7, 1)
    services.save_item(item)
    results = client_for("admin").get("/api/knowledge/search", {"q": "orthodontists"}).json()
    assert results["results"][0]["id"] == item.pk
    assert "<mark>" in results["results"][0]["snippet"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/knowledge/{10**20}",
        "/api/knowledge/search?q=",
        "/api/knowledge/search?q=%00",
        "/api/knowledge/search?q=talk&limit=0",
        f"/api/knowledge?network={10**20}",
        "/api/knowledge?date_from=yesterday",
        "/api/knowledge?ecm=be_rich",
    ],
)
def test_the_api_answers_bad_queries_with_422(client_for, url):
    assert client_for("admin").get(url).status_code == 422


def test_the_search_page_survives_odd_queries(client_for, items):
    client = client_for("member")
    for q in ["\x00", "the and of", "*", '"', "a" * 300]:
        assert client.get("/knowledge/", {"q": q}).status_code == 200


def test_an_item_may_name_the_activity_it_came_from(client_for, small_area):
    from nlc.web.knowledge.forms import activity_model
    from nlc.web.knowledge.models import Item

    model = activity_model()
    if model is None:
        pytest.skip("the learning app is not installed")
    field_names = {f.name for f in model._meta.concrete_fields}
    values = {"network": small_area.led, "title": "Learning walk on talk"}
    if "kind" in field_names:
        values["kind"] = model._meta.get_field("kind").choices[0][0]
    if "start_date" in field_names:
        values["start_date"] = dt.date(2025, 5, 1)
    activity = model.objects.create(**values)
    client = client_for("member")
    answer = client.post("/knowledge/new/", _form(small_area, activity=activity.pk))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    item = Item.objects.get(title="Sentence stems for science talk")
    assert item.activity_id == activity.pk
    page = client.get(f"/knowledge/{item.pk}/").content.decode()
    assert "Learning walk on talk" in page.split('id="provenance"', 1)[1]
