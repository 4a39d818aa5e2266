"""Who may do what with a network's surveys (on top of :mod:`nlc.web.registry.access`).

- The survey's *analysts* are the network's leaders and facilitators and the area's
  administrators (:func:`can_run`): they design surveys, run waves, see who named whom and
  turn answers into ties.
- Evaluators of the area read the surveys, the tracking and who named whom with every
  person pseudonymised (:func:`names`).
- Members and community partners of the network see the surveys and their waves with
  aggregate response figures only; a group smaller than the survey's minimum group size is
  suppressed (:func:`suppress_small`). The ties a survey makes are ordinary ties, which they
  see as the network's own rules say.
- Respondents need no account: their personal link shows the roster and their own answers.
- Pupils are invited only when the network allows it (``Network.pupils_may_be_surveyed``)
  and the survey includes them; they never appear on a respondent's roster and, in a
  survey's results, are shown as pseudonyms to everyone, analysts included.
"""

from __future__ import annotations

from nlc.web.registry import access
from nlc.web.registry.models import Person, UserRole


def can_run(user, network) -> bool:
    """Design surveys, run and close waves, see who named whom by name."""
    return access.can_record_ties(user, network)


def can_see_responses(user, network) -> bool:
    """See who named whom: the analysts, and evaluators (with pseudonyms)."""
    if can_run(user, network):
        return True
    return access.role_of(user) == UserRole.EVALUATOR and access.can_view_network(user, network)


def pupils_allowed(survey) -> bool:
    return survey.include_pupils and survey.network.pupils_may_be_surveyed


def names(user, person_ids) -> dict[int, str]:
    """Display names of people in a survey's results: :func:`access.display_names`
    (evaluators see pseudonyms), and pupils always as pseudonyms."""
    rows = Person.objects.filter(pk__in=set(person_ids)).values_list("pk", "name", "is_pupil")
    shown = access.display_names(user, [(pk, name, False) for pk, name, _ in rows])
    pupils = {pk for pk, _, is_pupil in rows if is_pupil}
    return {pk: (f"Pupil {pk}" if pk in pupils else name) for pk, name in shown.items()}


def suppress_small(user, network, survey, counts: dict) -> bool:
    """Whether a group's figures (``counts`` with ``invited``) are hidden from ``user``."""
    if can_run(user, network):
        return False
    return counts.get("invited", 0) < survey.min_group_size
