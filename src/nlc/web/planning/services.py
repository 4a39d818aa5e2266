"""The planning app's computations and writes: indicator charts, meeting ties, participation.

Writes that touch more than one row run in one transaction here; views and the API call
these functions rather than saving related rows themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from itertools import combinations

from django.db import transaction
from django.db.models import Q

from nlc.outcomes import Annotation, chart_svg, run_chart, xmr_chart
from nlc.web.learning.models import Activity, ActivityKind, ActivityStatus
from nlc.web.planning import access as plan_access
from nlc.web.planning.models import (
    Action,
    ActionStatus,
    Comment,
    Decision,
    Indicator,
    Meeting,
)
from nlc.web.registry.models import OrganisationKind, Person
from nlc.web.ties.measures import network_analysis
from nlc.web.ties.models import Provenance, Tie, TieType

# ---- charts ------------------------------------------------------------------------------


def network_values(indicator: Indicator) -> list:
    """The indicator's values for the whole network, in time order, that a chart may show
    (small pupil numbers left out)."""
    rows = indicator.values.filter(organisation__isnull=True).select_related("indicator")
    return [v for v in rows.order_by("period_start") if not plan_access.is_hidden_from_charts(v)]


def _position(when: dt.date, starts: list[dt.date]) -> float | None:
    """Where ``when`` falls on a chart whose points are the periods starting at ``starts``
    (point ``i`` stands for the period from ``starts[i]`` to the next start)."""
    if not starts or when < starts[0]:
        return None
    gaps = [(b - a).days for a, b in zip(starts, starts[1:], strict=False)] or [365]
    ends = [*starts[1:], starts[-1] + dt.timedelta(days=round(sum(gaps) / len(gaps)))]
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if start <= when < end:
            return i - 0.5 + (when - start).days / max((end - start).days, 1)
    return None


def events(network) -> list[tuple[dt.date, str, str]]:
    """The network's dated decisions and the learning activities it has started (not those
    only planned), as (date, label, kind), in date order."""
    decisions = Decision.objects.filter(proposal__network=network).select_related("proposal")
    started = Activity.objects.filter(network=network).exclude(status=ActivityStatus.PLANNED)
    return sorted(
        [(d.decided_on, f"Decision: {d.proposal.title}", "decision") for d in decisions.order_by()]
        + [
            (a.start_date, f"{a.get_kind_display()}: {a.title}", "activity")
            for a in started.order_by()
        ]
    )


#: Learning activities whose record feeds the plan, and the fields that do.
PURPOSE_KINDS = (ActivityKind.BUILDING_CAPACITY, ActivityKind.FUTURES)
PURPOSE_FIELDS = (
    ("core_purpose", "Core purpose"),
    ("aspirations", "Aspiration"),
    ("goals", "Goal"),
)


def purpose_from_activities(user, network) -> list[dict]:
    """What the network's Building Capacity and Futures thinking sessions produced (core
    purpose, aspirations, goals; one entry a line), for the plan page to offer as goals.
    Only activities the user may read, and only those under way or done."""
    from nlc.web.learning.access import visible_activities

    activities = (
        visible_activities(user, network)
        .filter(kind__in=PURPOSE_KINDS)
        .exclude(status=ActivityStatus.PLANNED)
        .order_by("-start_date", "pk")
    )
    found = []
    for activity in activities:
        details = activity.details if isinstance(activity.details, dict) else {}
        for field, label in PURPOSE_FIELDS:
            for line in str(details.get(field) or "").splitlines():
                text = line.strip().lstrip("-*• ").strip()
                if text:
                    found.append({"activity": activity, "label": label, "text": text})
    return found


def indicator_chart(indicator: Indicator, *, annotate=None) -> dict:
    """The indicator's chart as data and SVG.

    Returns a dict with ``values`` (the IndicatorValue rows charted), ``chart`` (the
    :class:`nlc.outcomes.Chart`, or None with fewer than two values), ``svg``, ``signals``
    (rule, label and the periods flagged), ``rebase_from`` (the suggested period's start and
    name, or None) and ``rebased`` (the chosen re-base applied, if any).
    """
    values = network_values(indicator)
    result = {"values": values, "chart": None, "svg": "", "signals": [], "rebase_from": None}
    if len(values) < 2:
        return result
    starts = [v.period_start for v in values]
    labels = [v.period for v in values]
    breaks = []
    if indicator.rebase_from is not None:
        breaks = [i for i, s in enumerate(starts) if s >= indicator.rebase_from][:1]
        breaks = [b for b in breaks if b > 0]
    make = run_chart if indicator.chart_kind == "run" else xmr_chart
    chart = make([v.value for v in values], breaks=breaks)
    notes = []
    for when, label, kind in annotate if annotate is not None else events(indicator.goal.network):
        position = _position(when, starts)
        if position is not None:
            notes.append(Annotation(position, f"{when:%d %b %Y} {label}", kind))
    result.update(
        chart=chart,
        svg=chart_svg(chart, labels, title=indicator.name, annotations=notes),
        signals=[
            {"rule": s.rule, "label": s.label, "periods": [labels[i] for i in s.indices]}
            for s in chart.signals
        ],
        rebased=bool(breaks),
    )
    if chart.rebase_from is not None:
        value = values[chart.rebase_from]
        result["rebase_from"] = {"start": value.period_start, "period": value.period}
    return result


# ---- meetings: attendance becomes co-participation ties -----------------------------------


def _detail(meeting: Meeting) -> str:
    return f"Meeting {meeting.pk}: {meeting.title}"[:300]


def sync_meeting_ties(meeting: Meeting, *, user=None) -> int:
    """Make the meeting's co-participation ties match its attendance (one undirected tie
    between each pair of people who attended, observed on the meeting's date, provenance
    ``meeting``); returns how many there are now."""
    old = Tie.objects.filter(
        network=meeting.network,
        provenance=Provenance.MEETING,
        provenance_detail__startswith=f"Meeting {meeting.pk}:",
    )
    old.delete()
    people = sorted(meeting.attendees.values_list("pk", flat=True))
    ties = [
        Tie(
            area_id=meeting.network.area_id,
            network=meeting.network,
            source_person_id=a,
            target_person_id=b,
            type=TieType.CO_PARTICIPATION,
            directed=False,
            observed_on=meeting.held_on,
            provenance=Provenance.MEETING,
            provenance_detail=_detail(meeting),
            created_by=user,
        )
        for a, b in combinations(people, 2)
    ]
    Tie.objects.bulk_create(ties)
    return len(ties)


@transaction.atomic
def save_meeting(meeting: Meeting, attendees, *, user=None) -> Meeting:
    """Save the meeting and its attendance, and keep its ties in step."""
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    sync_meeting_ties(meeting, user=user)
    return meeting


@transaction.atomic
def delete_meeting(meeting: Meeting) -> None:
    """Delete the meeting and the ties its attendance made."""
    meeting.attendees.clear()
    sync_meeting_ties(meeting)
    meeting.delete()


@transaction.atomic
def record_decision(decision: Decision, participants) -> Decision:
    decision.full_clean()
    decision.save()
    decision.participants.set(participants)
    return decision


# ---- overdue actions ---------------------------------------------------------------------


def overdue_actions(network, user, today: dt.date | None = None) -> list[Action]:
    """Overdue actions to flag to ``user``: all of them for the plan's editors (the leader),
    their own for everyone else."""
    today = today or dt.date.today()
    rows = Action.objects.filter(network=network, due__lt=today).exclude(
        status__in=[ActionStatus.DONE, ActionStatus.DROPPED]
    )
    if not plan_access.can_edit_plan(user, network):
        person = plan_access.person_of(user)
        rows = rows.filter(owner=person) if person else rows.none()
    return list(rows.select_related("owner", "goal"))


# ---- participation -------------------------------------------------------------------------

#: The columns of the participation table: key -> label.
PARTICIPATION = {
    "attended": "Attended meetings",
    "proposed": "Proposed",
    "commented": "Commented",
    "decided": "Took part in decisions",
    "actions": "Own actions",
}


def _involvement(network) -> dict[str, Counter]:
    """Person id -> how often they did each thing of :data:`PARTICIPATION`."""
    counts: dict[str, Counter] = {key: Counter() for key in PARTICIPATION}
    through = Meeting.attendees.through.objects.filter(meeting__network=network)
    counts["attended"].update(through.values_list("person_id", flat=True))
    proposals = network.proposals.exclude(proposed_by=None)
    counts["proposed"].update(proposals.values_list("proposed_by_id", flat=True))
    comments = Comment.objects.filter(proposal__network=network).exclude(author=None)
    counts["commented"].update(comments.values_list("author_id", flat=True))
    taken = Decision.participants.through.objects.filter(decision__proposal__network=network)
    counts["decided"].update(taken.values_list("person_id", flat=True))
    actions = network.actions.exclude(owner=None)
    counts["actions"].update(actions.values_list("owner_id", flat=True))
    return counts


def organisation_positions(network) -> dict[int, set[str]]:
    """Organisation id -> its positions in the network's organisation view: ``core`` (degree
    at least the median degree of the organisations with a tie), ``periphery`` (the rest)
    and ``broker`` (any Gould-Fernandez brokerage), from the cached analysis."""
    analysis = network_analysis(network)
    degree = analysis.degree
    tied = sorted(d for d in degree.tolist() if d > 0)
    median = tied[len(tied) // 2] if tied else 1
    brokerage = analysis.brokerage.raw[:, -1] if analysis.network.n else []
    positions: dict[int, set[str]] = {}
    for i, node in enumerate(analysis.network.ids):
        kinds = {"core" if degree[i] >= median and degree[i] > 0 else "periphery"}
        if brokerage[i] > 0:
            kinds.add("broker")
        positions[int(node)] = kinds
    return positions


POSITIONS = {"core": "Core", "periphery": "Periphery", "broker": "Brokers"}


def participation(network) -> dict:
    """Who takes part, by organisation kind and by network position.

    Each row counts the distinct people of the group who did each thing (attended,
    proposed, commented, took part in a decision, own an action) and how many people the
    group has in the network, so that "attending only" shows against "deciding".
    """
    counts = _involvement(network)
    ids = set().union(*(c.keys() for c in counts.values()))
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("organisation")}
    positions = organisation_positions(network)
    groups: dict[tuple[str, str], dict[str, set]] = defaultdict(
        lambda: {key: set() for key in PARTICIPATION}
    )
    for key, counter in counts.items():
        for pk in counter:
            person = people.get(pk)
            if person is None:
                continue
            kind = OrganisationKind(person.organisation.kind).label
            groups[("kind", kind)][key].add(pk)
            for position in positions.get(person.organisation_id, {"periphery"}):
                groups[("position", POSITIONS[position])][key].add(pk)
    order = [("kind", k.label) for k in OrganisationKind] + [
        ("position", label) for label in POSITIONS.values()
    ]
    rows = [
        {
            "by": by,
            "group": label,
            "counts": [len(groups[(by, label)][key]) for key in PARTICIPATION],
        }
        for by, label in order
        if (by, label) in groups
    ]
    return {"columns": list(PARTICIPATION.values()), "rows": rows}


def network_people(network):
    """The people of the network: those holding a role in it and the people of its member
    organisations."""
    return (
        Person.objects.filter(
            Q(roles__network=network) | Q(organisation__memberships__network=network)
        )
        .distinct()
        .order_by("name", "pk")
    )
