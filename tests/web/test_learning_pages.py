"""The activity pages on the small area: who sees, plans, edits and contributes, for every
role; pupils and case pupils never named to those who may not see them."""

import datetime as dt

import pytest
from conftest import EVERYONE, STEWARDS
from django.urls import reverse

from nlc.web.learning import services
from nlc.web.learning.models import Activity, ActivityStatus

pytestmark = pytest.mark.usefixtures("small_area")
DAY = dt.date(2025, 2, 3)


@pytest.fixture
def walk(small_area, django_user_model):
    """A learning walk under way at Alpha Academy: the leader, the member and the pupil
    took part (the partner did not)."""
    admin = django_user_model.objects.get(username="admin")
    o, p = small_area.organisations, small_area.people
    activity = services.create_activity(
        admin,
        small_area.led,
        {
            "kind": "learning_walk",
            "title": "Reading walk at Alpha Academy",
            "start_date": DAY,
            "status": ActivityStatus.UNDER_WAY,
            "details": {"protocol": "Brief, four visits, debrief."},
        },
        hosts=[o.academy],
    )
    for person, role in [(p.leader, "host"), (p.member, "walker"), (p.pupil, "pupil_guide")]:
        services.add_participant(admin, activity, person, role=role)
    return activity


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_it_shows_the_network_activities_to_who_may_see_them(
    client_for, small_area, walk, username
):
    response = client_for(username).get(reverse("network-activities", args=[small_area.led.pk]))
    assert response.status_code == 200
    listed = walk.title in response.content.decode()
    assert listed == (username != "partner")  # partners see only what they took part in


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_the_activity_page_names_people_as_the_role_may_see_them(client_for, walk, username):
    response = client_for(username).get(reverse("activity-detail", args=[walk.pk]))
    if username == "partner":
        assert response.status_code == 403
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert ("Pip P." in page) == (username in STEWARDS)
    assert ("Mo Member" in page) == (username != "evaluator")
    assert (reverse("activity-edit", args=[walk.pk]) in page) == (username in STEWARDS)


def test_a_partner_sees_an_activity_once_they_take_part(
    client_for, small_area, walk, django_user_model
):
    admin = django_user_model.objects.get(username="admin")
    services.add_participant(admin, walk, small_area.people.partner)
    response = client_for("partner").get(reverse("activity-detail", args=[walk.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_only_stewards_plan_activities(client_for, small_area, username):
    url = reverse("activity-create", args=[small_area.led.pk]) + "?kind=enquiry"
    client = client_for(username)
    assert client.get(url).status_code == (200 if username in STEWARDS else 403)
    response = client.post(
        url,
        {
            "title": "Enquiry into reading",
            "start_date": "2025-03-01",
            "status": "planned",
            "detail_question": "Does paired reading help?",
        },
    )
    created = Activity.objects.filter(title="Enquiry into reading").first()
    assert (created is not None) == (username in STEWARDS)
    if created:
        assert response.status_code == 302
        assert created.details["question"] == "Does paired reading help?"
        assert created.focus == small_area.led.focus


def test_other_networks_activities_are_not_shown(client_for, small_area):
    response = client_for("leader").get(reverse("network-activities", args=[small_area.other.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_participants_add_their_own_evidence(client_for, walk, username):
    client = client_for(username)
    response = client.post(
        reverse("step-add", args=[walk.pk]),
        {"title": "Visit 1", "date": "2025-02-03", "observation": "Pairs read aloud."},
    )
    recorded = walk.steps.filter(title="Visit 1").exists()
    assert recorded == (username in STEWARDS | {"member"})
    assert response.status_code == (302 if recorded else 403)


def test_evidence_naming_a_child_is_refused(client_for, walk):
    client_for("leader").post(
        reverse("step-add", args=[walk.pk]),
        {"title": "Visit 2", "observation": "pip p. read well."},
    )
    assert not walk.steps.filter(title="Visit 2").exists()


def test_a_member_writes_their_own_contribution(client_for, walk, small_area):
    mine = walk.participants.get(person=small_area.people.member)
    client_for("member").post(
        reverse("participant-contribution", args=[mine.pk]), {"contribution": "I saw pairs."}
    )
    mine.refresh_from_db()
    assert mine.contribution == "I saw pairs."
    other = walk.participants.get(person=small_area.people.leader)
    response = client_for("member").post(
        reverse("participant-contribution", args=[other.pk]), {"contribution": "x"}
    )
    assert response.status_code == 403


def test_the_debrief_closes_the_walk_only_with_findings_and_next_steps(client_for, walk):
    url = reverse("activity-debrief", args=[walk.pk])
    client = client_for("facilitator")
    response = client.post(url, {"detail_findings": "Talk is strong.", "close": "on"})
    assert response.status_code == 200  # next steps missing: shown again with the reason
    walk.refresh_from_db()
    assert walk.status == ActivityStatus.UNDER_WAY
    response = client.post(
        url, {"detail_findings": "Talk is strong.", "detail_next_steps": "Model it.", "close": "on"}
    )
    assert response.status_code == 302
    walk.refresh_from_db()
    assert walk.status == ActivityStatus.DONE and walk.details["next_steps"] == "Model it."


def test_person_and_organisation_pages_list_their_activities(client_for, walk, small_area):
    client = client_for("leader")
    page = client.get(small_area.people.member.get_absolute_url()).content.decode()
    assert walk.title in page
    page = client.get(small_area.organisations.academy.get_absolute_url()).content.decode()
    assert walk.title in page


def test_the_calendar_shows_the_month_asked(client_for, small_area, walk):
    url = reverse("network-activities", args=[small_area.led.pk]) + "?month=2025-02"
    page = client_for("member").get(url).content.decode()
    assert "February 2025" in page and 'id="calendar"' in page


def test_people_of_a_pending_member_cannot_be_added_by_stewards(
    small_area, walk, django_user_model
):
    from django.core.exceptions import ValidationError

    from nlc.web.registry.models import Membership

    o, p = small_area.organisations, small_area.people
    Membership.objects.create(network=small_area.led, organisation=o.beta_school, approved=False)
    leader = django_user_model.objects.get(username="leader")
    with pytest.raises(ValidationError):
        services.add_participant(leader, walk, p.beta_teacher)
    admin = django_user_model.objects.get(username="admin")
    assert services.add_participant(admin, walk, p.beta_teacher).organisation == o.beta_school


@pytest.mark.parametrize("month", ["0001-01", "2025-13", "x", "9999-12", "2025-02-01"])
def test_a_month_that_cannot_be_shown_falls_back(client_for, small_area, walk, month):
    url = reverse("network-activities", args=[small_area.led.pk]) + f"?month={month}"
    assert client_for("member").get(url).status_code == 200
