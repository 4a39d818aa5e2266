"""The network workspace: sections registered by their apps, each its own page, tabs for
what the user's role may use, and a top bar and dashboard that show the area map and imports
only to those allowed."""

import dataclasses
import re

import pytest
from conftest import ROLES
from django.test import Client
from django.urls import reverse

from nlc.analysis import analyse
from nlc.web import workspace
from nlc.web.registry.models import Person
from nlc.web.ties.services import organisation_network
from nlc.web.workspace import Section, register_section, sections, sections_for

pytestmark = pytest.mark.demo  # uses the demonstration area (see conftest.py)

SECTIONS = [
    "overview",
    "map",
    "members",
    "analysis",
    "activities",
    "knowledge",
    "surveys",
    "plan",
    "simulate",
    "report",
]
URL_NAMES = {
    "overview": "network-detail",
    "map": "network-map",
    "members": "network-members",
    "analysis": "network-analysis",
    "activities": "network-activities",
    "plan": "network-plan",
    "knowledge": "network-knowledge",
    "surveys": "network-surveys",
    "simulate": "network-simulate",
    "report": "network-report-page",
}
READ_ONLY = ["member", "partner", "evaluator"]


@pytest.fixture(scope="module")
def shared_client():
    return Client()


@pytest.fixture
def client(shared_client):
    """One client per module (a new client's middleware re-indexes the static files)."""
    shared_client.cookies.clear()
    return shared_client


@pytest.fixture
def own_registry(monkeypatch):
    """A copy of the section registry, so a test's sections leave the real one alone."""
    monkeypatch.setattr(workspace, "_SECTIONS", dict(workspace._SECTIONS))


def html_of(client, name, *args, **query) -> str:
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == 200
    return response.content.decode()


def tabs(html: str) -> list[str]:
    nav = re.search(r'<nav class="tabs"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'data-section="([^"]+)"', nav)


# The registry ----------------------------------------------------------------------------


def test_it_registers_each_apps_sections_in_their_order():
    assert [s.key for s in sections()] == SECTIONS


def test_it_ignores_the_same_section_registered_twice(own_registry):
    overview = workspace._SECTIONS["overview"]
    register_section(dataclasses.replace(overview))  # as a second AppConfig.ready() would
    assert workspace._SECTIONS["overview"] is overview


def test_it_refuses_another_section_under_a_taken_key(own_registry):
    with pytest.raises(ValueError, match="'members' is already registered"):
        register_section(Section("members", "People", "network-detail", order=25))


def test_it_adds_a_section_in_its_place_and_only_for_those_it_is_for(
    own_registry, client_for, led_network
):
    register_section(
        Section(
            "example",
            "Example",
            "network-detail",
            order=95,
            visible=lambda user, network: user.username == "leader",
        )
    )
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    leader = [t["key"] for t in sections_for(users.get(username="leader"), led_network)]
    member = [t["key"] for t in sections_for(users.get(username="member"), led_network)]
    assert leader == [*SECTIONS, "example"]
    assert member == SECTIONS
    assert tabs(html_of(client_for("leader"), "network-members", led_network.pk))[-1] == "example"


# The section pages -----------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("username", ROLES)
def test_each_section_shows_the_tabs_with_its_own_marked(
    client_for, led_network, username, section
):
    html = html_of(client_for(username), URL_NAMES[section], led_network.pk)
    assert tabs(html) == SECTIONS
    current = re.search(r'data-section="([^"]+)" aria-current="page"', html).group(1)
    assert current == section


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_refuses_those_who_may_not_see_the_network(client_for, other_network, section):
    response = client_for("member").get(reverse(URL_NAMES[section], args=[other_network.pk]))
    assert response.status_code == 403


def test_the_overview_shows_the_ei_index_that_nlc_analyse_gives(client_for, led_network):
    document = analyse(organisation_network(led_network), group="kind").to_json()
    expected = document["network"]["ei_index"]
    html = html_of(client_for("member"), "network-detail", led_network.pk)
    assert f'<strong id="overview-ei-index">{expected:+.2f}</strong>' in html
    assert f'<strong id="member-count">{led_network.memberships.count()}</strong>' in html


def test_the_overview_sends_the_old_change_over_time_address_to_the_analysis(
    client_for, led_network
):
    url = reverse("network-detail", args=[led_network.pk])
    response = client_for("member").get(url, {"from": "2025-01-01", "to": "2025-12-31"})
    assert response.status_code == 302
    expected = reverse("network-analysis", args=[led_network.pk])
    assert response.url == f"{expected}?from=2025-01-01&to=2025-12-31"


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("username", READ_ONLY)
def test_no_section_shows_pupils_names_to_read_only_roles(
    client_for, led_network, username, section
):
    html = html_of(client_for(username), URL_NAMES[section], led_network.pk)
    pupils = Person.objects.filter(is_pupil=True, organisation__memberships__network=led_network)
    for pupil in pupils:
        assert pupil.name not in html


# Members and roles -----------------------------------------------------------------------


def members_shown(html: str) -> list[str]:
    return re.findall(r'<tr class="group">\s*<th scope="rowgroup"><a href="[^"]+">([^<]+)<', html)


def test_the_members_are_grouped_by_organisation_with_their_roles(client_for, led_network):
    html = html_of(client_for("leader"), "network-members", led_network.pk)
    assert len(members_shown(html)) == led_network.memberships.count()
    assert html.count('<tr class="person">') == led_network.roles.count()


def test_the_members_are_paged(client_for, led_network, monkeypatch):
    from nlc.web.registry import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client = client_for("leader")
    first = members_shown(html_of(client, "network-members", led_network.pk))
    second = members_shown(html_of(client, "network-members", led_network.pk, page=2))
    assert len(first) == len(second) == 5
    assert not set(first) & set(second)


def test_the_members_search_finds_an_organisation(client_for, led_network):
    organisation = led_network.memberships.order_by("pk").last().organisation
    html = html_of(client_for("member"), "network-members", led_network.pk, q=organisation.name)
    assert members_shown(html) == [organisation.name.replace("'", "&#x27;")]


def test_the_members_search_finds_names_only_for_those_who_may_see_them(client_for, led_network):
    pupil = Person.objects.filter(is_pupil=True, roles__network=led_network).first()
    organisation = pupil.organisation.name.replace("'", "&#x27;")
    shown = html_of(client_for("leader"), "network-members", led_network.pk, q=pupil.name)
    assert organisation in members_shown(shown)
    hidden = html_of(client_for("member"), "network-members", led_network.pk, q=pupil.name)
    assert members_shown(hidden) == []


def test_a_new_member_leads_back_to_the_members_section(client_for, led_network):
    from nlc.web.registry.models import Organisation

    outsider = (
        Organisation.objects.filter(area=led_network.area)
        .exclude(memberships__network=led_network)
        .first()
    )
    response = client_for("leader").post(
        reverse("membership-create", args=[led_network.pk]),
        {"organisation": outsider.pk, "role": "member"},
    )
    assert response.status_code == 302
    assert response.url == reverse("network-members", args=[led_network.pk])


# The top bar and the dashboard -----------------------------------------------------------


def nav_links(html: str) -> set[str]:
    nav = re.search(r'<nav aria-label="Main"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return set(re.findall(r'data-nav="([^"]+)"', nav))


@pytest.mark.parametrize(
    ("username", "extra"),
    [
        ("admin", {"area-map", "import", "audit", "brokerage"}),
        ("evaluator", {"area-map", "audit"}),
        ("leader", {"brokerage"}),  # the networks they lead
        ("facilitator", {"brokerage"}),  # the demo names the facilitator a broker
        ("member", set()),
        ("partner", set()),
    ],
)
def test_the_top_bar_shows_what_the_role_may_use(client_for, username, extra):
    html = html_of(client_for(username), "dashboard")
    everyone = {"dashboard", "networks", "organisations", "people", "knowledge"}
    assert nav_links(html) == everyone | extra
    for link in extra:
        url = {
            "area-map": "area-map",
            "import": "import-upload",
            "audit": "audit-log",
            "brokerage": "brokerage-home",
        }[link]
        assert client_for(username).get(reverse(url)).status_code == 200


@pytest.mark.parametrize("username", ROLES)
def test_the_dashboard_offers_the_area_map_and_imports_to_those_allowed(client_for, username):
    html = html_of(client_for(username), "dashboard")
    content = html.split("<main>", 1)[1]
    assert (f'href="{reverse("area-map")}"' in content) == (username in ("admin", "evaluator"))
    assert (f'href="{reverse("import-upload")}"' in content) == (username == "admin")
