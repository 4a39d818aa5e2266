"""The planning app's audited models (loaded by :mod:`nlc.web.audit` when Django starts)."""

from nlc.web.audit.registration import register
from nlc.web.planning import models as plan

register(plan.Focus, area=lambda focus: focus.network.area_id)
register(plan.Goal, area=lambda goal: goal.network.area_id)
register(plan.Indicator, area=lambda indicator: indicator.goal.network.area_id)
register(plan.IndicatorValue, area=lambda value: value.indicator.goal.network.area_id)
register(plan.Meeting, area=lambda meeting: meeting.network.area_id)
register(plan.Proposal, area=lambda p: p.network.area_id, people=lambda p: [p.proposed_by_id])
register(plan.Comment, area=lambda c: c.proposal.network.area_id, people=lambda c: [c.author_id])
register(plan.Decision, area=lambda decision: decision.proposal.network.area_id)
register(plan.Action, area=lambda action: action.network.area_id, people=lambda a: [a.owner_id])
