"""Pieces every app's API router and writes use: the three refusals, paging, and the steps of
a write (look up, apply the fields sent, validate, save).

A refusal raised anywhere below an endpoint becomes a JSON answer in :mod:`nlc.web.api.urls`:
:class:`Refused` 403, :class:`Missing` 404, :class:`Invalid` 422 with messages per field.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from nlc.web.cache import cached_count, cached_list
from nlc.web.validation import messages

__all__ = [
    "Invalid",
    "Missing",
    "Refused",
    "changes",
    "get",
    "invalid",
    "messages",
    "page",
    "permitted",
    "ref",
    "require",
    "save",
]


class Refused(Exception):
    """The user may not do this (403)."""

    def __init__(self, message: str = "Your account may not do this."):
        super().__init__(message)
        self.message = message


class Missing(Exception):
    """The object asked for does not exist (404)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """The request names something wrong (422): ``errors`` maps fields to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def invalid(field: str, message: str) -> Invalid:
    """One message about one field, ready to raise."""
    return Invalid({field: [message]})


def require(allowed: bool, message: str = "Your account may not see this.") -> None:
    """:class:`Refused` (403) with ``message`` unless ``allowed``."""
    if not allowed:
        raise Refused(message)


def permitted(may: Callable[..., bool], refusal: str) -> Callable:
    """Decorate a write ``write(user, *objects, data)``: it runs in one transaction, is
    :class:`Refused` (403) with ``refusal`` unless ``may(user, *objects)``, and gets its own
    copy of ``data`` to take fields from."""

    def decorate(write: Callable) -> Callable:
        @functools.wraps(write)
        @transaction.atomic
        def checked(user, *args):
            *objects, data = args
            require(may(user, *objects), refusal)
            return write(user, *objects, dict(data))

        return checked

    return decorate


def get(model, pk: int, label: str):
    """The object (``model`` is a model or a queryset), or :class:`Missing` (404)."""
    queryset = model.objects.all() if hasattr(model, "objects") else model
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Missing(f"There is no {label} {pk}.")
    return obj


def ref(model, pk: int | None, field: str, label: str | None = None):
    """An object a request names in ``field``, or :class:`Invalid` (422)."""
    if pk is None:
        raise invalid(field, "This field is required.")
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise invalid(field, f"There is no {label or field} {pk}.")
    return obj


def page(
    queryset, query, convert: Callable[[list], Iterable[dict]], *, related: Iterable[str] = ()
) -> dict:
    """One page of ``queryset`` (``query.limit`` items from ``query.offset``), its rows
    turned into answers by ``convert``.

    With ``related`` (as for ``select_related``), the page's keys are found first and only
    its rows are then read with those relations: the database sorts the whole result
    without joining every row of it (about 40 % faster for the ties of a large area). The
    count and those keys are kept per version of the data (:mod:`nlc.web.cache`).
    """
    count = cached_count(queryset)  # once per version of the data
    window = slice(query.offset, query.offset + query.limit)
    if related:
        keys = cached_list(queryset.values_list("pk", flat=True)[window])
        found = queryset.model._default_manager.select_related(*related).in_bulk(keys)
        rows = [found[key] for key in keys if key in found]
    else:
        rows = list(queryset[window])
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": convert(rows)}


def changes(payload, partial: bool = True) -> dict:
    """The fields a request sent (all fields, defaults included, unless ``partial``), with
    choices as their stored values."""
    data = payload.model_dump(exclude_unset=partial)
    return {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}


def save(
    instance,
    data: dict,
    store: Callable,
    *,
    nullable: Iterable[str] = (),
    check: Callable | None = None,
    exclude: list[str] | None = None,
):
    """Set the fields in ``data`` on ``instance``, check and validate it, then ``store`` it.

    The steps, each raising :class:`Invalid` (422) on the first problem: no field outside
    ``nullable`` is set to null; a dated record (``start_date``, ``end_date``) does not end
    before it starts; ``check(instance)`` (the rules of the page's form); the model's own
    validation (``full_clean``, fields in ``exclude`` left out).

    Returns
    -------
    What ``store(instance)`` returns (the saved object).
    """
    nulls = {k: ["This field may not be null."] for k, v in data.items() if v is None}
    for key in nullable:
        nulls.pop(key, None)
    if nulls:
        raise Invalid(nulls)
    for key, value in data.items():
        setattr(instance, key, value)
    start, end = getattr(instance, "start_date", None), getattr(instance, "end_date", None)
    if start and end and end < start:
        raise invalid("end_date", "The end date must not be before the start date.")
    if check is not None:
        check(instance)
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise Invalid(messages(error)) from None
    return store(instance)
