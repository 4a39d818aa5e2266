"""The brokerage app on the demonstration area, for every role: who sees which suggestions
(pages and API), acting and dismissing, the introduction life cycle and its brokered tie,
the hold-back control, the effect view and the resource register."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROLES
from django.urls import reverse

from nlc.web.brokerage.models import Dismissal, HeldBack, Introduction, Resource, Settings
from nlc.web.brokerage.services import set_holdback
from nlc.web.brokerage.suggestions import KINDS
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.demo

#: The brokerage router's endpoints (test_api.py checks them against the OpenAPI schema).
BROKERAGE_ENDPOINTS = [
    ("get", "/api/brokerage/suggestions"),
    ("post", "/api/brokerage/suggestions/dismiss"),
    ("get", "/api/brokerage/introductions"),
    ("post", "/api/brokerage/introductions"),
    ("post", "/api/brokerage/introductions/{introduction_id}/advance"),
    ("get", "/api/brokerage/resources"),
    ("post", "/api/brokerage/resources"),
    ("patch", "/api/brokerage/resources/{resource_id}"),
    ("delete", "/api/brokerage/resources/{resource_id}"),
]
KEEPERS = {"admin", "facilitator"}  # the area's administrator and the broker it names
LEADERS = {"leader"}
REFUSED = set(ROLES) - KEEPERS - LEADERS


def send(client, method, path, body=None):
    return getattr(client, method)(
        path, data=json.dumps(body or {}), content_type="application/json"
    )


def suggestions(client, **query) -> list[dict]:
    response = client.get("/api/brokerage/suggestions", query)
    assert response.status_code == 200, response.content
    return response.json()["items"]


# ---- who sees what ------------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_the_brokerage_page_is_for_keepers_and_leaders_only(client_for, username):
    response = client_for(username).get(reverse("brokerage-home"))
    assert response.status_code == (200 if username in KEEPERS | LEADERS else 403)
    if username in KEEPERS:
        html = response.content.decode()
        for label in KINDS.values():
            assert label in html
        assert "The local authority's own brokerage" in html


@pytest.mark.parametrize("username", ROLES)
def test_the_effect_register_and_settings_pages_are_for_keepers(client_for, username):
    client = client_for(username)
    for name in ("brokerage-effect", "brokerage-resources"):
        assert client.get(reverse(name)).status_code == (200 if username in KEEPERS else 403)
    assert client.get(reverse("brokerage-brokers")).status_code == (
        200 if username == "admin" else 403
    )


@pytest.mark.parametrize("username", ROLES)
def test_the_network_page_follows_the_same_rule(client_for, led_network, username):
    response = client_for(username).get(reverse("network-brokerage", args=[led_network.pk]))
    assert response.status_code == (200 if username in KEEPERS | LEADERS else 403)


def test_a_leader_does_not_see_another_networks_page(client_for, other_network):
    response = client_for("leader").get(reverse("network-brokerage", args=[other_network.pk]))
    assert response.status_code == 404  # a network the leader may not even open


@pytest.mark.parametrize("username", ROLES)
def test_the_api_lists_suggestions_about_people_only_to_keepers(client_for, led_network, username):
    response = client_for(username).get("/api/brokerage/suggestions")
    if username in REFUSED:
        assert response.status_code == 403
        return
    items = response.json()["items"]
    kinds = {item["kind"] for item in items}
    assert kinds == set(KINDS)  # all five kinds, each with reasons
    assert all(item["reasons"] and all(r.strip() for r in item["reasons"]) for item in items)
    about_people = [i for i in items if i["about_people"]]
    if username in KEEPERS:
        assert about_people
    else:
        assert about_people == []
        assert {i["network"] for i in items} == {led_network.pk}


def page_keys(html: str) -> set[str]:
    return set(re.findall(r'<article class="card suggestion" data-key="([^"]+)"', html))


@pytest.mark.parametrize("username", ROLES)
def test_the_pages_show_suggestions_about_people_only_to_keepers(client_for, led_network, username):
    everything = suggestions(client_for("admin"), network=led_network.pk)
    people = {i["key"] for i in everything if i["about_people"]}
    assert people and len(people) < len(everything)
    client = client_for(username)
    for name, args in (("brokerage-home", []), ("network-brokerage", [led_network.pk])):
        response = client.get(reverse(name, args=args))
        if username in REFUSED:
            assert response.status_code == 403
            continue
        shown = page_keys(response.content.decode())
        assert shown - people  # suggestions about organisations, for all who may open it
        assert bool(shown & people) == (username in KEEPERS), name


def test_a_leader_cannot_ask_the_api_for_another_networks_suggestions(client_for, other_network):
    response = client_for("leader").get("/api/brokerage/suggestions", {"network": other_network.pk})
    assert response.status_code == 403
    assert (
        client_for("admin")
        .get("/api/brokerage/suggestions", {"network": other_network.pk})
        .json()["items"]
    )


@pytest.mark.parametrize("username", ROLES)
def test_introductions_between_people_are_followed_only_by_keepers(
    client_for, led_network, username
):
    admin = client_for("admin")
    item = next(i for i in suggestions(admin, network=led_network.pk) if i["about_people"])
    body = {"key": item["key"], "network": led_network.pk, "level": "email"}
    intro = send(admin, "post", "/api/brokerage/introductions", body).json()
    assert intro["source_person"] is not None
    client = client_for(username)
    listed = client.get("/api/brokerage/introductions")
    page = client.get(reverse("brokerage-home"))
    advance = f"/api/brokerage/introductions/{intro['id']}/advance"
    if username in REFUSED:
        assert listed.status_code == page.status_code == 403
        assert send(client, "post", advance, {"action": "agree_a"}).status_code == 403
        return
    ids = {row["id"] for row in listed.json()}
    assert ids  # the demo's introductions between organisations
    marker = f'data-introduction="{intro["id"]}"'
    if username in KEEPERS:
        assert intro["id"] in ids and marker in page.content.decode()
        return
    assert intro["id"] not in ids and marker not in page.content.decode()
    assert all(row["source_person"] is None for row in listed.json())
    assert send(client, "post", advance, {"action": "agree_a"}).status_code == 404
    assert Introduction.objects.get(pk=intro["id"]).status == "proposed"


def test_a_facilitator_who_is_not_a_named_broker_sees_nothing(client_for, area, led_network):
    from nlc.web.brokerage.models import Broker

    Broker.objects.filter(area=area).delete()
    client = client_for("facilitator")
    for name, args in (("brokerage-home", []), ("network-brokerage", [led_network.pk])):
        assert client.get(reverse(name, args=args)).status_code == 403
    for path in ("suggestions", "introductions", "resources"):
        assert client.get(f"/api/brokerage/{path}").status_code == 403


def test_no_pupil_is_ever_suggested(client_for):
    from nlc.web.registry.models import Person

    pupils = {f"p{pk}" for pk in Person.objects.filter(is_pupil=True).values_list("pk", flat=True)}
    for item in suggestions(client_for("admin")):
        assert item["source"] not in pupils and item["target"] not in pupils


def test_the_top_bar_offers_brokerage_to_keepers_and_leaders(client_for):
    for username in ROLES:
        html = client_for(username).get(reverse("dashboard")).content.decode()
        assert ('data-nav="brokerage"' in html) == (username in KEEPERS | LEADERS)


# ---- acting and dismissing ----------------------------------------------------------------


def test_dismissing_hides_a_suggestion_until_its_reasons_change(client_for, led_network):
    client = client_for("admin")
    item = suggestions(client, network=led_network.pk, kind="partnership")[0]
    response = send(
        client,
        "post",
        "/api/brokerage/suggestions/dismiss",
        {"key": item["key"], "network": led_network.pk, "reason": "Not now"},
    )
    assert response.status_code == 204
    keys = {i["key"] for i in suggestions(client, network=led_network.pk)}
    assert item["key"] not in keys
    dismissal = Dismissal.objects.get(source=item["source"], target=item["target"])
    dismissal.fingerprint = "0" * 16  # as if the reasons had been different
    dismissal.save()
    assert item["key"] in {i["key"] for i in suggestions(client, network=led_network.pk)}


def test_the_page_introduces_and_dismisses(client_for, led_network):
    client = client_for("admin")
    first, second = suggestions(client, network=led_network.pk, kind="relationship")[:2]
    response = client.post(
        reverse("brokerage-act"),
        {
            "key": first["key"],
            "network": led_network.pk,
            "level": "in_person",
            "introduce": "",
        },
    )
    assert response.status_code == 302
    intro = Introduction.objects.get(reasons=first["reasons"])
    assert (intro.level, intro.status, intro.kind) == ("in_person", "proposed", "relationship")
    assert intro.score == first["score"] and intro.created_by.username == "admin"
    response = client.post(
        reverse("brokerage-act"),
        {
            "key": second["key"],
            "network": led_network.pk,
            "dismiss": "",
            "reason": "Known",
        },
    )
    assert response.status_code == 302
    assert Dismissal.objects.get(source=second["source"]).reason == "Known"
    keys = {i["key"] for i in suggestions(client, network=led_network.pk)}
    assert first["key"] not in keys and second["key"] not in keys


def test_a_leader_acts_on_organisations_not_on_people(client_for, led_network):
    people = [
        i for i in suggestions(client_for("admin"), network=led_network.pk) if i["about_people"]
    ]
    leader = client_for("leader")
    response = send(
        leader,
        "post",
        "/api/brokerage/suggestions/dismiss",
        {"key": people[0]["key"], "network": led_network.pk},
    )
    assert response.status_code == 404  # not a suggestion the leader can see
    own = suggestions(leader, kind="membership")[0]
    response = send(
        leader,
        "post",
        "/api/brokerage/introductions",
        {"key": own["key"], "network": led_network.pk, "level": "email"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["source_organisation"] is not None


@pytest.mark.parametrize("username", sorted(REFUSED))
def test_others_cannot_act_or_dismiss(client_for, led_network, username):
    item = suggestions(client_for("admin"), network=led_network.pk)[0]
    client = client_for(username)
    before = (Introduction.objects.count(), Dismissal.objects.count())
    assert (
        client.post(reverse("brokerage-act"), {"key": item["key"], "dismiss": ""}).status_code
        == 403
    )
    for path in ("/api/brokerage/suggestions/dismiss", "/api/brokerage/introductions"):
        assert send(client, "post", path, {"key": item["key"]}).status_code == 403
    assert (Introduction.objects.count(), Dismissal.objects.count()) == before


def test_a_bad_key_is_a_clear_422(client_for):
    response = send(client_for("admin"), "post", "/api/brokerage/introductions", {"key": "x"})
    assert response.status_code == 422
    assert response.json()["errors"]["key"] == ["Give a suggestion's key (kind|source|target)."]


# ---- the life cycle and its tie -----------------------------------------------------------


def _proposed(client, network) -> dict:
    item = suggestions(client, network=network.pk, kind="relationship")[0]
    response = send(
        client,
        "post",
        "/api/brokerage/introductions",
        {"key": item["key"], "network": network.pk, "level": "joint_work"},
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_an_introduction_needs_both_sides_then_a_meeting_then_makes_a_brokered_tie(
    client_for, led_network
):
    client = client_for("facilitator")  # the named broker
    intro = _proposed(client, led_network)
    path = f"/api/brokerage/introductions/{intro['id']}/advance"
    refused = send(client, "post", path, {"action": "met"})
    assert refused.status_code == 422
    assert refused.json()["errors"]["action"] == ["Both sides must agree before they meet."]
    for action, status in [("agree_b", "agreed_b"), ("agree_a", "agreed"), ("met", "met")]:
        answer = send(client, "post", path, {"action": action, "notes": f"{action} done"})
        assert answer.json()["status"] == status
    assert Tie.objects.filter(provenance=Provenance.BROKERED, network=led_network).count() == 0
    done = send(client, "post", path, {"action": "succeed"}).json()
    tie = Tie.objects.get(pk=done["tie"])
    assert tie.provenance == Provenance.BROKERED and tie.network == led_network
    ends = {tie.source_organisation_id, tie.target_organisation_id}
    assert ends == {done["source_organisation"], done["target_organisation"]}
    assert tie.created_by.username == "facilitator" and not tie.directed
    assert done["outcome_on"] and done["met_on"] and done["agreed_a_on"] and done["agreed_b_on"]
    assert "met done" in done["notes"]
    closed = send(client, "post", path, {"action": "decline"})
    assert closed.status_code == 422


def test_the_page_advances_an_introduction(client_for, led_network):
    intro = Introduction.objects.filter(status="proposed", network=led_network).first()
    client = client_for("admin")
    response = client.post(reverse("brokerage-advance", args=[intro.pk]), {"action": "decline"})
    assert response.status_code == 302
    intro.refresh_from_db()
    assert intro.status == "declined" and intro.outcome_on is not None
    for username in sorted(REFUSED):
        other = Introduction.objects.filter(status="agreed_a").first()
        response = client_for(username).post(
            reverse("brokerage-advance", args=[other.pk]), {"action": "agree_b"}
        )
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.status == "agreed_a"


def test_an_unsuccessful_introduction_makes_no_tie(client_for, led_network):
    client = client_for("admin")
    intro = _proposed(client, led_network)
    path = f"/api/brokerage/introductions/{intro['id']}/advance"
    for action in ("agree_a", "agree_b", "met", "fail"):
        last = send(client, "post", path, {"action": action})
    assert last.json()["status"] == "unsuccessful" and last.json()["tie"] is None


# ---- hold-back control and effect ---------------------------------------------------------


def test_held_back_suggestions_are_hidden_remembered_and_compared(client_for, area):
    client = client_for("admin")
    shown_before = {i["key"] for i in suggestions(client)}
    set_holdback(area, 0.5, seed=1)
    shown_after = {i["key"] for i in suggestions(client)}
    held = {f"{h.kind}|{h.source}|{h.target}" for h in HeldBack.objects.filter(area=area)}
    assert held and held.isdisjoint(shown_after)
    assert shown_after | held >= shown_before
    html = client.get(reverse("brokerage-effect")).content.decode()
    assert "Held back (control)" in html and "Introduced" in html


def test_the_holdback_is_off_by_default_and_set_by_admins(client_for, area):
    assert not Settings.objects.filter(area=area, holdback__gt=0).exists()
    assert (
        client_for("facilitator")
        .post(reverse("brokerage-brokers"), {"holdback": "0.2"})
        .status_code
        == 403
    )
    response = client_for("admin").post(reverse("brokerage-brokers"), {"holdback": "0.9"})
    assert "Ensure this value is less than or equal to 0.5" in response.content.decode()
    client_for("admin").post(reverse("brokerage-brokers"), {"holdback": "0.2"})
    assert Settings.objects.get(area=area).holdback == 0.2


def test_the_effect_view_shows_changes_around_each_introduction(client_for):
    html = client_for("admin").get(reverse("brokerage-effect")).content.decode()
    made = Introduction.objects.filter(status__in=["agreed", "met", "successful"])
    assert made.exists()
    for intro in made:
        assert str(intro.ends[0]).replace("'", "&#x27;") in html
    assert "No suggestions are held back" in html


# ---- the register and brokers -------------------------------------------------------------


@pytest.fixture
def area(db):
    from nlc.web.demo import AREA_NAME
    from nlc.web.registry.models import Area

    return Area.objects.get(name=AREA_NAME)


@pytest.mark.parametrize("username", ROLES)
def test_the_register_is_kept_by_keepers(client_for, led_network, username):
    organisation = led_network.memberships.first().organisation
    body = {
        "organisation": organisation.pk,
        "side": "offer",
        "kind": "venues",
        "description": "The hall on Saturdays",
    }
    client = client_for(username)
    response = send(client, "post", "/api/brokerage/resources", body)
    if username not in KEEPERS:
        assert response.status_code == 403
        return
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    patched = send(
        client,
        "patch",
        f"/api/brokerage/resources/{pk}",
        {"start_date": "2026-01-01", "end_date": "2025-01-01"},
    )
    assert patched.status_code == 422
    assert (
        send(client, "patch", f"/api/brokerage/resources/{pk}", {"description": "The hall"}).json()[
            "description"
        ]
        == "The hall"
    )
    assert send(client, "delete", f"/api/brokerage/resources/{pk}").status_code == 204
    assert not Resource.objects.filter(pk=pk).exists()


def test_the_register_refuses_a_missing_kind_and_another_areas_organisation(client_for):
    client = client_for("admin")
    missing = send(
        client,
        "post",
        "/api/brokerage/resources",
        {"organisation": 999999, "side": "offer", "kind": "data", "description": "x"},
    )
    assert missing.status_code == 422 and "organisation" in missing.json()["errors"]
    resource = Resource.objects.first()
    blank = send(
        client,
        "post",
        "/api/brokerage/resources",
        {"organisation": resource.organisation_id, "side": "offer", "description": "x"},
    )
    assert blank.json()["errors"] == {"kind": ["This field is required."]}


def test_the_page_adds_to_the_register(client_for, led_network):
    organisation = led_network.memberships.first().organisation
    response = client_for("facilitator").post(
        reverse("brokerage-resources"),
        {
            "organisation": organisation.pk,
            "side": "need",
            "kind": "funding",
            "description": "A grant for books",
        },
    )
    assert response.status_code == 302
    assert Resource.objects.filter(description="A grant for books").exists()


def test_the_admin_names_a_broker_who_then_sees_people(client_for, area):
    from nlc.web.brokerage.models import Broker

    Broker.objects.filter(area=area).delete()
    assert client_for("facilitator").get(reverse("brokerage-home")).status_code == 403
    facilitator = area.organisations.filter(people__user__username="facilitator").first()
    person = facilitator.people.get(user__username="facilitator")
    response = client_for("admin").post(reverse("brokerage-brokers"), {"person": person.pk})
    assert response.status_code == 302
    assert any(i["about_people"] for i in suggestions(client_for("facilitator")))


def test_the_effect_counts_ties_and_activity_in_the_windows_around_an_introduction(area):
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser

    from nlc.web.brokerage.effects import WINDOW, effect
    from nlc.web.brokerage.services import advance_introduction, start_introduction
    from nlc.web.registry.models import Organisation

    a, b, c = Organisation.objects.filter(area=area, memberships__isnull=True).order_by("pk")[:3]
    day = dt.date(2026, 3, 2)
    intro = start_introduction(area, ("o", a.pk, b.pk), by=AnonymousUser(), today=day)
    for step in ("agree_a", "agree_b", "met", "succeed"):
        advance_introduction(intro, step, by=AnonymousUser(), today=day + dt.timedelta(days=20))

    def row():
        rows = effect(area, today=day + WINDOW)["introductions"]
        return next(r.change for r in rows if r.introduction.pk == intro.pk)

    start = row()
    assert (start.pair_ties_before, start.pair_ties_after) == (0, 1)  # the brokered tie
    for when, ends in (
        (day - dt.timedelta(days=30), (a, c)),  # a tie of one side, before
        (day + dt.timedelta(days=60), (b, c)),  # and one after
        (day - WINDOW - dt.timedelta(days=5), (a, b)),  # outside both windows
    ):
        Tie.objects.create(
            area=area,
            type=Tie.objects.first().type,
            source_organisation=ends[0],
            target_organisation=ends[1],
            observed_on=when,
            confirmed=True,
        )
    now = row()
    assert (now.pair_ties_before, now.pair_ties_after) == (0, 1)
    assert (now.ties_before, now.ties_after) == (start.ties_before + 1, start.ties_after + 1)


def test_without_a_knowledge_base_the_other_kinds_still_come(client_for, led_network, monkeypatch):
    from nlc.web.knowledge import index

    def broken(*args, **kwargs):
        raise LookupError("no search index")

    monkeypatch.setattr(index, "search", broken)
    items = suggestions(client_for("admin"), network=led_network.pk)
    kinds = {i["kind"] for i in items}
    assert kinds == set(KINDS) - {"knowledge"}
    assert client_for("admin").get(reverse("brokerage-home")).status_code == 200


def test_the_local_authoritys_own_brokerage_by_school_year(client_for, area):
    from nlc.web.brokerage.effects import la_brokerage
    from nlc.web.registry.models import Network

    own = la_brokerage(area)
    names = set(Network.objects.filter(area=area).values_list("name", flat=True))
    assert own["organisations"] and own["years"]
    labels = [y["label"] for y in own["years"]]
    assert labels == sorted(labels) and labels[0] == "2024-25"
    for year in own["years"]:
        assert len(year["networks"]) > 1 and set(year["networks"]) <= names  # it bridges
        assert sum(year["roles"].values()) > 0 and 0 < year["constraint"] < 1
    html = client_for("admin").get(reverse("brokerage-home")).content.decode()
    assert all(f"<td>{label}</td>" in html for label in labels)
    assert (
        "own brokerage" not in client_for("leader").get(reverse("brokerage-home")).content.decode()
    )


def test_introductions_between_organisations_say_what_the_simulation_finds(client_for):
    """Issue 12: the gain for the network includes the simulated gain in how far a practice
    spreads; the officer sees the simulation's verdict among an introduction's reasons."""
    items = client_for("admin").get("/api/brokerage/suggestions").json()["items"]
    organisations = [i for i in items if i["kind"] == "relationship" and not i["about_people"]]
    assert organisations
    assert all(i["reasons"][-1].startswith("in simulation") for i in organisations)
    html = client_for("admin").get(reverse("brokerage-home")).content.decode()
    assert "in simulation" in html
