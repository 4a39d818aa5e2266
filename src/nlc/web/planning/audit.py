"""The planning app's audited models (loaded by :mod:`nlc.web.audit` when Django starts)."""

from nlc.web.audit.registration import register
from nlc.web.planning.models import (
    Action,
    Comment,
    Decision,
    Focus,
    Goal,
    Indicator,
    IndicatorValue,
    Meeting,
    Proposal,
)

register(Focus, area=lambda focus: focus.network.area_id)
register(Goal, area=lambda goal: goal.network.area_id)
register(Indicator, area=lambda indicator: indicator.goal.network.area_id)
register(IndicatorValue, area=lambda value: value.indicator.goal.network.area_id)
register(Meeting, area=lambda meeting: meeting.network.area_id)
register(Proposal, area=lambda p: p.network.area_id, people=lambda p: [p.proposed_by_id])
register(Comment, area=lambda c: c.proposal.network.area_id, people=lambda c: [c.author_id])
register(Decision, area=lambda decision: decision.proposal.network.area_id)
register(Action, area=lambda action: action.network.area_id, people=lambda a: [a.owner_id])
