"""Pages of the learning app: a network's activities (list and month calendar), an activity
page per kind with its own sections, the facilitator's debrief (made for phones), and the
small forms that add participants, steps, case pupils, observations, adoptions and files.

Views check access (:mod:`nlc.web.learning.access`), then call
:mod:`nlc.web.learning.services`, which checks again and writes in a transaction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nlc.web.learning import access as learning_access
from nlc.web.learning import forms, services
from nlc.web.learning.kinds import KINDS
from nlc.web.learning.models import Activity, Attachment, CasePupil, Participant, Step
from nlc.web.registry import access
from nlc.web.registry.models import Network
from nlc.web.workspace import section_context


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _activity(request, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("network"), pk=pk)
    _require(learning_access.can_view_activity(request.user, activity))
    return activity


def _back(activity: Activity, anchor: str = ""):
    return redirect(
        reverse("activity-detail", args=[activity.pk]) + (f"#{anchor}" if anchor else "")
    )


def _errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields it has, else the whole form)."""
    for field, messages_ in getattr(error, "message_dict", {"__all__": error.messages}).items():
        form.add_error(field if field in form.fields else None, messages_)


# --------------------------------------------------------------------------- the list


def _month(text: str | None, activities) -> dt.date:
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        if 1900 <= year <= 2999:  # months either side must exist too
            return dt.date(year, month, 1)
    except ValueError:
        pass
    today = dt.date.today()
    dates = sorted(a.start_date for a in activities)
    if dates and not dates[0] <= today <= dates[-1]:
        today = dates[-1]
    return today.replace(day=1)


def _calendar(activities, month: dt.date) -> dict:
    """The weeks of ``month`` (Monday first), each day with the activities on it."""
    by_day: dict[dt.date, list] = {}
    for a in activities:
        end = min(a.end_date or a.start_date, a.start_date + dt.timedelta(days=31))
        day = a.start_date
        while day <= end:
            by_day.setdefault(day, []).append(a)
            day += dt.timedelta(days=1)
    weeks = [
        [
            {"date": d, "in_month": d.month == month.month, "activities": by_day.get(d, [])}
            for d in w
        ]
        for w in calendar.Calendar().monthdatescalendar(month.year, month.month)
    ]
    before = (month - dt.timedelta(days=1)).replace(day=1)
    after = (month + dt.timedelta(days=32)).replace(day=1)
    return {"month": month, "weeks": weeks, "previous": before, "next": after}


@require_safe
@login_required
def network_activities(request, pk: int):
    """A network's activities: filters by kind and status, a list and a month calendar."""
    network = get_object_or_404(Network, pk=pk)
    _require(access.can_view_network(request.user, network))
    activities = learning_access.visible_activities(request.user, network)
    filters = forms.FilterForm(request.GET)
    filters.is_valid()
    kind, status = filters.cleaned_data.get("kind"), filters.cleaned_data.get("status")
    if kind:
        activities = activities.filter(kind=kind)
    if status:
        activities = activities.filter(status=status)
    activities = list(
        activities.annotate(
            people=Count("participants", distinct=True),
            adopted=Count("adoptions", distinct=True),
        )
        .prefetch_related("hosts")
        .order_by("-start_date", "pk")
    )
    month = _month(request.GET.get("month"), activities)
    query = {k: v for k, v in (("kind", kind), ("status", status)) if v}
    context = section_context(
        request,
        network,
        "activities",
        activities=activities,
        filters=filters,
        query="&".join(f"{k}={v}" for k, v in query.items()),
        calendar=_calendar(activities, month),
        kinds=KINDS.values(),
        can_manage=learning_access.can_manage_activities(request.user, network),
    )
    return render(request, "learning/network_activities.html", context)


# --------------------------------------------------------------------------- create, edit


def _activity_form(request, network: Network, activity: Activity, kind: str):
    form = forms.ActivityForm(request.POST or None, instance=activity, network=network, kind=kind)
    if request.method == "POST" and form.is_valid():
        hosts = list(form.cleaned_data["hosts"])
        try:
            if activity.pk:
                activity = services.update_activity(
                    request.user, activity, form.activity_data(), hosts=hosts
                )
            else:
                activity = services.create_activity(
                    request.user, network, form.activity_data(), hosts=hosts
                )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, f"Saved {activity.title}.")
            return _back(activity)
    context = section_context(
        request, network, "activities", form=form, kind=KINDS[kind], activity=activity
    )
    return render(request, "learning/activity_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request, pk: int):
    network = get_object_or_404(Network, pk=pk)
    _require(learning_access.can_manage_activities(request.user, network))
    kind = request.GET.get("kind") or request.POST.get("kind")
    if kind not in KINDS:
        context = section_context(request, network, "activities", kinds=KINDS.values())
        return render(request, "learning/choose_kind.html", context)
    return _activity_form(request, network, Activity(network=network, kind=kind), kind)


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request, pk: int):
    activity = _activity(request, pk)
    _require(learning_access.can_manage_activities(request.user, activity.network))
    return _activity_form(request, activity.network, activity, activity.kind)


@require_http_methods(["GET", "POST"])
@login_required
def activity_delete(request, pk: int):
    activity = _activity(request, pk)
    network = activity.network
    _require(learning_access.can_manage_activities(request.user, network))
    if request.method == "POST":
        services.delete_activity(request.user, activity)
        messages.success(request, f"Removed {activity.title}.")
        return redirect("network-activities", pk=network.pk)
    context = {
        "title": f"Remove {activity.title}?",
        "detail": "Its participants, evidence, case pupils, files and adoptions go with it, "
        "and so do the co-participation ties it made.",
        "cancel": activity.get_absolute_url(),
    }
    return render(request, "registry/confirm_remove.html", context)


# --------------------------------------------------------------------------- the activity page


def _participant_rows(user, activity: Activity) -> list[dict]:
    participants = list(activity.participants.select_related("person", "organisation"))
    names = access.display_names(
        user, ((p.person_id, p.person.name, p.person.is_pupil) for p in participants)
    )
    mine = learning_access.participant_person(user)
    return [
        {"participant": p, "name": names[p.person_id], "mine": p.person_id == mine}
        for p in participants
    ]


def _lessons(activity: Activity) -> list[dict]:
    """Each step with its case observations, one row per case pupil (predicted, observed)."""
    pupils = list(activity.case_pupils.all())
    rows = []
    for step in activity.steps.prefetch_related("case_observations"):
        seen = {o.pupil_id: o for o in step.case_observations.all()}
        texts = [(label, getattr(step, name)) for name, label in activity.spec.step_fields]
        rows.append(
            {
                "step": step,
                "texts": [(label, text) for label, text in texts if text],
                "cases": [(p, seen.get(p.pk)) for p in pupils],
            }
        )
    return rows


@require_safe
@login_required
def activity_detail(request, pk: int):
    activity = _activity(request, pk)
    user = request.user
    manage = learning_access.can_manage_activities(user, activity.network)
    contribute = learning_access.can_contribute(user, activity)
    participants = _participant_rows(user, activity)
    people = services.eligible_people(activity.network, user).exclude(
        participations__activity=activity
    )
    context = section_context(
        request,
        activity.network,
        "activities",
        activity=activity,
        kind=activity.spec,
        participants=participants,
        mine=next((r["participant"] for r in participants if r["mine"]), None),
        steps=_lessons(activity),
        case_pupils=activity.case_pupils.all(),
        adoptions=activity.adoptions.select_related("organisation"),
        attachments=activity.attachments.all(),
        can_manage=manage,
        can_contribute=contribute,
        participant_form=forms.ParticipantForm(people=people, user=user) if manage else None,
        contribution_form=forms.ContributionForm(),
        step_form=forms.StepForm(activity=activity) if contribute else None,
        case_pupil_form=forms.CasePupilForm() if manage and activity.spec.case_pupils else None,
        observation_form=forms.CaseObservationForm(activity=activity) if contribute else None,
        adoption_form=forms.AdoptionForm(activity=activity) if manage else None,
        attachment_form=forms.AttachmentForm() if contribute else None,
    )
    return render(request, "learning/activity_detail.html", context)


def _post_form(request, activity: Activity, form, save, anchor: str, done: str):
    """Validate ``form``; on success ``save(form)``; back to the activity either way (errors
    as messages, since the form sits on the activity page)."""
    if form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, done)
            return _back(activity, anchor)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label + ': ' if label else ''}{' '.join(errors)}")
    return _back(activity, anchor)


def _adds(anchor: str, done, *, stewards: bool = False):
    """Make a view that adds a record to an activity from a small form on its page.

    The decorated function takes the request and the activity and returns the bound form
    and the function that saves it; the view first checks that the user may see the activity
    and contribute to it (with ``stewards``, manage the network's activities), then answers
    as :func:`_post_form`, anchored at ``anchor``, with the message ``done`` (or
    ``done(activity)``).
    """

    def decorate(make):
        @require_POST
        @login_required
        @functools.wraps(make)
        def view(request, pk: int):
            activity = _activity(request, pk)
            user = request.user
            if stewards:
                _require(learning_access.can_manage_activities(user, activity.network))
            else:
                _require(learning_access.can_contribute(user, activity))
            form, save = make(request, activity)
            message = done(activity) if callable(done) else done
            return _post_form(request, activity, form, save, anchor, message)

        return view

    return decorate


@_adds("participants", "Participant added.", stewards=True)
def participant_add(request, activity: Activity):
    people = services.eligible_people(activity.network, request.user)
    form = forms.ParticipantForm(request.POST, people=people, user=request.user)

    def save(form):
        data = form.cleaned_data
        services.add_participant(request.user, activity, data["person"], role=data["role"])

    return form, save


@_adds("steps", lambda activity: f"{activity.spec.step} recorded.")
def step_add(request, activity: Activity):
    form = forms.StepForm(request.POST, activity=activity)
    return form, lambda form: services.save_step(request.user, activity, form.step_data())


@_adds("case-pupils", "Case pupil added.", stewards=True)
def case_pupil_add(request, activity: Activity):
    form = forms.CasePupilForm(request.POST, instance=CasePupil(activity=activity))
    return form, lambda form: services.save_case_pupil(request.user, activity, form.cleaned_data)


@_adds("adoptions", "Adoption recorded.", stewards=True)
def adoption_add(request, activity: Activity):
    form = forms.AdoptionForm(request.POST, activity=activity)
    return form, lambda form: services.record_adoption(request.user, activity, form.cleaned_data)


@_adds("attachments", "File attached.")
def attachment_add(request, activity: Activity):
    form = forms.AttachmentForm(request.POST, request.FILES)
    return form, lambda form: services.save_attachment(
        request.user, activity, form.cleaned_data["file"]
    )


@require_POST
@login_required
def participant_remove(request, pk: int):
    participant = get_object_or_404(Participant.objects.select_related("activity"), pk=pk)
    activity = _activity(request, participant.activity_id)
    _require(learning_access.can_manage_activities(request.user, activity.network))
    services.remove_participant(request.user, participant)
    messages.success(request, "Participant removed.")
    return _back(activity, "participants")


@require_POST
@login_required
def participant_contribution(request, pk: int):
    participant = get_object_or_404(Participant.objects.select_related("activity"), pk=pk)
    activity = _activity(request, participant.activity_id)
    form = forms.ContributionForm(request.POST)

    def save(form):
        services.set_contribution(request.user, participant, form.cleaned_data["contribution"])

    return _post_form(request, activity, form, save, "participants", "Contribution saved.")


@require_POST
@login_required
def observation_add(request, pk: int):
    step = get_object_or_404(Step.objects.select_related("activity"), pk=pk)
    activity = _activity(request, step.activity_id)
    _require(learning_access.can_contribute(request.user, activity))
    form = forms.CaseObservationForm(request.POST, activity=activity)

    def save(form):
        data = {k: form.cleaned_data[k] for k in ("predicted", "observed")}
        services.record_case_observation(request.user, step, form.cleaned_data["pupil"], data)

    return _post_form(request, activity, form, save, f"step-{step.pk}", "Observation saved.")


@require_safe
@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment, pk=pk)
    _activity(request, attachment.activity_id)
    path = services.attachment_path(attachment)
    if not path.is_file():
        raise Http404("The file is missing from the data folder.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=attachment.name)


# --------------------------------------------------------------------------- the debrief


@require_http_methods(["GET", "POST"])
@login_required
def activity_debrief(request, pk: int):
    """The facilitator's debrief, one column that fits a phone: the kind's findings and
    next steps, what came out of it, and closing the activity."""
    activity = _activity(request, pk)
    _require(learning_access.can_manage_activities(request.user, activity.network))
    form = forms.DebriefForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(request.user, activity, form.activity_data(activity))
        except ValidationError as error:
            _errors(form, error)
            activity.refresh_from_db()
        else:
            messages.success(request, "Debrief recorded.")
            return _back(activity)
    context = section_context(request, activity.network, "activities", activity=activity, form=form)
    return render(request, "learning/debrief.html", context)
