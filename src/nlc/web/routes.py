"""URL patterns that several apps' ``urls.py`` share."""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path

__all__ = ["record_pages"]


def record_pages(
    noun: str, name: str, views: ModuleType, *, prefix: str = "", add: str = "add"
) -> list[URLPattern]:
    """The list, add, detail and edit pages of one kind of record.

    Parameters
    ----------
    noun : str
        The URLs' first part, e.g. ``"people"``: ``people/``, ``people/add/``,
        ``people/<pk>/`` and ``people/<pk>/edit/``.
    name : str
        The URL names' first part: ``person-list``, ``person-create``, ``person-detail``,
        ``person-edit``.
    views : module
        The app's views, holding ``<prefix>_list``, ``_create``, ``_detail`` and ``_edit``.
    prefix : str, optional
        The views' first part, ``name`` by default.
    add : str, optional
        The add page's last part (``"add"`` or ``"new"``).

    Returns
    -------
    list of URLPattern
        The four patterns, in that order.
    """
    pages = {"list": "", "create": f"{add}/", "detail": "<int:pk>/", "edit": "<int:pk>/edit/"}
    return [
        path(f"{noun}/{tail}", getattr(views, f"{prefix or name}_{page}"), name=f"{name}-{page}")
        for page, tail in pages.items()
    ]
