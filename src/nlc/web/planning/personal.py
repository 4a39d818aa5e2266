"""What the planning app holds about a person (see :mod:`nlc.web.audit.personal`): meetings
they attended, proposals they made, comments they wrote, decisions they took part in and
actions they own.

On erasure their comments (their own words) are deleted; they leave the meetings' attendance
(whose co-participation ties are then rebuilt without them) and the decisions' participants;
proposals and actions stay, as the network's record, with no one named as their author or
owner.
"""

from __future__ import annotations

from operator import attrgetter

from nlc.web.audit.personal import PersonalData, register_personal_data
from nlc.web.planning.models import Action, Comment, Decision, Meeting, Proposal
from nlc.web.planning.services import sync_meeting_ties

NETWORK = attrgetter("network.name")


def _on(name: str):
    """The ISO date of attribute ``name``, or None."""

    def date(obj):
        value = getattr(obj, name)
        return value.isoformat() if value else None

    return date


def _rows(queryset, **columns) -> list[dict]:
    """One dict per object: each column's value is its function of the object."""
    return [{key: value(obj) for key, value in columns.items()} for obj in queryset]


def _leave(model, field: str, then=None):
    """An eraser taking the person out of ``model``'s many-to-many ``field`` (and calling
    ``then(obj)`` after each, to bring derived records in step)."""

    def erase(person) -> int:
        joined = list(model.objects.filter(**{field: person}))
        for obj in joined:
            getattr(obj, field).remove(person)
            if then is not None:
                then(obj)
        return len(joined)

    return erase


def _export(model, lookup: str, order: str, **columns):
    """An export listing ``model``'s objects whose ``lookup`` is the person, by ``order``."""

    def export(person) -> list[dict]:
        rows = model.objects.filter(**{lookup: person}).order_by(order, "pk")
        return _rows(rows, **columns)

    return export


def _display(field: str):
    return lambda obj: getattr(obj, f"get_{field}_display")()


TITLE, TEXT = attrgetter("title"), attrgetter("text")
PROPOSAL = {
    "proposal": attrgetter("proposal.title"),
    "network": attrgetter("proposal.network.name"),
}
meetings = _export(
    Meeting, "attendees", "held_on", meeting=TITLE, network=NETWORK, held_on=_on("held_on")
)
proposals = _export(
    Proposal,
    "proposed_by",
    "created_on",
    **{"proposal": TITLE, "network": NETWORK, "text": TEXT, "created_on": _on("created_on")},
)
comments = _export(
    Comment, "author", "created_at", **PROPOSAL, text=TEXT, written=_on("created_at")
)
decisions = _export(
    Decision,
    "participants",
    "decided_on",
    **PROPOSAL,
    outcome=_display("outcome"),
    decided_on=_on("decided_on"),
)
actions = _export(
    Action, "owner", "due", action=TITLE, network=NETWORK, due=_on("due"), status=_display("status")
)


def delete_comments(person) -> int:
    deleted, _ = Comment.objects.filter(author=person).delete()
    return deleted


def _unname(model, field: str):
    """An eraser leaving ``model``'s objects in place with no one in ``field``."""
    return lambda person: model.objects.filter(**{field: person}).update(**{field: None})


SECTIONS = [  # key, heading, export, erase
    ("meetings", "Meetings attended", meetings, _leave(Meeting, "attendees", sync_meeting_ties)),
    ("proposals", "Proposals made", proposals, _unname(Proposal, "proposed_by")),
    ("plan_comments", "Comments on proposals", comments, delete_comments),
    ("decisions", "Decisions taken part in", decisions, _leave(Decision, "participants")),
    ("actions", "Actions owned", actions, _unname(Action, "owner")),
]
for order, (key, title, export, erase) in enumerate(SECTIONS, start=20):
    register_personal_data(PersonalData(key, title, export, erase, order))
