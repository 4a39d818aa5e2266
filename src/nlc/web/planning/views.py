"""The Plan and impact section: the plan page, its forms, an indicator's chart, the impact
page. Permissions: :mod:`nlc.web.planning.access`; writes with more than one row go through
:mod:`nlc.web.planning.services`."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nlc.web.imports.pipeline import ImportFailed, run_pipeline
from nlc.web.planning import access as plan_access
from nlc.web.planning import forms, services
from nlc.web.planning.impact import impact
from nlc.web.planning.imports import ValueImport
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
from nlc.web.planning.report import plan_context
from nlc.web.registry import access
from nlc.web.registry.models import Network
from nlc.web.workspace import permitted_object, section_context

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _network(request, pk: int, *, edit: bool = False, take_part: bool = False) -> Network:
    user = request.user
    network = permitted_object(user, Network, pk, access.can_view_network)
    if edit and not plan_access.can_edit_plan(user, network):
        raise PermissionDenied
    if take_part and not plan_access.can_take_part(user, network):
        raise PermissionDenied
    return network


def _in_network(request, pk: int, model, record: int | None, *, of="network", **checks):
    """The network ``pk`` (refused as by :func:`_network`, with ``checks``) and its ``model``
    row ``record`` (``None`` for none), found through the lookup ``of``: 404 unless that row
    is the network's."""
    network = _network(request, pk, **checks)
    found = get_object_or_404(model, pk=record, **{of: network}) if record is not None else None
    return network, found


def _plan_url(network, anchor: str = "") -> str:
    return reverse("network-plan", args=[network.pk]) + (f"#{anchor}" if anchor else "")


def _form_page(request, network, form, title: str, *, cancel: str, intro: str = ""):
    context = section_context(
        request, network, "plan", form=form, title=title, cancel=cancel, intro=intro
    )
    return render(request, "planning/form.html", context)


def _plan_form(request, network, form, title: str, *, save, done: str, anchor: str = ""):
    """A form page of the plan: on a valid POST, ``save()``, say ``done`` and go back to the
    plan (at ``anchor``); otherwise the form (again, with its errors)."""
    if request.method == "POST" and form.is_valid():
        save()
        messages.success(request, done)
        return redirect(_plan_url(network, anchor))
    return _form_page(request, network, form, title, cancel=_plan_url(network))


@require_safe
@login_required
def network_plan(request, pk: int):
    network = _network(request, pk)
    user = request.user
    data = plan_context(network, user)
    context = section_context(
        request,
        network,
        "plan",
        plan=data,
        may_edit=plan_access.can_edit_plan(user, network),
        may_take_part=plan_access.can_take_part(user, network),
        overdue=data["overdue_for_user"],
        proposals=data["proposals"],
        purpose=services.purpose_from_activities(user, network),
    )
    return render(request, "planning/plan.html", context)


@GET_POST
@login_required
def edit_focus(request, pk: int):
    network = _network(request, pk, edit=True)
    focus = Focus.objects.filter(network=network).first()
    initial = {"statement": focus.statement, "outcomes": focus.outcomes} if focus else {}
    form = forms.FocusForm(request.POST or None, initial=initial)

    def save():
        saved = focus or Focus(network=network)
        saved.statement = form.cleaned_data["statement"]
        saved.outcomes = form.cleaned_data["outcomes"]
        saved.full_clean()
        saved.save()

    done = "The shared focus is saved."
    return _plan_form(request, network, form, "Shared focus", save=save, done=done)


@GET_POST
@login_required
def new_goal(request, pk: int):
    network = _network(request, pk, edit=True)
    # "Add as a goal" from a Building Capacity or Futures thinking session prefills the form.
    initial = {"title": request.GET.get("title", "")[:300], "description": ""}
    if request.GET.get("from"):
        initial["description"] = f"From {request.GET['from'][:200]}."
    form = forms.GoalForm(request.POST or None, instance=Goal(network=network), initial=initial)
    done = "The goal is added."
    return _plan_form(request, network, form, "New goal", save=form.save, done=done, anchor="goals")


@GET_POST
@login_required
def new_indicator(request, pk: int, goal: int):
    network, goal = _in_network(request, pk, Goal, goal, edit=True)
    form = forms.IndicatorForm(request.POST or None, instance=Indicator(goal=goal))
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        return redirect("plan-indicator", pk=network.pk, indicator=indicator.pk)
    return _form_page(
        request,
        network,
        form,
        f"New indicator for “{goal}”",
        cancel=_plan_url(network),
        intro="Results-based accountability asks three questions: how much did we do, how "
        "well did we do it, and is anyone better off?",
    )


def _value_rows(user, indicator) -> list[dict]:
    rows = []
    for value in indicator.values.select_related("organisation", "indicator__goal__network"):
        hidden = plan_access.is_suppressed(user, value)
        rows.append({"value": value, "suppressed": hidden})
    return rows


@GET_POST
@login_required
def indicator_detail(request, pk: int, indicator: int):
    network, indicator = _in_network(request, pk, Indicator, indicator, of="goal__network")
    user = request.user
    may_edit = plan_access.can_edit_plan(user, network)
    value_form = forms.ValueForm(prefix="value")
    import_form = forms.ValueImportForm(prefix="import")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if "value-period" in request.POST:
            value_form = forms.ValueForm(
                request.POST, prefix="value", instance=_new_value(indicator, user)
            )
            if value_form.is_valid():
                value_form.save()
                messages.success(request, "The value is saved.")
                return redirect(request.path)
        else:
            import_form = forms.ValueImportForm(request.POST, request.FILES, prefix="import")
            if import_form.is_valid() and _import(request, indicator, import_form):
                return redirect(request.path)
    chart = services.indicator_chart(indicator)
    context = section_context(
        request,
        network,
        "plan",
        indicator=indicator,
        chart=chart,
        rows=_value_rows(user, indicator),
        may_edit=may_edit,
        value_form=value_form,
        import_form=import_form,
        threshold=plan_access.small_number_threshold(),
    )
    return render(request, "planning/indicator.html", context)


def _new_value(indicator, user):
    return IndicatorValue(indicator=indicator, created_by=user)


def _import(request, indicator, form) -> bool:
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".tsv"):
        form.add_error("file", "Upload a CSV or XLSX file.")
        return False
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"values{suffix}"
        path.write_bytes(upload.read())
        importer = ValueImport(
            path,
            network=indicator.goal.network,
            display_name=upload.name,
        )
        importer.indicator = indicator
        importer.user = request.user
        try:
            result = run_pipeline(importer)
        except ImportFailed as failed:
            for error in failed.shown:
                form.add_error("file", str(error))
            if failed.more:
                form.add_error("file", f"... and {failed.more} more; nothing was written.")
            return False
    messages.success(request, result.summary())
    return True


@require_POST
@login_required
def rebase_indicator(request, pk: int, indicator: int):
    """Apply (or clear) a re-base: a person's choice, never made by the chart itself."""
    network, indicator = _in_network(
        request, pk, Indicator, indicator, of="goal__network", edit=True
    )
    chosen = request.POST.get("rebase_from", "")
    try:
        indicator.rebase_from = dt.date.fromisoformat(chosen) if chosen else None
    except ValueError:
        messages.error(request, "That is not a date.")
        return redirect("plan-indicator", pk=network.pk, indicator=indicator.pk)
    indicator.save(update_fields=["rebase_from"])
    messages.success(
        request, "New limits from the chosen period." if chosen else "The re-base is cleared."
    )
    return redirect("plan-indicator", pk=network.pk, indicator=indicator.pk)


@GET_POST
@login_required
def edit_meeting(request, pk: int, meeting: int | None = None):
    network, record = _in_network(request, pk, Meeting, meeting, edit=True)
    form = forms.MeetingForm(
        request.POST or None,
        instance=record or Meeting(network=network),
        user=request.user,
        people=services.network_people(network),
    )

    def save():
        services.save_meeting(form.instance, form.cleaned_data["attendees"], user=request.user)

    title = f"Meeting: {record}" if record else "New meeting"
    done = "The meeting is saved; attendance is kept as ties."
    return _plan_form(request, network, form, title, save=save, done=done, anchor="meetings")


@GET_POST
@login_required
def new_proposal(request, pk: int):
    network = _network(request, pk, take_part=True)
    proposal = Proposal(network=network, proposed_by=plan_access.person_of(request.user))
    form = forms.ProposalForm(request.POST or None, instance=proposal, network=network)
    if request.method == "POST" and form.is_valid():
        proposal = form.save()
        return redirect("plan-proposal", pk=network.pk, proposal=proposal.pk)
    return _form_page(request, network, form, "New proposal", cancel=_plan_url(network))


@GET_POST
@login_required
def proposal_detail(request, pk: int, proposal: int):
    network, proposal = _in_network(request, pk, Proposal, proposal)
    user = request.user
    people = services.network_people(network)
    decision = Decision.objects.filter(proposal=proposal).first()
    comment_form = forms.CommentForm(prefix="comment")
    decision_form = forms.DecisionForm(
        prefix="decision",
        instance=decision,
        user=user,
        people=people,
        initial={"decided_on": dt.date.today()},
    )
    if request.method == "POST":
        if "comment-text" in request.POST:
            if not plan_access.can_take_part(user, network):
                raise PermissionDenied
            comment_form = forms.CommentForm(request.POST, prefix="comment")
            comment_form.instance.proposal = proposal
            comment_form.instance.author = plan_access.person_of(user)
            if comment_form.is_valid():
                comment_form.save()
                return redirect(request.path)
        else:
            if not plan_access.can_edit_plan(user, network):
                raise PermissionDenied
            decision_form = forms.DecisionForm(
                request.POST,
                prefix="decision",
                user=user,
                people=people,
                instance=decision or Decision(proposal=proposal),
            )
            if decision_form.is_valid():
                services.record_decision(
                    decision_form.instance, decision_form.cleaned_data["participants"]
                )
                messages.success(request, "The decision is recorded.")
                return redirect(request.path)
    data = plan_context(network, user)
    shown = next(p for p in data["proposals"] if p["id"] == proposal.pk)
    context = section_context(
        request,
        network,
        "plan",
        proposal=shown,
        record=proposal,
        comment_form=comment_form,
        decision_form=decision_form,
        may_edit=plan_access.can_edit_plan(user, network),
        may_take_part=plan_access.can_take_part(user, network),
    )
    return render(request, "planning/proposal.html", context)


@GET_POST
@login_required
def edit_action(request, pk: int, action: int | None = None):
    network, record = _in_network(request, pk, Action, action, take_part=True)
    user = request.user
    if record is not None and not plan_access.can_update_action(user, record):
        raise PermissionDenied
    may_assign = plan_access.can_edit_plan(user, network)
    instance = record or Action(network=network)
    if not may_assign and record is None:
        instance.owner = plan_access.person_of(user)
    form = forms.ActionForm(
        request.POST or None,
        instance=instance,
        user=user,
        network=network,
        people=services.network_people(network),
        may_assign=may_assign,
    )
    title = f"Action: {record}" if record else "New action"
    save = transaction.atomic(form.save)
    done = "The action is saved."
    return _plan_form(request, network, form, title, save=save, done=done, anchor="actions")


@require_safe
@login_required
def network_impact(request, pk: int):
    network = _network(request, pk)
    context = section_context(request, network, "plan", impact=impact(network))
    return render(request, "planning/impact.html", context)
