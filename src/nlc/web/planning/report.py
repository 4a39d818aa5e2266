"""The plan, decisions, participation and outcomes of one network as plain data for reports.

:func:`plan_context` is what the network's report (``nlc report``, the Report section) reads:
only strings, numbers, dates, lists and dicts, with chart SVG already drawn, so a report
template needs no knowledge of the planning app's models.

Shape (every key is always present; lists may be empty)::

    {
        "focus": {"statement": str, "outcomes": [str, ...]} | None,
        "goals": [
            {
                "title": str, "outcome": str, "description": str,
                "indicators": [
                    {
                        "name": str, "measure": str,  # the RBA question
                        "unit": str, "chart_kind": "xmr" | "run", "pupil_level": bool,
                        "id": int, "svg": str,  # <svg>…</svg>, "" with too few values
                        "signals": [{"rule": str, "label": str, "periods": [str, ...]}],
                        "rebase_from": str | None,           # suggested new baseline period
                        "values": [{"period": str, "value": float | None,
                                    "suppressed": bool, "source": str}],
                    }, ...
                ],
            }, ...
        ],
        "meetings": [{"id": int, "date": date, "title": str, "attendance": int}],
        "decisions": [{"date": date, "title": str, "method": str, "outcome": str,
                       "participants": int}],
        "actions": {"open": int, "done": int, "overdue": int,
                    "items": [{"title": str, "owner": str, "due": date | None,
                               "status": str, "overdue": bool, "goal": str}]},
        "participation": {
            "columns": [str, ...],   # e.g. "Proposed", "Commented", "Decided", "Owns actions"
            "rows": [{"group": str, "by": "kind" | "position", "counts": [int, ...]}],
        },
        "proposals": [...],            # for the plan page: each with comments and decision
        "overdue_for_user": [...],     # the overdue actions to flag to this reader
    }
"""

from __future__ import annotations

import datetime as dt

from nlc.web.planning import services
from nlc.web.planning.access import is_suppressed
from nlc.web.planning.models import Action, ActionStatus, Focus, Proposal
from nlc.web.registry import access

__all__ = ["plan_context"]


def _names(user, people) -> dict[int, str]:
    rows = {p.pk: p for p in people if p is not None}
    return access.display_names(user, ((p.pk, p.name, p.is_pupil) for p in rows.values()))


def _indicator(user, indicator) -> dict:
    drawn = services.indicator_chart(indicator)
    values = [
        {
            "period": v.period,
            "value": None if is_suppressed(user, v) else v.value,
            "suppressed": is_suppressed(user, v),
            "source": v.source,
        }
        for v in indicator.values.filter(organisation__isnull=True)
        .select_related("indicator__goal__network")
        .order_by("period_start")
    ]
    rebase = drawn["rebase_from"]
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "measure": indicator.get_measure_display(),
        "unit": indicator.unit,
        "chart_kind": indicator.chart_kind,
        "pupil_level": indicator.pupil_level,
        "svg": drawn["svg"],
        "signals": drawn["signals"],
        "rebase_from": rebase["period"] if rebase else None,
        "values": values,
    }


def _action(action, names, today) -> dict:
    return {
        "id": action.pk,
        "title": action.title,
        "owner": names.get(action.owner_id, "") if action.owner_id else "",
        "owner_id": action.owner_id,
        "due": action.due,
        "status": action.get_status_display(),
        "overdue": action.is_overdue(today),
        "goal": action.goal.title if action.goal else "",
        "decision": action.decision.proposal.title if action.decision else "",
    }


def _proposals(network, names) -> list[dict]:
    rows = []
    proposals = Proposal.objects.filter(network=network).select_related("proposed_by")
    for proposal in proposals.prefetch_related("comments__author"):
        decision = getattr(proposal, "decision", None)
        rows.append(
            {
                "id": proposal.pk,
                "title": proposal.title,
                "text": proposal.text,
                "method": proposal.get_method_display(),
                "proposed_by": names.get(proposal.proposed_by_id, ""),
                "created_on": proposal.created_on,
                "comments": [
                    {"author": names.get(c.author_id, ""), "text": c.text, "at": c.created_at}
                    for c in proposal.comments.all()
                ],
                "decision": None
                if decision is None
                else {
                    "date": decision.decided_on,
                    "outcome": decision.get_outcome_display(),
                    "summary": decision.summary,
                    "participants": sorted(
                        names.get(p.pk, "") for p in decision.participants.all()
                    ),
                    "votes_for": decision.votes_for,
                    "votes_against": decision.votes_against,
                },
            }
        )
    return rows


def plan_context(network, user, *, today: dt.date | None = None) -> dict:
    """The network's plan and impact as plain data for ``user`` (names pseudonymised as
    their role requires; small pupil numbers suppressed); see the module docstring.

    Parameters
    ----------
    network : nlc.web.registry.models.Network
    user : django.contrib.auth.models.User
        The reader; the caller has already checked that they may view the network.
    today : datetime.date, optional
        The day against which actions are overdue (default: today).

    Returns
    -------
    dict
    """
    today = today or dt.date.today()
    focus = Focus.objects.filter(network=network).first()
    names = _names(user, services.network_people(network))
    goals = [
        {
            "id": goal.pk,
            "title": goal.title,
            "outcome": goal.get_outcome_display(),
            "description": goal.description,
            "indicators": [_indicator(user, i) for i in goal.indicators.all()],
        }
        for goal in network.goals.prefetch_related("indicators")
    ]
    meetings = [
        {"id": m.pk, "date": m.held_on, "title": m.title, "attendance": m.attendees.count()}
        for m in network.meetings.all()
    ]
    proposals = _proposals(network, names)
    actions = Action.objects.filter(network=network).select_related("goal", "decision__proposal")
    items = [_action(a, names, today) for a in actions]
    finished = (ActionStatus.DONE, ActionStatus.DROPPED)
    overdue_ids = {a.pk for a in services.overdue_actions(network, user, today)}
    return {
        "focus": None
        if focus is None
        else {"statement": focus.statement, "outcomes": focus.outcome_labels()},
        "goals": goals,
        "meetings": meetings,
        "decisions": [
            {
                "date": p["decision"]["date"],
                "title": p["title"],
                "method": p["method"],
                "outcome": p["decision"]["outcome"],
                "participants": len(p["decision"]["participants"]),
            }
            for p in proposals
            if p["decision"]
        ],
        "actions": {
            "open": sum(a.status not in finished for a in actions),
            "done": sum(a.status == ActionStatus.DONE for a in actions),
            "overdue": sum(i["overdue"] for i in items),
            "items": items,
        },
        "participation": services.participation(network),
        "proposals": proposals,
        "overdue_for_user": [i for i in items if i["id"] in overdue_ids],
    }
