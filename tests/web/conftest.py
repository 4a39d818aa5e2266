"""Web tests: the demonstration area loaded once into the test database, and a signed-in
client for each demo account (admin, leader, facilitator, member, partner, evaluator)."""

import pytest

from nlc.web.demo import DEMO_ACCOUNTS

ROLES = [username for username, _, _ in DEMO_ACCOUNTS]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from nlc.web.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def client_for(db, client):
    """``client_for("leader")`` returns the test client signed in as that demo account."""
    from django.contrib.auth import get_user_model

    def sign_in(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return sign_in


@pytest.fixture
def led_network(db):
    """The network the demo leader, facilitator, member and partner belong to."""
    from nlc.web.registry.models import Network

    return Network.objects.get(roles__person__user__username="leader", roles__role="leader")


@pytest.fixture
def other_network(db, led_network):
    """A network of the same area that the demo leader does not belong to."""
    from nlc.web.registry.models import Network

    return Network.objects.exclude(pk=led_network.pk).order_by("name").first()
