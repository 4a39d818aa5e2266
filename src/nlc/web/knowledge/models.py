"""Knowledge items: accounts of practice, think pieces, case studies, tools and data-sets,
with their review comments, versions and attachments.

An item belongs to an area (that of its first network) and to one or more networks; its
authors are people of the registry, its organisations those it came from. Its life cycle is
draft -> in review -> published -> archived (:mod:`nlc.web.knowledge.services`); a published
item may be *public*, which puts it in the public resource at ``/resource/``.

The activity an item came from is a nullable generic reference (``activity_type``,
``activity_id``), so that the app works with or without the learning app, which holds
activities: when it is installed, the form offers the networks' activities
(:func:`nlc.web.knowledge.forms.activity_model`) and ``services.activity_of`` resolves the
pair for the item's page.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse

from nlc.web.fields import made, unique_by
from nlc.web.registry.models import Area, Network, Organisation, Person
from nlc.web.validation import Validated
from nlc.web.vocabularies import CommentAction, Evidence, Kind, Outcome, Phase, Status


class DataFolderStorage(FileSystemStorage):
    """Files under ``settings.DATA_DIR/knowledge``, the folder read when each file is saved
    or opened (not once at start-up), so that it follows the settings."""

    @property
    def base_location(self):
        return settings.DATA_DIR / "knowledge"

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def _attachment_storage():
    return DataFolderStorage()


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class Item(Validated, models.Model):
    name_field = "title"
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="knowledge_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    summary = models.TextField(max_length=2000, blank=True)
    body = models.TextField(blank=True, help_text="Markdown.")
    authors = models.ManyToManyField(Person, blank=True, related_name="knowledge_items")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="knowledge_items")
    networks = models.ManyToManyField(Network, related_name="knowledge_items")
    activity_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity_id = models.PositiveBigIntegerField(null=True, blank=True)
    date = models.DateField()
    tags = models.CharField(max_length=500, blank=True, help_text="Separated by commas.")
    ecm = models.CharField(
        "Every Child Matters outcomes", max_length=200, blank=True, help_text="Values, by commas."
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    theme = models.CharField(max_length=120, blank=True)
    # What teachers look for in an evidence summary (accounts of practice, case studies).
    what_was_done = models.TextField("what was done", blank=True)
    for_whom = models.TextField("for whom", blank=True)
    what_changed = models.TextField("what changed and how we know", blank=True)
    cost_and_time = models.TextField("cost and time to try it", blank=True)
    evidence = models.CharField(
        "how secure the evidence is", max_length=20, choices=Evidence.choices, blank=True
    )
    contact = models.CharField("who to contact", max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    public = models.BooleanField(
        default=False, help_text="Published items only: shown in the public resource."
    )
    created_by, created_at = made()
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["area", "status"]),
            models.Index(fields=["status", "public"]),
        ]

    def get_absolute_url(self) -> str:
        return reverse("knowledge-detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return _split(self.tags)

    @property
    def ecm_list(self) -> list[str]:
        return _split(self.ecm)

    @property
    def ecm_labels(self) -> list[str]:
        labels = dict(Outcome.choices)
        return [str(labels.get(v, v)) for v in self.ecm_list]

    @property
    def is_practice(self) -> bool:
        return self.kind in (Kind.PRACTICE, Kind.CASE_STUDY)

    def rules(self) -> dict[str, str]:
        broken = {}
        unknown = [v for v in self.ecm_list if v not in Outcome.values]
        if unknown:
            broken["ecm"] = f"Unknown outcome {unknown[0]!r}; use {', '.join(Outcome.values)}."
        if self.public and self.status != Status.PUBLISHED:
            broken["public"] = "Only published items may be public."
        if (self.activity_type_id is None) != (self.activity_id is None):
            broken["activity_id"] = "Give the activity's kind and id, or neither."
        return broken


class Comment(models.Model):
    """A review comment, or a step of the life cycle with the note given with it."""

    Action = CommentAction

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices, default=Action.COMMENT)
    text = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Version(models.Model):
    """The item as it was after one change: who made it, which fields changed, the values."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    changed = models.CharField(max_length=500, blank=True, help_text="Fields changed.")
    values = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = unique_by("item", "number", name="one_version_number_per_item")


class Attachment(models.Model):
    """A file kept with an item in the data folder (``NLC_DATA_DIR/knowledge/``)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="%Y/%m/", storage=_attachment_storage, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
