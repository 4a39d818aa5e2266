"""Every registry and ties page against every demo role (and anonymous visitors).

``PAGES`` lists each page with the roles that may open it; everyone else is refused (403),
and anonymous visitors are sent to sign in. ``WRITES`` lists each form that changes data,
the roles that may submit it and a snapshot of the rows it changes: allowed submissions
redirect and change the snapshot, refused ones leave it as it was.
"""

from types import SimpleNamespace

import pytest
from conftest import ADMIN, AREA_READERS, EDITORS, EVERYONE, ROLES, STEWARDS
from django.test import Client
from django.urls import reverse

from nlc.web.registry.models import (
    Membership,
    Network,
    NetworkRole,
    Organisation,
    Person,
    RoleKind,
)
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.usefixtures("small_area")


@pytest.fixture(scope="module")
def shared_client():
    return Client()


@pytest.fixture
def client(shared_client):
    """One test client per module, signed out before each test: loading a new client's
    middleware makes WhiteNoise index every static file (about 70 ms a test)."""
    shared_client.cookies.clear()
    return shared_client


@pytest.fixture(scope="module")
def o(small_area, django_db_blocker):
    """The objects the pages are about: one of each in the led network, and in another.

    Looked up once per module; each test's changes are rolled back, so they stay valid.
    """
    with django_db_blocker.unblock():
        return _objects()


def _objects():
    led = Network.objects.get(roles__person__user__username="leader", roles__role="leader")
    other = Network.objects.exclude(pk=led.pk).order_by("name").first()
    led_memberships = led.memberships.select_related("organisation").order_by("pk")
    steward_people = NetworkRole.objects.filter(network=led).values("person_id")
    led_person = (
        Person.objects.filter(organisation__memberships__network=led, is_pupil=False)
        .exclude(pk__in=steward_people)
        .exclude(user__isnull=False)
        .order_by("pk")
        .first()
    )
    organisation_ties = Tie.objects.filter(source_organisation__isnull=False)
    return SimpleNamespace(
        led=led,
        other=other,
        led_organisation=led_memberships[1].organisation,
        other_organisation=other.memberships.order_by("pk").first().organisation,
        membership=led_memberships[1],
        led_person=led_person,
        other_person=Person.objects.filter(organisation__memberships__network=other)
        .order_by("pk")
        .first(),
        role=NetworkRole.objects.filter(network=led, role=RoleKind.MENTOR).first(),
        steward_role=NetworkRole.objects.get(
            network=led, role=RoleKind.FACILITATOR, person__user__username="facilitator"
        ),
        tie=organisation_ties.filter(network=led).order_by("pk").first(),
        other_tie=organisation_ties.filter(network=other).order_by("pk").first(),
    )


def url(name, *args):
    return reverse(name, args=[getattr(a, "pk", a) for a in args])


PAGES = {
    "network-list": (lambda o: url("network-list"), EVERYONE),
    "network-detail": (lambda o: url("network-detail", o.led), EVERYONE),
    "network-detail (other)": (lambda o: url("network-detail", o.other), AREA_READERS),
    "network-members": (lambda o: url("network-members", o.led), EVERYONE),
    "network-members (other)": (lambda o: url("network-members", o.other), AREA_READERS),
    "network-analysis": (lambda o: url("network-analysis", o.led), EVERYONE),
    "network-analysis (other)": (lambda o: url("network-analysis", o.other), AREA_READERS),
    "network-create": (lambda o: url("network-create"), ADMIN),
    "network-edit": (lambda o: url("network-edit", o.led), EDITORS),
    "network-edit (other)": (lambda o: url("network-edit", o.other), ADMIN),
    "membership-create": (lambda o: url("membership-create", o.led), EDITORS),
    "membership-create (other)": (lambda o: url("membership-create", o.other), ADMIN),
    "membership-edit": (lambda o: url("membership-edit", o.led, o.membership), EDITORS),
    "membership-remove": (lambda o: url("membership-remove", o.led, o.membership), EDITORS),
    "membership-approve": (lambda o: url("membership-approve", o.led, o.membership), ADMIN),
    "role-create": (lambda o: url("role-create", o.led), STEWARDS),
    "role-create (other)": (lambda o: url("role-create", o.other), ADMIN),
    "role-edit": (lambda o: url("role-edit", o.led, o.role), STEWARDS),
    "role-edit (steward role)": (lambda o: url("role-edit", o.led, o.steward_role), EDITORS),
    "role-remove": (lambda o: url("role-remove", o.led, o.role), STEWARDS),
    "role-remove (steward role)": (
        lambda o: url("role-remove", o.led, o.steward_role),
        EDITORS,
    ),
    "organisation-list": (lambda o: url("organisation-list"), EVERYONE),
    "organisation-detail": (lambda o: url("organisation-detail", o.led_organisation), EVERYONE),
    "organisation-detail (other)": (
        lambda o: url("organisation-detail", o.other_organisation),
        AREA_READERS,
    ),
    # Leaders add organisations and people to the networks they lead (issue #8).
    "organisation-create": (lambda o: url("organisation-create"), EDITORS),
    "organisation-edit": (lambda o: url("organisation-edit", o.led_organisation), ADMIN),
    "person-list": (lambda o: url("person-list"), EVERYONE),
    "person-detail": (lambda o: url("person-detail", o.led_person), EVERYONE),
    "person-detail (other)": (lambda o: url("person-detail", o.other_person), AREA_READERS),
    "person-create": (lambda o: url("person-create"), EDITORS),
    "person-edit": (lambda o: url("person-edit", o.led_person), ADMIN),
    "tie-list": (lambda o: url("tie-list", o.led), EVERYONE),
    "tie-list (other)": (lambda o: url("tie-list", o.other), AREA_READERS),
    # Members and partners record their own ties, pending confirmation (issue #8).
    "tie-create": (lambda o: url("tie-create", o.led), STEWARDS | {"member", "partner"}),
    "tie-create (other)": (lambda o: url("tie-create", o.other), ADMIN),
    "tie-edit": (lambda o: url("tie-edit", o.tie), STEWARDS),
    "tie-edit (other)": (lambda o: url("tie-edit", o.other_tie), ADMIN),
    "tie-confirm": (lambda o: url("tie-confirm", o.tie), STEWARDS),
    # Only the person themself chooses whether to hide their contact (issue #8).
    "person-contact": (lambda o: url("person-contact", o.led_person), set()),
    "organisation-search": (lambda o: url("organisation-search") + "?q=Al", EVERYONE),
    "person-search": (lambda o: url("person-search") + "?q=Al", EVERYONE),
    "tie-confirm (other)": (lambda o: url("tie-confirm", o.other_tie), ADMIN),
}


def _cases(table, allowed: bool):
    return [
        pytest.param(page, role, id=f"{page}-{role}")
        for page, (*_, roles) in table.items()
        for role in ROLES
        if (role in roles) == allowed
    ]


@pytest.mark.parametrize(("page", "username"), _cases(PAGES, allowed=True))
def test_it_shows_each_page_to_the_roles_allowed_it(client_for, o, page, username):
    address, _ = PAGES[page]
    assert client_for(username).get(address(o)).status_code == 200


@pytest.mark.parametrize(("page", "username"), _cases(PAGES, allowed=False))
def test_it_refuses_each_page_to_other_roles(client_for, o, page, username):
    address, _ = PAGES[page]
    response = client_for(username).get(address(o))
    assert response.status_code == 403
    assert b"Not allowed" in response.content


@pytest.mark.parametrize("page", PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(db, client, o, page):
    address, _ = PAGES[page]
    response = client.get(address(o))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Writes: (address, form data, snapshot of what the write changes, roles allowed).


def _own_tie_data(network):
    """A tie between the member and the partner: each may record it as their own."""
    member, partner = (Person.objects.get(user__username=u).pk for u in ("member", "partner"))
    data = _tie_data(network, source_organisation="", target_organisation="")
    return {**data, "source_person": member, "target_person": partner}


def _tie_data(network, **changes):
    a, b = network.memberships.order_by("pk").values_list("organisation_id", flat=True)[:2]
    data = {
        "source_organisation": a,
        "target_organisation": b,
        "type": "advice",
        "weight": "2",
        "directed": "on",
        "observed_on": "2025-03-01",
        "provenance": "recorded",
    }
    return {**data, **changes}


WRITES = {
    "network-create": (
        lambda o: url("network-create"),
        lambda o: {"area": o.led.area_id, "name": "A new network", "focus": "Testing"},
        lambda o: Network.objects.filter(name="A new network").exists(),
        ADMIN,
    ),
    "network-edit": (
        lambda o: url("network-edit", o.led),
        lambda o: {"area": o.led.area_id, "name": "Renamed network", "focus": o.led.focus},
        lambda o: Network.objects.get(pk=o.led.pk).name,
        EDITORS,
    ),
    "network-edit (other)": (
        lambda o: url("network-edit", o.other),
        lambda o: {"area": o.other.area_id, "name": "Renamed network"},
        lambda o: Network.objects.get(pk=o.other.pk).name,
        ADMIN,
    ),
    "membership-create": (
        lambda o: url("membership-create", o.led),
        lambda o: {"organisation": o.other_organisation.pk, "role": "associate"},
        lambda o: o.led.memberships.filter(organisation=o.other_organisation).exists(),
        EDITORS,
    ),
    "membership-edit": (
        lambda o: url("membership-edit", o.led, o.membership),
        lambda o: {"role": "associate", "start_date": "2024-09-01"},
        lambda o: Membership.objects.get(pk=o.membership.pk).role,
        EDITORS,
    ),
    "membership-remove": (
        lambda o: url("membership-remove", o.led, o.membership),
        lambda o: {},
        lambda o: Membership.objects.filter(pk=o.membership.pk).exists(),
        EDITORS,
    ),
    "role-create": (
        lambda o: url("role-create", o.led),
        lambda o: {"person": o.led_person.pk, "role": "broker"},
        lambda o: o.led.roles.filter(person=o.led_person, role="broker").exists(),
        STEWARDS,
    ),
    "role-edit": (
        lambda o: url("role-edit", o.led, o.role),
        lambda o: {"role": "lead_learner", "start_date": "2024-09-01"},
        lambda o: NetworkRole.objects.get(pk=o.role.pk).role,
        STEWARDS,
    ),
    "role-edit (steward role)": (
        lambda o: url("role-edit", o.led, o.steward_role),
        lambda o: {"role": "facilitator", "end_date": "2026-07-31"},
        lambda o: NetworkRole.objects.get(pk=o.steward_role.pk).end_date,
        EDITORS,
    ),
    "role-remove": (
        lambda o: url("role-remove", o.led, o.role),
        lambda o: {},
        lambda o: NetworkRole.objects.filter(pk=o.role.pk).exists(),
        STEWARDS,
    ),
    "role-remove (steward role)": (
        lambda o: url("role-remove", o.led, o.steward_role),
        lambda o: {},
        lambda o: NetworkRole.objects.filter(pk=o.steward_role.pk).exists(),
        EDITORS,
    ),
    "organisation-create": (
        lambda o: url("organisation-create"),
        lambda o: {
            "area": o.led.area_id,
            "network": o.led.pk,  # a leader's new organisation joins the led network
            "name": "A new library",
            "kind": "library",
        },
        lambda o: Organisation.objects.filter(name="A new library").exists(),
        EDITORS,
    ),
    "organisation-edit": (
        lambda o: url("organisation-edit", o.led_organisation),
        lambda o: {
            "area": o.led.area_id,
            "name": "Renamed school",
            "kind": "school",
            "phase": o.led_organisation.phase,
        },
        lambda o: Organisation.objects.get(pk=o.led_organisation.pk).name,
        ADMIN,
    ),
    "person-create": (
        lambda o: url("person-create"),
        lambda o: {"organisation": o.led_organisation.pk, "name": "A new person"},
        lambda o: Person.objects.filter(name="A new person").exists(),
        EDITORS,
    ),
    "person-edit": (
        lambda o: url("person-edit", o.led_person),
        lambda o: {"organisation": o.led_person.organisation_id, "name": "Renamed person"},
        lambda o: Person.objects.get(pk=o.led_person.pk).name,
        ADMIN,
    ),
    "tie-create": (
        lambda o: url("tie-create", o.led),
        lambda o: _own_tie_data(o.led),
        lambda o: Tie.objects.filter(network=o.led).count(),
        STEWARDS | {"member", "partner"},
    ),
    "tie-create (other)": (
        lambda o: url("tie-create", o.other),
        lambda o: _tie_data(o.other),
        lambda o: Tie.objects.filter(network=o.other).count(),
        ADMIN,
    ),
    "tie-edit": (
        lambda o: url("tie-edit", o.tie),
        lambda o: _tie_data(o.led, weight="7.5"),
        lambda o: Tie.objects.get(pk=o.tie.pk).weight,
        STEWARDS,
    ),
    "tie-confirm": (
        lambda o: url("tie-confirm", o.tie),
        lambda o: {},
        lambda o: Tie.objects.get(pk=o.tie.pk).updated_at,
        STEWARDS,
    ),
}


@pytest.mark.parametrize(("page", "username"), _cases(WRITES, allowed=True))
def test_it_saves_each_write_by_the_roles_allowed_it(client_for, o, page, username):
    address, data, snapshot, _ = WRITES[page]
    before = snapshot(o)
    response = client_for(username).post(address(o), data(o))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot(o) != before


@pytest.mark.parametrize(("page", "username"), _cases(WRITES, allowed=False))
def test_it_refuses_each_write_by_other_roles_and_changes_nothing(client_for, o, page, username):
    address, data, snapshot, _ = WRITES[page]
    before = snapshot(o)
    assert client_for(username).post(address(o), data(o)).status_code == 403
    assert snapshot(o) == before


@pytest.mark.parametrize("page", WRITES)
def test_it_refuses_writes_by_anonymous_visitors_and_changes_nothing(db, client, o, page):
    address, data, snapshot, _ = WRITES[page]
    before = snapshot(o)
    response = client.post(address(o), data(o))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert snapshot(o) == before


def test_it_lists_every_page_of_the_two_apps_in_the_matrix():
    from nlc.web.registry import urls as registry_urls
    from nlc.web.ties import urls as ties_urls

    names = {p.name for p in registry_urls.urlpatterns + ties_urls.urlpatterns}
    covered = {page.split(" ")[0] for page in PAGES}
    assert names == covered


def test_it_requires_a_csrf_token_for_writes(db, o):
    from django.contrib.auth import get_user_model

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="leader"))
    before = Tie.objects.filter(network=o.led).count()
    response = strict.post(url("tie-create", o.led), _tie_data(o.led))
    assert response.status_code == 403
    assert Tie.objects.filter(network=o.led).count() == before
