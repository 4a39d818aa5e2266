"""The local authority's own brokerage over time, and the effect of introductions.

The local authority's organisations (kind *local authority*) are measured, school year by
school year, in the area's organisation network (every network's organisation-level ties
taken together, :func:`nlc.web.ties.services.networks_organisation_network`): their
Gould-Fernandez brokerage roles with organisations grouped by network
(:func:`nlc.analysis.brokerage.brokerage_roles`), Burt's constraint and effective size
(:func:`nlc.analysis.structural_holes.structural_holes`), and the networks they have ties
into. The effect view compares, for each introduction made, equal windows before and after
it, and the same for suggestions held back as a control (:mod:`nlc.brokerage.effect`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from nlc.analysis.brokerage import ROLES, brokerage_roles
from nlc.analysis.structural_holes import structural_holes
from nlc.brokerage.effect import GroupEffect, PairChange, summarise
from nlc.web.brokerage.models import HeldBack, Introduction, Status
from nlc.web.learning.models import Participant
from nlc.web.registry.models import Area, Network, Organisation, OrganisationKind
from nlc.web.ties.models import Tie
from nlc.web.ties.services import networks_organisation_network, organisation_network

#: Window before and after an introduction's date.
WINDOW = dt.timedelta(days=182)
MADE = (Status.AGREED, Status.MET, Status.SUCCESSFUL, Status.UNSUCCESSFUL)


def _school_years(area: Area) -> list[int]:
    dates = Tie.objects.filter(area=area, network__isnull=False).order_by("observed_on")
    first, last = dates.values_list("observed_on", flat=True).first(), dates.last()
    if first is None:
        return []
    start = first.year if first.month >= 9 else first.year - 1
    end = last.observed_on.year if last.observed_on.month >= 9 else last.observed_on.year - 1
    return list(range(start, end + 1))


def _groups(net, area: Area) -> np.ndarray:
    network_of: dict[str, int] = {}
    rows = Organisation.objects.filter(area=area).values_list("pk", "memberships__network_id")
    for pk, network_id in rows.order_by("pk", "memberships__network_id"):
        network_of.setdefault(str(pk), network_id or 0)
    return np.array([network_of.get(i, 0) for i in net.ids], dtype=np.int64)


def la_brokerage(area: Area) -> dict:
    """The local authority's organisations' brokerage, per school year (September-August).

    Returns
    -------
    dict
        ``organisations``: the local authority's organisations' names; ``years``: one row a
        school year with ``label``, the summed role counts (``roles``, keys of
        :data:`~nlc.analysis.brokerage.ROLES`), the mean ``constraint``, the summed
        ``effective_size`` and the ``networks`` they have ties into (names).
    """
    own = list(
        Organisation.objects.filter(area=area, kind=OrganisationKind.LOCAL_AUTHORITY).order_by(
            "name"
        )
    )
    networks = Network.objects.filter(area=area)
    names = dict(networks.values_list("pk", "name"))
    years = []
    for year in _school_years(area):
        since, until = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
        net = networks_organisation_network(networks, since=since, as_of=until)
        at = [net.index[str(o.pk)] for o in own if str(o.pk) in net.index]
        if not at or net.m == 0:
            continue
        groups = _groups(net, area)
        roles = brokerage_roles(net, groups).raw[at].sum(axis=0)
        holes = structural_holes(net)
        constraint = holes.constraint[at]
        reached = set()
        src, tgt = net.arcs()
        for i in at:
            ends = np.concatenate([tgt[src == i], src[tgt == i]])
            reached.update(int(groups[j]) for j in ends)
        years.append(
            {
                "label": f"{year}-{(year + 1) % 100:02d}",
                "roles": dict(zip(ROLES, (int(x) for x in roles), strict=True)),
                "constraint": float(np.nanmean(constraint))
                if np.isfinite(constraint).any()
                else None,
                "effective_size": float(np.nansum(holes.effective_size[at])),
                "networks": sorted(names[g] for g in reached if g in names),
            }
        )
    return {"organisations": [o.name for o in own], "roles": ROLES, "years": years}


# ---- effect --------------------------------------------------------------------------------


def _ends_q(level: str, ends: tuple[int, int]) -> tuple[Q, Q]:
    """(a tie between the two ends, a tie of either end)."""
    s, t = f"source_{level}_id", f"target_{level}_id"
    a, b = ends
    between = Q(**{s: a, t: b}) | Q(**{s: b, t: a})
    either = Q(**{f"{s}__in": ends}) | Q(**{f"{t}__in": ends})
    return between, either


def pair_change(level: str, ends: tuple[int, int], when: dt.date) -> PairChange:
    """Counts for the pair ``ends`` (organisations ``"organisation"`` or people
    ``"person"``) in the :data:`WINDOW` before ``when`` and the one after."""
    between, either = _ends_q(level, ends)
    ties = Tie.objects.filter(confirmed=True)
    before = ties.filter(observed_on__gte=when - WINDOW, observed_on__lt=when)
    after = ties.filter(observed_on__gte=when, observed_on__lt=when + WINDOW)
    taking_part = Participant.objects.filter(**{f"{level}_id__in": ends})
    return PairChange(
        before.filter(between).count(),
        after.filter(between).count(),
        before.filter(either).count(),
        after.filter(either).count(),
        taking_part.filter(
            activity__start_date__gte=when - WINDOW, activity__start_date__lt=when
        ).count(),
        taking_part.filter(
            activity__start_date__gte=when, activity__start_date__lt=when + WINDOW
        ).count(),
    )


def _measures(network: Network, as_of: dt.date) -> dict:
    net = organisation_network(network, as_of=as_of)
    pairs = net.n * (net.n - 1)
    return {"ties": net.m, "density": net.m / pairs if pairs else 0.0}


@dataclass
class IntroductionEffect:
    introduction: Introduction
    change: PairChange
    before: dict | None
    after: dict | None


def _intro_ends(intro: Introduction) -> tuple[str, tuple[int, int]]:
    if intro.between_people:
        return "person", (intro.source_person_id, intro.target_person_id)
    return "organisation", (intro.source_organisation_id, intro.target_organisation_id)


def effect(area: Area, *, today: dt.date | None = None) -> dict:
    """The effect of the area's introductions that both sides agreed to, and of the
    held-back control (when the area holds suggestions back).

    Returns
    -------
    dict
        ``introductions``: :class:`IntroductionEffect` rows (the network's ties and density
        when proposed and now); ``introduced`` and ``control``: their
        :class:`~nlc.brokerage.effect.GroupEffect`.
    """
    today = today or dt.date.today()
    rows = []
    intros = Introduction.objects.filter(area=area, status__in=MADE).select_related(
        "network", "source_organisation", "target_organisation", "source_person", "target_person"
    )
    for intro in intros.order_by("proposed_on", "pk"):
        level, ends = _intro_ends(intro)
        change = pair_change(level, ends, intro.proposed_on)
        before = after = None
        if intro.network is not None:
            before, after = (
                _measures(intro.network, intro.proposed_on),
                _measures(intro.network, today),
            )
        rows.append(IntroductionEffect(intro, change, before, after))
    control = []
    for held in HeldBack.objects.filter(area=area):
        if held.source[0] == held.target[0] and held.source[0] in "op":
            level = "organisation" if held.source[0] == "o" else "person"
            ends = (int(held.source[1:]), int(held.target[1:]))
            control.append(pair_change(level, ends, held.held_on))
    introduced: GroupEffect = summarise([r.change for r in rows])
    return {"introductions": rows, "introduced": introduced, "control": summarise(control)}
