"""Who may see ties, in bulk: the rules of :mod:`nlc.web.registry.access` applied to the
ties app's model (the map and the JSON API ask this).

It lives here, not in the registry, so that the ties app depends on the registry and never
the other way round.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nlc.web.registry.access import profile_of, visible_networks
from nlc.web.registry.models import UserRole
from nlc.web.ties.models import Tie

__all__ = ["visible_ties"]


def visible_ties(user) -> QuerySet[Tie]:
    """Ties the user may see: those of the networks they may open and, for administrators and
    evaluators, the ties of their area recorded outside any network."""
    if not user.is_authenticated:
        return Tie.objects.none()
    if user.is_superuser:
        return Tie.objects.all()
    in_networks = Q(network__in=visible_networks(user).values("pk"))
    profile = profile_of(user)
    if profile is not None and profile.role in (UserRole.AREA_ADMIN, UserRole.EVALUATOR):
        in_networks |= Q(network__isnull=True, area_id=profile.area_id)
    return Tie.objects.filter(in_networks)
