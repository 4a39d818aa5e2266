"""Background imports: one row per large upload, with its progress and outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nlc.web.vocabularies import JobStatus


class ImportJob(models.Model):
    """A large upload imported in the background by :func:`nlc.web.imports.jobs.run_job`.

    The file is kept in the row until the job ends (then emptied); ``options`` holds the
    import's options (area and network ids, the options of its kind).
    """

    kind = models.CharField(max_length=30)
    file_name = models.CharField(max_length=300)
    content = models.BinaryField(blank=True)
    options = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows = models.PositiveIntegerField(default=0, help_text="Rows of the file.")
    done = models.PositiveIntegerField(default=0, help_text="Records written so far.")
    total = models.PositiveIntegerField(default=0, help_text="Records to write.")
    summary = models.TextField(blank=True)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list, help_text="[file, row, column, message] each.")

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.kind} import of {self.file_name} ({self.status})"

    @property
    def percent(self) -> int:
        """How far the job is, 0 to 100 (100 only when it is done)."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
