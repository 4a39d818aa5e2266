"""The respondent's page at their personal link: no account, consent first, a searchable
roster with "someone not on the list", interpreters per person named, answers preloaded
from the previous wave to keep, drop or re-grade, saving to resume later, and withdrawal.

The page works without JavaScript (a form per step); ``static/surveys/respond.js`` adds
filtering of the roster as one types and saves as one goes (``autosave``: answered 204).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from nlc.web.surveys import services, tokens
from nlc.web.surveys.models import INTERPRETERS, InvitationStatus, QuestionKind, RosterScope

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _closed(request, message: str, status: int = 200):
    return render(request, "surveys/respond_closed.html", {"message": message}, status=status)


def _gate(request, token: str, *, withdrawing: bool = False):
    """The invitation of ``token`` and a refusal page, one of them None. The link stops
    working when the wave closes, except to withdraw."""
    invitation = tokens.find(token)
    if invitation is None:
        return None, _closed(request, "This link does not work. Check it against your e-mail.", 404)
    if invitation.status == InvitationStatus.WITHDRAWN:
        return None, _closed(request, "You have withdrawn from this survey: your answers are gone.")
    if not withdrawing and not services.is_live(invitation.wave):
        return None, _closed(request, "This survey is closed. Thank you.")
    return invitation, None


def items_from_post(invitation, post) -> list[services.Item]:
    """The answers of the form: earlier answers kept (or not), names added, other values."""
    items = []
    for a in invitation.answers.select_related("question"):
        if not a.question.is_roster:
            continue
        choice = post.get(f"a{a.pk}", "keep" if not a.carried else "")
        if choice == "drop":
            continue
        values = {
            k: post.get(f"a{a.pk}-{k}", a.interpreters.get(k)) for k in a.question.interpreters
        }
        items.append(
            services.Item(
                question=a.question_id,
                person=a.alter_person_id,
                organisation=a.alter_organisation_id,
                other=a.alter_text,
                interpreters=values,
                carried=a.carried,
                confirmed=not a.carried or choice == "keep" or a.confirmed,
            )
        )
    for q in invitation.wave.survey.questions.all():
        if q.is_roster:
            for chosen in post.getlist(f"q{q.pk}-add"):
                kind, ident = chosen[:1], chosen[1:]
                if kind in ("p", "o") and ident.isdigit():
                    end = {"person" if kind == "p" else "organisation": int(ident)}
                    items.append(services.Item(question=q.pk, **end))
            other = post.get(f"q{q.pk}-other", "").strip()
            if other:
                items.append(services.Item(question=q.pk, other=other))
        else:
            value = (
                post.getlist(f"q{q.pk}")
                if q.kind in (QuestionKind.MULTIPLE, QuestionKind.ORGANISATION)
                else post.get(f"q{q.pk}")
            )
            items.append(services.Item(question=q.pk, value=value))
    return items


def _page(invitation) -> dict:
    """What the form shows: each question with its earlier answers and the roster left."""
    survey = invitation.wave.survey
    answers = list(
        invitation.answers.select_related("alter_person__organisation", "alter_organisation")
    )
    people = list(services.roster_people(survey).values_list("pk", "name", "organisation__name"))
    organisations = list(services.member_organisations(survey.network).values_list("pk", "name"))
    questions = []
    for q in survey.questions.all():
        mine = [a for a in answers if a.question_id == q.pk]
        entry = {"question": q, "answers": [], "value": None}
        entry["points"] = list(range(1, q.scale_max + 1))
        if q.is_roster:
            named = {("p", a.alter_person_id) for a in mine} | {
                ("o", a.alter_organisation_id) for a in mine
            }
            roster = []
            if q.scope in (RosterScope.PEOPLE, RosterScope.BOTH):
                roster += [
                    (f"p{pk}", f"{name} ({org})")
                    for pk, name, org in people
                    if ("p", pk) not in named and pk != invitation.person_id  # not oneself
                ]
            if q.scope in (RosterScope.ORGANISATIONS, RosterScope.BOTH):
                own = invitation.person.organisation_id
                roster += [
                    (f"o{pk}", name)
                    for pk, name in organisations
                    if ("o", pk) not in named and pk != own
                ]
            entry["roster"] = roster
            entry["answers"] = [(a, _alter(a), _interpreter_fields(q, a)) for a in mine]
        elif mine:
            entry["value"] = mine[0].value
        questions.append(entry)
    return {"invitation": invitation, "survey": survey, "questions": questions}


def _alter(answer) -> str:
    if answer.alter_person_id is not None:
        return f"{answer.alter_person.name} ({answer.alter_person.organisation.name})"
    if answer.alter_organisation_id is not None:
        return answer.alter_organisation.name
    return f"{answer.alter_text} (not on the list)"


def _interpreter_fields(question, answer) -> list[dict]:
    fields = []
    for key in question.interpreters:
        text, labels = INTERPRETERS[key]
        first = 0 if key == "frequency" else 1
        options = [(i, labels[i]) for i in range(first, len(labels))]
        fields.append(
            {"key": key, "text": text, "options": options, "value": answer.interpreters.get(key)}
        )
    return fields


@never_cache
@GET_POST
def respond(request, token: str):
    invitation, refusal = _gate(request, token)
    if refusal is not None:
        return refusal
    services.open_invitation(invitation)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "consent":
        if request.POST.get("agree"):
            services.record_consent(invitation)
        else:
            messages.error(request, "Tick the box to agree, or close this page.")
        return redirect(request.path)
    if not services.has_consent(invitation):
        return render(
            request,
            "surveys/respond_consent.html",
            {"invitation": invitation, "survey": invitation.wave.survey},
        )
    if action in ("save", "finish", "autosave"):
        try:
            items = items_from_post(invitation, request.POST)
            services.save_response(invitation, items, complete=action == "finish")
        except services.SurveyError as error:
            if action == "autosave":
                return HttpResponse(error.message, status=422, content_type="text/plain")
            messages.error(request, error.message)
            return redirect(request.path)
        if action == "autosave":
            return HttpResponse(status=204)
        if action == "finish":
            messages.success(
                request,
                "Thank you: your answers are saved. You may change them until the survey closes.",
            )
        else:
            messages.success(request, "Saved. Come back to this link to carry on.")
        return redirect(request.path)
    return render(request, "surveys/respond.html", _page(invitation))


@never_cache
@require_POST
def withdraw(request, token: str):
    invitation, refusal = _gate(request, token, withdrawing=True)
    if refusal is not None:
        return refusal
    if not request.POST.get("confirm"):
        messages.error(request, "Tick the box to confirm that you want to withdraw.")
        return redirect("survey-respond", token)
    services.withdraw(invitation)
    return _closed(
        request, "You have withdrawn: your answers, and the ties they made, are removed."
    )
