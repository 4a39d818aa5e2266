"""Sign-in throttling per (username, address) pair with a growing wait, on the site's sign-in
page and the admin's, and the client address behind a trusted proxy."""

from types import SimpleNamespace

import pytest
from accounts import accounts  # noqa: F401  (a fixture)
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import RequestFactory

from nlc.web import throttle

pytestmark = pytest.mark.usefixtures("accounts")

PASSWORD = "nlc-demo-2026"
SITE = "/accounts/login/"
ADMIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fresh_counts(django_db_blocker):
    with django_db_blocker.unblock():
        caches["shared"].clear()
    yield
    with django_db_blocker.unblock():
        caches["shared"].clear()


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: ``clock.now += 60``."""

    class Clock:
        now = 1_000_000.0

    # The throttle's clock only: the database cache keeps real time for its expiry.
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: Clock.now))
    return Clock


def sign_in(client, username, password="wrong", address="192.0.2.1", url=SITE, **headers):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, times, username="leader", **kwargs):
    for _ in range(times):
        assert sign_in(client, username, **kwargs).status_code == 200


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_it_answers_429_with_retry_after_once_a_pair_has_failed_too_often(
    client, db, settings, clock, url
):
    get_user_model().objects.filter(username="admin").update(is_staff=True)  # for the admin
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS, username="admin", url=url)
    response = sign_in(client, "admin", PASSWORD, url=url)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == settings.LOGIN_THROTTLE_DELAY
    page = response.content.decode()
    assert "Too many failed sign-ins for this account from your address" in page
    assert "Try again in 1 minute." in page
    assert "_auth_user_id" not in client.session  # the right password was not even checked
    clock.now += settings.LOGIN_THROTTLE_DELAY
    assert sign_in(client, "admin", PASSWORD, url=url).status_code == 302


def test_the_wait_doubles_with_each_further_failure_up_to_the_window(client, db, settings, clock):
    settings.LOGIN_THROTTLE_DELAY = 60
    settings.LOGIN_THROTTLE_WINDOW = 200
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS)
    waits = []
    for _ in range(4):
        response = sign_in(client, "leader")
        assert response.status_code == 429
        waits.append(int(response["Retry-After"]))
        clock.now += waits[-1]
        assert sign_in(client, "leader").status_code == 200  # allowed again, and wrong again
    assert waits == [60, 120, 200, 200]


def test_a_success_clears_the_pair(client, db, settings, clock):
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS - 1)
    assert sign_in(client, "leader", PASSWORD).status_code == 302
    client.logout()
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS - 1)
    assert sign_in(client, "leader", PASSWORD).status_code == 302


def test_one_address_does_not_lock_out_its_other_users(client, db, settings, clock):
    # Colleagues behind one proxy address: one of them failing does not stop the others.
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS, username="member", address="203.0.113.9")
    assert sign_in(client, "member", address="203.0.113.9").status_code == 429
    assert sign_in(client, "leader", PASSWORD, address="203.0.113.9").status_code == 302


def test_nobody_can_lock_out_a_known_username_from_elsewhere(client, db, settings, clock):
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS, username="admin", address="198.51.100.7")
    assert sign_in(client, "admin", address="198.51.100.7").status_code == 429
    assert sign_in(client, "admin", PASSWORD, address="192.0.2.50").status_code == 302


def test_usernames_are_counted_without_regard_to_case_or_spaces(client, db, settings, clock):
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS, username=" Leader")
    assert sign_in(client, "leader", PASSWORD).status_code == 429


def test_the_admin_and_the_site_share_one_count(client, db, settings, clock):
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS, username="admin", url=ADMIN)
    assert sign_in(client, "admin", PASSWORD, url=SITE).status_code == 429


def test_the_proxy_header_is_ignored_unless_configured(client, db, settings, clock):
    settings.TRUSTED_PROXY_HEADER = None
    # Forged headers do not give a fresh address to an attacker.
    for n in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        sign_in(client, "admin", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}")
    assert sign_in(client, "admin", HTTP_X_FORWARDED_FOR="10.9.9.99").status_code == 429


def test_behind_a_configured_proxy_each_client_is_counted_apart(client, db, settings, clock):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    proxied = {"address": "127.0.0.1"}
    fail(client, settings.LOGIN_THROTTLE_ATTEMPTS, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxied)
    assert sign_in(client, "leader", HTTP_X_FORWARDED_FOR="192.0.2.1", **proxied).status_code == 429
    # Another client behind the same proxy is not refused ...
    ok = sign_in(client, "leader", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.2", **proxied)
    assert ok.status_code == 302
    client.logout()
    # ... and the blocked one cannot escape by putting a made-up address in front.
    forged = sign_in(client, "leader", HTTP_X_FORWARDED_FOR="10.1.1.1, 192.0.2.1", **proxied)
    assert forged.status_code == 429


def _address(settings, remote, forwarded=None, header="X-Forwarded-For", proxies=()):
    settings.TRUSTED_PROXY_HEADER = header
    settings.TRUSTED_PROXIES = list(proxies)
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return throttle.client_address(RequestFactory().get("/", **meta))


def test_it_takes_the_right_most_address_that_is_not_a_trusted_proxy(settings):
    assert _address(settings, "10.0.0.2", None, header=None) == "10.0.0.2"
    assert _address(settings, "10.0.0.2", "1.1.1.1, 2.2.2.2") == "2.2.2.2"
    assert _address(settings, "10.0.0.2", "") == "10.0.0.2"
    chain = "1.1.1.1, 2.2.2.2, 10.0.0.5"
    assert _address(settings, "10.0.0.2", chain, proxies=["10.0.0.0/8"]) == "2.2.2.2"
    # A request that did not come through a trusted proxy: its header is not believed.
    assert _address(settings, "2.2.2.2", "1.1.1.1", proxies=["10.0.0.0/8"]) == "2.2.2.2"
    # Every hop a proxy: the left-most is the nearest thing to a client.
    assert _address(settings, "10.0.0.2", "10.0.0.7, 10.0.0.5", proxies=["10.0.0.0/8"]) == (
        "10.0.0.7"
    )
