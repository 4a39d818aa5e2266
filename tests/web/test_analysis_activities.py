"""The analysis section's people x activities view: people tied by the learning activities
they shared, projected as ``nlc analyse --two-mode`` projects, with the activities that link
the most groups listed by title, and names shown only as each role may see them."""

import datetime as dt
import re

import pytest
from conftest import EVERYONE

from nlc.analysis import analyse
from nlc.network import TieTable
from nlc.network.two_mode import project_two_mode
from nlc.web.learning import services
from nlc.web.learning.analysis import people_through_activities
from nlc.web.learning.models import ActivityStatus, ParticipantRole

pytestmark = pytest.mark.usefixtures("small_area")
MARCH, MAY = dt.date(2025, 3, 4), dt.date(2025, 5, 6)
STEWARDS = {"admin", "leader", "facilitator"}


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.get(username="admin")


@pytest.fixture
def activities(admin, small_area):
    """A walk (Lena, Mo, the pupil Pip as guide, Pat the partner), an enquiry (Lena, Mo, Fay)
    and a planned group (Tom), which does not count."""
    p, net = small_area.people, small_area.led

    def activity(title, kind, day, who, status=ActivityStatus.UNDER_WAY):
        data = {"kind": kind, "title": title, "start_date": day, "status": status}
        made = services.create_activity(admin, net, data)
        for person, role in who:
            services.add_participant(admin, made, person, role=role)
        return made

    member = ParticipantRole.MEMBER
    walk = activity(
        "Walk on questioning",
        "learning_walk",
        MARCH,
        [
            (p.leader, member),
            (p.member, member),
            (p.pupil, ParticipantRole.PUPIL_GUIDE),
            (p.partner, member),
        ],
    )
    enquiry = activity(
        "Enquiry on feedback",
        "enquiry",
        MAY,
        [(p.leader, member), (p.member, member), (p.facilitator, member)],
    )
    planned = activity(
        "Leaders' group", "cll_group", MAY, [(p.teacher, member)], ActivityStatus.PLANNED
    )
    return walk, enquiry, planned


def page(client, network, **query) -> str:
    response = client.get(f"/networks/{network.pk}/analysis/", query)
    assert response.status_code == 200
    return response.content.decode()


def spanners(html: str) -> str:
    return html[html.index('id="spanners"') :].split("</table>")[0]


def test_it_projects_people_through_the_activities_they_shared(activities, small_area):
    p = small_area.people
    walk, enquiry, _ = activities
    network, two_mode = people_through_activities(small_area.led)
    assert sorted(two_mode.affiliation_ids) == sorted([f"a{walk.pk}", f"a{enquiry.pk}"])
    assert str(p.teacher.pk) not in network.ids  # only a planned activity
    index = {pk: network.ids.index(str(pk)) for pk in (p.leader.pk, p.member.pk, p.pupil.pk)}
    weights = dict(
        zip(
            zip(network.source.tolist(), network.target.tolist(), strict=True),
            network.weight.tolist(),
            strict=True,
        )
    )

    def weight(a, b):
        i, j = sorted((index[a.pk], index[b.pk]))
        return weights[(i, j)]

    assert weight(p.leader, p.member) == 2 and weight(p.leader, p.pupil) == 1
    # The same as the CLI's --two-mode on the membership file person -> activity.
    pairs = [
        (str(m), a)
        for m, a in zip(
            [network.ids[i] for i in two_mode.membership.nonzero()[0]],
            [two_mode.affiliation_ids[j] for j in two_mode.membership.nonzero()[1]],
            strict=True,
        )
    ]
    table = TieTable("cli", [m for m, _ in pairs], [a for _, a in pairs], [1.0] * len(pairs))
    cli, _ = project_two_mode(table)
    assert cli.n == network.n and sorted(cli.weight.tolist()) == sorted(network.weight.tolist())
    # Since May only the enquiry counts.
    _, later = people_through_activities(small_area.led, since=MAY)
    assert later.affiliation_ids == [f"a{enquiry.pk}"]


def test_the_page_offers_the_view_and_lists_the_activities(client_for, activities, small_area):
    walk, enquiry, _ = activities
    html = page(client_for("admin"), small_area.led, view="activities", group="organisation")
    assert 'value="activities" selected' in html
    table = spanners(html)
    assert "Activities linking the most groups" in html and "<th>Activity</th>" in table
    assert f'href="/activities/{walk.pk}/">Walk on questioning<' in table
    assert f'href="/activities/{enquiry.pk}/">Enquiry on feedback<' in table
    network, two_mode = people_through_activities(small_area.led)
    expected = analyse(network, group="organisation", two_mode=two_mode).to_json()["network"]
    assert re.search(r'id="ei-index">([^<]*)<', html).group(1) == f"{expected['ei_index']:+.2f}"


def test_a_new_participant_changes_the_view_at_once(client_for, admin, activities, small_area):
    walk, _, _ = activities
    assert "Tom Teacher" not in page(client_for("admin"), small_area.led, view="activities")
    services.add_participant(admin, walk, small_area.people.teacher)
    assert "Tom Teacher" in page(client_for("admin"), small_area.led, view="activities")


@pytest.mark.parametrize("username", sorted(EVERYONE))
def test_each_role_sees_only_the_names_it_may(client_for, activities, small_area, username):
    p = small_area.people
    html = page(client_for(username), small_area.led, view="activities")
    sees_pupils = username in STEWARDS
    assert (p.pupil.name in html) == sees_pupils
    assert (f"Pupil {p.pupil.pk}" in html) == (not sees_pupils)
    assert (p.leader.name in html) == (username != "evaluator")
    if username == "evaluator":
        assert f"Person {p.leader.pk}" in html
    table = spanners(html)
    assert "Walk on questioning" in table
    # A community partner sees only the activities they took part in.
    assert ("Enquiry on feedback" in table) == (username != "partner")
    assert ("An activity" in table) == (username == "partner")
