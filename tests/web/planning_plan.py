"""A small plan for the small area's led network (tests of the planning app)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

#: Twenty monthly values: ten about 10, then ten about 14 (a shift of eight and more).
SHIFTED = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 14, 15, 14, 13, 14, 15, 14, 13, 14, 15]


def month(i: int) -> dt.date:
    return dt.date(2024 + (8 + i) // 12, (8 + i) % 12 + 1, 1)


def build_plan(area) -> SimpleNamespace:
    from nlc.web.planning import services
    from nlc.web.planning.models import (
        Action,
        Decision,
        Focus,
        Goal,
        Indicator,
        IndicatorValue,
        Meeting,
        Proposal,
    )

    network, people = area.led, area.people
    Focus.objects.create(
        network=network, statement="Reading for pleasure", outcomes=["enjoy_achieve"]
    )
    goal = Goal.objects.create(network=network, title="More children read", outcome="enjoy_achieve")
    indicator = Indicator.objects.create(goal=goal, name="Books borrowed", measure="better_off")
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, period_start=month(i), period=f"M{i}", value=v)
        for i, v in enumerate(SHIFTED)
    )
    pupils = Indicator.objects.create(
        goal=goal, name="Pupils reading daily", measure="how_much", pupil_level=True
    )
    IndicatorValue.objects.create(
        indicator=pupils, period_start=month(0), period="M0", value=3, pupils=3
    )
    IndicatorValue.objects.create(
        indicator=pupils, period_start=month(1), period="M1", value=40, pupils=40
    )
    meeting = services.save_meeting(
        Meeting(network=network, held_on=month(9), title="Autumn meeting"),
        [people.leader, people.member, people.partner],
    )
    proposal = Proposal.objects.create(
        network=network, title="Book swap", proposed_by=people.partner, goal=goal
    )
    decision = services.record_decision(
        Decision(proposal=proposal, decided_on=month(9), outcome="agreed"),
        [people.leader, people.partner],
    )
    overdue = Action.objects.create(
        network=network,
        title="Buy shelves",
        owner=people.member,
        due=dt.date(2020, 1, 1),
        decision=decision,
        goal=goal,
    )
    return SimpleNamespace(
        network=network,
        goal=goal,
        indicator=indicator,
        pupils=pupils,
        meeting=meeting,
        proposal=proposal,
        decision=decision,
        overdue=overdue,
    )
