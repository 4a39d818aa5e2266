"""Who may see and change learning activities: the rules of :mod:`nlc.web.registry.access`
applied to activities.

- Leaders and facilitators of a network (and area administrators) create, change and remove
  its activities (:func:`can_manage_activities`, the same rule as recording ties).
- Participants add their own evidence and reflections (:func:`can_contribute`).
- Members read their network's activities; community partners only the activities they
  took part in; evaluators read every activity of their area, with people pseudonymised
  (names through :func:`nlc.web.registry.access.display_names`).
- Case pupils have no names to show; pupil participants follow the pupil rules.
"""

from __future__ import annotations

from django.db.models import QuerySet

from nlc.web.learning.models import Activity
from nlc.web.registry import access
from nlc.web.registry.models import Network, UserRole

__all__ = [
    "can_contribute",
    "can_manage_activities",
    "can_view_activity",
    "participant_person",
    "visible_activities",
]


def participant_person(user) -> int | None:
    """The id of the user's person, if any."""
    try:
        return user.person.pk
    except Exception:  # no person, or an anonymous user
        return None


def _sees_only_own(user) -> bool:
    return not user.is_superuser and access.role_of(user) == UserRole.COMMUNITY_PARTNER


def visible_activities(user, network: Network | None = None) -> QuerySet[Activity]:
    """Activities the user may read (in ``network`` only, if given)."""
    networks = access.visible_networks(user)
    if network is not None:
        networks = networks.filter(pk=network.pk)
    activities = Activity.objects.filter(network__in=networks.values("pk"))
    if _sees_only_own(user):
        took_part = activities.filter(participants__person_id=participant_person(user))
        activities = Activity.objects.filter(pk__in=took_part.values("pk"))
    return activities


def can_view_activity(user, activity: Activity) -> bool:
    return visible_activities(user).filter(pk=activity.pk).exists()


def can_manage_activities(user, network: Network) -> bool:
    """Create, change and remove the network's activities, participants and adoptions."""
    return access.can_record_ties(user, network)


def can_contribute(user, activity: Activity) -> bool:
    """Add evidence and reflections: stewards, and the activity's participants."""
    if can_manage_activities(user, activity.network):
        return True
    if access.role_of(user) == UserRole.EVALUATOR:
        return False
    person = participant_person(user)
    return person is not None and activity.participants.filter(person_id=person).exists()
