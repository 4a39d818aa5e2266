"""Where each practice travelled, on the network map: the map document lists the network's
practices with their source organisations, adopters and the travel (source -> adopter, dated),
only from activities the viewer may see."""

import datetime as dt

import pytest
from django.urls import reverse

from nlc.web.learning import services
from nlc.web.learning.models import ActivityStatus

pytestmark = pytest.mark.usefixtures("small_area")
MARCH, MAY, JUNE = dt.date(2025, 3, 4), dt.date(2025, 5, 6), dt.date(2025, 6, 10)


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.get(username="admin")


@pytest.fixture
def travelled(admin, small_area):
    """A lesson study of Academy and Primary whose "Paired talk" the Library took up, and a
    walk hosted by Primary whose "Exit tickets" the Academy took up."""
    p, o, net = small_area.people, small_area.organisations, small_area.led

    def activity(title, kind, hosts):
        data = {
            "kind": kind,
            "title": title,
            "start_date": MARCH,
            "status": ActivityStatus.UNDER_WAY,
        }
        return services.create_activity(admin, net, data, hosts=hosts)

    study = activity("Study of talk", "lesson_study", [o.academy])
    services.add_participant(admin, study, p.leader)
    services.add_participant(admin, study, p.member)
    services.record_adoption(
        admin, study, {"organisation": o.library, "practice": "Paired talk", "adopted_on": MAY}
    )
    walk = activity("Walk on feedback", "learning_walk", [o.primary])
    services.add_participant(admin, walk, p.member)
    services.record_adoption(
        admin, walk, {"organisation": o.academy, "practice": "Exit tickets", "adopted_on": JUNE}
    )
    return study, walk


def map_data(client_for, username, network):
    response = client_for(username).get(reverse("network-map-data", args=[network.pk]))
    assert response.status_code == 200
    return response.json()


def test_the_map_lists_each_practice_with_its_travel(client_for, travelled, small_area):
    o = small_area.organisations
    study, walk = travelled
    data = map_data(client_for, "leader", small_area.led)
    assert [p["name"] for p in data["practices"]] == ["Exit tickets", "Paired talk"]
    tickets, talk = data["practices"]
    assert talk["sources"] == [f"o{pk}" for pk in sorted([o.academy.pk, o.primary.pk])]
    assert talk["adopters"] == [f"o{o.library.pk}"]
    assert sorted((t["source"], t["target"], t["date"], t["activity"]) for t in talk["travel"]) == [
        (f"o{o.academy.pk}", f"o{o.library.pk}", "2025-05-06", study.pk),
        (f"o{o.primary.pk}", f"o{o.library.pk}", "2025-05-06", study.pk),
    ]
    assert tickets["travel"] == [
        {
            "source": f"o{o.primary.pk}",
            "target": f"o{o.academy.pk}",
            "date": "2025-06-10",
            "activity": walk.pk,
        }
    ]
    ids = {n["id"] for n in data["nodes"]}
    assert all(t["source"] in ids and t["target"] in ids for t in talk["travel"])
    assert data["urls"]["activity"].replace("{id}", str(study.pk)) == study.get_absolute_url()


def test_a_new_adoption_shows_at_once(client_for, admin, travelled, small_area):
    study, _ = travelled
    assert len(map_data(client_for, "member", small_area.led)["practices"]) == 2
    services.record_adoption(
        admin,
        study,
        {
            "organisation": small_area.organisations.primary,
            "practice": "Wait time",
            "adopted_on": JUNE,
        },
    )
    names = [p["name"] for p in map_data(client_for, "member", small_area.led)["practices"]]
    assert names == ["Exit tickets", "Paired talk", "Wait time"]


@pytest.mark.parametrize(
    ("username", "seen"),
    [
        ("admin", 2),
        ("leader", 2),
        ("facilitator", 2),
        ("member", 2),
        ("evaluator", 2),
        ("partner", 0),  # community partners see only activities they took part in
    ],
)
def test_each_role_sees_the_practices_of_activities_it_may_see(
    client_for, travelled, small_area, username, seen
):
    assert len(map_data(client_for, username, small_area.led)["practices"]) == seen


def test_the_area_map_has_no_practices(client_for, travelled):
    response = client_for("admin").get(reverse("area-map-data"))
    assert response.json()["practices"] == []
