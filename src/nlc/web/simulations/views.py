"""The simulation page: how a practice could spread across a network's organisations.

Anyone who may view the network (:func:`access.can_view_network`) may simulate; nothing is
written. The page is a GET form; once submitted it shows the engine's results
(:mod:`nlc.web.simulations.services`), and with ``?mode=training`` one run replayed step by
step on the map (``static/nlc/simulation.js``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from nlc.errors import InputError
from nlc.simulation.report import gain_interval
from nlc.web.registry import access
from nlc.web.registry.models import Network, OrganisationKind
from nlc.web.simulations import calibration, services
from nlc.web.simulations.forms import MAX_RUNS, SimulationForm
from nlc.web.ties.services import organisation_network
from nlc.web.workspace import section_context


@require_safe
@login_required
def network_simulate(request, pk: int):
    record = get_object_or_404(Network, pk=pk)
    if not access.can_view_network(request.user, record):
        raise PermissionDenied
    net = organisation_network(record)
    names = dict(zip(net.ids, net.attributes.get("name") or [None] * net.n, strict=True))
    organisations = sorted(
        ((i, names[i] or f"Organisation {i}") for i in net.ids), key=lambda c: c[1].casefold()
    )
    member_ids = {str(i) for i in record.memberships.values_list("organisation_id", flat=True)}
    members = [c for c in organisations if c[0] in member_ids]
    training = request.GET.get("mode") == "training"
    submitted = "model" in request.GET
    form = SimulationForm(
        request.GET if submitted else None, organisations=organisations, members=members
    )
    context = section_context(
        request,
        record,
        "simulate",
        form=form,
        training=training,
        max_runs=MAX_RUNS,
        results=None,
        trace=None,
        sim_config=None,
        calibration=calibration.panel(record, net),
    )
    if submitted and form.is_valid():
        try:
            plan = services.make_plan(net, form.cleaned_data, form.proposed_tie)
            if training:
                context["trace"] = services.trace(net, plan)
            else:
                context["results"] = services.run(net, plan)
        except InputError as error:  # the engine's own checks, e.g. a seed count too large
            form.add_error(None, str(error))
        else:
            context["plan"] = plan
            context.update(_display(context, plan, names))
            elements = services.map_elements(net, names)
            context["sim_config"] = {
                "elements": elements,
                "mode": "training" if training else "results",
                "trace": context["trace"],
                "probability": _probabilities(context["results"]),
                "seeds": plan.seeds or [],
                "proposedTie": list(plan.proposed_tie) if plan.proposed_tie else None,
            }
    return render(request, "simulations/simulate.html", context)


def _probabilities(results) -> dict | None:
    if results is None:
        return None
    out = {"as is": results["base"]["adoption_probability"]}
    if results["scenario"]:
        out["with the new tie"] = results["scenario"]["adoption_probability"]
    return out


#: Organisations listed as the most likely to adopt.
LIKELY = 10


def _display(context, plan, names) -> dict:
    """Labels for the results: seed names, reach by organisation kind, the organisations most
    likely to adopt (by name) and, in training mode, who adopts at each step (by name)."""
    kinds = dict(OrganisationKind.choices)

    def name(node_id: str) -> str:
        return names.get(node_id) or f"Organisation {node_id}"

    out = {"seed_names": [name(s) for s in (plan.seeds or [])]}
    if plan.proposed_tie:
        out["tie_names"] = [name(s) for s in plan.proposed_tie]
    if context["trace"]:
        for entry in context["trace"]["steps"]:
            entry["new_names"] = sorted((name(i) for i in entry["new"]), key=str.casefold)
    results = context["results"]
    if results:
        base = results["base"]["adoption_probability"]
        other = (results["scenario"] or {}).get("adoption_probability") or {}
        ranked = sorted(base, key=lambda i: (-base[i], name(i).casefold()))[:LIKELY]
        out["likely_rows"] = [
            {"name": name(i), "base": base[i], "scenario": other.get(i)} for i in ranked
        ]
        if results["comparison"]:
            out["gain"] = f"{results['comparison']['difference']:+.2f}"
            out["gain_interval"] = gain_interval(results["comparison"]["difference_ci95"])
        base = results["base"]["group_reach"]
        other = (results["scenario"] or {}).get("group_reach") or {}
        out["reach_rows"] = [
            {"kind": kinds.get(k, k), "base": v, "scenario": other.get(k)}
            for k, v in sorted(base.items(), key=lambda kv: str(kinds.get(kv[0], kv[0])))
        ]
    return out
