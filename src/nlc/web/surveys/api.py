"""JSON API of relationship surveys (the surveys app's router, added in
:mod:`nlc.web.api.urls`).

Reading follows :mod:`nlc.web.surveys.access`: the network's people see its surveys and
response figures (small groups suppressed); who-named-whom and coverage only the analysts
and evaluators (pseudonyms). Writing (designing, opening, inviting, closing) is for the
analysts. A respondent reads and answers with their personal token alone, without an account:
``GET``/``POST /api/survey-responses/{token}`` (no session, so no CSRF token either).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from nlc.web.api.common import Invalid, Missing, Refused, get, invalid, messages, require
from nlc.web.api.schemas import ERRORS, Id, Status
from nlc.web.registry.api import visible_network
from nlc.web.surveys import access as survey_access
from nlc.web.surveys import results, services, tokens
from nlc.web.surveys.models import InvitationStatus, Survey, Wave
from nlc.web.surveys.schemas import (
    Closed,
    CloseIn,
    Created,
    Invited,
    InviteIn,
    QuestionIn,
    ResponseIn,
    ResponseOut,
    SurveyCreated,
    SurveyIn,
    WaveCreated,
    WaveIn,
)

router = Router(tags=["surveys"])
ANALYSTS_ONLY = "Only the network's leaders and facilitators may run its surveys."


def _checked(write):
    """Run ``write()``; a survey's or model's refusal becomes a 422 naming the field."""
    try:
        return write()
    except services.SurveyError as error:
        raise invalid(error.field, error.message) from None
    except ValidationError as error:
        raise Invalid(messages(error)) from None


def _required(data: dict, *fields: str) -> None:
    for name in fields:
        if data.get(name) is None:
            raise invalid(name, "This field is required.")


def _survey(user, survey_id: int, *, run: bool = False) -> Survey:
    survey = get(Survey.objects.select_related("network"), survey_id, "survey")
    visible_network(user, survey.network_id)
    require(not run or survey_access.can_run(user, survey.network), ANALYSTS_ONLY)
    return survey


def _wave(user, wave_id: int, *, run: bool = False) -> Wave:
    wave = get(Wave.objects.select_related("survey__network"), wave_id, "wave")
    visible_network(user, wave.survey.network_id)
    require(not run or survey_access.can_run(user, wave.survey.network), ANALYSTS_ONLY)
    return wave


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@router.get("/networks/{network_id}/surveys", response={200: list[dict], **ERRORS})
def list_surveys(request, network_id: Id):
    """The network's surveys with their questions and waves."""
    network = visible_network(request.user, network_id)
    return [
        {
            "id": s.pk,
            "title": s.title,
            "min_group_size": s.min_group_size,
            "questions": [
                {"id": q.pk, "kind": q.kind, "text": q.text, "tie_type": q.tie_type}
                for q in s.questions.all()
            ],
            "waves": [
                {"id": w.pk, "number": w.number, "status": w.status, "closes_on": w.closes_on}
                for w in s.waves.all()
            ],
        }
        for s in network.surveys.prefetch_related("questions", "waves")
    ]


@router.post("/networks/{network_id}/surveys", response={201: SurveyCreated, **ERRORS})
def create_survey(request, network_id: Id, payload: SurveyIn):
    """A survey, with the questions of the ready-made ``sets`` chosen."""
    network = visible_network(request.user, network_id)
    require(survey_access.can_run(request.user, network), ANALYSTS_ONLY)
    data = payload.model_dump()
    survey = _checked(lambda: services.create_survey(network, user=request.user, **data))
    return Status(
        201, {"id": survey.pk, "questions": list(survey.questions.values_list("pk", flat=True))}
    )


@router.post("/surveys/{survey_id}/questions", response={201: Created, **ERRORS})
def create_question(request, survey_id: Id, payload: QuestionIn):
    survey = _survey(request.user, survey_id, run=True)
    if survey.waves.exists():
        raise invalid("survey", "Questions cannot be added once a wave has been opened.")
    data = {k: (v.value if hasattr(v, "value") else v) for k, v in payload.model_dump().items()}
    _required(data, "kind")
    data["tie_type"] = data["tie_type"] or ""
    question = _checked(lambda: services.add_question(survey, **data))
    return Status(201, {"id": question.pk})


@router.post("/surveys/{survey_id}/waves", response={201: WaveCreated, **ERRORS})
def open_wave(request, survey_id: Id, payload: WaveIn):
    """Open the survey's next wave."""
    survey = _survey(request.user, survey_id, run=True)
    data = payload.model_dump()
    _required(data, "opens_on", "closes_on")
    wave = _checked(lambda: services.open_wave(survey, **data))
    return Status(201, {"id": wave.pk, "number": wave.number})


@router.post("/survey-waves/{wave_id}/invitations", response={201: Invited, **ERRORS})
def invite(request, wave_id: Id, payload: InviteIn):
    """Invite people; answers every new invitation's personal link (and e-mails them if
    ``email``)."""
    wave = _wave(request.user, wave_id, run=True)
    made = _checked(lambda: services.invite(wave, payload.people))
    made = list(wave.invitations.filter(pk__in=[i.pk for i in made]).select_related("person"))
    emailed = services.send_emails(made, _base(request)) if payload.email else 0
    links = [{"person": i.person_id, "link": services.link(i, _base(request))} for i in made]
    return Status(201, {"invited": len(made), "emailed": emailed, "links": links})


@router.get("/survey-waves/{wave_id}", response={200: dict, **ERRORS})
def get_wave(request, wave_id: Id):
    """The wave's response figures (groups below the survey's minimum size suppressed for
    those who do not run it) and, for analysts and evaluators, each invitation's status."""
    wave = _wave(request.user, wave_id)
    page = results.wave_page(request.user, wave, {})
    people = [
        {"person": i.person_id, "name": name, "status": i.status, "roles": roles}
        for i, name, roles in page["people"]
    ]
    return {
        "id": wave.pk,
        "number": wave.number,
        "status": wave.status,
        "overall": page["overall"],
        "by_kind": page["by_kind"],
        "by_role": page["by_role"],
        "people": people,
        "named": [
            {k: row[k] for k in ("respondent", "question", "alter", "interpreters")}
            for row in page["named"]
        ],
    }


@router.post("/survey-waves/{wave_id}/close", response={200: Closed, **ERRORS})
def close_wave(request, wave_id: Id, payload: CloseIn):
    """Close the wave (or close it again): its answers become ties."""
    wave = _wave(request.user, wave_id, run=True)
    data = {k: v.value for k, v in payload}
    return {"ties": services.close_wave(wave, user=request.user, **data)}


@router.get("/survey-waves/{wave_id}/coverage", response={200: dict, **ERRORS})
def wave_coverage(request, wave_id: Id):
    """How far the key measures can be trusted at the current response rate."""
    wave = _wave(request.user, wave_id)
    require(survey_access.can_see_responses(request.user, wave.survey.network), ANALYSTS_ONLY)
    found = results.coverage_of(wave)
    if found is None:
        return {
            "response_rate": 0.0,
            "level": "caution",
            "invited": 0,
            "responded": 0,
            "measures": [],
            "notes": [],
            "sentence": "Nobody is invited yet.",
        }
    return {
        "response_rate": found.response_rate,
        "level": found.level,
        "invited": found.invited,
        "responded": found.responded,
        "draws": found.draws,
        "sentence": found.sentence,
        "notes": found.notes,
        "measures": [
            {
                k: (None if isinstance(v, float) and v != v else v)
                for k, v in m.items()
                if k != "roles"
            }
            for m in results.named_measures(request.user, found)
        ],
    }


# ---- respondents: a personal token, no account -------------------------------------------


def _invitation(token: str, *, answering: bool = True):
    invitation = tokens.find(token)
    if invitation is None:
        raise Missing("There is no such survey link.")
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise Refused("You have withdrawn from this survey.")
    if answering and not services.is_live(invitation.wave):
        raise Refused("This survey is closed.")
    return invitation


def _response(invitation) -> dict:
    survey = invitation.wave.survey
    roster = services.Roster(survey)
    people = services.roster_people(survey).values_list("pk", "name", "organisation__name")
    return {
        "survey": survey.title,
        "network": survey.network.name,
        "status": invitation.status,
        "consent_text": survey.consent_text,
        "consented": services.has_consent(invitation),
        "closes_on": invitation.wave.closes_on,
        "questions": [
            {
                "id": q.pk,
                "kind": q.kind,
                "text": q.text,
                "scope": q.scope if q.is_roster else None,
                "interpreters": q.interpreters,
                "choices": q.choices,
                "scale_max": q.scale_max,
            }
            for q in survey.questions.all()
        ],
        "roster": {
            "people": [{"id": pk, "name": n, "organisation": o} for pk, n, o in people],
            "organisations": [
                {"id": pk, "name": n}
                for pk, n in services.member_organisations(survey.network).values_list("pk", "name")
                if pk in roster.organisations
            ],
        },
        "answers": [
            {
                "question": a.question_id,
                "person": a.alter_person_id,
                "organisation": a.alter_organisation_id,
                "other": a.alter_text,
                "value": a.value,
                "interpreters": a.interpreters,
                "carried": a.carried,
                "confirmed": a.confirmed,
            }
            for a in invitation.answers.all()
        ],
    }


@router.get("/survey-responses/{token}", auth=None, response={200: ResponseOut, **ERRORS})
def read_response(request, token: str):
    """The respondent's survey, roster and own answers (answers of the previous wave are
    preloaded, ``carried`` and not yet ``confirmed``)."""
    invitation = _invitation(token)
    services.open_invitation(invitation)
    return _response(invitation)


@router.post("/survey-responses/{token}", auth=None, response={200: ResponseOut, **ERRORS})
def submit_response(request, token: str, payload: ResponseIn):
    """Answer (or change the answers) by personal token, without an account. The answers
    sent replace the respondent's answers; a preloaded answer counts once sent back with
    ``carried``. ``consent`` must be true the first time; ``complete`` finishes."""
    invitation = _invitation(token)
    services.open_invitation(invitation)
    if payload.consent and not services.has_consent(invitation):
        services.record_consent(invitation)
    items = [services.Item(**a.model_dump()) for a in payload.answers]
    _checked(lambda: services.save_response(invitation, items, complete=payload.complete))
    invitation.refresh_from_db()
    return _response(invitation)


@router.post("/survey-responses/{token}/withdraw", auth=None, response={200: dict, **ERRORS})
def withdraw(request, token: str):
    """Withdraw: the respondent's answers, and the ties they made, are removed."""
    invitation = _invitation(token, answering=False)
    services.withdraw(invitation)
    return {"status": "withdrawn"}
