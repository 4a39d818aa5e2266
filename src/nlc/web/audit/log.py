"""Reading the audit log: which entries a user may read, filtered, and ready to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from nlc.web.registry.access import administered_areas

__all__ = ["AuditFilter", "can_read_log", "describe", "readable_entries"]

ACTIONS = {
    LogEntry.Action.CREATE: "created",
    LogEntry.Action.UPDATE: "changed",
    LogEntry.Action.DELETE: "deleted",
    LogEntry.Action.ACCESS: "read",
}


def can_read_log(user) -> bool:
    """Area administrators (and superusers) read the log; no one else does.

    Evaluators do not: the log names people and actors, and an evaluator sees people only
    under pseudonyms.
    """
    return administered_areas(user).exists()


def readable_entries(user) -> QuerySet[LogEntry]:
    """The entries about the areas the user administers (all of them for a superuser)."""
    entries = LogEntry.objects.select_related("actor", "content_type")
    if user.is_authenticated and user.is_superuser:
        return entries
    areas = list(administered_areas(user).values_list("pk", flat=True))
    return entries.filter(additional_data__area__in=areas) if areas else entries.none()


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


@dataclass
class AuditFilter:
    """The audit page's filters, read from its query string (bad values are ignored)."""

    model: str = ""
    object: str = ""
    actor: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_query(cls, query) -> AuditFilter:
        return cls(
            model=query.get("model", "").strip()[:100],
            object=query.get("object", "").strip()[:50],
            actor=query.get("actor", "").strip()[:150],
            since=_date(query.get("since", "")),
            until=_date(query.get("until", "")),
        )

    def apply(self, entries: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
        if "." in self.model:
            app_label, _, model = self.model.lower().partition(".")
            entries = entries.filter(content_type__app_label=app_label, content_type__model=model)
        if self.object:
            entries = entries.filter(object_pk=self.object)
        if self.actor:
            entries = entries.filter(actor__username=self.actor)
        if self.since:
            entries = entries.filter(timestamp__date__gte=self.since)
        if self.until:
            entries = entries.filter(timestamp__date__lte=self.until)
        return entries


def audited_models() -> list[tuple[str, str]]:
    """``(app_label.model, name)`` of every audited model, for the page's model filter."""
    from auditlog.registry import auditlog

    types = ContentType.objects.get_for_models(*auditlog.get_models()).values()
    return sorted(
        (f"{t.app_label}.{t.model}", str(t.model_class()._meta.verbose_name).capitalize())
        for t in types
    )


def describe(entry: LogEntry) -> dict:
    """One entry as plain data (the page's rows and the subject access export)."""
    data = entry.additional_data or {}
    if entry.actor is not None:
        actor = entry.actor.username
    elif data.get("via"):
        actor = data["via"]
    else:
        actor = "erased user" if data.get("actor_erased") else "no signed-in user"
    changes = entry.changes_dict or {}
    return {
        "id": entry.pk,
        "timestamp": entry.timestamp.isoformat(),
        "when": entry.timestamp,
        "action": ACTIONS.get(entry.action, str(entry.action)),
        "model": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "object_pk": entry.object_pk,
        "object": entry.object_repr,
        "actor": actor,
        "changes": {field: list(values) for field, values in changes.items()},
        "note": data.get("note", ""),
    }
