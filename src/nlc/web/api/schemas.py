"""Shapes every app's API shares (django-ninja schemas): error answers, paging, dated records.

An app's own schemas sit in its ``schemas.py``. ``*In`` schemas are for creating (required
fields required), ``*Patch`` for changing (every field optional; only the fields sent are
changed), ``*Out`` for answers. Lists answer a page: ``{count, limit, offset, items}``
(:func:`page_of`).
"""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import create_model, model_validator

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.5: a (status, body) tuple does the same

    def Status(status_code, value):  # noqa: N802
        return status_code, value


__all__ = ["ERRORS", "Dated", "Invalid", "Message", "PageQuery", "Status", "page_of"]


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
    offset: int = Field(0, ge=0, description="Items to skip.")


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


class Dated(Schema):
    """A record with optional ``start_date`` and ``end_date``: the end not before the start."""

    @model_validator(mode="after")
    def _dates_in_order(self):
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        if start and end and end < start:
            raise ValueError("end_date must not be before start_date")
        return self
