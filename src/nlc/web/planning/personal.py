"""What the planning app holds about a person (see :mod:`nlc.web.audit.personal`): meetings
they attended, proposals they made, comments they wrote, decisions they took part in and
actions they own.

On erasure their comments (their own words) are deleted; they leave the meetings' attendance
(whose co-participation ties are then rebuilt without them) and the decisions' participants;
proposals and actions stay, as the network's record, with no one named as their author or
owner.
"""

from __future__ import annotations

from nlc.web.audit.personal import PersonalData, register_personal_data
from nlc.web.planning.models import Action, Comment, Decision, Meeting, Proposal
from nlc.web.planning.services import sync_meeting_ties


def _date(value) -> str | None:
    return value.isoformat() if value else None


def meetings(person) -> list[dict]:
    rows = Meeting.objects.filter(attendees=person).select_related("network")
    return [
        {"meeting": m.title, "network": m.network.name, "held_on": _date(m.held_on)}
        for m in rows.order_by("held_on", "pk")
    ]


def leave_meetings(person) -> int:
    attended = list(Meeting.objects.filter(attendees=person))
    for meeting in attended:
        meeting.attendees.remove(person)
        sync_meeting_ties(meeting)
    return len(attended)


def proposals(person) -> list[dict]:
    rows = Proposal.objects.filter(proposed_by=person).select_related("network")
    return [
        {
            "proposal": p.title,
            "network": p.network.name,
            "text": p.text,
            "created_on": _date(p.created_on),
        }
        for p in rows.order_by("created_on", "pk")
    ]


def unname_proposals(person) -> int:
    return Proposal.objects.filter(proposed_by=person).update(proposed_by=None)


def comments(person) -> list[dict]:
    rows = Comment.objects.filter(author=person).select_related("proposal__network")
    return [
        {
            "proposal": c.proposal.title,
            "network": c.proposal.network.name,
            "text": c.text,
            "written": c.created_at.isoformat(),
        }
        for c in rows.order_by("created_at", "pk")
    ]


def delete_comments(person) -> int:
    deleted, _ = Comment.objects.filter(author=person).delete()
    return deleted


def decisions(person) -> list[dict]:
    rows = Decision.objects.filter(participants=person).select_related("proposal__network")
    return [
        {
            "proposal": d.proposal.title,
            "network": d.proposal.network.name,
            "outcome": d.get_outcome_display(),
            "decided_on": _date(d.decided_on),
        }
        for d in rows.order_by("decided_on", "pk")
    ]


def leave_decisions(person) -> int:
    taken = list(Decision.objects.filter(participants=person))
    for decision in taken:
        decision.participants.remove(person)
    return len(taken)


def actions(person) -> list[dict]:
    rows = Action.objects.filter(owner=person).select_related("network")
    return [
        {
            "action": a.title,
            "network": a.network.name,
            "due": _date(a.due),
            "status": a.get_status_display(),
        }
        for a in rows.order_by("due", "pk")
    ]


def unassign_actions(person) -> int:
    return Action.objects.filter(owner=person).update(owner=None)


for section in (
    PersonalData("meetings", "Meetings attended", meetings, leave_meetings, order=20),
    PersonalData("proposals", "Proposals made", proposals, unname_proposals, order=21),
    PersonalData("plan_comments", "Comments on proposals", comments, delete_comments, order=22),
    PersonalData("decisions", "Decisions taken part in", decisions, leave_decisions, order=23),
    PersonalData("actions", "Actions owned", actions, unassign_actions, order=24),
):
    register_personal_data(section)
