"""Participation becomes ties: adding and removing participants, changing an activity's status
and removing it keep the co-participation ties (and so the network's measures) in step, with
no duplicate ties and their dates kept."""

import datetime as dt

import pytest
from django.db.models import Count

from nlc.web.learning import services
from nlc.web.learning.models import ActivityStatus
from nlc.web.ties.measures import network_analysis
from nlc.web.ties.models import Provenance, Tie, TieType

pytestmark = pytest.mark.usefixtures("small_area")
MARCH, JUNE = dt.date(2025, 3, 4), dt.date(2025, 6, 10)


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.get(username="admin")


def activity(admin, network, title, day, status=ActivityStatus.UNDER_WAY):
    data = {"kind": "cll_group", "title": title, "start_date": day, "status": status}
    return services.create_activity(admin, network, data)


def co_ties(network, level):
    ties = Tie.objects.filter(
        network=network, provenance=Provenance.ACTIVITY, type=TieType.CO_PARTICIPATION
    )
    ties = ties.filter(**{f"source_{level}__isnull": False})
    return {(getattr(t, f"source_{level}_id"), getattr(t, f"target_{level}_id")): t for t in ties}


def pair(a, b):
    return tuple(sorted((a.pk, b.pk)))


def density(network, **filters):
    return network_analysis(network, **filters).to_json()["network"]["density"]


def test_adding_and_removing_a_participant_changes_ties_and_measures(admin, small_area):
    net, p, o = small_area.led, small_area.people, small_area.organisations
    before = density(net)
    group = activity(admin, net, "Leaders' group", MARCH)
    services.add_participant(admin, group, p.leader)
    assert co_ties(net, "person") == {} and co_ties(net, "organisation") == {}

    member = services.add_participant(admin, group, p.member)
    people, organisations = co_ties(net, "person"), co_ties(net, "organisation")
    assert list(people) == [pair(p.leader, p.member)]
    assert list(organisations) == [pair(o.academy, o.primary)]
    tie = people[pair(p.leader, p.member)]
    assert (tie.weight, tie.observed_on, tie.directed) == (1, MARCH, False)
    # Academy <-> Primary adds the arc Primary -> Academy to three directed arcs of six.
    assert density(net) == pytest.approx(4 / 6) and before == pytest.approx(3 / 6)
    assert density(net, activity_ties=False) == pytest.approx(3 / 6)

    services.remove_participant(admin, member)
    assert co_ties(net, "person") == {} and co_ties(net, "organisation") == {}
    assert density(net) == pytest.approx(3 / 6)


def test_shared_activities_weigh_one_tie_dated_by_the_first(admin, small_area):
    net, p = small_area.led, small_area.people
    first = activity(admin, net, "Walk", MARCH)
    later = activity(admin, net, "Enquiry", JUNE)
    for a in (first, later):
        services.add_participant(admin, a, p.leader)
        services.add_participant(admin, a, p.member)
    tie = co_ties(net, "person")[pair(p.leader, p.member)]
    assert (tie.weight, tie.observed_on) == (2, MARCH)

    services.add_participant(admin, later, p.facilitator)  # a third person joins later
    ties = co_ties(net, "person")
    kept = ties[pair(p.leader, p.member)]
    assert (kept.pk, kept.weight, kept.observed_on) == (tie.pk, 2, MARCH)  # same row, same date
    assert ties[pair(p.leader, p.facilitator)].observed_on == JUNE

    services.delete_activity(admin, first)
    kept = co_ties(net, "person")[pair(p.leader, p.member)]
    assert (kept.pk, kept.weight, kept.observed_on) == (tie.pk, 1, JUNE)


def test_no_duplicate_ties_however_often_it_syncs(admin, small_area):
    net, p = small_area.led, small_area.people
    group = activity(admin, net, "Walk", MARCH)
    for person in (p.leader, p.member, p.facilitator, p.mentor):
        services.add_participant(admin, group, person)
    for _ in range(3):
        services.sync_coparticipation_ties(net)
    ties = Tie.objects.filter(network=net, provenance=Provenance.ACTIVITY)
    per_pair = ties.values(
        "source_person", "target_person", "source_organisation", "target_organisation"
    ).annotate(n=Count("pk"))
    assert {row["n"] for row in per_pair} == {1}
    assert len(co_ties(net, "person")) == 6  # four people: six pairs


def test_planned_activities_tie_no_one_until_under_way(admin, small_area):
    net, p = small_area.led, small_area.people
    group = activity(admin, net, "Walk", MARCH, status=ActivityStatus.PLANNED)
    services.add_participant(admin, group, p.leader)
    services.add_participant(admin, group, p.member)
    assert co_ties(net, "person") == {}
    services.update_activity(admin, group, {"status": ActivityStatus.UNDER_WAY})
    assert list(co_ties(net, "person")) == [pair(p.leader, p.member)]


def test_hosts_count_among_the_organisations(admin, small_area):
    net, p, o = small_area.led, small_area.people, small_area.organisations
    walk = services.create_activity(
        admin,
        net,
        {"kind": "learning_walk", "title": "Walk", "start_date": MARCH, "status": "under_way"},
        hosts=[o.library],
    )
    services.add_participant(admin, walk, p.leader)
    assert list(co_ties(net, "organisation")) == [pair(o.academy, o.library)]


def test_other_ties_are_never_touched(admin, small_area):
    net = small_area.led
    before = set(Tie.objects.filter(network=net).values_list("pk", "weight", "observed_on"))
    services.sync_coparticipation_ties(net)
    assert set(Tie.objects.filter(network=net).values_list("pk", "weight", "observed_on")) == before


def test_the_analysis_page_leaves_activity_ties_out_when_asked(admin, small_area, client_for):
    from django.urls import reverse

    net, p = small_area.led, small_area.people
    group = activity(admin, net, "Walk", MARCH)
    services.add_participant(admin, group, p.leader)
    services.add_participant(admin, group, p.member)
    url = reverse("network-analysis", args=[net.pk])
    client = client_for("member")
    included = client.get(url).context["measures"]
    left_out = client.get(url + "?activity_ties=exclude")
    assert left_out.status_code == 200
    assert 'value="exclude" selected' in left_out.content.decode()
    assert included != left_out.context["measures"]


def test_a_debrief_naming_a_pupil_is_refused(admin, small_area):
    from django.core.exceptions import ValidationError

    group = activity(admin, small_area.led, "Walk", MARCH)
    with pytest.raises(ValidationError, match="Do not name children"):
        services.update_activity(admin, group, {"outcomes": "Pip P. led the tour."})
