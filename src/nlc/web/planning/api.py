"""JSON API for a network's plan: focus, goals, indicators and values, meetings, proposals,
decisions and actions (the planning app's router, added in :mod:`nlc.web.api.urls`).

Reading follows :func:`access.can_view_network` (names pseudonymised as
:func:`access.display_names` says; small pupil numbers suppressed); writing follows
:mod:`nlc.web.planning.access`: editors (leaders, facilitators, administrators) change the
plan and record meetings and decisions; the network's members and partners propose,
comment and take actions.
"""

from __future__ import annotations

from ninja import Router

from nlc.web.api.common import changes, get, invalid, require, save
from nlc.web.api.schemas import ERRORS, Id, Status
from nlc.web.planning import access as plan_access
from nlc.web.planning import models as plan
from nlc.web.planning import services
from nlc.web.planning.report import plan_context
from nlc.web.planning.schemas import (
    ActionIn,
    ActionPatch,
    AttendeesIn,
    CommentIn,
    Created,
    DecisionIn,
    FocusIn,
    GoalIn,
    IndicatorIn,
    MeetingIn,
    PlanOut,
    ProposalIn,
    ValueIn,
    ValueOut,
)
from nlc.web.registry.api import visible_network

router = Router(tags=["plan"])
EDITORS_ONLY = "Only the network's leaders and facilitators may change its plan."
PARTICIPANTS_ONLY = "Only the network's own people may propose, comment and take actions."


def _editable(user, network) -> None:
    require(plan_access.can_edit_plan(user, network), EDITORS_ONLY)


def _participant(user, network) -> None:
    require(plan_access.can_take_part(user, network), PARTICIPANTS_ONLY)


def _plan_network(user, network_id: int, check):
    """The network by id, once the user may see it and ``check(user, network)`` passes."""
    network = visible_network(user, network_id)
    check(user, network)
    return network


def _in_network(model, pk: int, label: str, user, path: str):
    """A row by id whose network (at ``path``) the user may see: 404, then 403."""
    row = get(model.objects.select_related(path), pk, label)
    network = row
    for part in path.split("__"):
        network = getattr(network, part)
    visible_network(user, network.pk)
    return row, network


def _edited(model, pk: int, label: str, user, path: str = "network"):
    """A row by id as :func:`_in_network` finds it, in a network whose plan the user edits."""
    row, network = _in_network(model, pk, label, user, path)
    _editable(user, network)
    return row, network


def _people(network, ids: list[int], field: str) -> list[int]:
    known = set(services.network_people(network).filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise invalid(field, f"Not people of this network: {', '.join(map(str, unknown[:10]))}.")
    return sorted(set(ids))


def _ref(queryset, pk: int | None, field: str):
    if pk is None:
        return None
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise invalid(field, f"There is no {field} {pk} in this network.")
    return row


@router.get("/networks/{network_id}/plan", response={200: PlanOut, **ERRORS})
def get_plan(request, network_id: Id):
    """The network's focus, goals, indicators (with signals), meetings, decisions, actions
    and participation."""
    network = visible_network(request.user, network_id)
    data = plan_context(network, request.user)
    for goal in data["goals"]:
        for indicator in goal["indicators"]:
            indicator.pop("svg")
    return data


@router.put("/networks/{network_id}/plan/focus", response={200: Created, **ERRORS})
def set_focus(request, network_id: Id, payload: FocusIn):
    network = _plan_network(request.user, network_id, _editable)
    focus = plan.Focus.objects.filter(network=network).first() or plan.Focus(network=network)
    data = changes(payload, partial=False)
    data["outcomes"] = [str(o) for o in data["outcomes"]]
    focus = save(focus, data, lambda f: f.save() or f)
    return {"id": focus.pk}


@router.post("/networks/{network_id}/plan/goals", response={201: Created, **ERRORS})
def create_goal(request, network_id: Id, payload: GoalIn):
    network = _plan_network(request.user, network_id, _editable)
    goal = save(
        plan.Goal(network=network), changes(payload, partial=False), lambda g: g.save() or g
    )
    return Status(201, {"id": goal.pk})


@router.post("/plan/goals/{goal_id}/indicators", response={201: Created, **ERRORS})
def create_indicator(request, goal_id: Id, payload: IndicatorIn):
    goal, network = _edited(plan.Goal, goal_id, "goal", request.user)
    data = changes(payload, partial=False)
    indicator = save(plan.Indicator(goal=goal), data, lambda i: i.save() or i)
    return Status(201, {"id": indicator.pk})


def _value_out(user, value) -> dict:
    hidden = plan_access.is_suppressed(user, value)
    return {
        "id": value.pk,
        "period": value.period,
        "period_start": value.period_start,
        "organisation": value.organisation_id,
        "value": None if hidden else value.value,
        "pupils": None if hidden else value.pupils,
        "suppressed": hidden,
        "source": value.source,
    }


@router.get("/plan/indicators/{indicator_id}/values", response={200: list[ValueOut], **ERRORS})
def list_values(request, indicator_id: Id):
    """The indicator's values; pupil-level values from too few pupils are suppressed."""
    indicator, _ = _in_network(
        plan.Indicator, indicator_id, "indicator", request.user, "goal__network"
    )
    rows = indicator.values.select_related("indicator__goal__network")
    return [_value_out(request.user, v) for v in rows]


@router.post("/plan/indicators/{indicator_id}/values", response={201: ValueOut, **ERRORS})
def create_value(request, indicator_id: Id, payload: ValueIn):
    indicator, network = _edited(
        plan.Indicator, indicator_id, "indicator", request.user, "goal__network"
    )
    data = changes(payload, partial=False)
    organisation = data.pop("organisation")
    value = plan.IndicatorValue(indicator=indicator, created_by=request.user)
    if organisation is not None:
        members = network.memberships.values_list("organisation_id", flat=True)
        if organisation not in set(members):
            raise invalid("organisation", "Not a member organisation of this network.")
        value.organisation_id = organisation
    value = save(value, data, lambda v: v.save() or v, nullable=["pupils"])
    return Status(201, _value_out(request.user, value))


@router.post("/networks/{network_id}/plan/meetings", response={201: Created, **ERRORS})
def create_meeting(request, network_id: Id, payload: MeetingIn):
    """Record a meeting; its attendance becomes co-participation ties (provenance meeting)."""
    network = _plan_network(request.user, network_id, _editable)
    data = changes(payload, partial=False)
    attendees = _people(network, data.pop("attendees"), "attendees")
    meeting = plan.Meeting(network=network, **data)
    services.save_meeting(meeting, attendees, user=request.user)
    return Status(201, {"id": meeting.pk})


@router.put("/plan/meetings/{meeting_id}/attendees", response={200: Created, **ERRORS})
def set_attendees(request, meeting_id: Id, payload: AttendeesIn):
    """Change who attended; the meeting's ties follow."""
    meeting, network = _edited(plan.Meeting, meeting_id, "meeting", request.user)
    services.save_meeting(
        meeting, _people(network, payload.attendees, "attendees"), user=request.user
    )
    return {"id": meeting.pk}


@router.post("/networks/{network_id}/plan/proposals", response={201: Created, **ERRORS})
def create_proposal(request, network_id: Id, payload: ProposalIn):
    network = _plan_network(request.user, network_id, _participant)
    data = changes(payload, partial=False)
    data["goal"] = _ref(network.goals, data.pop("goal"), "goal")
    data["meeting"] = _ref(network.meetings, data.pop("meeting"), "meeting")
    proposal = plan.Proposal(network=network, proposed_by=plan_access.person_of(request.user))
    proposal = save(proposal, data, lambda p: p.save() or p, nullable=["goal", "meeting"])
    return Status(201, {"id": proposal.pk})


@router.post("/plan/proposals/{proposal_id}/comments", response={201: Created, **ERRORS})
def create_comment(request, proposal_id: Id, payload: CommentIn):
    proposal, network = _in_network(plan.Proposal, proposal_id, "proposal", request.user, "network")
    _participant(request.user, network)
    comment = plan.Comment(proposal=proposal, author=plan_access.person_of(request.user))
    comment = save(comment, changes(payload, partial=False), lambda c: c.save() or c)
    return Status(201, {"id": comment.pk})


@router.put("/plan/proposals/{proposal_id}/decision", response={200: Created, **ERRORS})
def record_decision(request, proposal_id: Id, payload: DecisionIn):
    """Record (or correct) the decision on a proposal and who took part in it."""
    proposal, network = _edited(plan.Proposal, proposal_id, "proposal", request.user)
    data = changes(payload, partial=False)
    participants = _people(network, data.pop("participants"), "participants")
    decision = plan.Decision.objects.filter(proposal=proposal).first() or plan.Decision(
        proposal=proposal
    )
    for key, value in data.items():
        setattr(decision, key, value)
    services.record_decision(decision, participants)  # ValidationError: 422 (api.urls)
    return {"id": decision.pk}


@router.post("/networks/{network_id}/plan/actions", response={201: Created, **ERRORS})
def create_action(request, network_id: Id, payload: ActionIn):
    """Add an action. Editors assign any owner; members and partners take it on themselves."""
    network = _plan_network(request.user, network_id, _participant)
    data = changes(payload, partial=False)
    owner = data.pop("owner")
    if plan_access.can_edit_plan(request.user, network):
        owner = _people(network, [owner], "owner")[0] if owner is not None else None
    else:
        person = plan_access.person_of(request.user)
        if owner is not None and owner != person.pk:
            raise invalid("owner", "You may take on actions yourself, not give them to others.")
        owner = person.pk
    data["goal"] = _ref(network.goals, data.pop("goal"), "goal")
    decisions = plan.Decision.objects.filter(proposal__network=network)
    data["decision"] = _ref(decisions, data.pop("decision"), "decision")
    action = plan.Action(network=network, owner_id=owner)
    action = save(action, data, lambda a: a.save() or a, nullable=["goal", "decision", "due"])
    return Status(201, {"id": action.pk})


@router.patch("/plan/actions/{action_id}", response={200: Created, **ERRORS})
def update_action(request, action_id: Id, payload: ActionPatch):
    """Change an action's title, due date or status (editors, or the action's owner)."""
    action, _ = _in_network(plan.Action, action_id, "action", request.user, "network")
    require(plan_access.can_update_action(request.user, action), PARTICIPANTS_ONLY)
    save(action, changes(payload), lambda a: a.save() or a, nullable=["due"])
    return {"id": action.pk}
