"""Shapes every app's API shares (django-ninja schemas): error answers, paging, dated records.

An app's own schemas sit in its ``schemas.py``. ``*In`` schemas are for creating (required
fields required), ``*Patch`` for changing (every field optional; only the fields sent are
changed), ``*Out`` for answers. Lists answer a page: ``{count, limit, offset, items}``
(:func:`page_of`).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Annotated

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BeforeValidator, create_model, model_validator

from nlc.web.validation import NUL_MESSAGE

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.5: a (status, body) tuple does the same

    def Status(status_code, value):  # noqa: N802
        return status_code, value


__all__ = [
    "ERRORS",
    "Body",
    "Dated",
    "Day",
    "Id",
    "Invalid",
    "Message",
    "PageQuery",
    "Status",
    "Text",
    "page_of",
    "patch_of",
]

#: The largest whole number the database stores (a signed 64-bit integer).
LARGEST = 2**63 - 1

#: An object's id (in a path, a query or a body): a whole number the database can hold, so
#: that ``99999999999999999999`` is a 422 naming the field rather than an overflow.
Id = Annotated[int, Field(ge=0, le=LARGEST)]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value):
    """Only ``YYYY-MM-DD`` text (or a date) is a date: pydantic would read ``0`` as 1970."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("write dates as YYYY-MM-DD")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(NUL_MESSAGE)
    return value


#: Text without NUL bytes (which PostgreSQL refuses even in a search).
Text = Annotated[str, AfterValidator(_no_nul)]

#: A day, written ``YYYY-MM-DD``.
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


class Message(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages per field; '__all__' for those about the whole object."
    )


#: The refusals any endpoint may answer, for its ``response=``.
ERRORS = {401: Message, 403: Message, 404: Message, 422: Invalid}


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=500, description="Items per page (at most 500).")
    offset: int = Field(0, ge=0, le=LARGEST, description="Items to skip.")


def page_of(item: type[Schema]) -> type[Schema]:
    """The schema of a page of ``item`` answers: ``XOut`` gives ``XPage`` with ``count``,
    ``limit``, ``offset`` and ``items``."""
    return create_model(
        item.__name__.removesuffix("Out") + "Page",
        __base__=Schema,
        __module__=item.__module__,
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        items=(list[item], ...),
    )


def patch_of(body: type[Schema]) -> type[Schema]:
    """The schema that changes what ``body`` creates: ``XIn`` gives ``XPatch``, each field
    optional (``None`` by default) with its constraints kept; only the fields sent change."""
    fields = {}
    for name, info in body.model_fields.items():
        optional = copy.copy(info)
        optional.default, optional.default_factory = None, None
        fields[name] = (info.annotation | None, optional)
    return create_model(
        body.__name__.removesuffix("In") + "Patch",
        __base__=body.__base__,
        __module__=body.__module__,
        **fields,
    )


class Body(Schema):
    """A request body: a JSON object (an array, a string or a number is refused, where
    ninja's schemas would read the attributes of any value and find none)."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value):
        # ninja's own validator has already wrapped the input in a DjangoGetter.
        sent = value._obj if isinstance(value, DjangoGetter) else value
        if not isinstance(sent, dict | Schema):
            raise ValueError("the request body must be a JSON object")
        return value


class Dated(Body):
    """A record with optional ``start_date`` and ``end_date``: the end not before the start."""

    @model_validator(mode="after")
    def _dates_in_order(self):
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        if start and end and end < start:
            raise ValueError("end_date must not be before start_date")
        return self
