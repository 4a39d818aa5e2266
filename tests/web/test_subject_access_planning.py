"""People's rights and the network's planning and knowledge records: a subject access request
lists the meetings a person attended, the proposals, comments, decisions and actions that
name them and the knowledge items they wrote; erasing them removes what is theirs (their
comments, their place in attendance and decisions, the meeting ties built from it) and
leaves the network's record without their name."""

import datetime as dt

import pytest
from django.db.models import Q
from django.urls import reverse

from nlc.web.audit.subject import erase_person, subject_access
from nlc.web.knowledge.models import Comment as Review
from nlc.web.knowledge.models import Item
from nlc.web.planning import services
from nlc.web.planning.models import Action, Comment, Decision, Meeting, Proposal
from nlc.web.ties.models import Provenance, Tie

pytestmark = pytest.mark.usefixtures("small_area")
MAY = dt.date(2025, 5, 6)


@pytest.fixture
def records(db, small_area):
    """A meeting the member attended with the leader and mentor, where the member proposed,
    commented and decided with the leader, and took an action; a knowledge item they wrote
    with the leader, naming them as its contact, and a review comment they wrote."""
    p, network = small_area.people, small_area.led
    meeting = services.save_meeting(
        Meeting(network=network, held_on=MAY, title="Spring meeting"),
        [p.member, p.leader, p.mentor],
    )
    proposal = Proposal.objects.create(
        network=network, meeting=meeting, title="Share the reading tool", proposed_by=p.member
    )
    Comment.objects.create(proposal=proposal, author=p.member, text="I can run the first session.")
    Comment.objects.create(proposal=proposal, author=p.leader, text="Agreed.")
    decision = services.record_decision(
        Decision(proposal=proposal, decided_on=MAY, outcome="agreed"), [p.member, p.leader]
    )
    Action.objects.create(
        network=network, title="Run the session", owner=p.member, decision=decision
    )
    item = Item.objects.create(
        area=small_area.area,
        kind="practice",
        title="Reading aloud",
        date=MAY,
        contact=p.member.email,
    )
    item.networks.add(network)
    item.authors.add(p.member, p.leader)
    Review.objects.create(item=item, author=p.member.user, text="Mo's note on the draft.")
    Review.objects.create(item=item, author=p.member.user, action="submit", text="Ready, Mo")
    return meeting, proposal, decision, item


def meeting_ties(meeting):
    return Tie.objects.filter(network=meeting.network, provenance=Provenance.MEETING)


def test_subject_access_lists_planning_and_knowledge_records(records, small_area):
    data = subject_access(small_area.people.member)
    assert [m["meeting"] for m in data["meetings"]] == ["Spring meeting"]
    assert [p["proposal"] for p in data["proposals"]] == ["Share the reading tool"]
    assert [c["text"] for c in data["plan_comments"]] == ["I can run the first session."]
    assert [d["outcome"] for d in data["decisions"]] == ["Agreed"]
    assert [a["action"] for a in data["actions"]] == ["Run the session"]
    assert [i["item"] for i in data["knowledge_items"]] == ["Reading aloud"]
    assert [c["text"] for c in data["knowledge_comments"]] == [
        "Mo's note on the draft.",
        "Ready, Mo",
    ]
    teacher = subject_access(small_area.people.teacher)
    assert teacher["meetings"] == teacher["plan_comments"] == teacher["knowledge_items"] == []


def test_the_data_page_shows_the_apps_sections(client_for, records, small_area):
    member = small_area.people.member
    html = client_for("admin").get(reverse("person-data", args=[member.pk])).content.decode()
    table = html[html.index('id="data-plan_comments"') :].split("</table>")[0]
    assert "I can run the first session." in table
    assert "Reading aloud" in html[html.index('id="data-knowledge_items"') :]


def test_erasure_removes_what_is_theirs_and_unnames_the_record(records, small_area):
    meeting, proposal, decision, item = records
    p = small_area.people
    member_id, user_id = p.member.pk, p.member.user_id
    assert meeting_ties(meeting).count() == 3  # member, leader and mentor pairwise
    erasure = erase_person(p.member)
    assert erasure.removed["meetings"] == 1 and erasure.removed["plan_comments"] == 1
    assert "1 meetings" in erasure.summary()
    # Attendance and the ties it made: only leader <-> mentor is left.
    assert list(meeting.attendees.values_list("pk", flat=True).order_by("pk")) == sorted(
        [p.leader.pk, p.mentor.pk]
    )
    ties = meeting_ties(meeting)
    assert ties.count() == 1
    assert not ties.filter(Q(source_person_id=member_id) | Q(target_person_id=member_id)).exists()
    # Their words go; the record stays without their name.
    assert list(Comment.objects.values_list("text", flat=True)) == ["Agreed."]
    proposal.refresh_from_db()
    assert proposal.proposed_by is None and proposal.title == "Share the reading tool"
    assert list(decision.participants.all()) == [p.leader]
    assert Action.objects.get(title="Run the session").owner is None
    item.refresh_from_db()
    assert list(item.authors.all()) == [p.leader] and item.contact == ""
    reviews = Review.objects.filter(item=item)
    assert [(r.action, r.text, r.author_id) for r in reviews] == [("submit", "", None)]
    assert not Review.objects.filter(author_id=user_id).exists()
