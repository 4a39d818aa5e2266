"""Sign-in throttling per (username, client address) pair, with a growing delay.

Failed sign-ins are counted for each pair of username and client address. After
``LOGIN_THROTTLE_ATTEMPTS`` failures the pair must wait ``LOGIN_THROTTLE_DELAY`` seconds, and
each further failure doubles the wait, up to ``LOGIN_THROTTLE_WINDOW``; during the wait the
sign-in is answered 429 with a ``Retry-After`` header and the password is not checked. A
successful sign-in clears the pair; a pair's record is forgotten ``LOGIN_THROTTLE_WINDOW``
seconds after its wait ends.

Counting pairs, not usernames or addresses alone, means that colleagues behind one proxy
address do not lock each other out, and that nobody can lock a known username out from their
own machine.

The client address is ``REMOTE_ADDR``, unless ``NLC_TRUSTED_PROXY_HEADER`` names the header
that the site's reverse proxy sets (e.g. ``X-Forwarded-For``): then it is the right-most
address of that header that is not one of ``NLC_TRUSTED_PROXIES`` (the proxy appends the
address it saw; what stands left of it was sent by the client and cannot be trusted).

The same form mixin serves the site's sign-in page and the admin's (:mod:`nlc.web.site`).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import caches

#: Set on the request when a sign-in was refused for throttling: seconds to wait.
RETRY_AFTER = "nlc_sign_in_retry_after"


def _in_networks(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for network in networks:
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request) -> str:
    """Return the address a request came from, honouring a configured proxy header.

    Parameters
    ----------
    request : HttpRequest
        The request.

    Returns
    -------
    str
        ``REMOTE_ADDR``; or, when ``TRUSTED_PROXY_HEADER`` is set (and, if
        ``TRUSTED_PROXIES`` is set, the request came from one of them), the right-most
        address in that header that is not a trusted proxy.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    proxies = settings.TRUSTED_PROXIES
    if proxies and not _in_networks(remote, proxies):
        return remote  # not through our proxy: its header could say anything
    key = "HTTP_" + header.upper().replace("-", "_")
    hops = [hop.strip() for hop in request.META.get(key, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _in_networks(hop, proxies):
            return hop
    return hops[0] if hops else remote


def _counts():
    """The cache of the counts: ``settings.LOGIN_THROTTLE_CACHE``, shared by all processes."""
    return caches[settings.LOGIN_THROTTLE_CACHE]


def _key(username: str, address: str) -> str:
    pair = f"{username.strip().lower()}\n{address}".encode()
    return "sign-in:" + hashlib.sha256(pair).hexdigest()


def wait_seconds(request, username: str) -> int:
    """Return how many seconds this username must wait from this address (0: none)."""
    record = _counts().get(_key(username, client_address(request)))
    if not record:
        return 0
    return max(0, math.ceil(record["until"] - time.time()))


def delay_after(failures: int) -> int:
    """Return the wait after ``failures`` failed sign-ins in a row, in seconds.

    Examples
    --------
    >>> from django.conf import settings
    >>> attempts = settings.LOGIN_THROTTLE_ATTEMPTS
    >>> delay_after(attempts - 1)
    0
    >>> delay_after(attempts + 1) == 2 * delay_after(attempts)
    True
    """
    excess = failures - settings.LOGIN_THROTTLE_ATTEMPTS
    if excess < 0:
        return 0
    delay = settings.LOGIN_THROTTLE_DELAY * 2 ** min(excess, 32)
    return min(delay, settings.LOGIN_THROTTLE_WINDOW)


def record_failure(request, username: str) -> None:
    """Count one failed sign-in of ``username`` from the request's address."""
    key = _key(username, client_address(request))
    failures = (_counts().get(key) or {"failures": 0})["failures"] + 1
    delay = delay_after(failures)
    record = {"failures": failures, "until": time.time() + delay}
    _counts().set(key, record, delay + settings.LOGIN_THROTTLE_WINDOW)


def clear(request, username: str) -> None:
    """Forget the failures of ``username`` from the request's address (after a sign-in)."""
    _counts().delete(_key(username, client_address(request)))


def describe(seconds: int) -> str:
    """Return a wait in words.

    Examples
    --------
    >>> describe(1), describe(45), describe(60), describe(61), describe(900)
    ('1 second', '45 seconds', '1 minute', '2 minutes', '15 minutes')
    """
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class ThrottleMixin:
    """For an :class:`AuthenticationForm`: refuse while the pair must wait, count failures.

    When refused, the request gets the attribute :data:`RETRY_AFTER` (seconds);
    :func:`answer` turns the page into a 429 with a ``Retry-After`` header.
    """

    def clean(self):
        username = self.data.get("username") or ""
        if wait := wait_seconds(self.request, username):
            setattr(self.request, RETRY_AFTER, wait)
            raise forms.ValidationError(
                "Too many failed sign-ins for this account from your address. "
                f"Try again in {describe(wait)}.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_failure(self.request, username)
            raise
        clear(self.request, username)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    """The site's sign-in form, throttled."""


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """The admin's sign-in form (staff only), throttled."""


def answer(request, response):
    """Make ``response`` a 429 with ``Retry-After`` if the sign-in was refused for throttling."""
    if wait := getattr(request, RETRY_AFTER, 0):
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


class NlcAdminSite(AdminSite):
    """Django's admin, with the sign-in throttled like the site's (``admin.site``)."""

    login_form = ThrottledAdminAuthenticationForm

    def login(self, request, extra_context=None):
        return answer(request, super().login(request, extra_context))
