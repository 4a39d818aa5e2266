"""Model fields and constraints that several apps declare alike."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["by_user", "made", "optional_link", "unique_by"]


def by_user() -> models.ForeignKey:
    """The account that made a row (created, named, dismissed, uploaded it).

    Returns
    -------
    django.db.models.ForeignKey
        To the user model, optional, set to null when the account is deleted (the row stays),
        with no reverse accessor.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


def made() -> tuple[models.ForeignKey, models.DateTimeField]:
    """Who made a row and when: ``created_by, created_at = made()``.

    Returns
    -------
    tuple
        :func:`by_user`, and the moment the row was added (set when it is first saved).
    """
    return by_user(), models.DateTimeField(auto_now_add=True)


def optional_link(model, related_name: str = "+") -> models.ForeignKey:
    """An optional link to an organisation or a person, removed with it: one end of a tie or
    an introduction (one pair of ends is filled), or what an answer named.

    Parameters
    ----------
    model : type or str
        The model linked to.
    related_name : str, optional
        The reverse accessor; none (``"+"``) by default.

    Returns
    -------
    django.db.models.ForeignKey
    """
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.CASCADE, related_name=related_name
    )


def unique_by(*fields: str, name: str) -> list[models.UniqueConstraint]:
    """The ``Meta.constraints`` of a model no two rows of which share the values of
    ``fields``.

    Parameters
    ----------
    *fields : str
        The fields that together name one row.
    name : str
        The constraint's name in the database (it may not change: migrations name it).

    Returns
    -------
    list of django.db.models.UniqueConstraint
    """
    return [models.UniqueConstraint(fields=list(fields), name=name)]
