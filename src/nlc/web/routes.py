"""URL patterns that several apps' ``urls.py`` share.

The apps state their pages with these rather than one ``path()`` a page where the pages follow
a pattern: a network's section page (:func:`network_page`), the list, add, detail and edit
pages of a kind of record (:func:`record_pages`), a record's new and own pages
(:func:`new_and_existing`), and the actions on a record (:func:`actions`).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from django.urls import URLPattern, path

__all__ = ["actions", "network_page", "new_and_existing", "record_pages"]


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


def network_page(part: str, view: Callable, *, name: str = "") -> URLPattern:
    """A network's page of one section of its workspace: ``networks/<pk>/<part>/``.

    Parameters
    ----------
    part : str
        The URL's last part, e.g. ``"knowledge"``.
    view : callable
        The view, taking the network's ``pk``.
    name : str, optional
        The URL's name, ``network-<part>`` by default.

    Returns
    -------
    URLPattern
    """
    return path(f"networks/<int:pk>/{part}/", view, name=name or f"network-{part}")


def new_and_existing(
    base: str, noun: str, name: str, new: Callable, existing: Callable | None = None
) -> list[URLPattern]:
    """The page that adds a record and the page of one record, side by side under ``base``.

    Parameters
    ----------
    base : str
        The URLs' first part, e.g. ``"networks/<int:pk>/plan/"``.
    noun : str
        The record, e.g. ``"meeting"``: the pages are ``<base>meetings/new/`` and
        ``<base>meetings/<int:meeting>/``.
    name : str
        The record's page's name; the new record's page's is ``<name>-new``.
    new : callable
        The view of the new record's page.
    existing : callable, optional
        The view of a record's own page; ``new`` by default (one view for both).

    Returns
    -------
    list of URLPattern
        The new record's page, then a record's.
    """
    return [
        path(f"{base}{noun}s/new/", new, name=f"{name}-new"),
        path(f"{base}{noun}s/<int:{noun}>/", existing or new, name=name),
    ]


def actions(
    base: str,
    views: ModuleType,
    noun: str,
    *verbs: str,
    view: str = "{noun}_{verb}",
    name: str = "{noun}-{verb}",
) -> list[URLPattern]:
    """One page a verb, each acting on the record whose URL is ``base``.

    ``view`` and ``name`` are :meth:`str.format` patterns with the fields ``noun`` and ``verb``.

    Parameters
    ----------
    base : str
        The record's URL, e.g. ``"activities/<int:pk>/"``.
    views : module
        The app's views.
    noun : str
        The record, e.g. ``"activity"``.
    *verbs : str
        What the pages do, e.g. ``"edit"``: served at ``<base>edit/`` by
        ``views.activity_edit``, named ``activity-edit`` (by default).
    view, name : str, optional
        The patterns of the view's name in ``views`` and of the URL's name.

    Returns
    -------
    list of URLPattern
        A pattern a verb, in their order.
    """
    return [
        path(
            f"{base}{verb}/",
            getattr(views, view.format(noun=noun, verb=verb)),
            name=name.format(noun=noun, verb=verb),
        )
        for verb in verbs
    ]
