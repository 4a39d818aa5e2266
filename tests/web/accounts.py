"""A fixture for the sign-in and security tests: the six accounts, each with the demo
password, whichever area the session provides (the demonstration area, or conftest's
``small_area`` where only the admin has a password)."""

import contextlib

import pytest

from nlc.web.demo import DEMO_ACCOUNTS

PASSWORD = "nlc-demo-2026"


@pytest.fixture
def accounts(request, settings):
    # small_area (module-wide) first, then the test's own transaction (db).
    with contextlib.suppress(pytest.FixtureLookupError):  # the demo area is there instead
        request.getfixturevalue("small_area")
    request.getfixturevalue("db")
    from django.contrib.auth import get_user_model

    # A fast hasher for the passwords set here; the slow one still checks the others.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    for user in get_user_model().objects.filter(username__in=[u for u, _, _ in DEMO_ACCOUNTS]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
