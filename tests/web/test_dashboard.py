"""Sign-in, throttling and the dashboard for every demo role."""

import pytest
from conftest import ROLES

from nlc.web.registry import access

pytestmark = pytest.mark.usefixtures("small_area")


def test_it_sends_anonymous_users_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("username", ROLES)
def test_it_shows_each_role_only_its_networks(client_for, username, led_network, other_network):
    response = client_for(username).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert led_network.name in page
    sees_all = username in ("admin", "evaluator")
    assert (other_network.name in page) == sees_all


def test_it_hashes_passwords(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="admin")
    assert user.password.startswith(("pbkdf2_", "argon2", "scrypt"))


def test_it_throttles_repeated_failed_sign_ins(client, db, settings):
    from django.core.cache import caches

    cache = caches[settings.LOGIN_THROTTLE_CACHE]  # the counts, shared by all processes
    cache.clear()
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        response = client.post("/accounts/login/", {"username": "admin", "password": "wrong"})
        assert response.status_code == 200
    # Even the right password is refused once the limit is reached.
    response = client.post("/accounts/login/", {"username": "admin", "password": "nlc-demo-2026"})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    cache.clear()
    response = client.post("/accounts/login/", {"username": "admin", "password": "nlc-demo-2026"})
    assert response.status_code == 302


def test_it_requires_csrf_for_sign_out(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/accounts/logout/").status_code == 403


def test_it_sets_secure_session_cookies(settings):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_it_protects_pupils_and_respondents(client_for, led_network):
    from django.contrib.auth import get_user_model

    from nlc.web.registry.models import Person

    users = {u.username: u for u in get_user_model().objects.all()}
    pupil = Person.objects.filter(is_pupil=True, roles__network=led_network).first()
    assert access.display_name(users["admin"], pupil) == pupil.name
    assert access.display_name(users["leader"], pupil) == pupil.name
    assert access.display_name(users["member"], pupil) == f"Pupil {pupil.pk}"
    assert access.display_name(users["evaluator"], pupil) == f"Pupil {pupil.pk}"
    staff = Person.objects.filter(is_pupil=False, roles__network=led_network).first()
    assert access.display_name(users["member"], staff) == staff.name
    assert access.display_name(users["evaluator"], staff) == f"Person {staff.pk}"
    # Leaders' and facilitators' work contacts are for their networks' people (issue #8):
    # the rule is about everyone else.
    staff = (
        Person.objects.filter(is_pupil=False, roles__network=led_network)
        .exclude(roles__role__in=["leader", "facilitator"])
        .first()
    )
    assert (
        not access.can_see_contact_details(users["partner"], staff)
        or staff.user == users["partner"]
    )


def test_it_shows_the_bridging_share_of_the_network_page(client_for, led_network):
    # Issue #8: the dashboard said 48% of ties cross sectors and the network page 53% bridge
    # for the same network; both now show bridging_share, computed in one place.
    import re

    from django.urls import reverse

    from nlc.analysis import analyse
    from nlc.reports.measures import MEASURES
    from nlc.web.ties.services import organisation_network

    client = client_for("member")  # sees the led network only
    dashboard = client.get("/").content.decode()
    analysis = reverse("network-analysis", args=[led_network.pk])
    network_page = client.get(analysis).content.decode()
    shown = re.search(r'<strong id="bridging-share">([^<]*)</strong>', dashboard).group(1)
    on_page = re.search(r'<strong id="bridging-share">([^<]*)</strong>', network_page).group(1)
    document = analyse(organisation_network(led_network), group="kind").to_json()
    expected = MEASURES["bridging_share"].on_page(document["network"]["bridging_share"])
    assert shown == on_page == expected != "–"
