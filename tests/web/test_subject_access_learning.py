"""People's rights and learning activities: a subject access request lists the person's
participations with the evidence they wrote, and erasing them removes those participations
and every co-participation tie built from them."""

import datetime as dt

import pytest
from django.db.models import Q

from nlc.web.audit.subject import erase_person, subject_access
from nlc.web.learning import services
from nlc.web.learning.models import ActivityStatus, Participant
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.usefixtures("small_area")
MARCH = dt.date(2025, 3, 4)


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.get(username="admin")


@pytest.fixture
def walk(admin, small_area):
    """A learning walk hosted by Alpha Academy: its leader and Primary's member walk it."""
    p = small_area.people
    data = {
        "kind": "learning_walk",
        "title": "Walk on questioning",
        "start_date": MARCH,
        "status": ActivityStatus.UNDER_WAY,
    }
    activity = services.create_activity(admin, small_area.led, data)
    services.add_participant(admin, activity, p.leader)
    member = services.add_participant(admin, activity, p.member)
    services.set_contribution(admin, member, "Pupils asked more open questions in Year 4.")
    services.save_step(
        admin,
        activity,
        {"title": "Visit to Year 4", "observation": "Paired talk", "author": p.member},
    )
    return activity


def activity_ties(network):
    return Tie.objects.filter(network=network, provenance=Provenance.ACTIVITY)


def test_subject_access_lists_participations_and_evidence(walk, small_area):
    data = subject_access(small_area.people.member)
    [part] = data["participations"]
    assert part["activity"] == "Walk on questioning"
    assert part["network"] == small_area.led.name
    assert part["organisation"] == "Alpha Primary"
    assert part["role"] == "Member"
    assert part["evidence"] == "Pupils asked more open questions in Year 4."
    assert [s["title"] for s in part["steps_written"]] == ["Visit to Year 4"]
    assert subject_access(small_area.people.teacher)["participations"] == []


def test_the_data_page_shows_participations(client_for, walk, small_area):
    from django.urls import reverse

    page = client_for("admin").get(reverse("person-data", args=[small_area.people.member.pk]))
    html = page.content.decode()
    table = html[html.index('id="data-participations"') :].split("</table>")[0]
    assert "Walk on questioning" in table and "open questions in Year 4" in table


def test_erasure_removes_participations_and_the_ties_built_from_them(walk, small_area):
    member, o = small_area.people.member, small_area.organisations
    ties = activity_ties(small_area.led)
    # Academy (host and the leader's) <-> Primary (the member's), and leader <-> member.
    assert ties.filter(source_organisation__isnull=False).count() == 1
    assert ties.filter(source_person__isnull=False).count() == 1
    erasure = erase_person(member)
    assert erasure.participations == 1
    assert not Participant.objects.filter(person_id=member.pk).exists()
    assert not ties.filter(Q(source_person_id=member.pk) | Q(target_person_id=member.pk)).exists()
    # The only organisation tie came from the member's taking part: it is gone too.
    primary = Q(source_organisation=o.primary) | Q(target_organisation=o.primary)
    assert not ties.filter(primary).exists()
    assert Participant.objects.filter(activity=walk).count() == 1
