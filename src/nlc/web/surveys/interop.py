"""A completed wave from a file, all or nothing, and the errors that name file, row and field.

Files are read by :mod:`nlc.network.formats` into survey records (respondent, alter,
question, value), which become each respondent's answers here:

- Roster CSV (or TSV, XLSX; :func:`nlc.network.formats.roster.read_roster`): columns
  ``respondent``, ``alter``, ``question``, ``value`` (and ``alter_label``).
- Network Canvas export (:func:`nlc.network.formats.network_canvas.read_network_canvas`):
  its GraphML file, one CSV file or a zip of its CSV files. The case id is the respondent.
  Ties the respondent reports between two alters are left out (NLC asks each respondent
  about their own ties); variables that name no question of the survey are left out.

People (respondents and alters) are given as ``p<id>``, their id, e-mail or exact name
(unique in the network); an organisation as ``o<id>`` or its exact name; an alter that is
neither becomes "someone not on the list" (its label kept) for a facilitator to match.
``question`` is the question's number (1, 2, ...), its exact text or, for a name
generator, its tie type (``advice``); a roster survey may name no other question. For a
name generator, ``value`` ``no``/``false``/``0`` means not named; ``weekly``,
``monthly``, ``termly``, ``yearly``, ``never``, an interpreter's label or its number set the
question's first interpreter; anything else just names the alter.

Every respondent is invited to the wave if not already, their answers replace any they
had, their response is marked complete (consent collected outside NLC, recorded as the
survey's current version), and the wave is closed with its closing choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from nlc.errors import InputError
from nlc.network.formats.network_canvas import read_network_canvas
from nlc.network.formats.roster import read_roster
from nlc.web.surveys import services
from nlc.web.surveys.models import INTERPRETERS, Answer, Invitation, InvitationStatus


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


#: Words of survey files read as interpreter values (frequency) and as "named" or not.
WORDS = {"never": 0, "yearly": 1, "termly": 2, "monthly": 3, "weekly": 4}
YES = {"yes", "true", "1", "y", "named", "x"}
NO = {"no", "false", "0", "n"}


def _question(questions: list, text: str):
    """The survey's question that ``text`` names: its number, its exact text, or the key
    of its tie type (``advice``, ``collaboration``...) for a name generator."""
    text = text.strip()
    if text.isdigit() and 1 <= int(text) <= len(questions):
        return questions[int(text) - 1]
    folded = text.casefold()
    for q in questions:
        if q.text.casefold() == folded or (q.is_roster and q.tie_type == folded):
            return q
    return None


def _level(question, value: str) -> int | None:
    """The value of the question's first interpreter that ``value`` gives, if any."""
    word = value.strip().casefold()
    if not question.interpreters or word in YES:
        return None
    if word in WORDS:
        return WORDS[word]
    labels = [label.casefold() for label in INTERPRETERS[question.interpreters[0]][1]]
    if word in labels:
        return labels.index(word)
    return int(word) if word.isdigit() else None


class _Answers:
    """Survey records (:class:`nlc.network.formats.SurveyRecord`) turned into each
    respondent's answers, with the errors found."""

    def __init__(self, survey, name: str, *, strict: bool):
        self.finder = _Finder.of(survey)
        self.questions = list(survey.questions.all())
        self.roster = [q for q in self.questions if q.is_roster]
        self.name, self.strict = name, strict
        self.found: dict[int, dict] = {}
        self.errors: list[str] = []

    def add(self, record) -> None:
        where = f"{self.name}, respondent {record.respondent!r}, question {record.question!r}"
        respondent = self.finder.person(record.respondent)
        if respondent is None:
            self.errors.append(f"{where}: the respondent is not a person this survey may invite")
            return
        mine = self.found.setdefault(respondent, {})
        if record.from_alter is not None:
            return  # ties between two alters: NLC asks respondents about their own ties
        question = _question(self.questions, record.question)
        if question is None and len(self.roster) == 1 and record.alter is not None:
            question = self.roster[0]  # Network Canvas: the node type names the generator
        if question is None:
            if self.strict:
                self.errors.append(f"{where}: not a question of this survey")
            return
        if not question.is_roster:
            mine[(question.pk, None)] = services.Item(question=question.pk, value=record.value)
            return
        if record.alter is None or record.value.strip().casefold() in NO:
            return
        item = mine.setdefault((question.pk, record.alter), self._named(question, record))
        level = _level(question, record.value)
        if level is not None:
            item.interpreters[question.interpreters[0]] = level

    def _named(self, question, record) -> services.Item:
        for text in (record.alter, record.alter_label or ""):
            person, organisation = self.finder.person(text), self.finder.organisation(text)
            if person is not None:
                return services.Item(question=question.pk, person=person)
            if organisation is not None:
                return services.Item(question=question.pk, organisation=organisation)
        return services.Item(question=question.pk, other=record.alter_label or record.alter)

    def answers(self) -> dict[int, list[services.Item]]:
        if self.errors:
            raise ImportFailed(self.errors[:50])
        return {person: list(items.values()) for person, items in self.found.items()}


def answers_of(records, survey, name: str, *, strict: bool = True):
    """Each respondent's answers (person id -> items) from survey records; ImportFailed
    with every error found (``strict``: a question not in the survey is an error)."""
    converted = _Answers(survey, name, strict=strict)
    for record in records:
        converted.add(record)
    return converted.answers()


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

    name = Path(upload.name or "upload.csv").name
    with tempfile.TemporaryDirectory(prefix="nlc-survey-") as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            if kind == "canvas":
                records = read_network_canvas(_canvas_files(path, Path(folder)))
            else:
                records = read_roster(path)
        except InputError as error:
            raise ImportFailed([str(error)]) from None
        answers = answers_of(records, wave.survey, name, strict=kind != "canvas")
        return import_wave(wave, answers, user=user)


def _canvas_files(path, folder):
    """A Network Canvas export as uploaded: a GraphML file, one CSV, or a zip of CSV files
    (unpacked into ``folder``; at most 200 files of 50 MB)."""
    import zipfile

    if path.suffix.lower() != ".zip":
        return path
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")]
            if not members or len(members) > 200 or any(m.file_size > 50e6 for m in members):
                raise ImportFailed([f"{path.name}: expected a zip of Network Canvas CSV files"])
            out = folder / "canvas"
            out.mkdir()
            files = []
            for m in members:
                target = out / Path(m.filename).name
                target.write_bytes(archive.read(m))
                files.append(target)
            return files
    except zipfile.BadZipFile:
        raise ImportFailed([f"{path.name}: not a zip file"]) from None
