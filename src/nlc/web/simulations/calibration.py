"""The simulation page's check of the model against the adoptions a network recorded.

The learning app (:mod:`nlc.web.learning`) records when a practice refined in one activity is
taken up by another organisation. Each practice becomes one observed cascade: its sources are
the organisations of the activities it came from (hosts and participants' organisations, from
the activity's start date) and its adoptions the recorded ones. The cascade's ``p`` is fitted
to them on the network's organisation ties as they are now
(:func:`nlc.simulation.calibration.fit_cascade_p`, dates by month, an adopter passing the
practice on at any later month since the dates say nothing finer), and the cascade with that
``p`` is run from each practice's sources to see how likely it found the adoptions that
happened (:func:`~nlc.simulation.calibration.predictive_check`).

The learning app is imported lazily: without it the page shows no panel.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from nlc.errors import InputError
from nlc.network import Network
from nlc.simulation.calibration import Cascade, fit_cascade_p, predictive_check

STEP, WINDOW, RUNS, RNG = "month", None, 500, 0


def _learning():
    """``(adoption_events, Activity)`` from the learning app, or None if it is not installed."""
    if not apps.is_installed("nlc.web.learning"):
        return None
    try:
        services = import_module("nlc.web.learning.services")
        models = import_module("nlc.web.learning.models")
        return services.adoption_events, models.Activity
    except (ImportError, AttributeError):
        return None


def observed_cascades(record, network: Network) -> tuple[list[Cascade], list[str]]:
    """The network's recorded adoptions as one :class:`Cascade` per practice, and notes.

    Organisations the organisation network lacks (no tie and no membership) are left out,
    with a note.
    """
    adoption_events, activity = _learning()
    events = adoption_events(record)
    started = dict(
        activity.objects.filter(pk__in={e.source_activity for e in events}).values_list(
            "pk", "start_date"
        )
    )
    known = set(network.ids)
    groups: dict[str, dict] = {}
    dropped = set()
    for event in events:
        key = event.practice.strip().casefold()
        group = groups.setdefault(key, {"name": event.practice.strip(), "src": {}, "adopt": {}})
        when = getattr(event, "source_date", None) or started[event.source_activity]
        for org in map(str, event.source_organisations):
            if org in known:
                group["src"][org] = min(group["src"].get(org, when), when)
        adopter = str(event.adopter_organisation)
        if adopter not in known:
            dropped.add(adopter)
            continue
        when = event.adopted_on
        group["adopt"][adopter] = min(group["adopt"].get(adopter, when), when)
    notes = []
    if dropped:
        notes.append(f"{len(dropped)} adopting organisations are not on the map and are left out")
    cascades = [
        Cascade(g["name"], sorted(g["src"].items()), sorted(g["adopt"].items()))
        for g in groups.values()
        if g["src"] and g["adopt"]
    ]
    return cascades, notes


def panel(record, network: Network) -> dict | None:
    """What the "Check the model against what happened" panel shows (None: no learning app).

    Returns
    -------
    dict or None
        ``{"status": "empty"}`` with no recorded adoptions; ``{"status": "error", "message"}``
        when the record cannot be fitted; else ``status "fitted"`` with ``fit`` and ``check``
        (their ``to_dict()``), ``p_form`` (p rounded for the form), ``summary`` (plain words)
        and ``notes``.
    """
    if _learning() is None:
        return None
    cascades, notes = observed_cascades(record, network)
    if not cascades:
        return {"status": "empty", "notes": notes}
    try:
        fit = fit_cascade_p(network, cascades, step=STEP, window=WINDOW)
        check = predictive_check(network, cascades, fit.p, runs=RUNS, rng=RNG, step=STEP)
    except InputError as error:
        return {"status": "error", "message": str(error), "notes": notes}
    return {
        "status": "fitted",
        "fit": fit.to_dict(),
        "check": check.to_dict(),
        "p_form": round(fit.p, 3),
        "summary": summary(fit, check),
        "notes": notes + fit.notes,
    }


def summary(fit, check) -> str:
    """The fit and the check in plain words."""
    low, high = fit.ci95
    chance = round(100 * check.mean_probability)
    if fit.explained < 10 or high - low > 0.3:
        caution = " With so few adoptions recorded, read p as a rough guide."
    else:
        caution = ""
    return (
        f"{fit.adoptions} adoptions of {fit.cascades} practices are recorded, by organisations "
        f"that did not have them yet. The cascade that best matches what happened passes a "
        f"practice along a tie with probability "
        f"{fit.p:.2f} (95% interval {low:.2f} to {high:.2f}). Started from each practice's "
        f"sources, it gives the organisations that did take a practice up a {chance}% "
        f"chance on average, and expects {check.expected:.1f} adoptions where "
        f"{check.observed} were recorded.{caution}"
    )
