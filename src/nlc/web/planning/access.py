"""Who may do what in a network's plan (on top of :mod:`nlc.web.registry.access`).

- Leaders and facilitators of the network (and area administrators) edit the plan (focus,
  goals, indicators and their values), record meetings and decisions, and set actions.
- Members and community partners of the network propose, comment, and take actions: they
  may add an action they own and change the status of their own actions.
- Evaluators read everything, with people pseudonymised (:func:`access.display_names`).
- Pupil-level indicator values drawn from fewer pupils than ``NLC_SMALL_NUMBERS`` are
  suppressed for everyone but area administrators, as pupils' names are.
"""

from __future__ import annotations

from nlc.config import read as setting
from nlc.web.registry import access
from nlc.web.registry.models import Person, UserRole

PARTICIPANT_ROLES = (
    UserRole.NETWORK_LEADER,
    UserRole.FACILITATOR,
    UserRole.MEMBER,
    UserRole.COMMUNITY_PARTNER,
)


def can_edit_plan(user, network) -> bool:
    """Edit the focus, goals, indicators and values; record meetings, decisions, actions."""
    return access.can_record_ties(user, network)


def person_of(user) -> Person | None:
    """The person record of the user's account, if any."""
    try:
        return user.person
    except (Person.DoesNotExist, AttributeError):
        return None


def can_take_part(user, network) -> bool:
    """Propose, comment and take actions: the network's own people (not evaluators)."""
    if can_edit_plan(user, network):
        return True
    return (
        access.role_of(user) in PARTICIPANT_ROLES
        and person_of(user) is not None
        and access.can_view_network(user, network)
    )


def can_update_action(user, action) -> bool:
    """Change an action: the plan's editors, or its owner."""
    if can_edit_plan(user, action.network):
        return True
    person = person_of(user)
    return (
        person is not None and action.owner_id == person.pk and can_take_part(user, action.network)
    )


def small_number_threshold() -> int:
    return setting("NLC_SMALL_NUMBERS")


def is_suppressed(user, value) -> bool:
    """Whether ``value`` (an :class:`IndicatorValue`) is hidden from ``user``."""
    if not value.indicator.pupil_level or value.pupils is None:
        return False
    if value.pupils >= small_number_threshold():
        return False
    return not access.is_area_admin(user, value.indicator.goal.network.area_id)


def is_hidden_from_charts(value) -> bool:
    """Small pupil numbers never reach a chart, whoever looks (charts go into reports)."""
    return (
        value.indicator.pupil_level
        and value.pupils is not None
        and value.pupils < small_number_threshold()
    )
