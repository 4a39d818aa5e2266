"""Web tests: a small explicit area for unit tests of views; the demonstration area for the rest.

- ``small_area`` (``fixtures.py``): two networks, one account per role, a few people and ties.
  A module asks for it with ``pytestmark = pytest.mark.usefixtures("small_area")``; it is
  created once per module and rolled back after the module.
- The demonstration area (665 people, ``nlc.web.demo``) is loaded for modules marked
  ``pytestmark = pytest.mark.demo`` and for every ``test_browser*`` module. These run after
  all other tests, so that no other test sees the demo.

Both have the accounts ``admin``, ``leader``, ``facilitator``, ``member``, ``partner`` and
``evaluator``; ``client_for(username)`` signs one in. The role sets below say who may do
what and are shared by the page and API tests.
"""

import pytest

from nlc.web.demo import DEMO_ACCOUNTS

ROLES = [username for username, _, _ in DEMO_ACCOUNTS]
EVERYONE = set(ROLES)
ADMIN = {"admin"}
EDITORS = {"admin", "leader"}  # may change the led network, its members and steward roles
STEWARDS = {"admin", "leader", "facilitator"}  # record ties, manage other roles
AREA_READERS = {"admin", "evaluator"}  # see every network of the area


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "demo: the module's tests need the demonstration area (loaded once)"
    )


def _needs_demo(node) -> bool:
    module = node.getparent(pytest.Module)
    if module is None:
        return False
    return module.path.name.startswith("test_browser") or (
        module.get_closest_marker("demo") is not None
    )


def pytest_collection_modifyitems(items):
    """Run the tests that need the demonstration area last (a stable sort keeps their order)."""
    items[:] = sorted(items, key=_needs_demo)


@pytest.fixture(scope="module", autouse=True)
def _demo_area(request):
    """Load the demonstration area for a demo module, unless it is already there."""
    if not _needs_demo(request.node):
        return
    from nlc.web.demo import AREA_NAME, load_demo
    from nlc.web.registry.models import Area

    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        if not Area.objects.filter(name=AREA_NAME).exists():
            load_demo()


@pytest.fixture(scope="module")
def small_area(django_db_setup, django_db_blocker):
    """The area of ``fixtures.py``, made once for the module and rolled back after it.

    Each test runs in its own savepoint inside this transaction (pytest-django's ``db``),
    so its changes are undone before the next test, as with Django's ``setUpTestData``.
    """
    from django.db import transaction
    from fixtures import build_small_area

    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            area = build_small_area()
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    yield area
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def client_for(db, client):
    """``client_for("leader")`` returns the test client signed in as that account."""
    from django.contrib.auth import get_user_model

    def sign_in(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return sign_in


@pytest.fixture
def led_network(db):
    """The network the leader, facilitator, member and partner belong to."""
    from nlc.web.registry.models import Network

    return Network.objects.get(roles__person__user__username="leader", roles__role="leader")


@pytest.fixture
def other_network(db, led_network):
    """A network of the same area that the leader does not belong to."""
    from nlc.web.registry.models import Network

    return Network.objects.exclude(pk=led_network.pk).order_by("name").first()
