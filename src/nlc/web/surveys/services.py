"""The surveys app's writes and computations: creating surveys from the library, opening
waves, inviting (with e-mail), a respondent's answers, withdrawal, closing a wave into ties,
tracking and wave-to-wave change.

Writes that touch more than one row run in one transaction here; views and the API call
these functions rather than saving related rows themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from nlc.web.registry.models import Membership, NetworkRole, Organisation, Person
from nlc.web.surveys import library, tokens
from nlc.web.surveys.access import pupils_allowed
from nlc.web.surveys.models import (
    INTERPRETERS,
    Answer,
    Invitation,
    InvitationStatus,
    NonRespondents,
    Question,
    QuestionKind,
    RosterScope,
    Survey,
    Unreciprocated,
    Wave,
    WaveStatus,
    WaveTie,
)
from nlc.web.ties.models import Provenance, Tie
from nlc.web.validation import MAX_WEIGHT


class SurveyError(ValueError):
    """A request the survey cannot take, with the field it is about."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# ---- design ----------------------------------------------------------------------------


@transaction.atomic
def create_survey(network, *, title: str, consent_text: str, sets=(), user=None, **fields):
    """A new survey of ``network`` with the questions of the library ``sets`` (keys of
    :data:`nlc.web.surveys.library.SETS`); ``fields``: ``min_group_size``,
    ``include_pupils``."""
    try:
        definitions = library.questions_of(list(sets))
    except ValueError as error:
        raise SurveyError("sets", str(error)) from None
    survey = Survey(
        network=network, title=title, consent_text=consent_text, created_by=user, **fields
    )
    survey.full_clean()
    survey.save()
    for definition in definitions:
        add_question(survey, **definition)
    return survey


def add_question(survey: Survey, **fields) -> Question:
    """Append a question to ``survey`` (validated)."""
    last = survey.questions.aggregate(m=Max("order"))["m"]
    fields.setdefault("order", 0 if last is None else last + 1)
    question = Question(survey=survey, **fields)
    question.full_clean()
    question.save()
    return question


def update_consent(survey: Survey, text: str) -> None:
    """Change the consent text; a new version, so responses record which one they agreed."""
    if text.strip() != survey.consent_text.strip():
        survey.consent_text = text
        survey.consent_version += 1
        survey.full_clean()
        survey.save()


# ---- roster and people ---------------------------------------------------------------------


def member_organisations(network):
    approved = Membership.objects.filter(network=network, approved=True)
    return Organisation.objects.filter(pk__in=approved.values("organisation_id")).order_by("name")


def network_people(network):
    """People of the network: those of its approved member organisations, and role holders."""
    roles = NetworkRole.objects.filter(network=network).values("person_id")
    return Person.objects.filter(
        Q(organisation__in=member_organisations(network)) | Q(pk__in=roles)
    ).select_related("organisation")


def role_choices(network) -> list[tuple[str, str]]:
    """The kinds of role people hold in the network, as (value, label), to pick by."""
    from nlc.web.registry.models import RoleKind

    held = NetworkRole.objects.filter(network=network).values_list("role", flat=True).distinct()
    return [(r, RoleKind(r).label) for r in sorted(set(held))]


def roster_people(survey: Survey):
    """The people a respondent may name: the network's people, never pupils."""
    return network_people(survey.network).filter(is_pupil=False).order_by("name", "pk")


def invitable_people(survey: Survey):
    """The people who may be invited: the network's people; pupils only when allowed."""
    people = network_people(survey.network)
    return people if pupils_allowed(survey) else people.filter(is_pupil=False)


# ---- waves and invitations -------------------------------------------------------------------


@transaction.atomic
def open_wave(survey: Survey, *, opens_on: dt.date, closes_on: dt.date) -> Wave:
    """Open the survey's next wave (one open wave at a time)."""
    if survey.waves.filter(status=WaveStatus.OPEN).exists():
        raise SurveyError("status", "Close the open wave before opening another.")
    last = survey.waves.aggregate(m=Max("number"))["m"] or 0
    wave = Wave(
        survey=survey,
        number=last + 1,
        opens_on=opens_on,
        closes_on=closes_on,
        status=WaveStatus.OPEN,
    )
    wave.full_clean()
    wave.save()
    return wave


def is_live(wave: Wave, today: dt.date | None = None) -> bool:
    """Whether the wave's links work: open, and not past its closing day."""
    today = today or timezone.localdate()
    return wave.status == WaveStatus.OPEN and today <= wave.closes_on


@transaction.atomic
def invite(wave: Wave, person_ids) -> list[Invitation]:
    """Invite the people ``person_ids`` to ``wave`` (those already invited are kept as they
    are); returns the new invitations."""
    if wave.status == WaveStatus.CLOSED:
        raise SurveyError("wave", "This wave is closed.")
    ids = set(person_ids)
    allowed = set(invitable_people(wave.survey).filter(pk__in=ids).values_list("pk", flat=True))
    refused = sorted(ids - allowed)
    if refused:
        raise SurveyError(
            "people",
            "Not people this survey may invite (not of the network, or pupils the network "
            f"does not allow): {', '.join(map(str, refused[:10]))}.",
        )
    done = set(wave.invitations.values_list("person_id", flat=True))
    made = []
    for pk in sorted(allowed - done):
        made.append(Invitation(wave=wave, person_id=pk, **tokens.new_secret()))
    return Invitation.objects.bulk_create(made)


def link(invitation: Invitation, base_url: str) -> str:
    """The invitation's personal link (``base_url`` is the site's address, no slash)."""
    from django.urls import reverse

    return base_url.rstrip("/") + reverse(
        "survey-respond", args=[tokens.token_for(invitation.nonce)]
    )


def send_emails(invitations, base_url: str, *, reminder: bool = False) -> int:
    """E-mail each invitation's link through Django's mail settings; returns how many were
    sent (people without an e-mail address are skipped)."""
    now = timezone.now()
    messages, sent = [], []
    sender = getattr(settings, "DEFAULT_FROM_EMAIL", None)
    for invitation in invitations:
        person, wave = invitation.person, invitation.wave
        if not person.email:
            continue
        subject = (
            "Reminder: " if reminder else ""
        ) + f"{wave.survey.title} ({wave.survey.network})"
        body = (
            f"Dear {person.name},\n\n{wave.survey.network} asks who you work with, so that "
            f"its members can see and strengthen their connections.\n\nYour personal link "
            f"(no account needed; it works until {wave.closes_on:%d %B %Y}):\n"
            f"{link(invitation, base_url)}\n\nPlease do not forward it.\n"
        )
        messages.append((subject, body, sender, [person.email]))
        sent.append(invitation.pk)
    send_mass_mail(messages, fail_silently=False)
    stamp = {"reminded_at": now} if reminder else {"emailed_at": now}
    Invitation.objects.filter(pk__in=sent).update(**stamp)
    return len(sent)


def not_finished(wave: Wave):
    """Invitations of the wave whose respondent has not finished (nor withdrawn)."""
    return wave.invitations.filter(
        status__in=[InvitationStatus.INVITED, InvitationStatus.OPENED, InvitationStatus.PARTIAL]
    ).select_related("person", "wave__survey__network")


def links_rows(wave: Wave, base_url: str, names: dict[int, str]) -> tuple[list[str], list[list]]:
    """Header and rows of the personal links of a wave, for mail-merge."""
    rows = []
    for invitation in wave.invitations.select_related("person__organisation").order_by("pk"):
        person = invitation.person
        rows.append(
            [
                names.get(person.pk, f"Person {person.pk}"),
                person.email,
                person.organisation.name,
                invitation.get_status_display(),
                link(invitation, base_url),
                wave.closes_on,
            ]
        )
    return ["name", "email", "organisation", "status", "link", "closes_on"], rows


# ---- the respondent ----------------------------------------------------------------------------


@dataclass
class Item:
    """One answer as a respondent gives it (see :class:`~nlc.web.surveys.models.Answer`)."""

    question: int
    person: int | None = None
    organisation: int | None = None
    other: str = ""
    value: object = None
    interpreters: dict = field(default_factory=dict)
    carried: bool = False
    confirmed: bool = True


def previous_invitation(invitation: Invitation) -> Invitation | None:
    """The same person's invitation to the survey's latest earlier wave, if they answered."""
    return (
        Invitation.objects.filter(
            wave__survey_id=invitation.wave.survey_id,
            wave__number__lt=invitation.wave.number,
            person_id=invitation.person_id,
            status__in=[InvitationStatus.PARTIAL, InvitationStatus.COMPLETE],
        )
        .order_by("-wave__number")
        .first()
    )


@transaction.atomic
def open_invitation(invitation: Invitation) -> None:
    """The respondent opened their link: note it, and the first time preload their named
    people and organisations of the previous wave (to confirm, drop or re-grade)."""
    if invitation.status != InvitationStatus.INVITED:
        return
    invitation.status = InvitationStatus.OPENED
    invitation.opened_at = timezone.now()
    invitation.save(update_fields=["status", "opened_at", "updated_at"])
    before = previous_invitation(invitation)
    if before is None:
        return
    questions = set(invitation.wave.survey.questions.values_list("pk", flat=True))
    earlier = before.answers.filter(
        question_id__in=questions, question__kind=QuestionKind.ROSTER, confirmed=True
    ).exclude(alter_person__isnull=True, alter_organisation__isnull=True)
    Answer.objects.bulk_create(
        Answer(
            invitation=invitation,
            question_id=a.question_id,
            alter_person_id=a.alter_person_id,
            alter_organisation_id=a.alter_organisation_id,
            alter_text=a.alter_text,
            interpreters=a.interpreters,
            carried=True,
            confirmed=False,
        )
        for a in earlier
    )


def record_consent(invitation: Invitation) -> None:
    invitation.consent_at = timezone.now()
    invitation.consent_version = invitation.wave.survey.consent_version
    invitation.save(update_fields=["consent_at", "consent_version", "updated_at"])


def has_consent(invitation: Invitation) -> bool:
    return invitation.consent_version == invitation.wave.survey.consent_version


def _check_interpreters(question: Question, values: dict, where: str) -> dict:
    if not isinstance(values, dict):
        raise SurveyError(where, "Give the interpreters as a mapping.")
    clean = {}
    for key, value in values.items():
        if value in (None, ""):
            continue
        if key not in question.interpreters:
            raise SurveyError(where, f"This question does not ask {key!r}.")
        labels = INTERPRETERS[key][1]
        lowest = 0 if key == "frequency" else 1
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not lowest <= number < len(labels):
            raise SurveyError(
                where, f"{key} must be a whole number from {lowest} to {len(labels) - 1}."
            )
        clean[key] = number
    return clean


def _check_value(question: Question, value, where: str):
    kind = question.kind
    if value in (None, "", []):
        return None
    if kind == QuestionKind.TEXT:
        return str(value)[:2000]
    if kind == QuestionKind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= question.scale_max:
            raise SurveyError(where, f"Choose a point from 1 to {question.scale_max}.")
        return number
    chosen = [value] if isinstance(value, str) else value
    if not isinstance(chosen, list) or any(c not in question.choices for c in chosen):
        raise SurveyError(where, "Choose among the options given.")
    if kind == QuestionKind.SINGLE:
        if len(chosen) != 1:
            raise SurveyError(where, "Choose one option.")
        return chosen[0]
    return chosen


class Roster:
    """The ids a respondent may name (people and organisations of the network)."""

    def __init__(self, survey: Survey):
        self.people = set(roster_people(survey).values_list("pk", flat=True))
        self.organisations = set(member_organisations(survey.network).values_list("pk", flat=True))


def _answer_of(invitation, question, item: Item, roster: Roster, where: str) -> Answer:
    answer = Answer(invitation=invitation, question=question, carried=item.carried)
    answer.confirmed = item.confirmed
    if not question.is_roster:
        answer.value = _check_value(question, item.value, where)
        return answer
    allowed_people = question.scope in (RosterScope.PEOPLE, RosterScope.BOTH)
    allowed_orgs = question.scope in (RosterScope.ORGANISATIONS, RosterScope.BOTH)
    if item.person is not None:
        if item.person == invitation.person_id:
            raise SurveyError(where, "Name other people: you are not on your own list.")
        if not allowed_people or item.person not in roster.people:
            raise SurveyError(where, f"Person {item.person} is not on this question's list.")
        answer.alter_person_id = item.person
    elif item.organisation is not None:
        if not allowed_orgs or item.organisation not in roster.organisations:
            raise SurveyError(where, f"Organisation {item.organisation} is not on the list.")
        answer.alter_organisation_id = item.organisation
    elif item.other.strip():
        answer.alter_text = item.other.strip()[:200]
    else:
        raise SurveyError(where, "Name a person or organisation, or someone not on the list.")
    answer.interpreters = _check_interpreters(question, item.interpreters, where)
    return answer


@transaction.atomic
def save_response(
    invitation: Invitation, items: list[Item], *, complete: bool = False, imported: bool = False
) -> int:
    """Replace the respondent's answers with ``items`` (all checked first: nothing is saved
    if one is wrong); ``complete`` marks the response finished. Returns the answers kept.

    Raises :class:`SurveyError` naming the item (``answers.<i>``) that is wrong."""
    wave = invitation.wave
    if not imported and not is_live(wave):
        raise SurveyError("wave", "This survey is closed.")
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise SurveyError("status", "You have withdrawn from this survey.")
    if not has_consent(invitation):
        raise SurveyError("consent", "Agree to the consent statement first.")
    questions = {q.pk: q for q in wave.survey.questions.all()}
    roster = Roster(wave.survey)
    answers, seen = [], set()
    for i, item in enumerate(items):
        where = f"answers.{i}"
        question = questions.get(item.question)
        if question is None:
            raise SurveyError(where, f"Question {item.question} is not in this survey.")
        answer = _answer_of(invitation, question, item, roster, where)
        key = (question.pk, answer.alter_person_id, answer.alter_organisation_id, answer.alter_text)
        if question.is_roster and key in seen:
            continue  # named twice: once is enough
        seen.add(key)
        answers.append(answer)
    invitation.answers.all().delete()
    Answer.objects.bulk_create(answers)
    now = timezone.now()
    invitation.status = InvitationStatus.COMPLETE if complete else InvitationStatus.PARTIAL
    invitation.opened_at = invitation.opened_at or now
    invitation.completed_at = now if complete else None
    invitation.save(update_fields=["status", "opened_at", "completed_at", "updated_at"])
    return len(answers)


@transaction.atomic
def withdraw(invitation: Invitation, user=None) -> None:
    """The respondent withdraws: their answers go, and, if the wave is closed, its ties are
    computed again without them (the other waves' ties are untouched)."""
    invitation.answers.all().delete()
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["status", "withdrawn_at", "updated_at"])
    wave = invitation.wave
    if wave.status == WaveStatus.CLOSED:
        close_wave(wave, user=user)


def match_answer(answer: Answer, *, person: int | None = None, organisation: int | None = None):
    """A facilitator matches "someone not on the list" to the roster (the text is kept)."""
    roster = Roster(answer.invitation.wave.survey)
    if person is not None and person not in roster.people:
        raise SurveyError("person", "Not a person of this network.")
    if organisation is not None and organisation not in roster.organisations:
        raise SurveyError("organisation", "Not an organisation of this network.")
    answer.alter_person_id, answer.alter_organisation_id = person, organisation
    answer.save(update_fields=["alter_person", "alter_organisation", "updated_at"])


# ---- closing a wave into ties ---------------------------------------------------------------


def weight_of(question: Question, interpreters: dict) -> float | None:
    """A named tie's weight from its interpreters: the frequency (1 to 4; "never" makes no
    tie), else the strength, else the mean of the value and trust scales, else 1."""
    if "frequency" in question.interpreters and "frequency" in interpreters:
        return float(interpreters["frequency"]) or None
    if "strength" in interpreters:
        return float(interpreters["strength"])
    scales = [interpreters[k] for k in ("value", "trust") if k in interpreters]
    return sum(scales) / len(scales) if scales else 1.0


def nominations(wave: Wave) -> dict[tuple, tuple[float, int]]:
    """The wave's named ties before the closing choices: ``(question, ego, alter)`` ->
    (weight, invitation id), where ego and alter are ``("p", id)`` or ``("o", id)``.
    Respondents are those who answered (partial or complete); answers carried from the
    previous wave count only once confirmed; several people of one organisation naming the
    same organisation make one tie, of the largest weight."""
    answers = (
        Answer.objects.filter(
            invitation__wave=wave,
            invitation__status__in=[InvitationStatus.PARTIAL, InvitationStatus.COMPLETE],
            question__kind=QuestionKind.ROSTER,
            confirmed=True,
        )
        .exclude(alter_person__isnull=True, alter_organisation__isnull=True)
        .select_related("question", "invitation__person")
    )
    found: dict[tuple, tuple[float, int]] = {}
    for a in answers:
        weight = weight_of(a.question, a.interpreters)
        if weight is None:
            continue
        me = a.invitation.person
        if a.alter_person_id is not None:
            ego, alter = ("p", me.pk), ("p", a.alter_person_id)
        else:
            ego, alter = ("o", me.organisation_id), ("o", a.alter_organisation_id)
        if ego == alter:
            continue
        key = (a.question_id, ego, alter)
        if key not in found or found[key][0] < weight:
            found[key] = (weight, a.invitation_id)
    return found


def _respondent_nodes(wave: Wave) -> set[tuple]:
    people = wave.invitations.filter(
        status__in=[InvitationStatus.PARTIAL, InvitationStatus.COMPLETE]
    ).values_list("person_id", "person__organisation_id")
    return {("p", p) for p, _ in people} | {("o", o) for _, o in people}


def apply_choices(found: dict, respondents: set, unreciprocated: str, non_respondents: str):
    """The ties the closing choices make of ``found`` (see :func:`nominations`): a list of
    ``(question, source, target, weight, directed, invitation)``."""
    if non_respondents == NonRespondents.DROP:
        found = {k: v for k, v in found.items() if k[2] in respondents}
    ties = []
    for (question, ego, alter), (weight, invitation) in sorted(found.items()):
        back = found.get((question, alter, ego))
        if unreciprocated == Unreciprocated.DIRECTED:
            ties.append((question, ego, alter, weight, True, invitation))
        elif back is None:
            if unreciprocated == Unreciprocated.SYMMETRISE:
                ties.append((question, ego, alter, weight, False, invitation))
        elif ego < alter:  # a mutual pair, made once
            ties.append((question, ego, alter, max(weight, back[0]), False, invitation))
    return ties


@transaction.atomic
def close_wave(wave: Wave, *, user=None, unreciprocated=None, non_respondents=None) -> int:
    """Close ``wave`` (or close it again) and turn its answers into ties: provenance
    ``survey``, the survey and wave named in ``provenance_detail``, the tie type of the
    question, the weight of :func:`weight_of`. Only this wave's earlier ties are replaced.
    Returns the number of ties made."""
    wave = Wave.objects.select_for_update().select_related("survey__network").get(pk=wave.pk)
    if unreciprocated is not None:
        wave.unreciprocated = unreciprocated
    if non_respondents is not None:
        wave.non_respondents = non_respondents
    Tie.objects.filter(wave_tie__wave=wave).delete()
    network = wave.survey.network
    types = dict(wave.survey.questions.values_list("pk", "tie_type"))
    chosen = apply_choices(
        nominations(wave), _respondent_nodes(wave), wave.unreciprocated, wave.non_respondents
    )
    detail = f"{wave.survey.title}, wave {wave.number}"[:300]
    ties = []
    for question, source, target, weight, directed, _ in chosen:
        level = "person" if source[0] == "p" else "organisation"
        ties.append(
            Tie(
                area_id=network.area_id,
                network=network,
                type=types[question],
                weight=min(weight, MAX_WEIGHT),
                directed=directed,
                observed_on=min(wave.closes_on, timezone.localdate()),
                provenance=Provenance.SURVEY,
                provenance_detail=detail,
                created_by=user if user is not None and user.is_authenticated else None,
                **{f"source_{level}_id": source[1], f"target_{level}_id": target[1]},
            )
        )
    made = Tie.objects.bulk_create(ties)
    WaveTie.objects.bulk_create(
        WaveTie(wave=wave, tie=tie, invitation_id=chosen[i][5]) for i, tie in enumerate(made)
    )
    wave.status = WaveStatus.CLOSED
    wave.closed_at = timezone.now()
    wave.full_clean()
    wave.save()
    return len(made)


# ---- tracking and change ----------------------------------------------------------------------

STATUSES = [s.value for s in InvitationStatus]


def _counts(statuses) -> dict:
    counted = Counter(statuses)
    counts = {s: counted.get(s, 0) for s in STATUSES}
    counts["invited"] = sum(counted.values())
    answered = counts[InvitationStatus.PARTIAL] + counts[InvitationStatus.COMPLETE]
    counts["response_rate"] = round(answered / counts["invited"], 3) if counts["invited"] else 0.0
    return counts


def tracking(wave: Wave) -> dict:
    """Response figures of a wave: ``overall``, ``by_kind`` (organisation kind) and
    ``by_role`` (role in the network; "No role"), each with the count of every status,
    ``invited`` (all) and ``response_rate`` (partial or complete, over invited); and
    ``people``: (invitation, roles) of every invitation."""
    from nlc.web.registry.models import OrganisationKind, RoleKind

    invitations = list(
        wave.invitations.select_related("person__organisation").order_by("person__name", "pk")
    )
    roles = defaultdict(list)
    held = NetworkRole.objects.filter(
        network=wave.survey.network, person_id__in=[i.person_id for i in invitations]
    )
    for person, role in held.values_list("person_id", "role"):
        roles[person].append(RoleKind(role).label)
    by_kind, by_role = defaultdict(list), defaultdict(list)
    for i in invitations:
        by_kind[OrganisationKind(i.person.organisation.kind).label].append(i.status)
        for role in roles.get(i.person_id) or ["No role"]:
            by_role[role].append(i.status)
    return {
        "overall": _counts(i.status for i in invitations),
        "by_kind": {k: _counts(v) for k, v in sorted(by_kind.items())},
        "by_role": {k: _counts(v) for k, v in sorted(by_role.items())},
        "people": [(i, roles.get(i.person_id, [])) for i in invitations],
    }


def map_data(wave: Wave) -> list[dict]:
    """Per organisation of the invitations: its place (easting, northing) and counts."""
    per = defaultdict(list)
    for i in wave.invitations.select_related("person__organisation"):
        per[i.person.organisation].append(i.status)
    return [
        {
            "organisation": o.pk,
            "name": o.name,
            "easting": o.easting,
            "northing": o.northing,
            **_counts(statuses),
        }
        for o, statuses in sorted(per.items(), key=lambda kv: kv[0].name)
    ]


def wave_ties(wave: Wave) -> dict[tuple, float]:
    """The wave's ties: ``(type, source, target)`` -> weight, with ends ``("p", id)`` or
    ``("o", id)``; an undirected tie is listed both ways."""
    found = {}
    rows = Tie.objects.filter(wave_tie__wave=wave).values_list(
        "type",
        "source_person_id",
        "target_person_id",
        "source_organisation_id",
        "target_organisation_id",
        "weight",
        "directed",
    )
    for kind, sp, tp, so, to, weight, directed in rows:
        a, b = (("p", sp), ("p", tp)) if sp is not None else (("o", so), ("o", to))
        found[(kind, a, b)] = weight
        if not directed:
            found[(kind, b, a)] = weight
    return found


def change(before: Wave, after: Wave) -> dict:
    """Wave-to-wave change: lists of ``new``, ``lost``, ``stronger`` and ``weaker`` ties
    (keys of :func:`wave_ties`) and ``kept`` (count)."""
    old, new = wave_ties(before), wave_ties(after)
    common = old.keys() & new.keys()
    return {
        "new": sorted(new.keys() - old.keys()),
        "lost": sorted(old.keys() - new.keys()),
        "stronger": sorted(k for k in common if new[k] > old[k]),
        "weaker": sorted(k for k in common if new[k] < old[k]),
        "kept": len(common),
    }


def previous_wave(wave: Wave) -> Wave | None:
    return (
        Wave.objects.filter(survey=wave.survey, number__lt=wave.number, status=WaveStatus.CLOSED)
        .order_by("-number")
        .first()
    )
