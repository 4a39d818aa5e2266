"""Derived data cached once per data version (nlc.web.cache): renewed by every kind of write,
shared between processes, never shown to the wrong user, and the pages' query counts."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client

from nlc.web.cache import DERIVED, cached_count, data_version, derived
from nlc.web.registry.models import Organisation, Person
from nlc.web.ties.models import Tie

pytestmark = pytest.mark.usefixtures("small_area")


def _members(network, n=2):
    return [m.organisation for m in network.memberships.select_related("organisation")[:n]]


def _new_tie(network, a, b, on=dt.date(2025, 3, 1)) -> Tie:
    return Tie(
        area=network.area,
        network=network,
        source_organisation=a,
        target_organisation=b,
        type="advice",
        observed_on=on,
    )


def test_every_kind_of_write_changes_the_version_and_reads_do_not(led_network):
    a, b = _members(led_network)
    versions = [data_version()]
    list(Tie.objects.all()), Organisation.objects.count()
    assert data_version() == versions[-1]
    tie = _new_tie(led_network, a, b)
    tie.save()
    versions.append(data_version())
    Tie.objects.bulk_create([_new_tie(led_network, b, a)])  # no signals
    versions.append(data_version())
    Tie.objects.filter(pk=tie.pk).update(weight=3)  # no signals
    versions.append(data_version())
    Organisation.objects.filter(pk=a.pk).update(name="Renamed")
    versions.append(data_version())
    Tie.objects.filter(pk=tie.pk).delete()
    versions.append(data_version())
    assert len(set(versions)) == len(versions)


def test_a_rolled_back_change_leaves_no_version_a_later_change_reaches(led_network):
    a, _ = _members(led_network)
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Organisation.objects.filter(pk=a.pk).update(name="Abandoned")
        abandoned = data_version()
        raise RuntimeError
    assert data_version() == before
    Organisation.objects.filter(pk=a.pk).update(name="Kept")
    assert data_version() not in (before, abandoned)


def test_a_value_is_built_once_and_read_by_another_process_from_the_database(db):
    calls = []

    def build():
        calls.append(1)
        return {"answer": 42}

    assert derived("test-shared", build) == {"answer": 42}
    caches["default"].clear()  # another process: nothing in its memory
    assert derived("test-shared", build) == {"answer": 42}
    assert calls == [1]
    table = settings.CACHES[DERIVED]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        assert cursor.fetchone()[0] >= 1


def test_the_network_page_and_map_follow_a_bulk_change_of_ties(client_for, led_network):
    client = client_for("admin")
    page = f"/networks/{led_network.pk}/"
    data = f"/networks/{led_network.pk}/map/data/"

    def tie_count() -> int:
        html = client.get(page).content.decode()
        return int(html.split('id="organisation-tie-count">')[1].split("<")[0])

    before, ties = tie_count(), len(client.get(data).json()["ties"]["id"])
    a, b = _members(led_network)
    Tie.objects.bulk_create([_new_tie(led_network, a, b), _new_tie(led_network, b, a)])
    assert tie_count() == before + 2
    assert len(client.get(data).json()["ties"]["id"]) == ties + 2


def test_the_map_follows_a_renamed_organisation(client_for, led_network):
    client = client_for("admin")
    url = f"/networks/{led_network.pk}/map/data/"
    a, _ = _members(led_network)
    assert a.name in {n["label"] for n in client.get(url).json()["nodes"]}
    Organisation.objects.filter(pk=a.pk).update(name="A name set in bulk")
    assert "A name set in bulk" in {n["label"] for n in client.get(url).json()["nodes"]}


@pytest.mark.parametrize("first", ["admin", "member"])
def test_an_evaluator_never_gets_names_another_user_had_cached(client_for, led_network, first):
    url = f"/networks/{led_network.pk}/map/data/?view=people"
    named = client_for(first).get(url).content.decode()
    people = Person.objects.filter(organisation__memberships__network=led_network, is_pupil=False)
    person = people.first()
    assert f'"{person.name}"' in named
    shown = client_for("evaluator").get(url).content.decode()
    assert f'"{person.name}"' not in shown
    assert f"Person {person.pk}" in shown


def test_the_cached_pages_make_few_queries(client_for, led_network, django_assert_max_num_queries):
    client = client_for("admin")
    urls = [
        f"/networks/{led_network.pk}/",
        f"/networks/{led_network.pk}/map/data/",
        "/area/map/data/?view=people",
    ]
    for url in urls:
        assert client.get(url).status_code == 200  # builds what is cached
    # Session, user, profile, the network, access checks and the data version; no counting
    # of ties or members and no reading of the network's data.
    for url, most in zip(urls, (10, 6, 5), strict=True):
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_counts_are_kept_only_where_every_table_read_changes_the_version(led_network):
    from django.contrib.auth.models import User

    a, b = _members(led_network)
    users = User.objects.filter(is_active=True)  # auth_user has no version triggers
    n = cached_count(users)
    User.objects.bulk_create([User(username="counted-anew")])
    assert cached_count(users) == n + 1
    ties = Tie.objects.filter(network__in=led_network.area.networks.values("pk"))
    n = cached_count(ties)
    assert cached_count(ties) == n
    Tie.objects.bulk_create([_new_tie(led_network, a, b)])
    assert cached_count(ties) == n + 1
    assert cached_count(Tie.objects.none()) == cached_count(Tie.objects.filter(pk__in=[])) == 0


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_api_list_counts_follow_the_data_and_the_user(led_network, other_network):
    a, b = _members(led_network)
    admin, member = _client("admin"), _client("member")
    counts = {c: c.get("/api/ties?limit=1").json()["count"] for c in (admin, member)}
    Tie.objects.bulk_create([_new_tie(other_network, *_members(other_network))])
    assert admin.get("/api/ties?limit=1").json()["count"] == counts[admin] + 1
    assert member.get("/api/ties?limit=1").json()["count"] == counts[member]  # not theirs
    counts[admin] += 1
    Tie.objects.bulk_create([_new_tie(led_network, a, b, on=dt.date.today())])
    newest = Tie.objects.latest("pk").pk
    for client, count in ((admin, counts[admin]), (member, counts[member])):
        found = client.get("/api/ties?limit=1").json()
        assert (found["count"], found["items"][0]["id"]) == (count + 1, newest)
