"""Model fields that several apps declare alike."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["by_user", "optional_link"]


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
