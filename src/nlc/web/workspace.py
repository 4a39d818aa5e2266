"""The network workspace and the top navigation: registries that apps add to.

A network's pages are *sections* of one workspace (overview, map, members, analysis,
simulate, and later activities, knowledge, surveys, plan and impact, report). Each app
registers its own sections from its ``AppConfig.ready()``, so adding a section never means
editing another app::

    from nlc.web.workspace import Section, register_section

    register_section(Section("knowledge", "Knowledge", "network-knowledge", order=50))

The section's view checks access as usual, then renders its template, which extends
``workspace/base.html`` (the network's heading and the section tabs), with the context
:func:`section_context` gives. The tabs show only the sections whose ``visible(user,
network)`` is true for the user.

The top bar works the same way: :class:`Link` entries registered with
:func:`register_link`, each with ``visible(user)``, shown by the :func:`navigation`
context processor. The recipe is written out in ``docs/adding-an-app.md``.

Sections keep these places in the order (``order``), so that apps can be added in any
order and still appear where a reader expects them:

======  ==============  ======  =============
order   section         order   section
======  ==============  ======  =============
0       overview        60      surveys
10      map             70      plan and impact
20      members         80      simulate
30      analysis        90      report
40      activities
50      knowledge
======  ==============  ======  =============
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from nlc.web.registry import access

__all__ = [
    "Link",
    "Section",
    "links_for",
    "navigation",
    "permitted_object",
    "register_link",
    "register_section",
    "section_context",
    "sections",
    "sections_for",
]


def _always(*_args) -> bool:
    return True


def permitted_object(user, query, pk: int, may: Callable[..., bool]):
    """Record ``pk`` of ``query`` (a model or a query set; 404 if there is none), provided
    ``may(user, record)`` (403 otherwise): the opening of most pages about one record, such
    as a section's ``permitted_object(request.user, Network, pk, access.can_view_network)``."""
    found = get_object_or_404(query, pk=pk)
    if not may(user, found):
        raise PermissionDenied
    return found


@dataclass(frozen=True)
class Section:
    """One section of the network workspace.

    Parameters
    ----------
    key : str
        Short unique name (``"members"``); the template marks the open section by it.
    label : str
        The tab's text.
    url_name : str
        Name of the section's URL pattern; it takes the network's primary key as ``pk``.
    order : int
        Place among the tabs (see the module docstring for the places kept for each app).
    visible : callable, optional
        ``visible(user, network) -> bool``: whether the user's role may use the section.
        It is asked only of users who may view the network; the default shows it to all of
        them. The section's view must still check access itself.
    summary : str, optional
        One sentence on what the section is for, shown on the overview.
    """

    key: str
    label: str
    url_name: str
    order: int
    visible: Callable[..., bool] = field(default=_always, compare=False)
    summary: str = ""


@dataclass(frozen=True)
class Link:
    """One link of the top navigation.

    Parameters
    ----------
    key : str
        Short unique name.
    label : str
        The link's text.
    url_name : str
        Name of a URL pattern that takes no arguments.
    order : int
        Place in the bar, left to right.
    visible : callable, optional
        ``visible(user) -> bool`` for a signed-in user; the default shows it to everyone.
    """

    key: str
    label: str
    url_name: str
    order: int
    visible: Callable[..., bool] = field(default=_always, compare=False)


_SECTIONS: dict[str, Section] = {}
_LINKS: dict[str, Link] = {}


def _register(registry: dict, item):
    known = registry.get(item.key)
    if known is not None:
        if known != item:
            raise ValueError(f"{item.key!r} is already registered as {known!r}")
        return known
    registry[item.key] = item
    return item


def register_section(section: Section) -> Section:
    """Add a section to the network workspace (from an ``AppConfig.ready()``).

    Registering the same section again does nothing; another section under a key already
    taken raises ``ValueError``.
    """
    return _register(_SECTIONS, section)


def register_link(link: Link) -> Link:
    """Add a link to the top navigation (from an ``AppConfig.ready()``)."""
    return _register(_LINKS, link)


def sections() -> list[Section]:
    """Every registered section, in tab order."""
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def sections_for(user, network) -> list[dict]:
    """The tabs ``user`` sees for ``network``: key, label, summary and URL of each.

    Sections that share a ``visible`` rule (most use ``can_view_network``) ask it once.
    """
    answers: dict[Callable[..., bool], bool] = {}
    tabs = []
    for s in sections():
        if s.visible not in answers:
            answers[s.visible] = bool(s.visible(user, network))
        if answers[s.visible]:
            url = reverse(s.url_name, kwargs={"pk": network.pk})
            tabs.append({"key": s.key, "label": s.label, "summary": s.summary, "url": url})
    return tabs


def section_context(request, network, key: str, **context) -> dict:
    """The context a section's template needs for the workspace frame, plus ``context``.

    ``key`` names the open section (its tab is marked as current). The frame's own links
    (edit the network, its ties, record a tie) are shown as :mod:`nlc.web.registry.access`
    allows.
    """
    if key not in _SECTIONS:
        raise ValueError(f"no workspace section {key!r} is registered")
    user = request.user
    return {
        "network": network,
        "section": key,
        "sections": sections_for(user, network),
        "may_edit_network": access.can_edit_network(user, network),
        "may_record_ties": access.can_record_ties(user, network),
        **context,
    }


def links_for(user) -> list[dict]:
    """The top-navigation links ``user`` may use: label, key and URL."""
    if not user.is_authenticated:
        return []
    links = sorted(_LINKS.values(), key=lambda link: (link.order, link.key))
    return [
        {"key": link.key, "label": link.label, "url": reverse(link.url_name)}
        for link in links
        if link.visible(user)
    ]


def navigation(request) -> dict:
    """Context processor: ``nav_links`` for the top bar of every page.

    The link whose address is the longest start of the page's path is marked ``current``
    (so a network's sections mark "Networks").
    """
    user = getattr(request, "user", None)
    links = links_for(user) if user is not None else []
    path = request.path
    matching = [link for link in links if path == link["url"] or path.startswith(link["url"])]
    matching = [link for link in matching if link["url"] != "/" or path == "/"]
    current = max(matching, key=lambda link: len(link["url"]), default=None)
    for link in links:
        link["current"] = link is current
    return {"nav_links": links}
