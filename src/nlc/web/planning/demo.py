"""The demonstration plan of each network (called by :func:`nlc.web.demo.load_demo`).

Each network gets a shared focus, two goals with three indicators (two years of monthly
values from September 2024 to August 2026, the main outcome shifting upwards after the
decision of July 2025, so that its chart shows a sustained shift), three meetings, three
proposals with comments, two decisions and four actions, one of them overdue.

The demo's meetings record attendance but make no ties: the demonstration's tie counts
and measures stay as they were. Editing a meeting makes its ties, as it does anywhere.
"""

from __future__ import annotations

import datetime as dt
import random

from nlc.web.planning.models import (
    Action,
    ActionStatus,
    Comment,
    Decision,
    DecisionMethod,
    DecisionOutcome,
    Focus,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    Meeting,
    Outcome,
    Proposal,
)
from nlc.web.registry.models import NetworkRole, RoleKind

FIRST = dt.date(2024, 9, 1)
MONTHS = 24
SHIFT_AT = 11  # the first month of the higher level (August 2025)


def _months() -> list[dt.date]:
    return [dt.date(2024 + (8 + i) // 12, (8 + i) % 12 + 1, 1) for i in range(MONTHS)]


def _values(indicator, rng, *, base: float, lift: float, noise: float, pupils=None) -> list:
    rows = []
    for i, start in enumerate(_months()):
        level = base + (lift if i >= SHIFT_AT else 0)
        rows.append(
            IndicatorValue(
                indicator=indicator,
                period_start=start,
                period=f"{start:%b %Y}",
                value=round(level + rng.uniform(-noise, noise), 1),
                pupils=None if pupils is None else pupils(i),
                source="Demonstration data",
            )
        )
    return rows


def _goals(network, rng: random.Random) -> tuple[Goal, Goal]:
    """The focus, two goals, three indicators and their two years of values."""
    Focus.objects.create(
        network=network,
        statement=network.focus or "Children and families better off together",
        outcomes=[Outcome.ENJOY_ACHIEVE, Outcome.BE_HEALTHY, Outcome.POSITIVE_CONTRIBUTION],
    )
    learning = Goal.objects.create(
        network=network,
        title="More children attend school every day",
        outcome=Outcome.ENJOY_ACHIEVE,
    )
    wellbeing = Goal.objects.create(
        network=network, title="Families get early help sooner", outcome=Outcome.BE_HEALTHY
    )
    attendance = Indicator.objects.create(
        goal=learning, name="Attendance (%)", measure=Measure.BETTER_OFF, unit="%"
    )
    sessions = Indicator.objects.create(
        goal=learning,
        name="Family learning sessions held",
        measure=Measure.HOW_MUCH,
        unit="sessions",
        chart_kind="run",
    )
    referrals = Indicator.objects.create(
        goal=wellbeing,
        name="Early help referrals answered within a week",
        unit="pupils",
        measure=Measure.HOW_WELL,
        pupil_level=True,
    )
    IndicatorValue.objects.bulk_create(
        _values(attendance, rng, base=91.0, lift=2.5, noise=0.6)
        + _values(sessions, rng, base=6, lift=2, noise=2)
        + _values(referrals, rng, base=12, lift=0, noise=3, pupils=lambda i: 3 if i == 4 else 20)
    )
    return learning, wellbeing


def load_plan_demo(network, rng: random.Random) -> None:
    """Give ``network`` its demonstration plan (see the module docstring)."""
    roles = {r.role: r.person for r in NetworkRole.objects.filter(network=network)}
    people = [r.person for r in NetworkRole.objects.filter(network=network).order_by("pk")]
    staff = [p for p in people if not p.is_pupil]
    leader = roles[RoleKind.LEADER]
    partner = roles.get(RoleKind.COMMUNITY_PARTNER, staff[-1])
    learning, wellbeing = _goals(network, rng)
    meetings = []
    for held_on, title in [
        (dt.date(2024, 10, 8), "Network launch"),
        (dt.date(2025, 3, 11), "Spring review"),
        (dt.date(2025, 7, 1), "Summer planning"),
    ]:
        meeting = Meeting.objects.create(
            network=network, held_on=held_on, title=title, agenda="Progress; proposals; actions"
        )
        meeting.attendees.set(rng.sample(staff, k=min(len(staff), 6)))
        meetings.append(meeting)
    # meeting, goal, proposed by, title, method, created on
    breakfast, mentoring, _ = [
        Proposal.objects.create(
            network=network,
            meeting=meeting,
            goal=goal,
            proposed_by=by,
            title=title,
            method=method,
            created_on=dt.date(*on),
        )
        for meeting, goal, by, title, method, on in [
            (
                meetings[2],
                learning,
                partner,
                "Run a shared breakfast club with the family centre",
                DecisionMethod.CONSENSUS,
                (2025, 6, 20),
            ),
            (
                meetings[1],
                wellbeing,
                leader,
                "Named early-help contact in every school",
                DecisionMethod.VOTE,
                (2025, 3, 1),
            ),
            (
                None,
                learning,
                staff[min(3, len(staff) - 1)],
                "Pupil researchers survey reasons for absence",
                DecisionMethod.CONSENSUS,
                (2026, 5, 4),
            ),
        ]
    ]
    Comment.objects.bulk_create(
        [
            Comment(proposal=breakfast, author=leader, text="Which schools could host it?"),
            Comment(proposal=breakfast, author=partner, text="The family centre can staff two."),
            Comment(proposal=mentoring, author=partner, text="Include the health visitors."),
        ]
    )
    decided = []
    for proposal, when, outcome in [
        (breakfast, dt.date(2025, 7, 1), DecisionOutcome.AGREED),
        (mentoring, dt.date(2025, 3, 11), DecisionOutcome.AMENDED),
    ]:
        decision = Decision.objects.create(
            proposal=proposal,
            decided_on=when,
            outcome=outcome,
            votes_for=5 if proposal.method == DecisionMethod.VOTE else None,
            votes_against=1 if proposal.method == DecisionMethod.VOTE else None,
        )
        decision.participants.set(meetings[2 if proposal is breakfast else 1].attendees.all())
        decided.append(decision)
    _actions(network, leader, partner, decided, learning, wellbeing)


def _actions(network, leader, partner, decided, learning, wellbeing) -> None:
    # title, owner, due, status, decision, goal
    rows = [
        ("Agree hosting schools", leader, (2025, 7, 18), ActionStatus.DONE, decided[0], learning),
        (
            "Recruit breakfast volunteers",
            partner,
            (2025, 9, 1),
            ActionStatus.DONE,
            decided[0],
            learning,
        ),
        (
            "Publish early-help contacts",
            leader,
            (2025, 4, 30),
            ActionStatus.IN_PROGRESS,
            decided[1],
            wellbeing,
        ),
        (
            "Report attendance to governors",
            partner,
            (2027, 1, 31),
            ActionStatus.OPEN,
            None,
            learning,
        ),
    ]
    Action.objects.bulk_create(
        [
            Action(
                network=network,
                title=title,
                owner=owner,
                due=dt.date(*due),
                status=status,
                decision=decision,
                goal=goal,
            )
            for title, owner, due, status, decision, goal in rows
        ]
    )


def load_plans(area, seed: int) -> None:
    """Give every network of the demonstration ``area`` its plan (its own seeded random
    numbers, so the rest of the demonstration stays as it was)."""
    for i, network in enumerate(area.networks.order_by("pk")):
        load_plan_demo(network, random.Random(seed * 100 + i))
