"""A completed wave from a file, all or nothing, and the errors that name file, row and field.

- Roster CSV (or TSV, XLSX): columns ``respondent``, ``alter``, ``question`` and optionally
  ``value``. People are given as ``p<id>``, their id, e-mail or exact name (unique in the
  network); an organisation alter as ``o<id>`` or its exact name. ``question`` is the
  question's number in the survey (1, 2, ...) or its exact text. ``value`` is, for a name
  generator, the value of the question's first interpreter (a frequency from 0 "never" to
  4 "every week", say); for another question, its answer. A respondent with an empty alter
  is a respondent who named nobody.

Every respondent is invited to the wave if not already, their answers replace any they
had, their response is marked complete (consent collected outside NLC, recorded as the
survey's current version), and the wave is closed with its closing choices.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nlc.errors import InputError
from nlc.network.tables import read_table
from nlc.web.surveys import services
from nlc.web.surveys.models import Answer, Invitation, InvitationStatus


class ImportFailed(Exception):
    """The file was not imported; ``errors`` are the messages (file, row, field)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:3]))
        self.errors = errors


@dataclass
class _Finder:
    people: dict[str, int]
    organisations: dict[str, int]

    @classmethod
    def of(cls, survey) -> _Finder:
        people: dict[str, int] = {}
        clashes = set()
        for pk, name, email in services.invitable_people(survey).values_list("pk", "name", "email"):
            for key in (f"p{pk}", str(pk), (email or "").casefold(), name.casefold()):
                if not key:
                    continue
                if key in people and people[key] != pk:
                    clashes.add(key)
                people[key] = pk
        for key in clashes:
            people.pop(key, None)
        organisations = {}
        for pk, name in services.member_organisations(survey.network).values_list("pk", "name"):
            organisations[f"o{pk}"] = pk
            organisations[name.casefold()] = pk
        return cls(people, organisations)

    def person(self, text: str) -> int | None:
        return self.people.get(text.strip().casefold())

    def organisation(self, text: str) -> int | None:
        return self.organisations.get(text.strip().casefold())


def _question(questions: list, text: str):
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(questions):
        return questions[int(text) - 1]
    return next((q for q in questions if q.text.casefold() == text.casefold()), None)


def _item(question, alter: str, value: str, finder: _Finder, where) -> services.Item:
    if not question.is_roster:
        return services.Item(question=question.pk, value=value or None)
    person, organisation = finder.person(alter), finder.organisation(alter)
    interpreters = {}
    if value and question.interpreters:
        interpreters[question.interpreters[0]] = value
    if person is not None:
        return services.Item(question=question.pk, person=person, interpreters=interpreters)
    if organisation is not None:
        return services.Item(
            question=question.pk, organisation=organisation, interpreters=interpreters
        )
    raise InputError(f"{where}, alter: {alter!r} is not a person or organisation of the network")


def read_roster(path, survey) -> dict[int, list[services.Item]]:
    """The answers of a roster file by respondent (person id); :class:`ImportFailed` with
    every error found."""
    table = read_table(path)
    columns = {
        name: table.column(name, required=name != "value")
        for name in ("respondent", "alter", "question", "value")
    }
    finder = _Finder.of(survey)
    questions = list(survey.questions.all())
    found: dict[int, list[services.Item]] = {}
    errors = []
    for row, cells in table.records:

        def cell(name, cells=cells):
            i = columns[name]
            return cells[i].strip() if i is not None and i < len(cells) else ""

        where = f"{path.name}, row {row}"
        respondent = finder.person(cell("respondent"))
        if respondent is None:
            errors.append(
                f"{where}, respondent: {cell('respondent')!r} is not a person this survey "
                "may invite"
            )
            continue
        items = found.setdefault(respondent, [])
        if not cell("alter") and not cell("value"):
            continue
        question = _question(questions, cell("question"))
        if question is None:
            errors.append(
                f"{where}, question: {cell('question')!r} is not a question of this survey"
            )
            continue
        try:
            items.append(_item(question, cell("alter"), cell("value"), finder, where))
        except InputError as error:
            errors.append(str(error))
        if len(errors) >= 50:
            break
    if errors:
        raise ImportFailed(errors)
    return found


@transaction.atomic
def import_wave(wave, answers: dict[int, list[services.Item]], *, user=None) -> int:
    """Record ``answers`` (by respondent) as the wave's completed responses and close the
    wave; all or nothing. Returns the number of ties made."""
    services.invite(wave, answers)
    invitations = {i.person_id: i for i in wave.invitations.filter(person_id__in=answers)}
    now, version = timezone.now(), wave.survey.consent_version
    errors = []
    for person, items in answers.items():
        invitation = invitations[person]
        Invitation.objects.filter(pk=invitation.pk).update(
            consent_at=now, consent_version=version, status=InvitationStatus.OPENED, opened_at=now
        )
        invitation.refresh_from_db()
        try:
            services.save_response(invitation, items, complete=True, imported=True)
        except services.SurveyError as error:
            errors.append(f"respondent {person}: {error.message}")
    if errors:
        raise ImportFailed(errors)
    Answer.objects.filter(invitation__wave=wave, carried=True, confirmed=False).delete()
    return services.close_wave(wave, user=user)


def import_upload(wave, kind: str, upload, *, user=None) -> int:
    """Import an uploaded file (``kind`` ``roster`` or ``canvas``) into ``wave``."""
    import tempfile
    from pathlib import Path

    name = Path(upload.name or "upload.csv").name
    with tempfile.TemporaryDirectory(prefix="nlc-survey-") as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            answers = (
                read_canvas(path, wave.survey)
                if kind == "canvas"
                else read_roster(path, wave.survey)
            )
        except InputError as error:
            raise ImportFailed([f"{name}: {error}"]) from None
        return import_wave(wave, answers, user=user)


def read_canvas(path, survey) -> dict[int, list[services.Item]]:
    """A Network Canvas export (see :func:`nlc.network.formats.read_network_canvas` when
    available); until then, refused with a message."""
    raise ImportFailed(
        [f"{path.name}: Network Canvas files are not read yet; export a roster CSV."]
    )
