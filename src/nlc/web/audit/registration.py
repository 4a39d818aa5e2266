"""Register models with the audit log and tag each entry with its area and people.

auditlog writes an entry on every ``save()`` and ``delete()`` of a registered model (not on
``bulk_create`` or ``QuerySet.update``: imports record one entry each, see
:func:`record_import`). To every entry this module adds, in ``additional_data``:

- ``area``: the id of the area the object belongs to (who may read the entry);
- ``people``: ``{"<person id>": 1, ...}``, the people the entry is about (a mapping, so that
  ``additional_data__people__has_key`` finds them on SQLite and PostgreSQL alike);
- ``users``: the same for user accounts (an account is often made before it is linked to
  its person);
- ``via``: where a change made outside a web request came from (``"nlc import"``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["cli_context", "connect", "record_import", "register", "scope_of"]


@dataclass(frozen=True)
class Scope:
    """How to find an object's area and the people it is about."""

    area: Callable[[object], int | None]
    people: Callable[[object], Iterable[int | None]] | None = None
    users: Callable[[object], Iterable[int | None]] | None = None


_SCOPES: dict[type, Scope] = {}


def register(model, *, area, people=None, users=None, **options) -> None:
    """Audit ``model``: log every create, change and delete of its objects.

    Parameters
    ----------
    model : django.db.models.Model subclass
    area : callable
        ``area(obj)`` gives the id of the object's area (whose administrators read the log).
    people : callable, optional
        ``people(obj)`` gives the ids of the people the object is about.
    users : callable, optional
        ``users(obj)`` gives the ids of the user accounts the object is about.
    **options
        Passed to ``auditlog.register`` (e.g. ``exclude_fields=["password"]``). Unless
        ``include_fields`` is given, the model's own columns are logged (not the reverse
        relations, which say nothing).
    """
    from auditlog.registry import auditlog

    _SCOPES[model] = Scope(area=area, people=people, users=users)
    options.setdefault("include_fields", [f.name for f in model._meta.concrete_fields])
    if not auditlog.contains(model):
        auditlog.register(model, **options)


def scope_of(instance) -> dict:
    """``{"area": ..., "people": {...}}`` of a registered object (empty parts left out)."""
    scope = _SCOPES.get(type(instance))
    if scope is None:
        return {}
    data = {}
    with contextlib.suppress(Exception):  # a half-deleted object has no area left to find
        data["area"] = scope.area(instance)
    for key in ("people", "users"):
        ids = getattr(scope, key)
        if ids is not None:
            with contextlib.suppress(Exception):
                data[key] = {str(pk): 1 for pk in ids(instance) if pk is not None}
    return {key: value for key, value in data.items() if value is not None}


def _tag_entry(sender, instance, log_entry=None, log_created=False, **kwargs) -> None:
    """auditlog's ``post_log`` receiver: add the area and people to the new entry."""
    if not log_created or log_entry is None:
        return
    scope = scope_of(instance)
    if scope:
        data = {**(log_entry.additional_data or {}), **scope}
        type(log_entry).objects.filter(pk=log_entry.pk).update(additional_data=data)
        log_entry.additional_data = data


def connect() -> None:
    """Connect the receiver that tags entries (called once, when Django starts)."""
    from auditlog.signals import post_log

    post_log.connect(_tag_entry, dispatch_uid="nlc-audit-scope")


@contextlib.contextmanager
def cli_context(command: str, actor=None):
    """Attribute the changes made inside the block to a command (and a user, if given)."""
    from auditlog.context import set_extra_data

    with set_extra_data({"actor": actor, "additional_data": {"via": command}}):
        yield


#: The model each kind of import writes (the content type of its audit entry).
IMPORTED = {
    "organisations": "registry.Organisation",
    "people": "registry.Person",
    "ties": "ties.Tie",
    "census": "registry.Organisation",
    "gias-links": "ties.Tie",
}


def record_import(result, *, area=None):
    """Write one audit entry for an import (its bulk writes leave none of their own).

    Parameters
    ----------
    result : nlc.web.imports.services.ImportResult
        What the import did: its kind, file and counts.
    area : Area or str, optional
        The area imported into (an object or a name), when there is one.
    """
    from auditlog.models import LogEntry
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    model = apps.get_model(IMPORTED.get(result.kind, "registry.Organisation"))
    if isinstance(area, str):
        area = apps.get_model("registry.Area").objects.filter(name=area.strip()).first()
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=f"import of {result.kind} from {result.path}",
        action=LogEntry.Action.CREATE,
        changes={label: ["", str(n)] for label, n in result.counts.items()},
        changes_text="",
    )
    # The request's or command's context sets additional_data on save: add to it after.
    data = {**(entry.additional_data or {}), "import": result.kind}
    if area is not None:
        data["area"] = area.pk
    LogEntry.objects.filter(pk=entry.pk).update(additional_data=data)
    entry.additional_data = data
    return entry
