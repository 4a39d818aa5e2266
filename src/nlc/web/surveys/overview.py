"""Wave-to-wave change for the network's page and its report: the latest two closed waves of
the network's survey closed last, compared (:func:`nlc.analysis.waves.compare_waves` through
:func:`nlc.web.surveys.results.side_by_side` and :func:`nlc.web.surveys.services.change`).

Aggregates only: counts of new, lost, stronger, weaker and kept ties and the measures of both
waves; no one is named (the wave's own page lists the ties that changed, for the survey's
analysts by name and for evaluators by pseudonym). For those who do not run the survey the
block is suppressed when either wave had fewer respondents than the survey's minimum group
size (:func:`nlc.web.surveys.access.suppress_small`).

The comparison is cached per data version (:func:`nlc.web.cache.derived`) under a key naming
both waves and the moment each was last closed. The survey tables have no version triggers,
and need none for this: a wave's ties change only when it is closed (again), which sets its
``closed_at`` anew, or when ties are deleted or people's organisations change, which the
registry's and ties' triggers count. Which waves to compare, the respondents and the minimum
group size are read outside the cached part.
"""

from __future__ import annotations

import math

from django.urls import reverse

from nlc.web.cache import derived
from nlc.web.surveys import access as survey_access
from nlc.web.surveys import results, services
from nlc.web.surveys.models import InvitationStatus, Wave, WaveStatus

__all__ = ["latest_pair", "network_change"]

#: The tie counts of a comparison, in the order shown.
PARTS = ("new", "lost", "stronger", "weaker")


def latest_pair(network) -> tuple[Wave, Wave] | None:
    """The last closed wave of the network's survey closed last and the closed wave before it,
    or None when no survey of the network has two closed waves."""
    closed = Wave.objects.filter(survey__network=network, status=WaveStatus.CLOSED)
    for after in closed.select_related("survey").order_by("-closed_at", "-pk"):
        before = services.previous_wave(after)
        if before is not None:
            return before, after
    return None


def respondents(wave: Wave) -> int:
    """How many of the wave's invitations were answered (in part or in full)."""
    answered = [InvitationStatus.PARTIAL, InvitationStatus.COMPLETE]
    return wave.invitations.filter(status__in=answered).count()


def _number(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else "–"


def _compared(before: Wave, after: Wave) -> dict:
    found = services.change(before, after)
    return {
        "counts": {**{part: len(found[part]) for part in PARTS}, "kept": found["kept"]},
        "measures": [
            (label, _number(a), _number(b)) for label, a, b in results.side_by_side(before, after)
        ],
    }


def network_change(network, user, *, full: bool = False) -> dict | None:
    """The change between the latest two closed waves, as ``user`` may see it.

    Parameters
    ----------
    network : Network
    user : User
        The reader; the survey's analysts (:func:`survey_access.can_run`) always see the
        figures, everyone else only when both waves had at least the minimum group size of
        respondents.
    full : bool
        Never suppress (the command line's operator).

    Returns
    -------
    dict or None
        ``survey`` (title), ``before`` and ``after`` (wave numbers), ``respondents`` (of
        each), ``url`` (the later wave's page), ``suppressed``, ``min_group_size`` and, unless
        suppressed, ``counts`` (``new, lost, stronger, weaker, kept``) and ``measures``
        ((label, before, after) as text). None when no survey has two closed waves.
    """
    pair = latest_pair(network)
    if pair is None:
        return None
    before, after = pair
    survey = after.survey
    answered = (respondents(before), respondents(after))
    suppressed = not full and survey_access.suppress_small(
        user, network, survey, {"invited": min(answered)}
    )
    block = {
        "survey": survey.title,
        "before": before.number,
        "after": after.number,
        "respondents": answered,
        "url": reverse("survey-wave", args=[network.pk, after.pk]),
        "suppressed": suppressed,
        "min_group_size": survey.min_group_size,
    }
    if not suppressed:
        stamp = f"{before.pk}:{before.closed_at}:{after.pk}:{after.closed_at}"
        block.update(derived(f"nlc:survey-change:{stamp}", lambda: _compared(before, after)))
    return block
