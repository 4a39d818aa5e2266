"""Wave-to-wave change for the network's page and its report: the latest two closed waves of
the network's survey closed last, compared (:func:`nlc.analysis.waves.compare_waves` through
:func:`nlc.web.surveys.results.side_by_side` and :func:`nlc.web.surveys.services.change`).

Aggregates only: counts of new, lost, stronger, weaker and kept ties and the measures of both
waves; no one is named (the wave's own page lists the ties that changed, for the survey's
analysts by name and for evaluators by pseudonym). For those who do not run the survey the
block is suppressed when either wave had fewer respondents than the survey's minimum group
size (:func:`nlc.web.surveys.access.suppress_small`).

:func:`change_data` is the same for every reader and is cached per data version with the
network page's figures (``registry.views._overview``) or on its own (:func:`network_change`):
writes to surveys, waves and wave ties change the version (migration ``0002``); a closed
wave's respondents change only when it is closed again (a withdrawal recomputes it).
:func:`for_reader` then applies the reader's rights.
"""

from __future__ import annotations

import math

from django.urls import reverse

from nlc.web.cache import derived
from nlc.web.surveys import access as survey_access
from nlc.web.surveys import results, services
from nlc.web.surveys.models import InvitationStatus, Wave, WaveStatus

__all__ = ["change_data", "for_reader", "latest_pair", "network_change"]

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


def change_data(network) -> dict | None:
    """The change between the latest two closed waves, the same for every reader (cached
    with the network page's figures: the survey, wave and wave-tie tables change the data
    version). :func:`for_reader` decides what a reader sees of it.

    Returns
    -------
    dict or None
        ``survey`` (title), ``before`` and ``after`` (wave numbers), ``respondents`` (of
        each), ``url`` (the later wave's page), ``min_group_size``, ``counts`` (``new, lost,
        stronger, weaker, kept``) and ``measures`` ((label, before, after) as text). None
        when no survey has two closed waves.
    """
    pair = latest_pair(network)
    if pair is None:
        return None
    before, after = pair
    return {
        "survey": after.survey.title,
        "before": before.number,
        "after": after.number,
        "respondents": (respondents(before), respondents(after)),
        "url": reverse("survey-wave", args=[network.pk, after.pk]),
        "min_group_size": after.survey.min_group_size,
        **_compared(before, after),
    }


def for_reader(found: dict | None, network, user, *, full: bool = False) -> dict | None:
    """``found`` (:func:`change_data`) as ``user`` may see it: with ``suppressed`` set, and
    without counts and measures, when the user does not run the survey and either wave had
    fewer respondents than the minimum group size (never with ``full``, the command line)."""
    if found is None:
        return None
    small = min(found["respondents"]) < found["min_group_size"]
    suppressed = small and not full and not survey_access.can_run(user, network)
    if not suppressed:
        return {**found, "suppressed": False}
    hidden = {k: v for k, v in found.items() if k not in ("counts", "measures")}
    return {**hidden, "suppressed": True}


def network_change(network, user, *, full: bool = False) -> dict | None:
    """:func:`change_data` for ``user`` (:func:`for_reader`), cached per data version."""
    found = derived(f"nlc:survey-change:{network.pk}", lambda: change_data(network))
    return for_reader(found, network, user, full=full)
