"""The Surveys section: surveys and their questions, waves (invite, remind, track, close,
compare, import and export) and the links CSV. Permissions: :mod:`nlc.web.surveys.access`;
writes go through :mod:`nlc.web.surveys.services`. The respondent's page, which needs no
account, is in :mod:`nlc.web.surveys.respond`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from nlc.network.tables import cell_text
from nlc.web.registry import access
from nlc.web.registry.models import Network
from nlc.web.surveys import access as survey_access
from nlc.web.surveys import forms, results, services
from nlc.web.surveys.models import Answer, Question, Survey, Wave, WaveStatus
from nlc.web.workspace import permitted_object, section_context


def _network(request, pk: int, *, run: bool = False) -> Network:
    network = permitted_object(request.user, Network, pk, access.can_view_network)
    if run and not survey_access.can_run(request.user, network):
        raise PermissionDenied
    return network


def _survey(request, pk: int, survey: int, *, run: bool = False) -> Survey:
    network = _network(request, pk, run=run)
    return get_object_or_404(Survey.objects.select_related("network"), pk=survey, network=network)


def _wave(request, pk: int, wave: int, *, run: bool = False) -> Wave:
    network = _network(request, pk, run=run)
    return get_object_or_404(
        Wave.objects.select_related("survey__network"), pk=wave, survey__network=network
    )


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _survey_url(survey) -> str:
    return reverse("survey-detail", args=[survey.network_id, survey.pk])


def _wave_url(wave) -> str:
    return reverse("survey-wave", args=[wave.survey.network_id, wave.pk])


def _attempt(request, action: Callable, done=None, *, refusals=(services.SurveyError,)):
    """The result of ``action()``, with ``done`` shown (a message, or a function of the
    result giving one); or ``None``, with the message of the refusal (an exception among
    ``refusals``) shown instead."""
    try:
        result = action()
    except refusals as error:
        if isinstance(error, services.SurveyError):
            text = error.message
        else:  # a rule the model checks (ValidationError)
            text = "; ".join(getattr(error, "messages", [str(error)]))
        messages.error(request, text)
        return None
    if done is not None:
        messages.success(request, done(result) if callable(done) else done)
    return result


@require_safe
@login_required
def network_surveys(request, pk: int):
    network = _network(request, pk)
    may_run = survey_access.can_run(request.user, network)
    surveys = network.surveys.prefetch_related("waves")
    form = forms.SurveyForm(initial={"consent_text": forms.CONSENT}) if may_run else None
    context = section_context(
        request, network, "surveys", surveys=surveys, may_run=may_run, form=form
    )
    return render(request, "surveys/network_surveys.html", context)


@require_POST
@login_required
def survey_new(request, pk: int):
    network = _network(request, pk, run=True)
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        survey = _attempt(
            request,
            lambda: services.create_survey(network, user=request.user, **form.cleaned_data),
            lambda made: f"The survey {made.title} is ready.",
        )
        if survey is not None:
            return redirect(_survey_url(survey))
    else:
        messages.error(request, "The survey was not created: " + form.errors.as_text())
    return redirect("network-surveys", network.pk)


@require_safe
@login_required
def survey_detail(request, pk: int, survey: int):
    survey = _survey(request, pk, survey)
    may_run = survey_access.can_run(request.user, survey.network)
    context = section_context(
        request,
        survey.network,
        "surveys",
        survey=survey,
        questions=survey.questions.all(),
        waves=survey.waves.all(),
        may_run=may_run,
        question_form=forms.QuestionForm() if may_run else None,
        wave_form=forms.WaveForm() if may_run else None,
    )
    return render(request, "surveys/survey.html", context)


@require_POST
@login_required
def question_new(request, pk: int, survey: int):
    survey = _survey(request, pk, survey, run=True)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        _attempt(
            request,
            lambda: services.add_question(survey, **form.cleaned_data),
            "The question is added.",
            refusals=Exception,
        )
    else:
        messages.error(request, "The question was not added: " + form.errors.as_text())
    return redirect(_survey_url(survey))


@require_POST
@login_required
def question_delete(request, pk: int, survey: int, question: int):
    survey = _survey(request, pk, survey, run=True)
    if survey.waves.exists():
        messages.error(request, "Questions cannot be removed once a wave has been opened.")
    else:
        get_object_or_404(Question, pk=question, survey=survey).delete()
        messages.success(request, "The question is removed.")
    return redirect(_survey_url(survey))


@require_POST
@login_required
def wave_open(request, pk: int, survey: int):
    survey = _survey(request, pk, survey, run=True)
    form = forms.WaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the dates the wave opens and closes.")
        return redirect(_survey_url(survey))
    wave = _attempt(
        request,
        lambda: services.open_wave(survey, **form.cleaned_data),
        lambda opened: f"Wave {opened.number} is open: invite people below.",
        refusals=Exception,
    )
    return redirect(_survey_url(survey) if wave is None else _wave_url(wave))


@require_safe
@login_required
def wave_detail(request, pk: int, wave: int):
    wave = _wave(request, pk, wave)
    context = section_context(
        request,
        wave.survey.network,
        "surveys",
        **results.wave_page(request.user, wave, request.GET),
    )
    return render(request, "surveys/wave.html", context)


@require_POST
@login_required
def wave_invite(request, pk: int, wave: int):
    wave = _wave(request, pk, wave, run=True)
    ids = [int(i) for i in request.POST.getlist("people") if i.isdigit()]
    made = _attempt(request, lambda: services.invite(wave, ids))
    if made is None:
        return redirect(_wave_url(wave))
    sent = 0
    if request.POST.get("email") and made:
        made = wave.invitations.filter(pk__in=[i.pk for i in made]).select_related("person")
        sent = services.send_emails(made, base_url(request))
    messages.success(request, f"{len(made)} invited; {sent} e-mailed.")
    return redirect(_wave_url(wave))


@require_POST
@login_required
def wave_remind(request, pk: int, wave: int):
    wave = _wave(request, pk, wave, run=True)
    if not services.is_live(wave):
        messages.error(request, "The wave is not open.")
    else:
        sent = services.send_emails(services.not_finished(wave), base_url(request), reminder=True)
        messages.success(request, f"{sent} reminders sent.")
    return redirect(_wave_url(wave))


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV download whose text cells cannot run as spreadsheet formulas."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell_text(v) for v in row] for row in rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def wave_links(request, pk: int, wave: int):
    wave = _wave(request, pk, wave, run=True)
    people = wave.invitations.values_list("person_id", flat=True)
    header, rows = services.links_rows(
        wave, base_url(request), survey_access.names(request.user, people)
    )
    return csv_response(f"survey-{wave.survey_id}-wave-{wave.number}-links.csv", header, rows)


@require_POST
@login_required
def wave_close(request, pk: int, wave: int):
    wave = _wave(request, pk, wave, run=True)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how to treat nominations and non-respondents.")
        return redirect(_wave_url(wave))
    made = services.close_wave(wave, user=request.user, **form.cleaned_data)
    messages.success(request, f"Wave {wave.number} is closed: {made} ties made.")
    return redirect(_wave_url(wave))


@require_safe
@login_required
def wave_map(request, pk: int, wave: int):
    """Response counts per organisation (with its place) for a map; small groups suppressed
    for those who do not run the survey."""
    wave = _wave(request, pk, wave)
    rows = services.map_data(wave)
    for row in rows:
        if survey_access.suppress_small(request.user, wave.survey.network, wave.survey, row):
            row.update({k: None for k in services.STATUSES + ["response_rate"]})
            row["suppressed"] = True
    return JsonResponse({"wave": wave.number, "organisations": rows})


@require_safe
@login_required
def wave_export(request, pk: int, wave: int):
    """The wave's ties as CSV (zip of ties and nodes) or GraphML, names as the user may see."""
    wave = _wave(request, pk, wave)
    if not survey_access.can_see_responses(request.user, wave.survey.network):
        raise PermissionDenied
    fmt = request.GET.get("format", "graphml")
    if fmt not in ("csv", "graphml"):
        return HttpResponse("format must be csv or graphml", status=400, content_type="text/plain")
    from nlc.web.exports.views import download

    return download(results.wave_export(request.user, wave, fmt))


@require_POST
@login_required
def answer_match(request, pk: int, wave: int, answer: int):
    wave = _wave(request, pk, wave, run=True)
    found = get_object_or_404(Answer, pk=answer, invitation__wave=wave)
    choice = request.POST.get("match", "")
    kind, _, ident = choice.partition(":")

    def match():
        if kind not in ("p", "o") or not ident.isdigit():
            raise services.SurveyError("match", "Choose a person or organisation of the list.")
        services.match_answer(
            found,
            person=int(ident) if kind == "p" else None,
            organisation=int(ident) if kind == "o" else None,
        )

    _attempt(request, match, "Matched; close the wave again to count it.")
    return redirect(_wave_url(wave))


@require_POST
@login_required
def wave_import(request, pk: int, wave: int):
    """A completed wave from a roster CSV or a Network Canvas export: all or nothing."""
    from nlc.web.surveys import interop

    wave = _wave(request, pk, wave, run=True)
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid() or wave.status == WaveStatus.CLOSED:
        messages.error(request, "Choose a file for an open wave.")
        return redirect(_wave_url(wave))
    try:
        made = interop.import_upload(
            wave, form.cleaned_data["kind"], form.cleaned_data["file"], user=request.user
        )
    except interop.ImportFailed as error:
        messages.error(request, "Nothing was imported. " + "; ".join(error.errors[:10]))
    else:
        messages.success(request, f"Imported: wave {wave.number} is closed with {made} ties.")
    return redirect(_wave_url(wave))
