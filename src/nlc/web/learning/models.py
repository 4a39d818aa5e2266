"""Learning activities: the network's shared work, its participants, steps, case pupils,
attachments and the adoption of practices it spread.

One :class:`Activity` model serves all seven kinds (:mod:`nlc.web.learning.kinds`); the
fields only one kind records live in ``Activity.details`` (checked per kind). A
:class:`Step` is a classroom visit, a research lesson, an enquiry cycle or a session. Case
pupils have no name field at all: they are labels ("Case pupil A").
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from nlc.web.fields import made, unique_by
from nlc.web.learning.kinds import KINDS
from nlc.web.registry.models import Network, Organisation, Person
from nlc.web.validation import NUL_MESSAGE, Validated
from nlc.web.vocabularies import ActivityStatus, ParticipantRole

#: The seven kinds, one member per entry of :data:`~nlc.web.learning.kinds.KINDS` (value its
#: key, label its label), e.g. ``ActivityKind.LESSON_STUDY``.
ActivityKind = models.TextChoices(
    "ActivityKind",
    [(key.upper(), (key, kind.label)) for key, kind in KINDS.items()],
    module=__name__,
)


class Activity(Validated, models.Model):
    """One piece of the network's shared work."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    focus = models.TextField(blank=True, help_text="Sharply stated; drawn from the network's.")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    hosts = models.ManyToManyField(Organisation, blank=True, related_name="hosted_activities")
    notes = models.TextField(blank=True)
    outcomes = models.TextField(blank=True, help_text="What came out of it.")
    details = models.JSONField(default=dict, blank=True, help_text="Fields of this kind.")
    created_by, created_at = made()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["network", "start_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activity-detail", args=[self.pk])

    def rules(self) -> dict[str, str]:
        texts = self.details.values() if isinstance(self.details, dict) else ()
        if any(isinstance(v, str) and "\x00" in v for v in texts):
            return {"details": NUL_MESSAGE}
        return {}

    @property
    def spec(self):
        return KINDS[self.kind]

    def detail_rows(self) -> list[tuple[str, str, str]]:
        """(name, label, value) of the kind's fields."""
        return [(n, label, self.details.get(n, "")) for n, label, _ in self.spec.fields]


class Participant(Validated, models.Model):
    """A person's part in an activity, with the organisation they came from."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(
        max_length=30, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER
    )
    contribution = models.TextField(blank=True, help_text="Their own evidence and reflections.")

    class Meta:
        ordering = ["activity", "pk"]
        constraints = unique_by("activity", "person", name="one_place_per_person")

    def __str__(self) -> str:
        return f"{self.person} in {self.activity}"


class Step(Validated, models.Model):
    """A classroom visit, research lesson, enquiry cycle, session or meeting of an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(max_length=200)
    date = models.DateField(null=True, blank=True)
    prediction = models.TextField(blank=True)
    action = models.TextField(blank=True)
    observation = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["activity", "date", "pk"]

    def __str__(self) -> str:
        return self.title


class CasePupil(Validated, models.Model):
    """A case pupil of a research lesson study: a label, never a name."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="case_pupils")
    label = models.CharField(max_length=60, help_text='Such as "Case pupil A".')
    year_group = models.CharField(max_length=30, blank=True)
    attainment = models.CharField(max_length=60, blank=True, help_text='"working below", ...')

    class Meta:
        ordering = ["activity", "label"]
        constraints = unique_by("activity", "label", name="case_pupil_label_unique")

    def __str__(self) -> str:
        return ", ".join(x for x in (self.label, self.year_group, self.attainment) if x)


class CaseObservation(Validated, models.Model):
    """What the team predicted of a case pupil in a research lesson, and what it observed."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="case_observations")
    pupil = models.ForeignKey(CasePupil, on_delete=models.CASCADE, related_name="observations")
    predicted = models.TextField(blank=True)
    observed = models.TextField(blank=True)

    class Meta:
        ordering = ["step", "pupil__label"]
        constraints = unique_by("step", "pupil", name="one_observation_per_lesson")


class Attachment(Validated, models.Model):
    """A file kept with an activity (in the data folder)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=300, help_text="Relative to the data folder.")
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by, uploaded_at = made()

    class Meta:
        ordering = ["activity", "name"]

    def __str__(self) -> str:
        return self.name


class AdoptionEvent(Validated, models.Model):
    """A practice refined in one activity taken up by an organisation (or a person there)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="adoptions"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    practice = models.CharField(max_length=200)
    adopted_on = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["adopted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} adopted {self.practice}"
