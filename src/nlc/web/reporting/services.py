"""The network's report and the area's, assembled from the database for one reader.

Everything the report shows is read here into a
:class:`~nlc.reports.network.NetworkReportContent` (plain data) that the framework-free
:mod:`nlc.reports.network` renders as HTML and PDF. Each part comes from the app that owns it,
through one small provider function, so a part lights up when its app is installed and says
"none recorded" when it is not:

- the analysis and the measures per year: :func:`nlc.web.ties.measures.network_analysis`
  (the numbers of the analysis section, computed once and cached);
- activities: the ``learning`` app (:func:`activities_of`);
- knowledge items: the ``knowledge`` app (:func:`knowledge_of`);
- focus, goals, decisions, participation and outcome charts: the ``planning`` app's
  ``plan_context(network, user)`` (:func:`plan_of`);
- the change between the latest two closed survey waves: the ``surveys`` app
  (:func:`survey_change_of`).

People are named as the reader may see them (:func:`nlc.web.registry.access.display_names`):
evaluators see pseudonyms ("Person 12"), pupils are named only to those who may see them. The
command line reads as the *operator* (:func:`operator`): a signed-in user with no role and no
person, so people are named in full and pupils never are.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Max, Min

from nlc.reports.measures import network_values
from nlc.reports.network import NetworkReportContent, YearMeasures, beyond_schools
from nlc.web.registry import access
from nlc.web.registry.models import Area, Network, RoleKind, UserRole
from nlc.web.ties.measures import network_analysis
from nlc.web.ties.models import Tie

__all__ = [
    "MAX_YEARS",
    "activities_of",
    "area_content",
    "is_operator",
    "knowledge_of",
    "network_content",
    "operator",
    "plan_of",
    "survey_change_of",
    "yearly_measures",
]

#: The change-over-time table shows at most this many years (the latest).
MAX_YEARS = 8


def operator():
    """The reader of ``nlc report``: signed in, no role, no person, never saved.

    :func:`~nlc.web.registry.access.display_names` names everyone but pupils in full for
    such a user, which is the rule for the command line.
    """
    return get_user_model()(username="nlc-operator")


def is_operator(user) -> bool:
    """Whether ``user`` is the command line's :func:`operator`."""
    return user.is_authenticated and user.pk is None


def _naming(user) -> str:
    if is_operator(user):
        return "Made from the command line: people are named in full; pupils are never named."
    if access.role_of(user) == UserRole.EVALUATOR and not user.is_superuser:
        return "People are shown by pseudonym (Person and a number), as for every evaluator."
    return "People are named as the reader may see them; pupils only to those who may."


def _names(user, people) -> dict[int, str]:
    return access.display_names(user, [(p.pk, p.name, p.is_pupil) for p in people])


def yearly_measures(network: Network) -> list[YearMeasures]:
    """The network's measures on the ties observed up to 31 December of each year from its
    first dated tie to its last (the latest :data:`MAX_YEARS` of them)."""
    span = Tie.objects.filter(network=network).aggregate(
        first=Min("observed_on"), last=Max("observed_on")
    )
    if span["first"] is None:
        return []
    years = range(max(span["first"].year, span["last"].year - MAX_YEARS + 1), span["last"].year + 1)
    measures = []
    for year in years:
        analysis = network_analysis(network, as_of=dt.date(year, 12, 31))
        values = {**network_values(analysis), "beyond_schools": beyond_schools(analysis)}
        measures.append(YearMeasures(year, values))
    return measures


def activities_of(network: Network, user) -> list[dict] | None:
    """The network's activities the reader may see, oldest first (``None`` without the
    ``learning`` app)."""
    if not apps.is_installed("nlc.web.learning"):
        return None
    from nlc.web.learning.access import visible_activities
    from nlc.web.learning.models import Activity

    found = (
        Activity.objects.filter(network=network)
        if is_operator(user)
        else visible_activities(user, network)
    )
    return [
        {
            "kind": a.get_kind_display(),
            "title": a.title,
            "start": a.start_date,
            "end": a.end_date,
            "status": a.get_status_display(),
            "participants": a.participants.count(),
            "outcomes": a.outcomes,
        }
        for a in found.order_by("start_date", "pk")
    ]


def knowledge_of(network: Network, user) -> list[dict] | None:
    """The network's published knowledge items the reader may see, newest first (``None``
    without the ``knowledge`` app); authors named as the reader may see them."""
    if not apps.is_installed("nlc.web.knowledge"):
        return None
    from nlc.web.knowledge.access import visible_items
    from nlc.web.knowledge.models import Item, Status

    found = Item.objects.all() if is_operator(user) else visible_items(user)
    found = found.filter(networks=network, status=Status.PUBLISHED).distinct()
    items = []
    for item in found.order_by("-date", "pk").prefetch_related("authors"):
        names = _names(user, item.authors.all())
        items.append(
            {
                "kind": item.get_kind_display(),
                "title": item.title,
                "date": item.date,
                "summary": item.summary,
                "authors": sorted(names.values()),
            }
        )
    return items


def plan_of(network: Network, user) -> dict | None:
    """The planning app's ``plan_context(network, user)`` (``None`` without the app)."""
    if not apps.is_installed("nlc.web.planning"):
        return None
    from nlc.web.planning.report import plan_context

    return plan_context(network, user)


def survey_change_of(network: Network, user) -> dict | None:
    """The change between the latest two closed survey waves
    (:func:`nlc.web.surveys.overview.network_change`; the command line's operator sees it
    unsuppressed); ``None`` without the ``surveys`` app or two closed waves."""
    if not apps.is_installed("nlc.web.surveys"):
        return None
    from nlc.web.surveys.overview import network_change

    return network_change(network, user, full=is_operator(user))


def _roles(network: Network, user) -> list[tuple[str, str, str]]:
    roles = list(
        network.roles.select_related("person__organisation").order_by("role", "person__name")
    )
    names = _names(user, [r.person for r in roles])
    return [(RoleKind(r.role).label, names[r.person_id], r.person.organisation.name) for r in roles]


def network_content(network: Network, user) -> NetworkReportContent:
    """Everything the network's report shows, for ``user`` (who may view the network)."""
    network_ties = Tie.objects.filter(network=network).count()
    return NetworkReportContent(
        name=network.name,
        area=network.area.name,
        focus=network.focus,
        programme=network.programme,
        roles=_roles(network, user),
        analysis=network_analysis(network) if network_ties else None,
        years=yearly_measures(network),
        activities=activities_of(network, user),
        knowledge=knowledge_of(network, user),
        plan=plan_of(network, user),
        naming=_naming(user),
        survey_change=survey_change_of(network, user),
        sources=(f"Read from NLC on {dt.date.today().isoformat()}: {network_ties} ties.",),
    )


def area_content(area: Area, user) -> list[NetworkReportContent]:
    """The reports' content of each of the area's networks ``user`` may view, by name."""
    networks = Network.objects.all() if is_operator(user) else access.visible_networks(user)
    networks = networks.filter(area=area).order_by("name")
    return [network_content(n, user) for n in networks]
