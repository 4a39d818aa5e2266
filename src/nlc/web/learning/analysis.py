"""The analysis section's people x activities view: who learnt with whom, as a two-mode
network.

Each person is a member of every learning activity they took part in (activities under way
or done, :data:`nlc.web.learning.services.COUNTED`, as for co-participation ties); two people
are tied by the number of activities they shared, projected as ``nlc analyse --two-mode``
projects a members -> affiliations file (:func:`nlc.network.two_mode.project_two_mode`,
Breiger 1974). The activities are the affiliations (ids ``a<pk>``), so the affiliations
table lists the activities that brought together people of the most groups. The view is
registered with the analysis section in :class:`nlc.web.learning.apps.LearningConfig`.
"""

from __future__ import annotations

from django.db.models import Count, Max

from nlc.web.learning.access import visible_activities
from nlc.web.learning.models import Activity, Participant
from nlc.web.learning.services import COUNTED
from nlc.web.registry import access
from nlc.web.registry.models import Person
from nlc.web.ties.services import person_nodes, project_affiliations

__all__ = ["VIEW", "activity_names", "people_through_activities"]

#: The analysis section's ``?view=`` value for this view.
VIEW = "activities"
DESCRIPTION = (
    "Measured on the people linked through learning activities: each person belongs to every "
    "activity (under way or done) they took part in, and two people are tied by the number of "
    "activities they shared, as nlc analyse --two-mode projects a two-mode network"
)


def people_through_activities(network, *, since=None, as_of=None, **_ignored):
    """The people x activities two-mode network of ``network``, projected onto the people.

    Parameters
    ----------
    network : registry Network
    since, as_of : datetime.date, optional
        Count only the activities starting on or after ``since`` and up to ``as_of``.
    **_ignored
        The other tie filters (tie types, activity ties) do not apply to activities.

    Returns
    -------
    (nlc.network.Network, nlc.network.two_mode.TwoMode)
        People (ids: person keys, with their organisation's attributes, never names) and the
        activities they share (affiliation ids ``a<pk>``).
    """
    activities = Activity.objects.filter(network=network, status__in=COUNTED)
    if since is not None:
        activities = activities.filter(start_date__gte=since)
    if as_of is not None:
        activities = activities.filter(start_date__lte=as_of)
    pairs = sorted(
        set(
            Participant.objects.filter(activity__in=activities).values_list(
                "activity_id", "person_id"
            )
        )
    )
    label = f"network {network.pk} people x activities"
    nodes = person_nodes({person for _, person in pairs}, label)
    memberships = [(person, activity) for activity, person in pairs]
    return project_affiliations(label, memberships, nodes, prefix="a")


def activity_names(user, analysis) -> dict[str, str]:
    """Names ``user`` may see: people through :func:`access.display_names` (pupils and
    evaluators' rules), activities (``a<pk>``) by title where the user may see the activity
    (:func:`nlc.web.learning.access.visible_activities`), otherwise "An activity"."""
    rows = Person.objects.filter(pk__in=[int(i) for i in analysis.network.ids])
    names = access.display_names(user, rows.values_list("pk", "name", "is_pupil"))
    shown = {str(pk): name for pk, name in names.items()}
    if analysis.two_mode is not None:
        wanted = [int(a[1:]) for a in analysis.two_mode.affiliation_ids]
        titles = dict(visible_activities(user).filter(pk__in=wanted).values_list("pk", "title"))
        shown.update({f"a{pk}": titles.get(pk, "An activity") for pk in wanted})
    return shown


def activities_fingerprint(networks) -> str:
    """Participants (count, newest) and activities (count, latest change) of ``networks``."""
    parts = Participant.objects.filter(activity__network__in=networks).aggregate(
        n=Count("id"), last=Max("id")
    )
    changed = Activity.objects.filter(network__in=networks).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    last = changed["last"].timestamp() if changed["last"] else 0
    return f"{parts['n']}.{parts['last']}.{changed['n']}.{last}"
